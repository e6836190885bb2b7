import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createDispatcher,
  decodeFloat32,
  type Envelope,
  type MethodName,
  type ParamsOf,
  type PayloadOf,
  type ResultOf,
} from '../../../src/contract/index.ts';
import { ENVELOPE_BUCKETS } from '../../../src/contract/methods/library.ts';
import { encodeWav } from '../../../src/engine/audio/wav.ts';
import { createEngine, type Engine } from '../../../src/engine/index.ts';
import { makeAudio, makeConfig, makeProvenance, makeSummary, newId } from '../store/fixtures/runs.ts';

let dir: string;
let engine: Engine;
let dispatch: (method: unknown, params: unknown) => Promise<Envelope>;
let changes: PayloadOf<'runs.changed'>[];

/** Calls a method through the contract's dispatcher, so params and results are validated as on the wire. */
async function call<M extends MethodName>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>> {
  const envelope = await dispatch(method, params);
  if (!envelope.ok) throw new Error(`${envelope.error.code}: ${envelope.error.message}`);
  return envelope.result as ResultOf<M>;
}

async function callError(method: MethodName, params: unknown): Promise<{ code: string; message: string }> {
  const envelope = await dispatch(method, params);
  if (envelope.ok) throw new Error(`${method} should have failed`);
  return envelope.error;
}

/** Saves a finished run with `chunks` chunks and distinctive audio; returns its id. */
function saveRun(seed: number, overrides: Record<string, unknown> = {}, chunks = 4): string {
  const store = engine.context.store();
  const id = newId();
  const config = makeConfig({ seed, ...overrides });
  store.beginRun(id, config, makeProvenance());
  store.finishRun(id, makeSummary(id, config, seed, chunks), makeAudio(seed, 4800));
  return id;
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seamlab-library-'));
  vi.stubEnv('SEAMLAB_DATA_DIR', path.join(dir, 'data'));
  engine = createEngine({
    host: 'server',
    modelsDir: path.join(dir, 'models'),
    databasePath: path.join(dir, 'runs.db'),
  });
  dispatch = createDispatcher(engine.handlers);
  changes = [];
  engine.subscribe((event, payload) => {
    if (event === 'runs.changed') changes.push(payload as PayloadOf<'runs.changed'>);
  });
});

afterEach(async () => {
  vi.useRealTimers();
  await engine.close();
  vi.unstubAllEnvs();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('runs.list', () => {
  it('filters by knob, metric, tag and text, sorts and pages in the database', async () => {
    const ids = [0, 1, 2, 3, 4].map((seed) =>
      saveRun(seed, {
        boundary: seed % 2 ? { kind: 'overlap-add', overlapTokens: seed, crossfadeMs: 40 } : { kind: 'none' },
        ...(seed === 3 ? { text: 'A completely different sentence about llamas.' } : {}),
      }),
    );
    await call('runs.tag', { id: ids[2]!, add: ['keeper'] });

    const all = await call('runs.list', {});
    expect(all.total).toBe(5);

    const overlap = await call('runs.list', {
      filter: { where: [{ field: 'config.boundary.overlapTokens', op: '>=', value: 1 }] },
      sort: { field: 'config.boundary.overlapTokens', direction: 'desc' },
    });
    expect(overlap.rows.map((r) => r.config.seed)).toEqual([3, 1]);

    // makeSummary: ttfaMs = 100 + seed * 10.
    const fast = await call('runs.list', {
      filter: { where: [{ field: 'ttfa_ms', op: '<', value: 125 }] },
      sort: { field: 'ttfa_ms' },
    });
    expect(fast.rows.map((r) => r.metrics?.ttfa_ms)).toEqual([100, 110, 120]);

    const tagged = await call('runs.list', { filter: { tagsAll: ['keeper'] } });
    expect(tagged.rows.map((r) => r.id)).toEqual([ids[2]]);
    expect(tagged.rows[0]!.tags).toEqual(['keeper']);

    const llamas = await call('runs.list', { filter: { search: 'llama' } });
    expect(llamas.rows.map((r) => r.id)).toEqual([ids[3]]);

    const page = await call('runs.list', { sort: { field: 'seed' }, page: { limit: 2, offset: 2 } });
    expect(page.total).toBe(5);
    expect(page.rows.map((r) => r.seed)).toEqual([2, 3]);
    expect(page.rows[0]!.synthetic).toBe(true);
  });

  it('names the problem when a field or value is not allowed', async () => {
    saveRun(1);
    const unknown = await callError('runs.list', {
      filter: { where: [{ field: 'nope', op: '=', value: 1 }] },
    });
    expect(unknown.message).toMatch(/unknown field "nope"/);
    const injected = await callError('runs.list', {
      sort: { field: 'seed; DROP TABLE runs' },
    });
    expect(injected.code).toBe('invalid_request');
    const tooBig = await callError('runs.list', { page: { limit: 5000 } });
    expect(tooBig.message).toMatch(/limit/);
    expect((await call('runs.list', {})).total).toBe(1);
  });
});

describe('runs.get and runs.audio', () => {
  it('returns the whole stored run with tags, notes and audio info, and the exact samples', async () => {
    const id = saveRun(7, {}, 5);
    await call('runs.tag', { id, add: ['b', 'a'] });
    await call('runs.note', { id, body: 'clicks at 2 s' });

    const got = await call('runs.get', { id });
    expect(got.run.id).toBe(id);
    expect(got.run.chunks).toHaveLength(5);
    expect(got.chunksOmitted).toBe(false);
    expect(got.run.boundaries.map((b) => b.sample)).toEqual([24000, 48000, 72000, 96000]);
    // The run view asks without the per-chunk timeline, then for the timeline on its own.
    const light = await call('runs.get', { id, chunks: false });
    expect(light.chunksOmitted).toBe(true);
    expect(light.run.chunks).toEqual([]);
    expect(light.run.boundaries).toEqual(got.run.boundaries);
    expect(light.run.metrics).toEqual(got.run.metrics);
    expect((await call('runs.chunks', { id: id.slice(0, 8) })).chunks).toEqual(got.run.chunks);
    expect((await callError('runs.chunks', { id: 'missing' })).message).toMatch(/no run missing/);
    expect(got.run.provenance.model.synthetic).toBe(true);
    expect(got.tags).toEqual(['a', 'b']);
    expect(got.notes.map((n) => n.body)).toEqual(['clicks at 2 s']);
    expect(got.audio.map((a) => `${a.kind}:${a.sampleCount}`)).toEqual([
      'stream:4800',
      'reference:4800',
      'reference-repeat:4800',
    ]);

    const expected = makeAudio(7, 4800);
    const stream = await call('runs.audio', { id, kind: 'stream' });
    expect(stream.audio.sampleRate).toBe(24000);
    expect(stream.sampleCount).toBe(4800);
    expect(Array.from(decodeFloat32(stream.audio.float32))).toEqual(Array.from(expected.stream));
    const reference = await call('runs.audio', { id, kind: 'reference' });
    expect(Array.from(decodeFloat32(reference.audio.float32))).toEqual(Array.from(expected.reference));
  });

  it('serves long audio in pieces and as a min/max envelope', async () => {
    const id = saveRun(3);
    const full = makeAudio(3, 4800).stream;
    const piece = await call('runs.audio', { id, kind: 'stream', offset: 1000, length: 1500 });
    expect(piece.offset).toBe(1000);
    expect(piece.sampleCount).toBe(4800);
    expect(Array.from(decodeFloat32(piece.audio.float32))).toEqual(Array.from(full.subarray(1000, 2500)));
    const tail = await call('runs.audio', { id, kind: 'stream', offset: 4000, length: 5000 });
    expect(decodeFloat32(tail.audio.float32)).toHaveLength(800);
    expect((await callError('runs.audio', { id, kind: 'stream', offset: 4801 })).message).toMatch(
      /past the end/,
    );

    const { peaks, buckets, sampleCount, sampleRate } = await call('runs.peaks', {
      id,
      kind: 'stream',
      buckets: 48,
    });
    expect([buckets, sampleCount, sampleRate]).toEqual([48, 4800, 24000]);
    const envelope = decodeFloat32(peaks.float32);
    expect(envelope).toHaveLength(96);
    for (let b = 0; b < 48; b++) {
      const span = Array.from(full.subarray(b * 100, (b + 1) * 100));
      expect(envelope[b * 2]).toBe(Math.max(...span));
      expect(envelope[b * 2 + 1]).toBe(Math.min(...span));
    }
  });

  it('serves the stored envelope without reading the samples, and computes one for older tracks', async () => {
    const id = saveRun(3);
    const store = engine.context.store();
    const stored = store.getAudioPeaks(id, 'stream')!;
    const fromStore = await call('runs.peaks', { id, kind: 'stream', buckets: ENVELOPE_BUCKETS });
    expect(fromStore.buckets).toBe(stored.buckets);
    expect(Array.from(decodeFloat32(fromStore.peaks.float32))).toEqual(Array.from(stored.peaks));
    // Damaged samples would fail their checksum if they were read: the stored envelope does not touch them.
    store.db
      .prepare(`UPDATE audio SET data = zeroblob(length(data)) WHERE run_id = ? AND kind = 'stream'`)
      .run(id);
    expect((await call('runs.peaks', { id, kind: 'stream', buckets: ENVELOPE_BUCKETS })).buckets).toBe(
      stored.buckets,
    );
    // A track saved before envelopes were stored (schema < 4) gets one computed from its samples: the same values.
    const older = saveRun(4);
    const expected = store.getAudioPeaks(older, 'reference')!;
    store.db.prepare(`DELETE FROM audio_peaks WHERE run_id = ?`).run(older);
    const computed = await call('runs.peaks', { id: older, kind: 'reference', buckets: ENVELOPE_BUCKETS });
    expect(Array.from(decodeFloat32(computed.peaks.float32))).toEqual(Array.from(expected.peaks));
  });

  it('says clearly when a run or its audio does not exist', async () => {
    expect((await callError('runs.get', { id: 'missing' })).message).toMatch(/no run missing/);
    const store = engine.context.store();
    const id = newId();
    store.beginRun(id, makeConfig({ seed: 1 }), makeProvenance());
    store.failRun(id, 'boom');
    expect((await call('runs.get', { id })).run.metrics).toBeNull();
    expect((await callError('runs.audio', { id, kind: 'stream' })).message).toMatch(
      /has no stream audio: it failed before its audio was stored/,
    );
    expect((await callError('runs.audio', { id, kind: 'mp3' })).code).toBe('invalid_request');
    // A run still in progress says so, not that only finished runs keep audio.
    const running = newId();
    store.beginRun(running, makeConfig({ seed: 2 }), makeProvenance());
    expect((await callError('runs.peaks', { id: running, kind: 'stream', buckets: 16 })).message).toMatch(
      /is still running; its audio is stored when it finishes/,
    );
  });

  it('resolves a unique prefix of a run id (short ids in URLs) and refuses an ambiguous one', async () => {
    const store = engine.context.store();
    const config = makeConfig({ seed: 5 });
    const [a, b] = ['0e0145a5-0000-4000-8000-000000000001', '0e01ffff-0000-4000-8000-000000000002'];
    for (const id of [a, b]) {
      store.beginRun(id, config, makeProvenance());
      store.finishRun(id, makeSummary(id, config, 5, 3), makeAudio(5, 4800));
    }
    expect((await call('runs.get', { id: '0e0145a5' })).run.id).toBe(a);
    const audio = await call('runs.audio', { id: '0e0145', kind: 'stream' });
    expect(audio.sampleCount).toBe(4800);
    expect((await call('runs.peaks', { id: '0e0145', kind: 'stream', buckets: 16 })).sampleCount).toBe(4800);
    const ambiguous = await callError('runs.get', { id: '0e01' });
    expect(ambiguous.message).toBe(
      `run id prefix "0e01" is ambiguous: it matches both ${a} and ${b}; give more characters of the id`,
    );
    // LIKE's wildcards are literal in a prefix: "0e0_" and "0e%" match no id.
    expect((await callError('runs.get', { id: '0e0_' })).message).toMatch(/no run 0e0_/);
    expect((await callError('runs.get', { id: '0e%' })).message).toMatch(/no run 0e%/);
    expect((await callError('runs.get', { id: '0e02' })).message).toMatch(/no run 0e02/);
  });
});

describe('runs.delete with undo', () => {
  it('hides the runs at once, brings them back on restore, and deletes them when the window ends', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const [a, b, c] = [1, 2, 3].map((seed) => saveRun(seed));

    const first = await call('runs.delete', { ids: [a!, b!], undoWindowMs: 5000 });
    expect(first.ids).toEqual([a, b]);
    expect((await call('runs.list', {})).rows.map((r) => r.id)).toEqual([c]);
    expect((await call('runs.list', {})).total).toBe(1);
    expect((await callError('runs.get', { id: a! })).message).toMatch(/no run/);

    expect((await call('runs.restore', { token: first.token })).restored).toEqual([a, b]);
    expect((await call('runs.list', {})).total).toBe(3);
    expect((await callError('runs.restore', { token: first.token })).message).toMatch(/nothing to undo/);

    const second = await call('runs.delete', { ids: [b!], undoWindowMs: 5000 });
    vi.advanceTimersByTime(4999);
    expect(engine.context.store().getRun(b!)).toBeDefined();
    vi.advanceTimersByTime(1);
    expect(engine.context.store().getRun(b!)).toBeUndefined();
    expect(engine.context.store().getAudio(b!, 'stream')).toBeUndefined();
    expect((await callError('runs.restore', { token: second.token })).message).toMatch(/already completed/);
    expect(changes.map((e) => e.reason)).toEqual(['delete-pending', 'restored', 'delete-pending', 'deleted']);
    expect(changes.at(-1)!.ids).toEqual([b]);
  });

  it('refuses up front to delete a run that a sample pair uses, and deletes nothing', async () => {
    const [a, b, c] = [1, 2, 3].map((seed) => saveRun(seed));
    engine.context.store().createPair({ runA: a!, runB: b!, label: 'overlap 0 vs 3' });
    const error = await callError('runs.delete', { ids: [c!, a!] });
    expect(error.message).toMatch(/used by 1 sample pair/);
    expect((await call('runs.list', {})).total).toBe(3);
    expect(engine.context.store().getRun(c!)).toBeDefined();
    expect((await callError('runs.delete', { ids: ['nope'] })).message).toMatch(/no run nope/);
  });

  it('completes pending deletes when the engine closes', async () => {
    const id = saveRun(1);
    await call('runs.delete', { ids: [id], undoWindowMs: 600_000 });
    const databasePath = path.join(dir, 'runs.db');
    await engine.close();
    engine = createEngine({ host: 'server', modelsDir: path.join(dir, 'models'), databasePath });
    dispatch = createDispatcher(engine.handlers);
    expect((await call('runs.list', {})).total).toBe(0);
  });
});

describe('tags, notes and export', () => {
  it('adds and removes tags and notes', async () => {
    const id = saveRun(1);
    expect((await call('runs.tag', { id, add: ['seam', 'good'] })).tags).toEqual(['good', 'seam']);
    expect((await call('runs.tag', { id, remove: ['seam'] })).tags).toEqual(['good']);
    expect((await call('runs.tags', {})).tags).toEqual(expect.arrayContaining([{ name: 'good', runs: 1 }]));
    const { notes } = await call('runs.note', { id, body: 'first' });
    await call('runs.note', { id, body: 'second' });
    const after = await call('runs.note', { id, deleteId: notes[0]!.id });
    expect(after.notes.map((n) => n.body)).toEqual(['second']);
    expect((await callError('runs.note', { id })).message).toMatch(/either body .* or deleteId/);
    expect((await callError('runs.tag', { id, add: ['  '] })).message).toMatch(/tag cannot be empty/);
  });

  it('exports WAVs and a sidecar labelled as synthetic into a folder it creates', async () => {
    const id = saveRun(2);
    const out = path.join(dir, 'exports', 'today');
    const { files } = await call('runs.export', { ids: [id], dir: out });
    expect(files.map((f) => path.basename(f)).sort()).toEqual([
      `run-${id}.json`,
      `run-${id}.reference.wav`,
      `run-${id}.stream.wav`,
    ]);
    const sidecar = JSON.parse(fs.readFileSync(path.join(out, `run-${id}.json`), 'utf8')) as {
      synthetic: boolean;
      label: string;
    };
    expect(sidecar.synthetic).toBe(true);
    expect(sidecar.label).toMatch(/synthetic test model/);
    expect((await callError('runs.export', { ids: [id], dir: 'relative/dir' })).message).toMatch(
      /absolute path/,
    );
  });
});

describe('voices', () => {
  const wavBase64 = (seconds: number): string => {
    const samples = Float32Array.from({ length: 24000 * seconds }, (_, i) => 0.3 * Math.sin(i / 9));
    return Buffer.from(encodeWav(samples, 24000)).toString('base64');
  };

  it('imports a WAV in one message or in parts, and lists it beside the built-in voices', async () => {
    const before = await call('voices.list', {});
    expect(before.voices.find((v) => v.name === 'default')?.builtIn).toBe(true);
    expect(before.userDir).toBe(path.join(dir, 'data', 'voices'));

    const small = await call('voices.import', { fileName: 'me.wav', audio: wavBase64(1) });
    expect(small.voice).toMatchObject({ name: 'me', builtIn: false });
    expect(fs.existsSync(path.join(dir, 'data', 'voices', 'me.wav'))).toBe(true);

    const bytes = Buffer.from(wavBase64(2), 'base64');
    const cut = [0, 30_001, 60_000, bytes.length];
    for (let i = 0; i < 2; i++)
      await call('voices.importPart', {
        uploadId: 'upload-0001',
        audio: bytes.subarray(cut[i], cut[i + 1]).toString('base64'),
      });
    const parted = await call('voices.import', {
      fileName: 'studio.wav',
      uploadId: 'upload-0001',
      audio: bytes.subarray(cut[2], cut[3]).toString('base64'),
    });
    expect(parted.voice.name).toBe('studio');
    expect(fs.readFileSync(path.join(dir, 'data', 'voices', 'studio.wav')).equals(bytes)).toBe(true);

    const names = (await call('voices.list', {})).voices.map((v) => `${v.name}:${v.builtIn}`);
    expect(names).toEqual(expect.arrayContaining(['default:true', 'me:false', 'studio:false']));
  });

  it('refuses files that are not audio, with the reason', async () => {
    const error = await callError('voices.import', {
      fileName: 'notes.wav',
      audio: Buffer.from('this is not a wave file').toString('base64'),
    });
    expect(error.code).toBe('engine_error');
    expect(error.message).toMatch(/notes\.wav/);
    expect((await callError('voices.import', { fileName: '../x.wav', audio: '' })).code).toBe(
      'invalid_request',
    );
    expect((await callError('voices.import', { fileName: 'a.txt', audio: wavBase64(1) })).message).toMatch(
      /not a voice file/,
    );
    expect((await call('voices.list', {})).voices.some((v) => !v.builtIn)).toBe(false);
  });

  const clip = (seconds: number, amplitude: number): string => {
    const samples = Float32Array.from(
      { length: Math.round(24000 * seconds) },
      (_, i) => amplitude * Math.sin(i / 9),
    );
    return Buffer.from(encodeWav(samples, 24000)).toString('base64');
  };

  it('refuses at import a clip no run could use, naming the numbers (issue 16: silent, 10 ms, quiet, Turbo)', async () => {
    const silent = await callError('voices.import', { fileName: 'zero.wav', audio: clip(2, 0) });
    expect(silent.message).toMatch(
      /"zero" is silent \(2\.00 s with no sample above -80 dBFS\).*at least 1 s/,
    );
    const tiny = await callError('voices.import', { fileName: 'blip.wav', audio: clip(0.01, 0.3) });
    // 10 ms of tone plus the 50 ms guards findSound keeps on either side.
    expect(tiny.message).toMatch(/"blip" has 0\.0\d s of sound, and the original family needs at least 1 s/);
    const quiet = await callError('voices.import', { fileName: 'hush.wav', audio: clip(2, 0.002) });
    expect(quiet.message).toMatch(/"hush" is too quiet: its sound is at -57\.0 dBFS RMS.*at least -50 dBFS/);
    // Turbo (upstream tts_turbo.py asserts more than 5 s): 3 s is refused for it and accepted for the original.
    const forTurbo = await callError('voices.import', {
      fileName: 'three.wav',
      audio: clip(3, 0.3),
      model: 'fixture-turbo',
    });
    expect(forTurbo.message).toMatch(/"three" has 3\.00 s of sound, and the turbo family needs at least 5 s/);
    expect((await call('voices.list', {})).voices.some((v) => !v.builtIn)).toBe(false);
    expect((await call('voices.import', { fileName: 'three.wav', audio: clip(3, 0.3) })).voice.name).toBe(
      'three',
    );
  }, 60_000);

  it('renames and removes imported voices, never built-in ones', async () => {
    await call('voices.import', { fileName: 'take.wav', audio: clip(2, 0.3) });
    await call('voices.import', { fileName: 'other.wav', audio: clip(2, 0.2) });
    const renamed = await call('voices.rename', { name: 'take', newName: 'narrator' });
    expect(renamed.voice).toMatchObject({ name: 'narrator', builtIn: false });
    expect(fs.existsSync(path.join(dir, 'data', 'voices', 'narrator.wav'))).toBe(true);
    expect(fs.existsSync(path.join(dir, 'data', 'voices', 'take.wav'))).toBe(false);
    expect((await callError('voices.rename', { name: 'narrator', newName: 'other' })).message).toMatch(
      /"other" already exists/,
    );
    expect((await callError('voices.rename', { name: 'narrator', newName: 'a/b' })).message).toMatch(
      /not a voice name/,
    );
    expect((await callError('voices.rename', { name: 'default', newName: 'mine' })).message).toMatch(
      /built in/,
    );
    expect((await callError('voices.remove', { name: 'default' })).message).toMatch(/built in/);
    expect(await call('voices.remove', { name: 'narrator' })).toEqual({ removed: 'narrator' });
    expect((await callError('voices.remove', { name: 'narrator' })).message).toMatch(/no voice "narrator"/);
    const names = (await call('voices.list', {})).voices.filter((v) => !v.builtIn).map((v) => v.name);
    expect(names).toEqual(['other']);
  });
});

describe('models.checkText', () => {
  const runtime = { providers: ['cpu'], intraOpThreads: 0, graphOptimizationLevel: 'all' as const };
  it("counts a text's tokens with the model's tokenizer against T3's 2048-token text context", async () => {
    const short = await call('models.checkText', {
      model: 'fixture',
      text: 'Hello.',
      language: 'en',
      runtime,
    });
    expect(short).toEqual({ textTokens: 6, maxTextTokens: 2048, fits: true, message: null });
    const long = await call('models.checkText', {
      model: 'fixture',
      text: 'a'.repeat(2048) + 'b',
      language: 'en',
      runtime,
    });
    expect(long.fits).toBe(false);
    expect(long.textTokens).toBeGreaterThan(2048);
    expect(long.message).toMatch(/at most 2048 text tokens per utterance.*"sentences" or "segments"/);
  }, 60_000);
});

describe('models.list', () => {
  it('offers every fixture variant, flagged synthetic, even before one was generated', async () => {
    const { models, modelsDir } = await call('models.list', {});
    expect(modelsDir).toBe(path.join(dir, 'models'));
    expect(models.map((m) => m.id)).toEqual([
      'fixture',
      'fixture-fp16kv',
      'fixture-stateful',
      'fixture-heavy',
      'fixture-multilingual',
      'fixture-turbo',
    ]);
    expect(models.every((m) => m.synthetic && !m.present)).toBe(true);
    expect(models.find((m) => m.id === 'fixture-stateful')?.statefulDecoder).toBe(true);
    expect(models.find((m) => m.id === 'fixture')?.statefulDecoder).toBe(false);
    expect(models.find((m) => m.id === 'fixture-multilingual')?.languages).toEqual(['de', 'en', 'es', 'fr']);
    expect(models.find((m) => m.id === 'fixture')?.languages).toEqual([]);
    // Turbo is English-only: no language choice.
    expect(models.find((m) => m.id === 'fixture-turbo')).toMatchObject({ languages: [], variant: /Turbo/ });
  });

  it('lists a downloaded model first, as real', async () => {
    fs.mkdirSync(path.join(dir, 'models', 'chatterbox-q4', 'onnx'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'models', 'chatterbox-q4', 'onnx', 'lm.onnx'), '');
    const { models } = await call('models.list', {});
    expect(models[0]).toMatchObject({
      id: 'chatterbox-q4',
      synthetic: false,
      variant: null,
      present: true,
      languages: [],
    });
  });

  it('reads the languages of a downloaded multilingual model from its tokenizer', async () => {
    const folder = path.join(dir, 'models', 'chatterbox-mtl');
    fs.mkdirSync(path.join(folder, 'onnx'), { recursive: true });
    fs.writeFileSync(
      path.join(folder, 'tokenizer.json'),
      JSON.stringify({ model: { vocab: { '[ja]': 700, '[fr]': 701, hello: 5 } }, added_tokens: [] }),
    );
    const { models } = await call('models.list', {});
    expect(models.find((m) => m.id === 'chatterbox-mtl')?.languages.sort()).toEqual(['fr', 'ja']);
  });
});
