import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore, type RunStore } from '../../../src/engine/store/index.ts';
import { makeAudio, makeConfig, makeProvenance, makeSummary, newId } from './fixtures/runs.ts';
import type { RunConfigInput } from '../../../src/contract/run-config.ts';

export function tempDir(prefix = 'seamlab-store-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Begins and finishes one run; returns its id. */
export function saveRun(
  store: RunStore,
  seed: number,
  overrides: Partial<RunConfigInput> = {},
  options: { samples?: number } = {},
): string {
  const id = newId();
  const config = makeConfig({ seed, ...overrides });
  store.beginRun(id, config, makeProvenance());
  store.finishRun(id, makeSummary(id, config, seed), makeAudio(seed, options.samples ?? 2400));
  return id;
}

export function openTemp(dir: string): RunStore {
  return openStore(path.join(dir, 'runs.db'));
}
