import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeFloat32, type RunEvent } from '../../../src/contract/index.ts';
import { createEngine } from '../../../src/engine/index.ts';
import { TEST_MODELS_DIR } from '../experiments/helpers.ts';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'seamlab-run-handlers-'));
const engine = createEngine({
  host: 'server',
  modelsDir: TEST_MODELS_DIR,
  databasePath: path.join(work, 'runs.db'),
});
afterAll(async () => {
  await engine.close();
  fs.rmSync(work, { recursive: true, force: true });
});

/** Collects one run's events; `target.id` is set once runs.start has answered. */
function eventsOf(target: { id?: string }) {
  const events: RunEvent[] = [];
  let settle: (() => void) | undefined;
  const done = new Promise<void>((resolve) => (settle = resolve));
  engine.subscribe((name, payload) => {
    if (name !== 'run.event') return;
    const event = payload as RunEvent;
    if (event.runId !== target.id) return;
    events.push(event);
    if (event.type === 'finished' || event.type === 'failed' || event.type === 'cancelled') settle?.();
  });
  return { events, done };
}

describe('runs.start over the contract', () => {
  it('answers at once, streams run.event events with the audio, and records the run in the store', async () => {
    const target: { id?: string } = {};
    const { events, done } = eventsOf(target);
    const { runId } = await engine.handlers['runs.start']({
      config: {
        text: 'Hello my big long beautiful world.',
        schedule: { kind: 'fixed', tokens: 12 },
        boundary: { kind: 'overlap-add', overlapTokens: 2, crossfadeMs: 30, shape: 'hann' },
        sampler: {
          greedy: true,
          cfgWeight: 0,
          temperature: 0.8,
          topK: 0,
          topP: 1,
          minP: 0.05,
          repetitionPenalty: 1.2,
        },
      } as never,
      save: true,
      concurrent: false,
    });
    target.id = runId;
    await done;
    const finished = events.at(-1)!;
    expect(finished.type).toBe('finished');
    const chunks = events.filter((e) => e.type === 'chunk');
    const samples = chunks.reduce(
      (n, e) => n + (e.type === 'chunk' ? decodeFloat32(e.audio.float32).length : 0),
      0,
    );
    if (finished.type !== 'finished') throw new Error('not finished');
    expect(samples).toBe(finished.summary.metrics.tokens * 960);
    const stored = engine.context.store().getRun(runId);
    expect(stored?.status).toBe('finished');
    expect(stored?.chunks.length).toBe(finished.summary.chunks.length);
    expect(engine.context.store().getAudio(runId, 'stream')?.samples.length).toBe(samples);
  });

  it('a run the model refuses before it starts is reported as a failed event and leaves no row', async () => {
    const target: { id?: string } = {};
    const { events, done } = eventsOf(target);
    const { runId } = await engine.handlers['runs.start']({
      config: { text: 'Hello.', boundary: { kind: 'stateful' } } as never,
      save: true,
      concurrent: false,
    });
    target.id = runId;
    await done;
    const last = events.at(-1)!;
    expect(last.type).toBe('failed');
    if (last.type === 'failed') expect(last.error.code).toBe('invalid_combination');
    // Nothing ran, so there is nothing to keep: the history only holds runs that started.
    expect(engine.context.store().getRun(runId)).toBeUndefined();
    if (last.type === 'failed') expect(last.error.message).toMatch(/stateful treatment cannot run/);
  });

  it('runs.cancel stops a run in flight and it is stored as cancelled', async () => {
    const target: { id?: string } = {};
    const { events, done } = eventsOf(target);
    const { runId } = await engine.handlers['runs.start']({
      config: { text: 'Hello my big long beautiful world, spoken slowly.', model: 'fixture-heavy' } as never,
      save: true,
      concurrent: false,
    });
    target.id = runId;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await engine.handlers['runs.cancel']({ runId })).cancelled).toBe(true);
    await done;
    expect(events.at(-1)!.type).toBe('cancelled');
    expect(engine.context.store().getRun(runId)?.status).toBe('cancelled');
    expect((await engine.handlers['runs.cancel']({ runId })).cancelled).toBe(false);
  });

  it('a worker killed mid-run fails the run clearly, keeps it as failed, and the next run succeeds', async () => {
    const target: { id?: string } = {};
    const { events, done } = eventsOf(target);
    const config = {
      text: 'Hello my big long beautiful world.',
      model: 'fixture-heavy',
      schedule: { kind: 'fixed', tokens: 5 },
    };
    let killed = false;
    const stop = engine.subscribe((name, payload) => {
      const event = payload as RunEvent;
      if (name === 'run.event' && event.runId === target.id && event.type === 'chunk' && !killed) {
        killed = true;
        void engine.context.models
          .get('fixture-heavy', { providers: ['cpu'], intraOpThreads: 0, graphOptimizationLevel: 'all' })
          .then((model) => model.runtime.killWorker('token'));
      }
    });
    const { runId } = await engine.handlers['runs.start']({
      config: config as never,
      save: true,
      concurrent: false,
    });
    target.id = runId;
    await done;
    stop();
    const last = events.at(-1)!;
    expect(last.type).toBe('failed');
    if (last.type === 'failed')
      expect(last.error.message).toMatch(/token\.worker worker stopped unexpectedly/);
    const stored = engine.context.store().getRun(runId);
    expect(stored?.status).toBe('failed');
    expect(stored?.error).toMatch(/stopped unexpectedly/);

    const nextTarget: { id?: string } = {};
    const next = eventsOf(nextTarget);
    nextTarget.id = (
      await engine.handlers['runs.start']({ config: config as never, save: true, concurrent: false })
    ).runId;
    await next.done;
    expect(next.events.at(-1)!.type).toBe('finished');
  });

  it('runs.active lists the runs in flight with their events so far, and a second run queues behind the first', async () => {
    const first: { id?: string } = {};
    const firstEvents = eventsOf(first);
    const config = { text: 'Hello my big long beautiful world.', model: 'fixture-heavy' } as never;
    first.id = (await engine.handlers['runs.start']({ config, save: false, concurrent: false })).runId;
    const second: { id?: string } = {};
    const secondEvents = eventsOf(second);
    second.id = (await engine.handlers['runs.start']({ config, save: false, concurrent: false })).runId;
    await new Promise<void>((resolve) => {
      const stop = engine.subscribe((name, payload) => {
        const event = payload as RunEvent;
        if (name === 'run.event' && event.runId === first.id && event.type === 'chunk') {
          stop();
          resolve();
        }
      });
    });
    const { runs } = await engine.handlers['runs.active']({});
    expect(runs.map((r) => [r.runId, r.state, r.position])).toEqual([
      [first.id, 'running', null],
      [second.id, 'queued', 1],
    ]);
    // The replay starts with the run's 'started' event and carries its chunks (audio included).
    expect(runs[0]!.events[0]!.type).toBe('started');
    expect(runs[0]!.events.some((e) => e.type === 'chunk' && e.audio.float32.length > 0)).toBe(true);
    expect(runs[1]!.events.map((e) => e.type)).toEqual(['queued']);
    await engine.handlers['runs.cancel']({ runId: second.id });
    await Promise.all([firstEvents.done, secondEvents.done]);
    expect(secondEvents.events.map((e) => e.type)).toEqual(['cancelled']);
    expect((await engine.handlers['runs.active']({})).runs).toEqual([]);
  });
});
