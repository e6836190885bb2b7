import { z } from 'zod';
import { EncodedAudioSchema } from './audio-data.ts';
import { RunConfigSchema } from './run-config.ts';
import {
  BoundaryRecordSchema,
  ChunkRecordSchema,
  RunProvenanceSchema,
  RunSummarySchema,
} from './run-result.ts';

/**
 * A run is an event stream (issue 4): the same events feed the CLI, the store, the UI and the streaming
 * server. Times are ms from the request (`atMs`), on the engine's clock. Audio travels in `chunk` events as
 * the exact emitted samples, in stream order, so concatenating every chunk's audio gives the run's stream.
 */
export const RunEventSchema = z.discriminatedUnion('type', [
  /**
   * The run waits for the runs ahead of it (one measured run at a time per engine); sent again whenever its
   * position changes. Position 1 is next. Its clock has not started.
   */
  z.object({
    type: z.literal('queued'),
    runId: z.string(),
    config: RunConfigSchema,
    position: z.number().int().min(1),
  }),
  z.object({
    type: z.literal('started'),
    runId: z.string(),
    config: RunConfigSchema,
    provenance: RunProvenanceSchema,
    startedAt: z.string(),
  }),
  /** A text segment became available to synthesis (all at once for whole text, over time for LLM streams). */
  z.object({
    type: z.literal('text'),
    runId: z.string(),
    segment: z.number().int(),
    text: z.string(),
    atMs: z.number(),
  }),
  /** Speech tokens sampled since the last batch (batched so a long run is not one event per token). */
  z.object({
    type: z.literal('tokens'),
    runId: z.string(),
    segment: z.number().int(),
    /** Index of tokens[0] within its segment. */
    firstIndex: z.number().int(),
    tokens: z.array(z.number().int()),
    atMs: z.number(),
  }),
  z.object({
    type: z.literal('chunk'),
    runId: z.string(),
    chunk: ChunkRecordSchema,
    audio: EncodedAudioSchema,
  }),
  z.object({ type: z.literal('boundary'), runId: z.string(), boundary: BoundaryRecordSchema }),
  z.object({ type: z.literal('finished'), runId: z.string(), summary: RunSummarySchema }),
  z.object({
    type: z.literal('failed'),
    runId: z.string(),
    error: z.object({ code: z.string(), message: z.string() }),
  }),
  z.object({ type: z.literal('cancelled'), runId: z.string(), atMs: z.number() }),
]);
export type RunEvent = z.infer<typeof RunEventSchema>;
export type RunEventType = RunEvent['type'];
