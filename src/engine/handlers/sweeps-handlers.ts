import { ContractError, type Handlers } from '../../contract/index.ts';
import type { SweepProgress, SweepRow, SweepSummary, sweepsMethods } from '../../contract/methods/sweeps.ts';
import type { EngineContext } from '../engine-context.ts';
import { planSweep, SweepGridError, sweepTitle, type SweepPlan } from '../experiments/sweep-grid.ts';
import {
  createSweepRecord,
  loadSweepPlan,
  rowMetrics,
  runSweep,
  SweepNotFoundError,
} from '../experiments/sweep-runner.ts';
import type { RunStore } from '../store/index.ts';

type SweepsHandlers = Pick<Handlers, keyof typeof sweepsMethods>;

interface ActiveSweep {
  abort: AbortController;
  done: Promise<unknown>;
}

function plan(params: {
  base: Record<string, unknown>;
  params: string[];
  repeats: number;
  varySeed: boolean;
}) {
  try {
    return planSweep(params);
  } catch (error) {
    // A grid the user typed wrong is a bad request, with every problem listed for the form to show.
    if (error instanceof SweepGridError)
      throw new ContractError('invalid_request', error.message, { problems: error.problems });
    throw error;
  }
}

function storedPlan(store: RunStore, sweepId: string): SweepPlan {
  try {
    return loadSweepPlan(store, sweepId);
  } catch (error) {
    if (error instanceof SweepNotFoundError) throw new ContractError('invalid_request', error.message);
    throw error;
  }
}

/**
 * Sweeps run in the engine, in the background, one at a time (two at once would share the CPU and spoil every
 * timing they measure). Progress goes to every client as `sweep.progress`; the last progress of each sweep is
 * kept so a screen opened later (or reloaded) sees where it stands.
 */
export function sweepsHandlers(ctx: EngineContext): SweepsHandlers {
  const active = new Map<string, ActiveSweep>();
  const lastProgress = new Map<string, SweepProgress>();

  ctx.onClose(async () => {
    for (const sweep of active.values()) sweep.abort.abort();
    await Promise.allSettled([...active.values()].map((s) => s.done));
  });

  const refuseIfBusy = () => {
    const [running] = active.keys();
    if (running === undefined) return;
    throw new ContractError(
      'invalid_request',
      `another sweep (${ctx.store().getSweep(running)?.name ?? running}) is running; cancel it or wait for it to finish`,
    );
  };

  const launch = (sweepId: string, sweepPlan: SweepPlan) => {
    refuseIfBusy();
    const abort = new AbortController();
    const emit = (progress: SweepProgress) => {
      lastProgress.set(sweepId, progress);
      ctx.emit('sweep.progress', progress);
    };
    const done = runSweep({ store: ctx.store, runs: ctx.runs }, sweepPlan, {
      sweepId,
      signal: abort.signal,
      onProgress: emit,
    })
      .catch((error: unknown) => {
        const previous = lastProgress.get(sweepId);
        emit({
          sweepId,
          state: 'failed',
          total: sweepPlan.points.length * sweepPlan.repeats,
          completed: previous?.completed ?? 0,
          failed: previous?.failed ?? 0,
          resumed: previous?.resumed ?? 0,
          current: null,
          row: null,
          error: error instanceof Error ? error.message : String(error),
        });
      })
      .finally(() => active.delete(sweepId));
    active.set(sweepId, { abort, done });
  };

  const summarize = (sweepId: string): SweepSummary => {
    const store = ctx.store();
    const sweep = store.getSweep(sweepId);
    if (!sweep) throw new ContractError('invalid_request', `no sweep ${sweepId}`);
    let params: SweepPlan['params'] = [];
    let points: number;
    try {
      const stored = loadSweepPlan(store, sweepId);
      params = stored.params;
      points = stored.points.length;
    } catch {
      // A sweep written by another tool: show what its links say.
      points = new Set(sweep.runs.map((r) => r.pointIndex)).size;
    }
    const finishedSlots = new Set(
      sweep.runs.filter((r) => r.status === 'finished').map((r) => `${r.pointIndex}:${r.repeatIndex}`),
    );
    const total = points * sweep.repeats;
    const firstRun = sweep.runs.find((r) => r.status === 'finished') ?? sweep.runs[0];
    const last = lastProgress.get(sweepId);
    const state: SweepSummary['state'] = active.has(sweepId)
      ? 'running'
      : finishedSlots.size >= total
        ? 'finished'
        : last && last.state !== 'running'
          ? last.state
          : 'idle';
    return {
      id: sweep.id,
      name: sweep.name,
      createdAt: sweep.createdAt,
      repeats: sweep.repeats,
      params,
      points,
      total,
      finished: finishedSlots.size,
      failed: sweep.runs.filter((r) => r.status === 'failed').length,
      state,
      synthetic: firstRun ? (store.getRun(firstRun.runId)?.provenance.model.synthetic ?? false) : false,
    };
  };

  return {
    'sweeps.plan': async (params) => {
      const p = plan(params);
      return {
        title: sweepTitle(p),
        params: p.params,
        points: p.points.map(({ index, values }) => ({ index, values })),
        total: p.points.length * p.repeats,
        notes: p.notes,
      };
    },

    'sweeps.start': async ({ name, ...definition }) => {
      const p = plan(definition);
      refuseIfBusy(); // before anything is stored
      const sweepId = createSweepRecord(ctx.store(), p, name);
      launch(sweepId, p);
      return { sweepId, total: p.points.length * p.repeats };
    },

    'sweeps.resume': async ({ sweepId }) => {
      if (active.has(sweepId))
        throw new ContractError('invalid_request', `sweep ${sweepId} is already running`);
      const store = ctx.store();
      const p = storedPlan(store, sweepId);
      const total = p.points.length * p.repeats;
      const finished = new Set(
        (store.getSweep(sweepId)?.runs ?? [])
          .filter((r) => r.status === 'finished')
          .map((r) => `${r.pointIndex}:${r.repeatIndex}`),
      ).size;
      launch(sweepId, p);
      return { sweepId, total, remaining: total - finished };
    },

    'sweeps.cancel': async ({ sweepId }) => {
      const sweep = active.get(sweepId);
      if (!sweep) return { cancelled: false };
      sweep.abort.abort();
      await sweep.done;
      return { cancelled: true };
    },

    'sweeps.list': async () =>
      ctx
        .store()
        .listSweeps()
        .reverse()
        .map((s) => summarize(s.id)),

    'sweeps.get': async ({ sweepId }) => {
      const store = ctx.store();
      const sweep = summarize(sweepId);
      const links = store.getSweep(sweepId)?.runs ?? [];
      let grid: { index: number; values: SweepRow['point'] }[];
      let notes: string[] = [];
      try {
        const p = loadSweepPlan(store, sweepId);
        grid = p.points.map(({ index, values }) => ({ index, values }));
        notes = p.notes;
      } catch {
        const seen = new Map<number, SweepRow['point']>();
        for (const l of links) seen.set(l.pointIndex, l.point as SweepRow['point']);
        grid = [...seen.entries()].map(([index, values]) => ({ index, values }));
      }
      const rows: SweepRow[] = [];
      for (const point of grid)
        for (let repeatIndex = 0; repeatIndex < sweep.repeats; repeatIndex++) {
          const link = links.find((l) => l.pointIndex === point.index && l.repeatIndex === repeatIndex);
          const run = link ? store.getRun(link.runId) : undefined;
          rows.push({
            pointIndex: point.index,
            repeatIndex,
            point: point.values,
            runId: link?.runId ?? null,
            status: link ? link.status : 'pending',
            resumed: false,
            metrics: run?.metrics ? rowMetrics(run.metrics, run.chunks.length) : null,
            synthetic: run ? run.provenance.model.synthetic : null,
            ...(run?.error ? { error: run.error } : {}),
          });
        }
      return { sweep, grid, rows, progress: lastProgress.get(sweepId) ?? null, notes };
    },
  };
}
