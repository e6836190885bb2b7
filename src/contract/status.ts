import { z } from 'zod';

/** One execution provider as the engine sees it on this machine. */
export const ProviderStatusSchema = z.object({
  name: z.string(),
  /** Shipped in the installed onnxruntime-node build for this platform. */
  inBuild: z.boolean(),
  /** A real session was created and run with this provider alone. */
  works: z.boolean(),
  /** Why it does not work (or is not in the build): shown to the user as is. */
  reason: z.string().optional(),
});
export type ProviderStatus = z.infer<typeof ProviderStatusSchema>;

/** The stored first-load self-check of a model (engine: models/self-check-file.ts). */
export const SelfCheckSummarySchema = z.object({
  ok: z.boolean(),
  checkedAt: z.string(),
  invariants: z.array(z.object({ name: z.string(), ok: z.boolean(), detail: z.string() })),
});
export type SelfCheckSummary = z.infer<typeof SelfCheckSummarySchema>;

export const ModelSummarySchema = z.object({
  id: z.string(),
  path: z.string(),
  /** True for the generated fixture model: never real speech. */
  synthetic: z.boolean(),
  /** Files under onnx/ (names only). */
  graphs: z.array(z.string()),
  /** The stored self-check (one sentence, fixed seed, default voice); absent until it has run. */
  selfCheck: SelfCheckSummarySchema.optional(),
});
export type ModelSummary = z.infer<typeof ModelSummarySchema>;

export const EngineStatusSchema = z.object({
  appVersion: z.string(),
  onnxruntimeVersion: z.string(),
  nodeVersion: z.string(),
  platform: z.string(),
  arch: z.string(),
  providers: z.array(ProviderStatusSchema),
  modelsDir: z.string(),
  models: z.array(ModelSummarySchema),
  databasePath: z.string(),
  /** Which shell hosts the engine: the Electron app or the browser-mode server. */
  host: z.enum(['electron', 'server']),
});
export type EngineStatus = z.infer<typeof EngineStatusSchema>;
