import { z } from 'zod';
import { RunConfigSchema } from '../run-config.ts';
import { RunEventSchema } from '../run-events.ts';

/** Starting and cancelling runs; their progress arrives as `run.event` events. */
export const runMethods = {
  /** Validates the config, starts the run and answers at once with its id; everything else comes as events. */
  'runs.start': {
    params: z.object({ config: RunConfigSchema, save: z.boolean().default(true) }).strict(),
    result: z.object({ runId: z.string() }),
  },
  'runs.cancel': {
    params: z.object({ runId: z.string() }).strict(),
    result: z.object({ cancelled: z.boolean() }),
  },
} as const;

export const runEvents = {
  'run.event': RunEventSchema,
} as const;
