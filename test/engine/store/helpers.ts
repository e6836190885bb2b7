import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore, type RunStore } from '../../../src/engine/store/index.ts';
import { canWriteFile, canWriteFolder } from '../../../src/engine/store/database-file.ts';
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
  options: { samples?: number; createdAt?: string } = {},
): string {
  const id = newId();
  const config = makeConfig({ seed, ...overrides });
  store.beginRun(id, config, makeProvenance(), { createdAt: options.createdAt });
  store.finishRun(id, makeSummary(id, config, seed), makeAudio(seed, options.samples ?? 2400));
  return id;
}

export function openTemp(dir: string): RunStore {
  return openStore(path.join(dir, 'runs.db'));
}

const undo: (() => void)[] = [];

/**
 * Makes a file or folder unwritable for real: chmod for ordinary users, plus the immutable flag when running
 * as root (root ignores permission bits). Undo with restoreWritable() in afterEach.
 */
export function makeUnwritable(target: string): void {
  const isDir = fs.statSync(target).isDirectory();
  const writable = () => (isDir ? canWriteFolder(target) : canWriteFile(target));
  const mode = fs.statSync(target).mode & 0o777;
  fs.chmodSync(target, isDir ? 0o555 : 0o444);
  undo.push(() => fs.chmodSync(target, mode));
  if (writable()) {
    execFileSync('chattr', ['+i', target]);
    undo.push(() => execFileSync('chattr', ['-i', target]));
  }
  if (writable()) throw new Error(`could not make ${target} unwritable on this machine`);
}

export function restoreWritable(): void {
  for (const fn of undo.splice(0).reverse()) fn();
}

/** Bytes, modification time and the folder's listing: to prove a refused file was not touched. */
export function fileSnapshot(file: string): { bytes: Buffer; mtimeMs: number; siblings: string[] } {
  return {
    bytes: fs.readFileSync(file),
    mtimeMs: fs.statSync(file).mtimeMs,
    siblings: fs.readdirSync(path.dirname(file)).sort(),
  };
}
