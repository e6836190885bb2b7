import { z } from 'zod';
import { RunConfigSchema } from '../run-config.ts';
import { RunEventSchema } from '../run-events.ts';

/** A run the engine holds now, with its events so far: a viewer that re-attaches replays them, then follows. */
export const ActiveRunSchema = z.object({
  runId: z.string(),
  config: RunConfigSchema,
  state: z.enum(['queued', 'running']),
  /** Place in the queue (1 = next); null once running. */
  position: z.number().int().nullable(),
  /** Started with "run concurrently" (it skipped the queue; its timings are flagged contended). */
  concurrent: z.boolean(),
  events: z.array(RunEventSchema),
});
export type ActiveRun = z.infer<typeof ActiveRunSchema>;

/** Starting and cancelling runs; their progress arrives as `run.event` events. */
export const runMethods = {
  /** Validates the config, starts the run and answers at once with its id; everything else comes as events. */
  'runs.start': {
    params: z
      .object({
        config: RunConfigSchema,
        save: z.boolean().default(true),
        /** Skip the queue and run alongside other runs: the stored run is flagged contended. */
        concurrent: z.boolean().default(false),
      })
      .strict(),
    result: z.object({ runId: z.string() }),
  },
  /**
   * Runs queued or running, oldest first, with their events so far. Events emitted before this reply are in it;
   * a client that subscribed first drops the `run.event`s it received before the reply and follows from there.
   */
  'runs.active': {
    params: z.object({}).strict(),
    result: z.object({ runs: z.array(ActiveRunSchema) }),
  },
  'runs.cancel': {
    params: z.object({ runId: z.string() }).strict(),
    result: z.object({ cancelled: z.boolean() }),
  },
} as const;

export const runEvents = {
  'run.event': RunEventSchema,
} as const;
