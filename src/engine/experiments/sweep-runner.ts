/**
 * Runs a sweep: every grid point x repeat, one run after another (parallel runs would share the CPU and spoil
 * every timing metric), each linked to its grid point in the store. A stored sweep can be resumed: points whose
 * repeat already has a finished run are skipped, so an interrupted overnight sweep picks up where it stopped.
 */
import { z } from 'zod';
import { RunConfigSchema, type RunConfig, type RunMetrics } from '../../contract/index.ts';
import type { SweepProgress, SweepRow, SweepRowMetrics } from '../../contract/methods/sweeps.ts';
import type { RunStore, SweepLink } from '../store/index.ts';
import type { RunOutput } from './experiment-events.ts';
import { summarise, type RepeatReport } from './repeat-stats.ts';
import { RunCancelledError } from './run-experiment.ts';
import type { StartRunOptions, StartedRun } from './run-manager.ts';
import { configForRepeat, sweepTitle, type GridPoint, type SweepPlan } from './sweep-grid.ts';

export interface SweepRunnerDeps {
  /** The store the sweep and its runs are recorded in (not opened when `save` is false). */
  store(): RunStore;
  runs: { start(config: RunConfig, options: StartRunOptions): StartedRun };
}

export interface RunSweepOptions {
  /** The stored sweep to link runs to (from createSweepRecord); null with save=false. */
  sweepId: string | null;
  /** Record runs in the store (default true). Without it nothing is linked and nothing can be resumed. */
  save?: boolean;
  signal?: AbortSignal;
  onProgress?: (progress: SweepProgress) => void;
}

export interface SweepOutcome {
  sweepId: string | null;
  state: 'finished' | 'cancelled';
  rows: SweepRow[];
  total: number;
  failed: number;
  resumed: number;
  /** Per grid point: median and spread of every timing metric over its finished repeats. */
  pointSummaries: (RepeatReport & { pointIndex: number })[];
}

/** The timing metrics of a sweep row (RunMetrics names) whose spread over repeats the sweep reports. */
const ROW_TIMINGS: Record<string, (m: SweepRowMetrics) => number> = {
  ttfaMs: (m) => m.ttfaMs,
  wallMs: (m) => m.wallMs,
  rtf: (m) => m.rtf,
  'playback.gapCount': (m) => m.gapCount,
  'playback.totalGapMs': (m) => m.totalGapMs,
  'playback.longestGapMs': (m) => m.longestGapMs,
};

/** Median and spread per grid point over the repeats that finished. */
export function pointSummaries(rows: readonly SweepRow[]): SweepOutcome['pointSummaries'] {
  const byPoint = new Map<number, SweepRowMetrics[]>();
  for (const row of rows) {
    if (!row.metrics) continue;
    byPoint.set(row.pointIndex, [...(byPoint.get(row.pointIndex) ?? []), row.metrics]);
  }
  return [...byPoint.entries()]
    .sort(([a], [b]) => a - b)
    .map(([pointIndex, metrics]) => ({ pointIndex, ...summarise(metrics, ROW_TIMINGS) }));
}

export function rowMetrics(metrics: RunMetrics, chunks: number): SweepRowMetrics {
  return {
    ttfaMs: metrics.ttfaMs,
    wallMs: metrics.wallMs,
    audioMs: metrics.audioMs,
    rtf: metrics.rtf,
    tokens: metrics.tokens,
    chunks,
    gapCount: metrics.playback.gapCount,
    totalGapMs: metrics.playback.totalGapMs,
    longestGapMs: metrics.playback.longestGapMs,
    medianClickScore: metrics.boundaries.medianClickScore,
    maxClickScore: metrics.boundaries.maxClickScore,
    audibleClicks: metrics.boundaries.audibleClicks,
    medianExcessClickScore: metrics.boundaries.medianExcessClickScore,
    maxExcessClickScore: metrics.boundaries.maxExcessClickScore,
    snrDb: metrics.quality.snrDb,
    lsdDb: metrics.quality.lsdDb,
    mcdDb: metrics.quality.mcdDb,
  };
}

// ---- the grid as stored with the sweep (sweeps.grid_json) -------------------------------------------------------

export const SWEEP_GRID_FORMAT = 'seamlab-sweep-grid';

const StoredGridSchema = z.object({
  format: z.literal(SWEEP_GRID_FORMAT),
  version: z.literal(1),
  params: z.array(
    z.object({
      name: z.string(),
      path: z.string(),
      values: z.array(z.union([z.number(), z.string(), z.boolean()])),
    }),
  ),
  base: z.record(z.string(), z.unknown()),
  varySeed: z.boolean(),
  notes: z.array(z.string()),
  // Each point keeps its full configuration, so a resume reruns exactly what was planned even if the
  // expansion rules change between versions.
  points: z.array(
    z.object({
      index: z.number().int(),
      values: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])),
      config: RunConfigSchema,
    }),
  ),
});
export type StoredGrid = z.infer<typeof StoredGridSchema>;

export function gridRecord(plan: SweepPlan): StoredGrid {
  return {
    format: SWEEP_GRID_FORMAT,
    version: 1,
    params: plan.params,
    base: plan.base,
    varySeed: plan.varySeed,
    notes: plan.notes,
    points: plan.points,
  };
}

/** Stores the sweep (grid, base configuration, repeats) and returns its id. */
export function createSweepRecord(store: RunStore, plan: SweepPlan, name?: string): string {
  const base = RunConfigSchema.safeParse(plan.base);
  return store.createSweep({
    name: name?.trim() || sweepTitle(plan),
    grid: gridRecord(plan),
    baseConfig: base.success ? base.data : (plan.points[0]?.config ?? null),
    repeats: plan.repeats,
  }).id;
}

export class SweepNotFoundError extends Error {
  readonly code = 'not_found';
  constructor(message: string) {
    super(message);
    this.name = 'SweepNotFoundError';
  }
}

/** Reads a stored sweep back into a plan (for resume and for display). */
export function loadSweepPlan(store: RunStore, sweepId: string): SweepPlan {
  const sweep = store.getSweep(sweepId);
  if (!sweep) throw new SweepNotFoundError(`no sweep ${sweepId}`);
  const grid = StoredGridSchema.safeParse(sweep.grid);
  if (!grid.success)
    throw new Error(
      `sweep ${sweepId} was not stored by this version of the sweep runner; it cannot be resumed`,
    );
  return {
    params: grid.data.params,
    base: grid.data.base,
    points: grid.data.points,
    repeats: sweep.repeats,
    varySeed: grid.data.varySeed,
    notes: grid.data.notes,
  };
}

const key = (pointIndex: number, repeatIndex: number) => `${pointIndex}:${repeatIndex}`;

interface SlotLinks {
  /** Finished runs by point x repeat: skipped on resume. */
  finished: Map<string, string>;
  /** Runs that failed, were cancelled or interrupted: replaced when their slot runs again. */
  stale: Map<string, string>;
}

/**
 * The runs already linked to the sweep, by point x repeat. The store keeps one run per slot, so a slot whose
 * run did not finish is freed (that run deleted) before it runs again. A run still `running` belongs to a live
 * process (openStore marks the runs of dead writers interrupted): resuming then would run the slot twice.
 */
export function sweepSlots(store: RunStore, sweepId: string): SlotLinks {
  const slots: SlotLinks = { finished: new Map(), stale: new Map() };
  for (const link of store.getSweep(sweepId)?.runs ?? []) {
    const slot = key(link.pointIndex, link.repeatIndex);
    if (link.status === 'finished') slots.finished.set(slot, link.runId);
    else if (link.status === 'running')
      throw new Error(
        `sweep ${sweepId} is being run by another process (run ${link.runId} at grid point ${link.pointIndex + 1}, ` +
          `repeat ${link.repeatIndex + 1}); wait for it or stop it first`,
      );
    else slots.stale.set(slot, link.runId);
  }
  return slots;
}

function storedRow(store: RunStore, point: GridPoint, repeatIndex: number, runId: string): SweepRow {
  const run = store.getRun(runId);
  return {
    pointIndex: point.index,
    repeatIndex,
    point: point.values,
    runId,
    status: 'finished',
    resumed: true,
    metrics: run?.metrics ? rowMetrics(run.metrics, run.chunks.length) : null,
    synthetic: run ? run.provenance.model.synthetic : null,
  };
}

/** Runs every point x repeat of the plan in order; see the file comment. Never throws for a failing run. */
export async function runSweep(
  deps: SweepRunnerDeps,
  plan: SweepPlan,
  options: RunSweepOptions,
): Promise<SweepOutcome> {
  const save = options.save ?? true;
  const sweepId = options.sweepId;
  if (save && !sweepId) throw new Error('a saved sweep needs its stored sweep id (createSweepRecord)');
  const store = save ? deps.store() : undefined;
  const slots: SlotLinks =
    store && sweepId ? sweepSlots(store, sweepId) : { finished: new Map(), stale: new Map() };
  const total = plan.points.length * plan.repeats;
  const rows: SweepRow[] = [];
  let failed = 0;
  let resumed = 0;
  let state: SweepOutcome['state'] = 'finished';

  const report = (
    current: SweepProgress['current'],
    row: SweepRow | null,
    phase: SweepProgress['state'] = 'running',
  ) =>
    options.onProgress?.({
      sweepId: sweepId ?? '',
      state: phase,
      total,
      completed: rows.length,
      failed,
      resumed,
      current,
      row,
    });

  report(null, null);
  outer: for (const point of plan.points) {
    for (let repeatIndex = 0; repeatIndex < plan.repeats; repeatIndex++) {
      const existing = slots.finished.get(key(point.index, repeatIndex));
      if (existing && store) {
        const row = storedRow(store, point, repeatIndex, existing);
        rows.push(row);
        resumed++;
        report(null, row);
        continue;
      }
      if (options.signal?.aborted) {
        state = 'cancelled';
        break outer;
      }
      const stale = slots.stale.get(key(point.index, repeatIndex));
      if (stale && store) {
        store.deleteRun(stale);
        slots.stale.delete(key(point.index, repeatIndex));
      }
      const link: SweepLink | undefined = sweepId
        ? { sweepId, pointIndex: point.index, point: point.values, repeatIndex }
        : undefined;
      const started = deps.runs.start(configForRepeat(point, repeatIndex, plan.varySeed), {
        save,
        ...(save && link ? { sweep: link } : {}),
        signal: options.signal,
      });
      report({ pointIndex: point.index, repeatIndex, runId: started.runId }, null);
      let output: RunOutput;
      try {
        output = await started.done;
      } catch (error) {
        if (error instanceof RunCancelledError || options.signal?.aborted) {
          state = 'cancelled';
          break outer;
        }
        failed++;
        const row: SweepRow = {
          pointIndex: point.index,
          repeatIndex,
          point: point.values,
          runId: started.runId,
          status: 'failed',
          resumed: false,
          metrics: null,
          synthetic: null,
          error: error instanceof Error ? error.message : String(error),
        };
        rows.push(row);
        report(null, row);
        continue;
      }
      const row: SweepRow = {
        pointIndex: point.index,
        repeatIndex,
        point: point.values,
        runId: started.runId,
        status: 'finished',
        resumed: false,
        metrics: rowMetrics(output.summary.metrics, output.summary.chunks.length),
        synthetic: output.summary.provenance.model.synthetic,
      };
      rows.push(row);
      report(null, row);
    }
  }
  report(null, null, state);
  return { sweepId, state, rows, total, failed, resumed, pointSummaries: pointSummaries(rows) };
}

/** Resumes a stored sweep: loads its grid and runs what is missing. */
export async function resumeSweep(
  deps: SweepRunnerDeps,
  sweepId: string,
  options: Omit<RunSweepOptions, 'sweepId' | 'save'> = {},
): Promise<SweepOutcome> {
  return runSweep(deps, loadSweepPlan(deps.store(), sweepId), { ...options, sweepId, save: true });
}
