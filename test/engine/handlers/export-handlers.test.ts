import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createDispatcher,
  type Envelope,
  type MethodName,
  type ParamsOf,
  type ResultOf,
} from '../../../src/contract/index.ts';
import { decodeWav } from '../../../src/engine/audio/wav.ts';
import { createEngine, type Engine } from '../../../src/engine/index.ts';
import { makeAudio, makeConfig, makeProvenance, makeSummary, newId } from '../store/fixtures/runs.ts';

let dir: string;
let engine: Engine;
let dispatch: (method: unknown, params: unknown) => Promise<Envelope>;

async function call<M extends MethodName>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>> {
  const envelope = await dispatch(method, params);
  if (!envelope.ok) throw new Error(`${envelope.error.code}: ${envelope.error.message}`);
  return envelope.result as ResultOf<M>;
}

async function callError(method: MethodName, params: unknown): Promise<string> {
  const envelope = await dispatch(method, params);
  if (envelope.ok) throw new Error(`${method} should have failed`);
  return envelope.error.message;
}

function saveRun(seed: number, samples = 4800): string {
  const store = engine.context.store();
  const id = newId();
  const config = makeConfig({ seed });
  store.beginRun(id, config, makeProvenance());
  store.finishRun(id, makeSummary(id, config, seed, 4), makeAudio(seed, samples));
  return id;
}

/** Reads a prepared zip back through exports.chunk, as the browser does. */
async function download(prepared: ResultOf<'exports.prepare'>): Promise<Uint8Array> {
  const parts: Buffer[] = [];
  for (let index = 0; index < prepared.chunks; index++)
    parts.push(
      Buffer.from((await call('exports.chunk', { exportId: prepared.exportId, index })).data, 'base64'),
    );
  return new Uint8Array(Buffer.concat(parts));
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seamlab-exports-'));
  vi.stubEnv('SEAMLAB_DATA_DIR', path.join(dir, 'data'));
  engine = createEngine({
    host: 'server',
    modelsDir: path.join(dir, 'models'),
    databasePath: path.join(dir, 'runs.db'),
  });
  dispatch = createDispatcher(engine.handlers);
});

afterEach(async () => {
  await engine.close();
  vi.unstubAllEnvs();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('exports', () => {
  it('zips a run as the folder export writes it, in chunks that join to the same zip, then releases it', async () => {
    // Long enough for several chunks: 2 float32 WAVs of 200 000 samples are 1.6 MB.
    const id = saveRun(3, 200_000);
    const prepared = await call('exports.prepare', { target: { kind: 'runs', ids: [id] } });
    expect(prepared.fileName).toBe(`seamlab-run-${id.slice(0, 8)}.zip`);
    expect(prepared.chunks).toBeGreaterThan(1);
    const zip = unzipSync(await download(prepared));
    expect(Object.keys(zip).sort()).toEqual([
      `run-${id}.json`,
      `run-${id}.reference.wav`,
      `run-${id}.stream.wav`,
    ]);
    expect(prepared.entries).toEqual(Object.keys(zip).sort());
    const stream = decodeWav(zip[`run-${id}.stream.wav`]!);
    const stored = engine.context.store().getAudio(id, 'stream')!;
    expect(stream.channels[0]).toEqual(stored.samples);
    const sidecar = JSON.parse(new TextDecoder().decode(zip[`run-${id}.json`])) as { run: { id: string } };
    expect(sidecar.run.id).toBe(id);
    expect(await callError('exports.chunk', { exportId: prepared.exportId, index: 0 })).toMatch(
      /no prepared export/,
    );
  });

  it('zips a pair and a listening session with its results and the audio of its pairs', async () => {
    const [a, b] = [saveRun(1), saveRun(2)];
    const pair = await call('pairs.create', { runA: a, runB: b, label: 'naive vs OLA' });
    const pairZip = unzipSync(
      await download(await call('exports.prepare', { target: { kind: 'pair', pairId: pair.id } })),
    );
    expect(Object.keys(pairZip).sort()).toEqual([
      `pair-${pair.id}.A.wav`,
      `pair-${pair.id}.B.wav`,
      `pair-${pair.id}.json`,
    ]);
    const session = await call('listening.create', {
      kind: 'abx',
      name: 's',
      pairIds: [pair.id],
      trialsPerPair: 2,
    });
    const prepared = await call('exports.prepare', {
      target: { kind: 'session', sessionId: session.sessionId },
    });
    const names = Object.keys(unzipSync(await download(prepared)));
    expect(names).toContain(`pairs/pair-${pair.id}.A.wav`);
    expect(names.filter((n) => n.endsWith('.csv'))).toHaveLength(1);
    expect(names.filter((n) => !n.startsWith('pairs/') && n.endsWith('.json'))).toHaveLength(1);
  });

  it('writes the zip to the absolute path a save dialog chose, and refuses relative paths and unknown runs', async () => {
    const id = saveRun(4);
    const target = path.join(dir, 'chosen', 'my export.zip');
    const saved = await call('exports.save', { target: { kind: 'runs', ids: [id] }, path: target });
    expect(saved.path).toBe(target);
    expect(Object.keys(unzipSync(new Uint8Array(fs.readFileSync(target)))).sort()).toEqual(saved.entries);
    expect(await callError('exports.save', { target: { kind: 'runs', ids: [id] }, path: 'rel.zip' })).toMatch(
      /absolute path/,
    );
    expect(await callError('exports.prepare', { target: { kind: 'runs', ids: ['nope'] } })).toMatch(
      /no run nope/,
    );
  });
});
