import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/engine/store/index.ts';

// The fixture model is generated on first use into a folder shared with the engine tests.
const MODELS = path.join(os.tmpdir(), 'seamlab-test-models');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seamlab-cli-sweep-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const RUN_FLAGS = [
  '--text',
  'Hello my big long beautiful world',
  '--chunk-tokens',
  '8',
  '--greedy',
  '--noise-floor-repeats',
  '0',
];

function seamlab(args: string[]) {
  return spawnSync(process.execPath, ['scripts/seamlab.cjs', 'sweep', '--models', MODELS, ...args], {
    encoding: 'utf8',
    env: { ...process.env, SEAMLAB_QUIET: '1' },
    timeout: 120_000,
  });
}

interface Row {
  sweepId: string | null;
  point: number;
  repeat: number;
  overlap?: number;
  seed?: number;
  runId: string;
  status: string;
  resumed: boolean;
  synthetic?: boolean;
  tokens: number;
  medianClickScore: number;
  ttfaMs: number;
}

describe('seamlab sweep', () => {
  it('--json runs the grid x repeats, prints one document with a row per run, and --resume runs only what is missing', () => {
    const db = path.join(dir, 'resume.db');
    const result = seamlab([...RUN_FLAGS, '--param', 'overlap=0..1', '--repeat', '2', '--db', db, '--json']);
    expect(result.status, result.stderr).toBe(0);
    const doc = JSON.parse(result.stdout) as {
      sweepId: string;
      state: string;
      total: number;
      synthetic: boolean;
      label: string;
      params: { name: string; path: string; values: number[] }[];
      rows: Row[];
    };
    expect(doc.state).toBe('finished');
    expect(doc.total).toBe(4);
    expect(doc.params).toEqual([{ name: 'overlap', path: 'boundary.overlapTokens', values: [0, 1] }]);
    expect(doc.synthetic).toBe(true);
    expect(doc.label).toMatch(/^synthetic test model/);
    expect(doc.rows.map((r) => [r.point, r.repeat, r.overlap, r.status])).toEqual([
      [0, 0, 0, 'finished'],
      [0, 1, 0, 'finished'],
      [1, 0, 1, 'finished'],
      [1, 1, 1, 'finished'],
    ]);
    // Repeats share the seed: the same tokens and boundaries, so the same click scores (timings differ).
    expect(doc.rows[1]!.medianClickScore).toBe(doc.rows[0]!.medianClickScore);
    expect(doc.rows[3]!.medianClickScore).toBe(doc.rows[2]!.medianClickScore);
    // A one-token overlap smooths the naive seams of overlap 0.
    expect(doc.rows[2]!.medianClickScore).toBeLessThan(doc.rows[0]!.medianClickScore);
    expect(new Set(doc.rows.map((r) => r.runId)).size).toBe(4);
    expect(result.stderr).toContain('2 points x 2 repeat(s) = 4 runs');
    expect(result.stderr).toContain('synthetic test model');

    // Lose one run (as if the sweep had died before it), then resume: exactly that run is made again.
    const store = openStore(db);
    const sweep = store.getSweep(doc.sweepId)!;
    expect(sweep.runs.map((r) => r.runId)).toEqual(doc.rows.map((r) => r.runId));
    store.deleteRun(doc.rows[2]!.runId);
    store.close();

    const resumed = seamlab(['--resume', doc.sweepId, '--db', db, '--json']);
    expect(resumed.status, resumed.stderr).toBe(0);
    const again = JSON.parse(resumed.stdout) as { rows: Row[]; resumed: number };
    expect(again.resumed).toBe(3);
    expect(again.rows.map((r) => [r.point, r.repeat, r.resumed])).toEqual([
      [0, 0, true],
      [0, 1, true],
      [1, 0, false],
      [1, 1, true],
    ]);
    expect(again.rows[2]!.runId).not.toBe(doc.rows[2]!.runId);
    expect(again.rows[2]!.medianClickScore).toBe(doc.rows[2]!.medianClickScore);
    const reopened = openStore(db);
    expect(reopened.getSweep(doc.sweepId)!.runs.map((r) => r.status)).toEqual(Array(4).fill('finished'));
    reopened.close();
    // Two CLI processes, seven runs, each process warming its model first: more than the default 30 s when loaded.
  }, 120_000);

  it('without --json prints one JSON line per run as it finishes; --no-save stores nothing', () => {
    const db = path.join(dir, 'nosave.db');
    const result = seamlab([...RUN_FLAGS, '--param', 'seed=1,2', '--no-save', '--db', db]);
    expect(result.status, result.stderr).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    const rows = lines.map((line) => JSON.parse(line) as Row);
    expect(rows.map((r) => [r.point, r.seed, r.sweepId, r.status])).toEqual([
      [0, 1, null, 'finished'],
      [1, 2, null, 'finished'],
    ]);
    const store = openStore(db);
    expect(store.listSweeps()).toEqual([]);
    expect(store.listRuns().total).toBe(0);
    store.close();
  });

  it('refuses an invalid grid before running anything, naming each bad point (exit 2)', () => {
    const db = path.join(dir, 'invalid.db');
    const result = seamlab([...RUN_FLAGS, '--param', 'overlap=1..3', '--crossfade-ms', '100', '--db', db]);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('invalid sweep: 2 problem(s)');
    expect(result.stderr).toContain(
      'grid point 1 of 3 (boundary.overlapTokens=1): boundary.crossfadeMs: crossfadeMs must fit inside the overlap',
    );
    expect(result.stderr).toContain('grid point 2 of 3 (boundary.overlapTokens=2)');
    const unknown = seamlab([...RUN_FLAGS, '--param', 'overlapp=1..3', '--db', db]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('"overlapp" is not a sweepable knob');
    const store = openStore(db);
    expect(store.listSweeps()).toEqual([]);
    store.close();
  });
});
