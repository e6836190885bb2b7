import { z } from 'zod';

/**
 * The latest `seamlab bench model` report, as the Status screen shows it (issue 14): per model, the provider that
 * really ran, the LM step split into native run / binding copies / GC, and for installed models the TTFA and RTF of
 * a fixed phrase beside the public anchors. Loose where the bench adds fields, strict where the screen reads them.
 */
const ModelBenchSchema = z
  .object({
    synthetic: z.boolean(),
    providers: z.record(z.string(), z.string()),
    lmStepMs: z.object({ median: z.number(), p90: z.number() }),
    stepSplitMs: z
      .object({
        total: z.number(),
        nativeRun: z.number(),
        bindingCopies: z.number(),
        gcMean: z.number(),
        loopOutsideRun: z.number(),
      })
      .optional(),
    kvResidency: z.object({ where: z.string(), why: z.string() }).optional(),
    latency: z.object({ phrase: z.string(), ttfaS: z.number(), rtf: z.number() }).optional(),
  })
  .passthrough();

export const ModelBenchReportSchema = z
  .object({
    suite: z.literal('model'),
    at: z.string(),
    appVersion: z.string(),
    quick: z.boolean(),
    machine: z.object({ cpus: z.number(), cpuModel: z.string(), platform: z.string() }),
    host: z
      .object({ gpus: z.array(z.object({ name: z.string() }).passthrough()).optional() })
      .passthrough()
      .optional(),
    anchors: z.unknown().optional(),
    models: z.record(z.string(), ModelBenchSchema),
  })
  .passthrough();
export type ModelBenchReport = z.infer<typeof ModelBenchReportSchema>;

export const BenchReportResultSchema = z.object({
  /** Where the engine looks for the report (`<user data>/bench-reports/model.json`). */
  path: z.string(),
  report: ModelBenchReportSchema.nullable(),
  /** Why a report that exists could not be read (damaged JSON, another shape); null otherwise. */
  problem: z.string().nullable(),
});
export type BenchReportResult = z.infer<typeof BenchReportResultSchema>;
