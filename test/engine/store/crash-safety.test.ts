import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../../src/engine/store/index.ts';
import { tempDir } from './helpers.ts';

const writerScript = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'crash-writer.ts');
let dir: string;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Starts the writer, waits until it has committed `finishedBefore` runs plus `extraMs`, then SIGKILLs it. */
async function killWriterMidway(db: string, finishedBefore: number, extraMs: number): Promise<string[]> {
  const child = spawn(process.execPath, [writerScript, db], { stdio: ['ignore', 'pipe', 'pipe'] });
  const finished: string[] = [];
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  await new Promise<void>((resolve, reject) => {
    let buffer = '';
    child.stdout.on('data', (d: Buffer) => {
      buffer += d.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const l of lines) if (l.startsWith('finished ')) finished.push(l.slice('finished '.length));
      if (finished.length >= finishedBefore) resolve();
    });
    child.on('exit', (code) => reject(new Error(`writer exited early (${code}): ${stderr}`)));
  });
  child.removeAllListeners('exit');
  await new Promise((r) => setTimeout(r, extraMs));
  const exited = new Promise((r) => child.on('exit', r));
  child.kill('SIGKILL');
  await exited;
  return finished;
}

describe('a SIGKILLed writer', () => {
  it('never leaves a corrupt database or a half-written run that looks finished', async () => {
    const db = path.join(dir, 'runs.db');
    const reported: string[] = [];
    // Several kills at different moments, each followed by a reopen (which recovers) and a new writer.
    for (const [before, extra] of [
      [2, 0],
      [1, 7],
      [1, 23],
      [2, 41],
    ] as const)
      reported.push(...(await killWriterMidway(db, before, extra)));

    const store = openStore(db);
    try {
      expect(store.integrityCheck()).toBe('ok');
      expect(store.db.pragma('foreign_key_check')).toEqual([]);
      const all = store.listRuns({ page: { limit: 1000 } }).rows;
      // Every run the writer reported as committed survived, finished.
      for (const id of reported) expect(all.find((r) => r.id === id)?.status).toBe('finished');
      expect(all.filter((r) => r.status === 'running')).toEqual([]);
      // Each killed writer left at most its one in-flight run, and it was recovered as interrupted.
      const interrupted = all.filter((r) => r.status === 'interrupted');
      expect(interrupted.length).toBeLessThanOrEqual(4);
      expect(interrupted.length).toBeGreaterThanOrEqual(1);
      for (const row of all) {
        const run = store.getRun(row.id);
        if (row.status === 'finished') {
          expect(run?.chunks).toHaveLength(40);
          expect(run?.boundaries).toHaveLength(39);
          expect(run?.metrics).not.toBeNull();
          expect(store.getAudio(row.id, 'stream')?.samples.length).toBe(40 * 24000);
          expect(store.getAudio(row.id, 'reference')?.samples.length).toBe(40 * 24000);
          expect(store.getAudio(row.id, 'reference-repeat', 1)?.samples.length).toBe(40 * 24000);
        } else {
          expect(row.status).toBe('interrupted');
          expect(run?.chunks).toEqual([]);
          expect(run?.metrics).toBeNull();
          expect(store.listAudio(row.id)).toEqual([]);
          expect(run?.error).toMatch(/stopped before it finished/);
        }
      }
    } finally {
      store.close();
    }
  }, 60_000);
});
