import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunConfigInput } from '../../../src/contract/index.ts';
import type { ExperimentEvent } from '../../../src/engine/experiments/experiment-events.ts';
import { ModelPool } from '../../../src/engine/experiments/model-pool.ts';
import { ContentionTracker } from '../../../src/engine/experiments/run-conditions.ts';
import { RunManager } from '../../../src/engine/experiments/run-manager.ts';
import { openStore, type RunStore } from '../../../src/engine/store/index.ts';
import { builtInVoicesDir } from '../../../src/engine/voices/voice-files.ts';
import { TEST_MODELS_DIR } from './helpers.ts';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'seamlab-run-conditions-'));
const stores: RunStore[] = [];
afterAll(() => {
  for (const store of stores) store.close();
  fs.rmSync(work, { recursive: true, force: true });
});

const LOAD_DELAY_MS = 1500;

/** A pool whose first model load is made slow by LOAD_DELAY_MS; records when that slow load ended. */
class SlowLoadPool extends ModelPool {
  loadEndedAt = -1;
  private slowed = false;
  override async get(...args: Parameters<ModelPool['get']>) {
    const model = await super.get(...args);
    if (!this.slowed) {
      this.slowed = true;
      await new Promise((resolve) => setTimeout(resolve, LOAD_DELAY_MS));
      this.loadEndedAt = performance.now();
    }
    return model;
  }
}

function manager(pool: ModelPool) {
  const store = openStore(path.join(work, `runs-${stores.length}.db`));
  stores.push(store);
  return { runs: new RunManager({ models: pool, store: () => store }), store };
}

const BASE: RunConfigInput = {
  text: 'Hello my big long beautiful world.',
  sampler: { greedy: true, cfgWeight: 0 },
  schedule: { kind: 'fixed', tokens: 8 },
  noiseFloorRepeats: 0,
};

function pool(Pool: typeof ModelPool = ModelPool): ModelPool {
  return new Pool({ modelsDir: TEST_MODELS_DIR, voiceDirs: [builtInVoicesDir()] });
}

describe('warm engines: loading is never inside a run clock', () => {
  it('the first run after start waits for a slow load outside its clock and says it was cold', async () => {
    const slow = new SlowLoadPool({ modelsDir: TEST_MODELS_DIR, voiceDirs: [builtInVoicesDir()] });
    const { runs, store } = manager(slow);
    try {
      let firstChunkSeenAt = -1;
      const first = runs.start(BASE, {
        onEvent: (event) => {
          if (event.type === 'chunk' && firstChunkSeenAt < 0) firstChunkSeenAt = performance.now();
        },
      });
      const out = await first.done;
      const conditions = out.summary.provenance.conditions!;
      expect(conditions.cold).toBe(true);
      expect(conditions.warmupMs).toBeGreaterThanOrEqual(LOAD_DELAY_MS - 1);
      // Not a timing race: the first chunk's emission time on the run clock cannot exceed the time between the
      // end of the slow load and the moment its event reached us, unless the clock started before the load ended
      // (then it would be larger by at least the part of LOAD_DELAY_MS inside the clock).
      expect(slow.loadEndedAt).toBeGreaterThan(0);
      expect(out.summary.metrics.stages.firstSampleMs).toBeLessThanOrEqual(
        firstChunkSeenAt - slow.loadEndedAt,
      );
      expect(out.summary.metrics.ttfaMs).toBeLessThanOrEqual(firstChunkSeenAt - slow.loadEndedAt);
      // The store and the runs table say it too.
      expect(store.getRun(first.runId)?.provenance.conditions?.cold).toBe(true);

      const second = await runs.start(BASE).done;
      expect(second.summary.provenance.conditions).toMatchObject({ cold: false, warmupMs: 0 });
    } finally {
      await slow.close();
    }
  });

  it('a model warmed at engine start gives a warm first run; the warm state is announced', async () => {
    const warmed = pool();
    const states: string[] = [];
    warmed.onWarmth((w) => states.push(`${w.model}:${w.state}`));
    try {
      await warmed.warm('fixture');
      expect(states).toEqual(['fixture:warming', 'fixture:ready']);
      expect(warmed.warmth()).toMatchObject([{ model: 'fixture', state: 'ready' }]);
      const { runs } = manager(warmed);
      const out = await runs.start(BASE).done;
      expect(out.summary.provenance.conditions).toMatchObject({ cold: false, warmupMs: 0 });
    } finally {
      await warmed.close();
    }
  });

  it('a model that cannot load reports a failed warm-up with the reason', async () => {
    const p = pool();
    try {
      await expect(p.warm('no-such-model')).rejects.toThrow(/no model "no-such-model"/);
      expect(p.warmth()).toMatchObject([{ model: 'no-such-model', state: 'failed' }]);
      expect(p.warmth()[0]!.error).toMatch(/no model "no-such-model"/);
    } finally {
      await p.close();
    }
  });
});

describe('one measured run at a time', () => {
  it('serialises two runs started together: the second queues, then starts after the first ends', async () => {
    const p = pool();
    const { runs, store } = manager(p);
    try {
      const order: string[] = [];
      const log = (name: string) => (event: ExperimentEvent) => {
        if (event.type === 'queued') order.push(`${name}:queued@${event.position}`);
        if (event.type === 'started' || event.type === 'finished') order.push(`${name}:${event.type}`);
      };
      const a = runs.start(BASE, { onEvent: log('a') });
      const b = runs.start(BASE, { onEvent: log('b') });
      expect(runs.activeRuns().map((r) => [r.state, r.position])).toEqual([
        ['running', null],
        ['queued', 1],
      ]);
      const [outA, outB] = await Promise.all([a.done, b.done]);
      expect(order).toEqual(['b:queued@1', 'a:started', 'a:finished', 'b:started', 'b:finished']);
      expect(outA.summary.provenance.conditions).toMatchObject({ contended: false, overlapMs: 0 });
      expect(outB.summary.provenance.conditions).toMatchObject({
        contended: false,
        overlapMs: 0,
        otherRunsAtStart: 0,
        concurrent: false,
      });
      expect(outB.summary.provenance.conditions!.queuedMs).toBeGreaterThan(0);
      expect(outB.summary.provenance.conditions!.loadAvgStart).toHaveLength(3);
      expect(outB.summary.provenance.conditions!.loadAvgEnd).toHaveLength(3);
      // The stored provenance is the completed one.
      expect(store.getRun(b.runId)?.provenance.conditions?.queuedMs).toBe(
        outB.summary.provenance.conditions!.queuedMs,
      );
    } finally {
      await p.close();
    }
  });

  it('a run started concurrently by choice skips the queue and both runs are flagged contended', async () => {
    const p = pool();
    const { runs, store } = manager(p);
    try {
      await p.warm('fixture');
      // The first run waits 1.5 s for its text (a slow LLM), so it is still active when the second starts.
      let startedA!: () => void;
      const aStarted = new Promise<void>((resolve) => (startedA = resolve));
      const a = runs.start(
        { ...BASE, textSource: { mode: 'llm-stream', firstTokenDelayMs: 1500, tokensPerSecond: 200 } },
        { onEvent: (e) => e.type === 'started' && startedA() },
      );
      await aStarted;
      const b = runs.start(BASE, { concurrent: true });
      expect(runs.activeRuns().map((r) => r.state)).toEqual(['running', 'running']);
      const [outA, outB] = await Promise.all([a.done, b.done]);
      const ca = outA.summary.provenance.conditions!;
      const cb = outB.summary.provenance.conditions!;
      expect(cb).toMatchObject({ concurrent: true, contended: true, otherRunsAtStart: 1 });
      expect(cb.overlapMs).toBeGreaterThan(0);
      // B ran entirely inside A's clock: A overlapped for as long as B was active.
      expect(ca).toMatchObject({ concurrent: false, contended: true, otherRunsMax: 1 });
      expect(ca.overlapMs).toBeGreaterThanOrEqual(cb.overlapMs);
      expect(store.getRun(a.runId)?.provenance.conditions?.contended).toBe(true);
    } finally {
      await p.close();
    }
  });

  it('a queued run can be cancelled before it starts; the run ahead is untouched', async () => {
    const p = pool();
    const { runs, store } = manager(p);
    try {
      const a = runs.start(BASE);
      const events: string[] = [];
      const b = runs.start(BASE, { onEvent: (e) => events.push(e.type) });
      expect(runs.cancel(b.runId)).toBe(true);
      await expect(b.done).rejects.toThrow(/cancelled/);
      expect(events).toEqual(['queued', 'cancelled']);
      expect(store.getRun(b.runId)).toBeUndefined();
      expect((await a.done).summary.status).toBe('finished');
    } finally {
      await p.close();
    }
  });
});

describe('ContentionTracker', () => {
  it('measures how long other runs overlapped each run clock', () => {
    let t = 0;
    const tracker = new ContentionTracker(() => t);
    tracker.activate('a');
    expect(tracker.clockStarted('a')).toBe(0);
    t = 100;
    tracker.activate('b'); // b loads from 100 ms
    t = 150;
    expect(tracker.clockStarted('b')).toBe(1);
    t = 400;
    tracker.activate('c');
    t = 450;
    expect(tracker.finish('c')).toEqual({ overlapMs: 0, otherRunsMax: 0 }); // c never started its clock
    t = 500;
    expect(tracker.finish('a')).toEqual({ overlapMs: 400, otherRunsMax: 2 });
    t = 900;
    expect(tracker.finish('b')).toEqual({ overlapMs: 350, otherRunsMax: 2 });
  });
});
