import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readWavFile } from '../../../src/engine/audio/wav.ts';
import {
  SYNTHETIC_LABEL,
  csvField,
  exportBundle,
  exportPair,
  exportRun,
  importBundle,
  openStore,
  sessionCsv,
  sessionJson,
  type RunSidecar,
  type RunStore,
} from '../../../src/engine/store/index.ts';
import { bytesOf, makeAudio, makeConfig, makeProvenance, makeSummary, newId } from './fixtures/runs.ts';
import { saveRun, tempDir } from './helpers.ts';

let dir: string;
let store: RunStore;
beforeEach(() => {
  dir = tempDir();
  store = openStore(path.join(dir, 'a.db'));
});
afterEach(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('run and pair export', () => {
  it('writes bit-exact float WAVs and a sidecar labelled synthetic', async () => {
    const id = saveRun(store, 4);
    store.addTags(id, ['keep']);
    const { files } = await exportRun(store, id, path.join(dir, 'out'), { baseName: 'r' });
    expect(files.map((f) => path.basename(f))).toEqual(['r.stream.wav', 'r.reference.wav', 'r.json']);
    for (const kind of ['stream', 'reference'] as const) {
      const wav = await readWavFile(path.join(dir, 'out', `r.${kind}.wav`));
      expect(wav.sampleRate).toBe(24000);
      expect(wav.channels).toHaveLength(1);
      expect(Buffer.compare(bytesOf(wav.channels[0]!), bytesOf(store.getAudio(id, kind)!.samples))).toBe(0);
    }
    const sidecar = JSON.parse(fs.readFileSync(path.join(dir, 'out', 'r.json'), 'utf8')) as RunSidecar;
    expect(sidecar).toMatchObject({ synthetic: true, label: SYNTHETIC_LABEL, tags: ['keep'] });
    expect(sidecar.run).toEqual(JSON.parse(JSON.stringify(store.getRun(id))));
    // Configuration, chunks, boundaries and metrics, exactly as stored, and the model's synthetic flag.
    const run = store.getRun(id)!;
    expect(sidecar.run.config).toEqual(run.config);
    expect(sidecar.run.chunks).toEqual(run.chunks);
    expect(sidecar.run.chunks).toHaveLength(4);
    expect(sidecar.run.boundaries).toEqual(run.boundaries);
    expect(sidecar.run.metrics).toEqual(run.metrics);
    expect(sidecar.run.provenance.model.synthetic).toBe(true);
    expect(sidecar.audio.map((a) => `${a.kind}#${a.repeatIndex}`)).toEqual([
      'stream#0',
      'reference#0',
      'reference-repeat#0',
    ]);
    expect(sidecar.audio.find((a) => a.kind === 'stream')).toMatchObject({
      file: 'r.stream.wav',
      sampleCount: 2400,
    });
  });

  it('does not label a run of a real model synthetic', async () => {
    const id = newId();
    const config = makeConfig({ seed: 2 });
    store.beginRun(id, config, makeProvenance(false));
    store.finishRun(
      id,
      { ...makeSummary(id, config, 2), provenance: makeProvenance(false) },
      makeAudio(2, 100),
    );
    await exportRun(store, id, path.join(dir, 'real'), { baseName: 'r' });
    const sidecar = JSON.parse(fs.readFileSync(path.join(dir, 'real', 'r.json'), 'utf8')) as RunSidecar;
    expect(sidecar.synthetic).toBe(false);
    expect(sidecar.label).toBeUndefined();
    expect(sidecar.run.provenance.model).toMatchObject({ id: 'chatterbox-q4', synthetic: false });
  });

  it('writes a pair as two WAVs and a JSON naming the differing knobs', async () => {
    const a = saveRun(store, 1, { boundary: { kind: 'none' } });
    const b = saveRun(store, 1, { boundary: { kind: 'overlap-add', overlapTokens: 2, crossfadeMs: 40 } });
    const pair = store.createPair({ runA: a, runB: b, label: 'naive vs OLA' });
    const { files } = await exportPair(store, pair.id, path.join(dir, 'pair'), { baseName: 'p' });
    expect(files.map((f) => path.basename(f))).toEqual(['p.A.wav', 'p.B.wav', 'p.json']);
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'pair', 'p.json'), 'utf8')) as {
      differences: string[];
      a: RunSidecar;
    };
    expect(json.differences).toEqual([
      'boundary.crossfadeMs',
      'boundary.kind',
      'boundary.overlapTokens',
      'boundary.shape',
    ]);
    expect(json.a.run.id).toBe(a);
    for (const [side, runId] of [
      ['A', a],
      ['B', b],
    ] as const) {
      const wav = await readWavFile(path.join(dir, 'pair', `p.${side}.wav`));
      expect(
        Buffer.compare(bytesOf(wav.channels[0]!), bytesOf(store.getAudio(runId, 'stream')!.samples)),
      ).toBe(0);
    }
  });
});

describe('listening session export', () => {
  it('writes one properly quoted CSV row per rating, and the whole session as JSON', () => {
    const a = saveRun(store, 1);
    const b = saveRun(store, 2);
    const session = store.createSession({
      kind: 'ab-cmos',
      name: 's',
      listener: 'bo, "the ear"',
      design: {},
      trials: [
        {
          presentation: { left: 'B' },
          stimuli: [
            { key: 'A', role: 'naive', runId: a, audioKind: 'stream' },
            { key: 'B', role: 'ola', runId: b, audioKind: 'stream' },
          ],
        },
      ],
    });
    store.addRating({
      sessionId: session.id,
      trialIndex: 0,
      stimulus: 'B',
      score: -2,
      timeMs: 800,
      replays: 3,
      listeningMs: 5000,
      comment: 'line one\nline "two", end',
    });
    const csv = sessionCsv(store, session.id);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(
      'session,kind,listener,trial,stimulus,role,run_id,score,answer,correct,time_ms,replays,listening_ms,comment,created_at',
    );
    expect(lines[1]).toMatch(
      new RegExp(
        `^${session.id},ab-cmos,"bo, ""the ear""",0,B,ola,${b},-2,,,800,3,5000,"line one\\nline ""two"", end",\\d{4}-`,
      ),
    );
    expect(lines).toHaveLength(3); // header, one rating, trailing empty after the final CRLF
    expect(csvField(' padded')).toBe('" padded"');
    expect(sessionJson(store, session.id).session.trials[0]?.ratings[0]?.score).toBe(-2);
  });
});

describe('bundles', () => {
  it('round-trips runs, a sweep and a pair into another store with new ids, bit-exact audio and equal metrics', async () => {
    const sweep = store.createSweep({ name: 'sw', grid: { seed: [1, 2] }, repeats: 1 });
    const a = saveRun(store, 1);
    const b = saveRun(store, 2, { boundary: { kind: 'overlap-add', overlapTokens: 2, crossfadeMs: 40 } });
    store.linkRunToSweep(a, { sweepId: sweep.id, pointIndex: 0, point: { seed: 1 }, repeatIndex: 0 });
    store.linkRunToSweep(b, { sweepId: sweep.id, pointIndex: 1, point: { seed: 2 }, repeatIndex: 0 });
    store.addTags(a, ['x']);
    store.addNote(b, 'note b');
    const pair = store.createPair({ runA: a, runB: b, label: 'l' });
    const bundle = path.join(dir, 'sel.seamlab-bundle.jsonl');
    expect(exportBundle(store, [a, b], bundle)).toMatchObject({ runs: 2, sweeps: 1, pairs: 1 });

    const target = openStore(path.join(dir, 'b.db'));
    try {
      const report = await importBundle(target, bundle);
      expect(report.imported).toHaveLength(2);
      expect(report.skipped).toEqual([]);
      const map = new Map(report.imported.map((r) => [r.from, r.to]));
      for (const [from, to] of map) {
        expect(to).not.toBe(from);
        const src = store.getRun(from)!;
        const dst = target.getRun(to)!;
        expect({ ...dst, id: src.id }).toEqual(src);
        for (const info of store.listAudio(from)) {
          const got = target.getAudio(to, info.kind, info.repeatIndex)!;
          expect(got.sha256).toBe(info.sha256);
          expect(
            Buffer.compare(
              bytesOf(got.samples),
              bytesOf(store.getAudio(from, info.kind, info.repeatIndex)!.samples),
            ),
          ).toBe(0);
        }
      }
      expect(target.getTags(map.get(a)!)).toEqual(['x']);
      expect(target.getNotes(map.get(b)!).map((n) => n.body)).toEqual(['note b']);
      const [newPair] = target.listPairs();
      expect(newPair).toMatchObject({ runA: map.get(a), runB: map.get(b), label: 'l' });
      expect(newPair?.id).not.toBe(pair.id);
      const newSweep = target.getSweep(report.sweeps[0]!.to)!;
      expect(newSweep.runs.map((r) => r.runId)).toEqual([map.get(a), map.get(b)]);
      expect(target.aggregateSweep(newSweep.id, 'ttfa_ms')).toEqual(
        store.aggregateSweep(sweep.id, 'ttfa_ms'),
      );

      // Importing again finds everything already there.
      const again = await importBundle(target, bundle);
      expect(again.imported).toEqual([]);
      expect(again.skipped.map((s) => s.existing).sort()).toEqual([...map.values()].sort());
      expect(again.skippedPairs).toEqual([pair.id]);
      expect(target.listRuns().total).toBe(2);
    } finally {
      target.close();
    }
  });

  it('refuses a truncated or tampered bundle and imports nothing', async () => {
    const a = saveRun(store, 1);
    saveRun(store, 2, { text: makeConfig().text });
    const bundle = path.join(dir, 'x.jsonl');
    exportBundle(store, [a], bundle);
    const lines = fs.readFileSync(bundle, 'utf8').trimEnd().split('\n');
    fs.writeFileSync(path.join(dir, 'cut.jsonl'), `${lines.slice(0, -1).join('\n')}\n`);
    const target = openStore(path.join(dir, 'c.db'));
    try {
      await expect(importBundle(target, path.join(dir, 'cut.jsonl'))).rejects.toThrow(
        /truncated; nothing was imported/,
      );
      const run = JSON.parse(lines[1]!) as { audio: { data: string }[] };
      run.audio[0]!.data = Buffer.from(new Float32Array([1, 2, 3]).buffer).toString('base64');
      fs.writeFileSync(
        path.join(dir, 'bad.jsonl'),
        [lines[0], JSON.stringify(run), ...lines.slice(2)].join('\n'),
      );
      await expect(importBundle(target, path.join(dir, 'bad.jsonl'))).rejects.toThrow(/fails its checksum/);
      expect(target.listRuns().total).toBe(0);
    } finally {
      target.close();
    }
  });
});
