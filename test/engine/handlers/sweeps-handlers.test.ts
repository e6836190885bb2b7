import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContractError, methods, type PayloadOf } from '../../../src/contract/index.ts';
import { createEngine, type Engine } from '../../../src/engine/engine.ts';

const MODELS = path.join(os.tmpdir(), 'seamlab-test-models');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seamlab-sweeps-handlers-'));
let engine: Engine;
const progress: PayloadOf<'sweep.progress'>[] = [];

beforeAll(() => {
  engine = createEngine({ host: 'server', databasePath: path.join(dir, 'runs.db'), modelsDir: MODELS });
  engine.subscribe((event, payload) => {
    if (event === 'sweep.progress') progress.push(payload as PayloadOf<'sweep.progress'>);
  });
});
afterAll(async () => {
  await engine.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const base = {
  text: 'Hello my big long beautiful world',
  schedule: { kind: 'fixed', tokens: 8 },
  sampler: { greedy: true, cfgWeight: 0 },
  noiseFloorRepeats: 0,
};

function waitFor(sweepId: string, state: string): Promise<PayloadOf<'sweep.progress'>> {
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      const hit = progress.find((p) => p.sweepId === sweepId && p.state === state);
      if (hit) {
        clearInterval(timer);
        resolve(hit);
      }
    }, 20);
  });
}

describe('sweeps handlers (real engine, fixture model)', () => {
  it('plans a grid, or refuses it as a bad request listing every problem', async () => {
    const planned = await engine.handlers['sweeps.plan']({
      base,
      params: ['overlap=0..4'],
      repeats: 2,
      varySeed: false,
    });
    methods['sweeps.plan'].result.parse(planned);
    expect(planned.total).toBe(10);
    expect(planned.points.map((p) => p.values['boundary.overlapTokens'])).toEqual([0, 1, 2, 3, 4]);
    expect(planned.title).toBe('overlap 0..4 (2 repeats)');

    const refused = await engine.handlers['sweeps.plan']({
      base: { ...base, boundary: { kind: 'overlap-add', crossfadeMs: 100 } },
      params: ['overlap=1..3'],
      repeats: 1,
      varySeed: false,
    }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ContractError);
    expect((refused as ContractError).code).toBe('invalid_request');
    expect((refused as ContractError).details).toEqual({
      problems: [
        'grid point 1 of 3 (boundary.overlapTokens=1): boundary.crossfadeMs: crossfadeMs must fit inside the overlap (overlapTokens x 40 ms)',
        'grid point 2 of 3 (boundary.overlapTokens=2): boundary.crossfadeMs: crossfadeMs must fit inside the overlap (overlapTokens x 40 ms)',
      ],
    });
  });

  it('runs a sweep in the background with progress events; cancel stops it; resume completes it', async () => {
    const { sweepId, total } = await engine.handlers['sweeps.start']({
      base,
      params: ['overlap=0..2'],
      repeats: 1,
      varySeed: false,
      name: 'overlap check',
    });
    expect(total).toBe(3);
    // A second sweep while one runs would spoil both sweeps' timings.
    await expect(
      engine.handlers['sweeps.start']({ base, params: ['seed=1,2'], repeats: 1, varySeed: false }),
    ).rejects.toThrow(/another sweep \(overlap check\) is running/);

    // Cancel as soon as the first run is in.
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (progress.some((p) => p.sweepId === sweepId && p.row)) {
          clearInterval(timer);
          resolve();
        }
      }, 10);
    });
    expect(await engine.handlers['sweeps.cancel']({ sweepId })).toEqual({ cancelled: true });
    const cancelled = await waitFor(sweepId, 'cancelled');
    expect(cancelled.completed).toBeGreaterThanOrEqual(1);
    expect(cancelled.completed).toBeLessThan(3);

    const midway = await engine.handlers['sweeps.get']({ sweepId });
    methods['sweeps.get'].result.parse(midway);
    expect(midway.sweep.state).toBe('cancelled');
    expect(midway.rows).toHaveLength(3);
    expect(midway.rows.filter((r) => r.status === 'finished')).toHaveLength(cancelled.completed);

    const resumed = await engine.handlers['sweeps.resume']({ sweepId });
    expect(resumed.remaining).toBe(3 - cancelled.completed);
    const finished = await waitFor(sweepId, 'finished');
    expect(finished.completed).toBe(3);
    expect(finished.resumed).toBe(cancelled.completed);

    const done = await engine.handlers['sweeps.get']({ sweepId });
    methods['sweeps.get'].result.parse(done);
    expect(done.sweep).toMatchObject({
      name: 'overlap check',
      state: 'finished',
      finished: 3,
      total: 3,
      points: 3,
      synthetic: true,
    });
    expect(done.rows.map((r) => [r.point['boundary.overlapTokens'], r.status, r.synthetic])).toEqual([
      [0, 'finished', true],
      [1, 'finished', true],
      [2, 'finished', true],
    ]);
    // Overlap 0 is a naive join; one overlapping token already smooths it.
    expect(done.rows[1]!.metrics!.medianClickScore!).toBeLessThan(done.rows[0]!.metrics!.medianClickScore!);
    for (const row of done.rows) expect(engine.context.store().getRun(row.runId!)!.status).toBe('finished');

    const list = await engine.handlers['sweeps.list']({});
    methods['sweeps.list'].result.parse(list);
    expect(list.map((s) => [s.id, s.state])).toContainEqual([sweepId, 'finished']);
    // Progress events always carry a consistent count.
    for (const p of progress.filter((p) => p.sweepId === sweepId))
      expect(p.completed).toBeLessThanOrEqual(p.total);
  });
});
