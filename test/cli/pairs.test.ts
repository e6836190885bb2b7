import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readWavFile } from '../../src/engine/audio/wav.ts';
import { SYNTHETIC_LABEL, openStore } from '../../src/engine/store/index.ts';
import { bytesOf } from '../engine/store/fixtures/runs.ts';
import { saveRun } from '../engine/store/helpers.ts';
import { jsonOf, seamlab as runCli } from './cli-process.ts';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'seamlab-cli-pairs-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const seamlab = (args: string[]) => runCli(['pairs', ...args], { dataDir: path.join(work, 'data') });
const json = jsonOf;

interface PairDoc {
  id: string;
  runA: string;
  runB: string;
  label: string;
  note: string;
  differences: string[];
}

describe('seamlab pairs', () => {
  it('creates pairs of runs on the same text and voice, lists them, exports them, deletes them', async () => {
    const db = path.join(work, 'pairs.db');
    const store = openStore(db);
    const naive = saveRun(store, 1, { boundary: { kind: 'none' } });
    const ola = saveRun(store, 1, { boundary: { kind: 'overlap-add', overlapTokens: 2, crossfadeMs: 40 } });
    const context = saveRun(store, 1, { boundary: { kind: 'context', contextTokens: 20 } });
    const otherText = saveRun(store, 1, { text: 'Something else entirely.' });
    const audio = new Map([naive, ola].map((id) => [id, store.getAudio(id, 'stream')!.samples]));
    store.close();

    const [created, refused, missing] = await Promise.all([
      seamlab([
        'create',
        naive.slice(0, 8),
        ola,
        '--label',
        'naive vs OLA',
        '--note',
        'listen at 1 s',
        '--db',
        db,
        '--json',
      ]),
      seamlab(['create', naive, otherText, '--db', db]),
      seamlab(['create', naive, 'abcdef00', '--db', db, '--json']),
    ]);
    const pair = json<PairDoc>(created);
    expect(pair).toMatchObject({ runA: naive, runB: ola, label: 'naive vs OLA', note: 'listen at 1 s' });
    expect(pair.differences).toEqual([
      'boundary.crossfadeMs',
      'boundary.kind',
      'boundary.overlapTokens',
      'boundary.shape',
    ]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('a sample pair needs two runs on the same text and voice');
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stdout)).toEqual({ error: { code: 'not-found', message: 'no run abcdef00' } });

    const second = json<PairDoc>(await seamlab(['create', ola, context, '--db', db, '--json']));
    const [all, ofContext, human] = await Promise.all([
      seamlab(['list', '--db', db, '--json']),
      seamlab(['list', '--run', context, '--db', db, '--json']),
      seamlab(['list', '--db', db]),
    ]);
    expect(json<{ pairs: PairDoc[] }>(all).pairs.map((p) => p.id)).toEqual([pair.id, second.id]);
    expect(json<{ pairs: PairDoc[] }>(ofContext).pairs).toEqual([
      expect.objectContaining({ id: second.id, runA: ola, runB: context }),
    ]);
    expect(human.stdout).toContain(`${pair.id} "naive vs OLA"`);
    expect(human.stdout).toContain(
      `  A ${naive}\n  B ${ola}\n  differs in: boundary.crossfadeMs, boundary.kind`,
    );
    expect(human.stdout).toContain('  note: listen at 1 s');

    const out = path.join(work, 'out');
    const exported = json<{ files: string[] }>(
      await seamlab(['export', pair.id.slice(0, 8), '--out', out, '--db', db, '--json']),
    );
    expect(exported.files.map((f) => path.basename(f))).toEqual([
      `pair-${pair.id}.A.wav`,
      `pair-${pair.id}.B.wav`,
      `pair-${pair.id}.json`,
    ]);
    for (const [side, id] of [
      ['A', naive],
      ['B', ola],
    ] as const) {
      const wav = await readWavFile(path.join(out, `pair-${pair.id}.${side}.wav`));
      expect(Buffer.compare(bytesOf(wav.channels[0]!), bytesOf(audio.get(id)!))).toBe(0);
    }
    const sidecar = JSON.parse(fs.readFileSync(path.join(out, `pair-${pair.id}.json`), 'utf8')) as {
      pair: { label: string };
      a: { run: { id: string }; label: string };
      b: { run: { id: string } };
    };
    expect(sidecar.pair.label).toBe('naive vs OLA');
    expect([sidecar.a.run.id, sidecar.b.run.id]).toEqual([naive, ola]);
    expect(sidecar.a.label).toBe(SYNTHETIC_LABEL);

    const [unknownExport, deleted] = await Promise.all([
      seamlab(['export', 'ffffffff', '--out', out, '--db', db]),
      seamlab(['delete', second.id, '--db', db, '--json']),
    ]);
    expect(unknownExport.code).toBe(1);
    expect(unknownExport.stderr).toContain('no sample pair ffffffff');
    expect(json<{ deleted: string[] }>(deleted).deleted).toEqual([second.id]);
    const after = openStore(db);
    try {
      expect(after.listPairs().map((p) => p.id)).toEqual([pair.id]);
      expect(after.listRuns().total).toBe(4);
    } finally {
      after.close();
    }
  });
});
