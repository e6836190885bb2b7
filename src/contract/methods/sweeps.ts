import { z } from 'zod';

/**
 * Sweeps: one or more knobs over ranges (the `seamlab sweep --param` grammar: `overlap=0..6`,
 * `boundary.crossfadeMs=10,20,40`, `temperature=0..1:0.25`, `shape=linear,hann`) with repeats. A sweep runs in
 * the engine, one run after another; its progress reaches every client as `sweep.progress` events, and the runs
 * themselves as ordinary `run.event`s.
 */

export const SweepValueSchema = z.union([z.number(), z.string(), z.boolean()]);

/** The handful of metrics a sweep row carries (the full summary stays with the run). */
export const SweepRowMetricsSchema = z.object({
  ttfaMs: z.number(),
  wallMs: z.number(),
  audioMs: z.number(),
  rtf: z.number(),
  tokens: z.number(),
  chunks: z.number(),
  gapCount: z.number(),
  totalGapMs: z.number(),
  longestGapMs: z.number(),
  medianClickScore: z.number().nullable(),
  maxClickScore: z.number().nullable(),
  audibleClicks: z.number(),
  /** Click scores in excess of the reference's (metric-definitions.ts); null for rows stored before them. */
  medianExcessClickScore: z.number().nullable().default(null),
  maxExcessClickScore: z.number().nullable().default(null),
  snrDb: z.number().nullable(),
  lsdDb: z.number().nullable(),
  mcdDb: z.number().nullable(),
});
export type SweepRowMetrics = z.infer<typeof SweepRowMetricsSchema>;

export const SWEEP_METRICS = Object.keys(SweepRowMetricsSchema.shape) as (keyof SweepRowMetrics)[];

export const SweepRowSchema = z.object({
  pointIndex: z.number().int(),
  repeatIndex: z.number().int(),
  point: z.record(z.string(), SweepValueSchema),
  runId: z.string().nullable(),
  status: z.enum(['finished', 'failed', 'cancelled', 'interrupted', 'running', 'pending']),
  /** True for a run found finished in the store when the sweep was resumed (not run again). */
  resumed: z.boolean(),
  metrics: SweepRowMetricsSchema.nullable(),
  /** The run used the generated fixture: its audio is no speech ("synthetic test model"); null if unknown. */
  synthetic: z.boolean().nullable(),
  error: z.string().optional(),
});
export type SweepRow = z.infer<typeof SweepRowSchema>;

export const SweepParamSchema = z.object({
  name: z.string(),
  path: z.string(),
  values: z.array(SweepValueSchema),
});

export const SweepStateSchema = z.enum(['idle', 'running', 'finished', 'cancelled', 'failed']);

export const SweepProgressSchema = z.object({
  sweepId: z.string(),
  state: SweepStateSchema,
  total: z.number().int(),
  /** Runs done (finished, failed or found finished on resume). */
  completed: z.number().int(),
  failed: z.number().int(),
  resumed: z.number().int(),
  current: z
    .object({ pointIndex: z.number().int(), repeatIndex: z.number().int(), runId: z.string() })
    .nullable(),
  /** The row that just completed, so a plot can grow without re-reading the sweep. */
  row: SweepRowSchema.nullable(),
  error: z.string().optional(),
});
export type SweepProgress = z.infer<typeof SweepProgressSchema>;

const SweepDefinitionSchema = z
  .object({
    /** Partial run configuration every point starts from (text, model, ...); validated per grid point. */
    base: z.record(z.string(), z.unknown()),
    params: z.array(z.string().min(1)).min(1).max(8),
    repeats: z.number().int().min(1).max(1000).default(1),
    varySeed: z.boolean().default(false),
  })
  .strict();

export const SweepSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  repeats: z.number().int(),
  params: z.array(SweepParamSchema),
  points: z.number().int(),
  total: z.number().int(),
  finished: z.number().int(),
  failed: z.number().int(),
  state: SweepStateSchema,
  /** Any of its runs used the generated fixture ("synthetic test model"). */
  synthetic: z.boolean(),
});
export type SweepSummary = z.infer<typeof SweepSummarySchema>;

export const sweepsMethods = {
  /** Expands and validates a grid without running it: the points, or the problems (as an error). */
  'sweeps.plan': {
    params: SweepDefinitionSchema,
    result: z.object({
      title: z.string(),
      params: z.array(SweepParamSchema),
      points: z.array(z.object({ index: z.number().int(), values: z.record(z.string(), SweepValueSchema) })),
      total: z.number().int(),
      notes: z.array(z.string()),
    }),
  },
  /** Stores the sweep and starts it in the background; answers at once. */
  'sweeps.start': {
    params: SweepDefinitionSchema.extend({ name: z.string().max(200).optional() }),
    result: z.object({ sweepId: z.string(), total: z.number().int() }),
  },
  /** Continues a stored sweep, skipping every point x repeat that already has a finished run. */
  'sweeps.resume': {
    params: z.object({ sweepId: z.string() }).strict(),
    result: z.object({ sweepId: z.string(), total: z.number().int(), remaining: z.number().int() }),
  },
  'sweeps.cancel': {
    params: z.object({ sweepId: z.string() }).strict(),
    result: z.object({ cancelled: z.boolean() }),
  },
  'sweeps.list': {
    params: z.object({}).strict(),
    result: z.array(SweepSummarySchema),
  },
  /** The sweep with one row per grid point x repeat (pending rows included) and its live progress. */
  'sweeps.get': {
    params: z.object({ sweepId: z.string() }).strict(),
    result: z.object({
      sweep: SweepSummarySchema,
      grid: z.array(z.object({ index: z.number().int(), values: z.record(z.string(), SweepValueSchema) })),
      rows: z.array(SweepRowSchema),
      progress: SweepProgressSchema.nullable(),
      notes: z.array(z.string()),
    }),
  },
} as const;

export const sweepsEvents = {
  'sweep.progress': SweepProgressSchema,
} as const;
