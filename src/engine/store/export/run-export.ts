/**
 * A run as WAV files (stream and offline reference, float32 so they are bit-exact) plus a JSON sidecar; a sample
 * pair as two WAVs plus one JSON.
 */
import path from 'node:path';
import { writeWavFile } from '../../audio/wav.ts';
import { StoreError, StoreErrorCodes } from '../errors.ts';
import type { RunStore } from '../run-store.ts';
import { configDifferences } from './config-diff.ts';
import { writeFileAtomic } from './files.ts';
import { runSidecar, type RunSidecar } from './sidecar.ts';

export interface ExportedFiles {
  files: string[];
}

async function writeRunWavs(
  store: RunStore,
  id: string,
  dir: string,
  base: string,
): Promise<Record<string, string>> {
  const written: Record<string, string> = {};
  for (const kind of ['stream', 'reference'] as const) {
    const audio = store.getAudio(id, kind);
    if (!audio) continue;
    const name = `${base}.${kind}.wav`;
    await writeWavFile(path.join(dir, name), audio.samples, audio.sampleRate, 'float32');
    written[`${kind}#0`] = name;
  }
  return written;
}

/** Writes `<base>.stream.wav`, `<base>.reference.wav` and `<base>.json` into `dir`. */
export async function exportRun(
  store: RunStore,
  id: string,
  dir: string,
  options: { baseName?: string } = {},
): Promise<ExportedFiles> {
  const base = options.baseName ?? `run-${id}`;
  const wavs = await writeRunWavs(store, id, dir, base);
  const sidecar = runSidecar(store, id, wavs);
  const json = path.join(dir, `${base}.json`);
  await writeFileAtomic(json, `${JSON.stringify(sidecar, null, 2)}\n`);
  return { files: [...Object.values(wavs).map((f) => path.join(dir, f)), json] };
}

export interface PairSidecar {
  format: 'seamlab-pair';
  formatVersion: 1;
  pair: { id: string; label: string; note: string; createdAt: string };
  /** Knobs that differ between A and B (dotted config paths), so the comparison is explicit. */
  differences: string[];
  a: RunSidecar;
  b: RunSidecar;
}

/** Writes `<base>.A.wav`, `<base>.B.wav` (the streamed audio of each run) and `<base>.json`. */
export async function exportPair(
  store: RunStore,
  pairId: string,
  dir: string,
  options: { baseName?: string } = {},
): Promise<ExportedFiles> {
  const pair = store.getPair(pairId);
  if (!pair) throw new StoreError(StoreErrorCodes.notFound, `no sample pair ${pairId}`);
  const base = options.baseName ?? `pair-${pairId}`;
  const files: string[] = [];
  const sidecars: RunSidecar[] = [];
  for (const [side, runId] of [
    ['A', pair.runA],
    ['B', pair.runB],
  ] as const) {
    const audio = store.getAudio(runId, 'stream');
    if (!audio)
      throw new StoreError(StoreErrorCodes.notFound, `run ${runId} (side ${side}) has no streamed audio`);
    const name = `${base}.${side}.wav`;
    await writeWavFile(path.join(dir, name), audio.samples, audio.sampleRate, 'float32');
    files.push(path.join(dir, name));
    sidecars.push(runSidecar(store, runId, { 'stream#0': name }));
  }
  const [a, b] = sidecars as [RunSidecar, RunSidecar];
  const differences = configDifferences(a.run.config, b.run.config);
  const sidecar: PairSidecar = {
    format: 'seamlab-pair',
    formatVersion: 1,
    pair: { id: pair.id, label: pair.label, note: pair.note, createdAt: pair.createdAt },
    differences,
    a,
    b,
  };
  const json = path.join(dir, `${base}.json`);
  await writeFileAtomic(json, `${JSON.stringify(sidecar, null, 2)}\n`);
  return { files: [...files, json] };
}
