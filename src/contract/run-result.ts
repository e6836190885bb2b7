import { z } from 'zod';
import { RunConfigSchema } from './run-config.ts';

/**
 * Under which conditions a run's clock ran (issue 13): whether its model was loaded or warmed for it, how long it
 * queued behind other runs, whether other runs of the same engine overlapped its measured interval, and the
 * machine's load. Loading and warming are never inside the run's clock; a cold run is labelled so everywhere.
 */
export const RunConditionsSchema = z.object({
  /** The model, its workers or their first inference were loaded/warmed for this run (it waited for them). */
  cold: z.boolean(),
  /** How long the run waited for that loading/warming, ms (outside its clock). */
  warmupMs: z.number(),
  /** How long the run waited in the engine's queue behind other runs, ms (outside its clock). */
  queuedMs: z.number(),
  /** Started with "run concurrently": it skipped the queue. */
  concurrent: z.boolean(),
  /** Another run of the same engine was active during this run's clock. */
  contended: z.boolean(),
  /** ms of this run's clock during which at least one other run was active. */
  overlapMs: z.number(),
  /** Other runs active when this run's clock started, and the most active at once during it. */
  otherRunsAtStart: z.number().int(),
  otherRunsMax: z.number().int(),
  /** os.loadavg() (1, 5, 15 min) when the clock started and when the run ended (all zeros on Windows). */
  loadAvgStart: z.array(z.number()),
  loadAvgEnd: z.array(z.number()).nullable(),
});
export type RunConditions = z.infer<typeof RunConditionsSchema>;

/** What produced a run, so it can be reproduced and compared (experiments.md: "Every run also records..."). */
export const RunProvenanceSchema = z.object({
  model: z.object({
    id: z.string(),
    family: z.string(),
    /** True for the generated fixture: never real speech, labelled "synthetic test model" everywhere. */
    synthetic: z.boolean(),
    statefulDecoder: z.boolean(),
    kvDtype: z.string(),
    /** sha256 of each graph file (first 16 hex chars are enough to tell versions apart). */
    fileHashes: z.record(z.string(), z.string()),
  }),
  /** The execution provider that really ran each graph. */
  providers: z.record(z.string(), z.string()),
  appVersion: z.string(),
  onnxruntimeVersion: z.string(),
  nodeVersion: z.string(),
  machine: z.object({
    platform: z.string(),
    arch: z.string(),
    cpus: z.number(),
    cpuModel: z.string(),
    memoryGb: z.number(),
  }),
  voice: z.object({ id: z.string(), name: z.string() }),
  /**
   * Requested settings the model's family does not use, one line each with the reason (Turbo: classifier-free
   * guidance, min-p, exaggeration). Runs saved before this field existed read as [].
   */
  ignoredSettings: z.array(z.string()).default([]),
  /**
   * Settings the configuration left unset, one line each with the value they got from the model family's defaults
   * (or the sampler preset's). Runs saved before this field existed read as [].
   */
  defaultsApplied: z.array(z.string()).default([]),
  /** What the run really generated with, after defaults and the family's rules. Absent on runs saved before. */
  generation: z
    .object({
      preset: z.string(),
      sampler: z.object({
        temperature: z.number(),
        topK: z.number(),
        topP: z.number(),
        minP: z.number(),
        repetitionPenalty: z.number(),
        cfgWeight: z.number(),
        greedy: z.boolean(),
      }),
      exaggeration: z.number(),
      maxNewTokens: z.number(),
    })
    .optional(),
  /** Measurement conditions (cold start, queue, contention, load); absent on runs saved before issue 13. */
  conditions: RunConditionsSchema.optional(),
  /** Runs started together as repeats of one configuration (`seamlab run --repeat N`) share this id. */
  repeatGroup: z.string().optional(),
});
export type RunProvenance = z.infer<typeof RunProvenanceSchema>;

export const ChunkRecordSchema = z.object({
  index: z.number().int(),
  /** Which text segment (sentence/segment mode) this chunk belongs to. */
  segment: z.number().int(),
  /** Speech-token range [start, end) within its segment that this chunk's audio finally covers. */
  tokenStart: z.number().int(),
  tokenEnd: z.number().int(),
  /** Token range actually sent to the decoder (context and overlap included). */
  decodedStart: z.number().int(),
  decodedEnd: z.number().int(),
  /** Emitted audio within the run's stream, in samples. */
  sampleStart: z.number().int(),
  sampleEnd: z.number().int(),
  /** ms from the request: first and last of this chunk's tokens sampled, decode start/end, emitted to playback. */
  firstTokenAtMs: z.number(),
  lastTokenAtMs: z.number(),
  decodeStartAtMs: z.number(),
  decodeEndAtMs: z.number(),
  emittedAtMs: z.number(),
  tokenGenerationMs: z.number(),
  decodeMs: z.number(),
  queueWaitMs: z.number(),
  audioMs: z.number(),
});
export type ChunkRecord = z.infer<typeof ChunkRecordSchema>;

export const BoundaryRecordSchema = z.object({
  index: z.number().int(),
  /** Sample where chunk `index` meets chunk `index + 1`. */
  sample: z.number().int(),
  timeS: z.number(),
  /** True where two text segments meet (a sentence join rather than a chunk join). */
  segmentJoin: z.boolean(),
  clickScore: z.number(),
  /** Same measure on the offline reference at the same sample: what the boundary would be without chunking. */
  referenceClickScore: z.number().nullable(),
  /**
   * clickScore - referenceClickScore: what the chunking added at this spot (the quantity that ranks strategies;
   * a boundary that lands on a plosive in the speech itself scores high in both). Null without a reference.
   * Derived from the two scores, so runs stored before it existed read with it filled in.
   */
  excessClickScore: z.number().nullable().default(null),
  fluxJump: z.number(),
  hfBurst: z.number(),
  dEDb: z.number(),
  dF0Hz: z.number().nullable(),
  snrDbLocal: z.number().nullable(),
  lsdDbLocal: z.number().nullable(),
});
export type BoundaryRecord = z.infer<typeof BoundaryRecordSchema>;

export const RunMetricsSchema = z.object({
  ttfaMs: z.number(),
  stages: z.object({
    textReadyMs: z.number(),
    firstTokenMs: z.number(),
    firstChunkDecodedMs: z.number(),
    firstSampleMs: z.number(),
  }),
  wallMs: z.number(),
  audioMs: z.number(),
  rtf: z.number(),
  /** Speech tokens decoded, padding included. */
  tokens: z.number().int(),
  /** Of `tokens`, appended rather than sampled: Turbo's three silence tokens per utterance (0 before they existed). */
  paddingTokens: z.number().int().default(0),
  /** Sampled ids outside the speech vocabulary (>= 6561, not the stop token): never decoded, not in `tokens`. */
  droppedTokens: z.number().int().default(0),
  playback: z.object({
    mode: z.string(),
    jitterBufferMs: z.number(),
    startMs: z.number(),
    gapCount: z.number().int(),
    totalGapMs: z.number(),
    longestGapMs: z.number(),
  }),
  utilisation: z.object({
    tokenWorker: z.number(),
    decodeWorker: z.number(),
    idealWallMs: z.number(),
  }),
  harnessOverhead: z.number(),
  boundaries: z.object({
    count: z.number().int(),
    /** Absolute click scores (see metricDefinitions.clickScore). */
    medianClickScore: z.number().nullable(),
    maxClickScore: z.number().nullable(),
    audibleClicks: z.number().int(),
    /** Click scores in excess of the reference's at the same samples (metricDefinitions.excessClickScore). */
    medianExcessClickScore: z.number().nullable().default(null),
    maxExcessClickScore: z.number().nullable().default(null),
  }),
  quality: z.object({
    /** Null when there is no reference or when `identical` (JSON cannot carry Infinity). */
    snrDb: z.number().nullable(),
    /** The stream equals its reference sample for sample over their common length: SNR is infinite. */
    identical: z.boolean().default(false),
    lsdDb: z.number().nullable(),
    mcdDb: z.number().nullable(),
    /** Repeat-decode spread for decoders with internal noise; null when the decoder is deterministic. */
    noiseFloorSnrDb: z.number().nullable(),
    /** False when the difference to the reference is inside the noise floor: then it is not a finding. */
    significant: z.boolean().nullable(),
  }),
});
export type RunMetrics = z.infer<typeof RunMetricsSchema>;

/**
 * Why a run ended: its generation reached the stop token in every utterance, or hit `maxNewTokens` in at least one
 * (the text was cut short), or used up the run's budget (MAX_RUN_SPEECH_TOKENS, the rest of the text skipped), or
 * it was cancelled, failed (the reason is in `error`), or was interrupted because the engine process exited.
 */
export const StopReasonSchema = z.enum([
  'stop-token',
  'max-tokens',
  'run-token-limit',
  'cancelled',
  'failed',
  'interrupted',
]);
export type StopReason = z.infer<typeof StopReasonSchema>;

export const RunSummarySchema = z.object({
  id: z.string(),
  createdAt: z.string(),
  status: z.enum(['running', 'finished', 'failed', 'cancelled', 'interrupted']),
  config: RunConfigSchema,
  provenance: RunProvenanceSchema,
  chunks: z.array(ChunkRecordSchema),
  boundaries: z.array(BoundaryRecordSchema),
  metrics: RunMetricsSchema,
  sampleRate: z.number().int(),
  error: z.string().optional(),
  /** Absent on runs stored before stop reasons were recorded. */
  stopReason: StopReasonSchema.optional(),
});
export type RunSummary = z.infer<typeof RunSummarySchema>;
