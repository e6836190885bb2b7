import { z } from 'zod';

/**
 * Warm engines (issue 13): loading a model, creating its two workers, encoding the default voice and running one
 * tiny generation and decode (onnxruntime allocates and optimises on a session's first run) happen before any
 * run's clock. The server and the app warm the default model at start, the UI a model on first selection.
 */
export const ModelWarmthSchema = z.object({
  model: z.string(),
  /** warming: loading and first inference in progress; ready: runs start warm; failed: see `error`. */
  state: z.enum(['warming', 'ready', 'failed']),
  /** How long loading and warming took, ms; null while warming. */
  ms: z.number().nullable(),
  error: z.string().nullable(),
});
export type ModelWarmth = z.infer<typeof ModelWarmthSchema>;

export const warmupMethods = {
  /** Starts warming a model (with the default runtime settings) unless it is warm; answers at once. */
  'models.warm': {
    params: z.object({ model: z.string().min(1) }).strict(),
    result: ModelWarmthSchema,
  },
  /** Every model this engine has warmed or is warming. */
  'models.warmth': {
    params: z.object({}).strict(),
    result: z.object({ models: z.array(ModelWarmthSchema) }),
  },
} as const;

export const warmupEvents = {
  /** A model's warm-up state changed. */
  'models.warmth': ModelWarmthSchema,
} as const;
