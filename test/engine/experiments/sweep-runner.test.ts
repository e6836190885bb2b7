import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunConfig } from '../../../src/contract/index.ts';
import type { SweepProgress } from '../../../src/contract/methods/sweeps.ts';
import { createEngine } from '../../../src/engine/engine.ts';
import type { RunOutput } from '../../../src/engine/experiments/experiment-events.ts';
import { RunCancelledError } from '../../../src/engine/experiments/run-experiment.ts';
import type { StartRunOptions, StartedRun } from '../../../src/engine/experiments/run-manager.ts';
import { planSweep } from '../../../src/engine/experiments/sweep-grid.ts';
import {
  createSweepRecord,
  loadSweepPlan,
  resumeSweep,
  runSweep,
  type SweepRunnerDeps,
} from '../../../src/engine/experiments/sweep-runner.ts';
import { openStore, type RunStore } from '../../../src/engine/store/index.ts';
import { makeAudio, makeProvenance, makeSummary } from '../store/fixtures/runs.ts';
import { TEST_MODELS_DIR } from './helpers.ts';

const dirs: string[] = [];
const stores: RunStore[] = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tempStore(): { store: RunStore; file: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seamlab-sweep-'));
  dirs.push(dir);
  const file = path.join(dir, 'runs.db');
  const store = openStore(file);
  stores.push(store);
  return { store, file };
}

type Outcome = 'ok' | 'fail' | 'abort';

/**
 * Stands in for the RunManager: records runs in the real store exactly as it does (begin with the sweep link,
 * then finish/fail/cancel) with a summary whose metrics encode the config, so rows can be checked.
 */
function fakeRuns(store: RunStore, decide: (config: RunConfig, call: number) => Outcome = () => 'ok') {
  const started: RunConfig[] = [];
  let abortController: AbortController | undefined;
  const runs = {
    start(config: RunConfig, options: StartRunOptions): StartedRun {
      const runId = crypto.randomUUID();
      const call = started.push(config) - 1;
      const done = (async (): Promise<RunOutput> => {
        await Promise.resolve();
        if (options.save !== false) store.beginRun(runId, config, makeProvenance(), { sweep: options.sweep });
        const outcome = decide(config, call);
        if (outcome === 'abort') abortController?.abort();
        if (options.signal?.aborted) {
          if (options.save !== false) store.cancelRun(runId);
          throw new RunCancelledError(1);
        }
        if (outcome === 'fail') {
          if (options.save !== false) store.failRun(runId, 'decoder exploded');
          throw new Error('decoder exploded');
        }
        const summary = makeSummary(runId, config, config.seed, 2);
        const overlap = config.boundary.kind === 'overlap-add' ? config.boundary.overlapTokens : 0;
        summary.metrics.boundaries.medianClickScore = 10 - overlap;
        const audio = makeAudio(1, 480);
        if (options.save !== false) store.finishRun(runId, summary, audio);
        return { summary, stream: audio.stream, reference: audio.reference, referenceRepeats: [] };
      })();
      done.catch(() => undefined);
      return { runId, done };
    },
  };
  return {
    runs,
    started,
    setAbort(controller: AbortController) {
      abortController = controller;
    },
  };
}

const base = { text: 'Hello my big long beautiful world', seed: 3 };

describe('runSweep with a stand-in run manager', () => {
  it('runs every point x repeat in order, links each to its grid point and reports progress', async () => {
    const { store } = tempStore();
    const fake = fakeRuns(store);
    const deps: SweepRunnerDeps = { store: () => store, runs: fake.runs };
    const plan = planSweep({ base, params: ['overlap=0..2'], repeats: 2 });
    const sweepId = createSweepRecord(store, plan);
    const progress: SweepProgress[] = [];
    const outcome = await runSweep(deps, plan, { sweepId, onProgress: (p) => progress.push(p) });

    expect(outcome.state).toBe('finished');
    expect(outcome.rows.map((r) => [r.pointIndex, r.repeatIndex, r.status])).toEqual([
      [0, 0, 'finished'],
      [0, 1, 'finished'],
      [1, 0, 'finished'],
      [1, 1, 'finished'],
      [2, 0, 'finished'],
      [2, 1, 'finished'],
    ]);
    expect(outcome.rows.map((r) => r.metrics?.medianClickScore)).toEqual([10, 10, 9, 9, 8, 8]);
    expect(fake.started.map((c) => c.boundary)).toEqual(
      [0, 0, 1, 1, 2, 2].map((o) => ({
        kind: 'overlap-add',
        overlapTokens: o,
        crossfadeMs: Math.min(50, o * 40),
        shape: 'hann',
      })),
    );
    const stored = store.getSweep(sweepId)!;
    expect(stored.name).toBe('overlap 0..2 (2 repeats)');
    expect(stored.runs.map((r) => [r.pointIndex, r.repeatIndex, r.point, r.status])).toEqual([
      [0, 0, { 'boundary.overlapTokens': 0 }, 'finished'],
      [0, 1, { 'boundary.overlapTokens': 0 }, 'finished'],
      [1, 0, { 'boundary.overlapTokens': 1 }, 'finished'],
      [1, 1, { 'boundary.overlapTokens': 1 }, 'finished'],
      [2, 0, { 'boundary.overlapTokens': 2 }, 'finished'],
      [2, 1, { 'boundary.overlapTokens': 2 }, 'finished'],
    ]);
    expect(store.aggregateSweep(sweepId, 'median_click_score').map((a) => [a.n, a.mean])).toEqual([
      [2, 10],
      [2, 9],
      [2, 8],
    ]);
    const completed = progress.map((p) => p.completed);
    expect(completed[0]).toBe(0);
    expect(completed.at(-1)).toBe(6);
    expect(progress.at(-1)!.state).toBe('finished');
    expect(progress.filter((p) => p.row).length).toBe(6);
    expect(progress.filter((p) => p.current).map((p) => p.current!.runId)).toEqual(
      outcome.rows.map((r) => r.runId),
    );
  });

  it('keeps going past a failing run and records it as failed', async () => {
    const { store } = tempStore();
    const fake = fakeRuns(store, (_config, call) => (call === 1 ? 'fail' : 'ok'));
    const plan = planSweep({ base, params: ['seed=1..3'] });
    const sweepId = createSweepRecord(store, plan);
    const outcome = await runSweep({ store: () => store, runs: fake.runs }, plan, { sweepId });
    expect(outcome.rows.map((r) => r.status)).toEqual(['finished', 'failed', 'finished']);
    expect(outcome.rows[1]!.error).toBe('decoder exploded');
    expect(outcome.failed).toBe(1);
  });

  it('stops when cancelled and, resumed, runs only what is missing: nothing twice, nothing lost', async () => {
    const { store, file } = tempStore();
    const abort = new AbortController();
    const first = fakeRuns(store, (_config, call) => (call === 3 ? 'abort' : 'ok'));
    first.setAbort(abort);
    const plan = planSweep({ base, params: ['overlap=0..2', 'shape=linear,hann'] });
    const sweepId = createSweepRecord(store, plan, 'resumable');
    const cut = await runSweep({ store: () => store, runs: first.runs }, plan, {
      sweepId,
      signal: abort.signal,
    });
    expect(cut.state).toBe('cancelled');
    expect(cut.rows.map((r) => r.pointIndex)).toEqual([0, 1, 2]);
    expect(store.getSweep(sweepId)!.runs.map((r) => r.status)).toEqual([
      'finished',
      'finished',
      'finished',
      'cancelled',
    ]);

    // A fresh process: reopen the database, rebuild the plan from what was stored, and resume.
    store.close();
    stores.splice(stores.indexOf(store), 1);
    const reopened = openStore(file);
    stores.push(reopened);
    expect(loadSweepPlan(reopened, sweepId).points.map((p) => p.config)).toEqual(
      plan.points.map((p) => p.config),
    );
    const second = fakeRuns(reopened);
    const resumed = await resumeSweep({ store: () => reopened, runs: second.runs }, sweepId);
    expect(resumed.state).toBe('finished');
    expect(second.started.map((c) => c.boundary)).toEqual(plan.points.slice(3).map((p) => p.config.boundary));
    expect(resumed.rows.map((r) => [r.pointIndex, r.resumed])).toEqual([
      [0, true],
      [1, true],
      [2, true],
      [3, false],
      [4, false],
      [5, false],
    ]);
    expect(resumed.resumed).toBe(3);
    expect(resumed.rows.every((r) => r.metrics !== null)).toBe(true);
    // The cancelled run that held slot 3 made way for the finished one.
    const links = reopened.getSweep(sweepId)!.runs;
    expect(links.map((l) => [l.pointIndex, l.status])).toEqual(
      [0, 1, 2, 3, 4, 5].map((i) => [i, 'finished']),
    );
    expect(links[3]!.runId).toBe(resumed.rows[3]!.runId);

    // Resuming a complete sweep runs nothing.
    const third = fakeRuns(reopened);
    const again = await resumeSweep({ store: () => reopened, runs: third.runs }, sweepId);
    expect(third.started).toEqual([]);
    expect(again.rows).toHaveLength(6);
  });

  it('refuses to resume a sweep whose slot is still running in a live process', async () => {
    const { store } = tempStore();
    const plan = planSweep({ base, params: ['seed=1,2'] });
    const sweepId = createSweepRecord(store, plan);
    store.beginRun(crypto.randomUUID(), plan.points[1]!.config, makeProvenance(), {
      sweep: { sweepId, pointIndex: 1, point: plan.points[1]!.values, repeatIndex: 0 },
    });
    const fake = fakeRuns(store);
    await expect(resumeSweep({ store: () => store, runs: fake.runs }, sweepId)).rejects.toThrow(
      /being run by another process .* grid point 2, repeat 1/,
    );
    expect(fake.started).toEqual([]);
  });

  it('runs without a store when not saving', async () => {
    const fake = fakeRuns({} as RunStore);
    const plan = planSweep({ base, params: ['jitter-ms=0,50'] });
    const outcome = await runSweep(
      {
        store: () => {
          throw new Error('the store must not be opened');
        },
        runs: { start: (config, options) => fake.runs.start(config, { ...options, save: false }) },
      },
      plan,
      { sweepId: null, save: false },
    );
    expect(outcome.rows.map((r) => r.status)).toEqual(['finished', 'finished']);
  });
});

describe('runSweep on the real engine with the fixture model', () => {
  it('runs a small grid through the RunManager and stores linked, finished runs whose metrics match', async () => {
    const { file } = tempStore();
    const engine = createEngine({ host: 'server', databasePath: file, modelsDir: TEST_MODELS_DIR });
    try {
      const ctx = engine.context;
      const plan = planSweep({
        base: {
          text: 'Hello my big long beautiful world',
          schedule: { kind: 'fixed', tokens: 8 },
          sampler: { greedy: true, cfgWeight: 0 },
          noiseFloorRepeats: 0,
        },
        params: ['boundary=none,overlap-add'],
      });
      const sweepId = createSweepRecord(ctx.store(), plan);
      const outcome = await runSweep({ store: ctx.store, runs: ctx.runs }, plan, { sweepId });
      expect(outcome.rows.map((r) => r.status)).toEqual(['finished', 'finished']);
      const [naive, ola] = outcome.rows.map((r) => r.metrics!);
      // Same tokens (same seed, greedy); naive chunking clicks where overlap-add is smoother.
      expect(naive!.tokens).toBe(ola!.tokens);
      expect(naive!.chunks).toBeGreaterThan(2);
      expect(naive!.medianClickScore!).toBeGreaterThan(ola!.medianClickScore!);
      for (const row of outcome.rows) {
        const run = ctx.store().getRun(row.runId!)!;
        expect(run.status).toBe('finished');
        expect(run.provenance.model.synthetic).toBe(true);
        expect(run.metrics!.boundaries.medianClickScore).toBe(row.metrics!.medianClickScore);
      }
      expect(
        ctx
          .store()
          .getSweep(sweepId)!
          .runs.map((r) => r.point),
      ).toEqual([{ 'boundary.kind': 'none' }, { 'boundary.kind': 'overlap-add' }]);
    } finally {
      await engine.close();
    }
  });
});
