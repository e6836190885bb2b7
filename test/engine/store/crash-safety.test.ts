import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type RunStore } from '../../../src/engine/store/index.ts';
import { tempDir } from './helpers.ts';

const writerScript = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'crash-writer.ts');
let dir: string;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

interface Writer {
  child: ChildProcess;
  lines: string[];
  /** Resolves with the first line for which `until` holds (lines before it are in `lines`). */
  waitFor(until: (line: string) => boolean): Promise<string>;
  kill(): Promise<void>;
}

function startWriter(db: string, mode: string): Writer {
  const child = spawn(process.execPath, [writerScript, db, mode], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const waiters: { until: (l: string) => boolean; resolve: (l: string) => void }[] = [];
  let stderr = '';
  let buffer = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout!.on('data', (d: Buffer) => {
    buffer += d.toString();
    const parts = buffer.split('\n');
    buffer = parts.pop() ?? '';
    for (const line of parts) {
      lines.push(line);
      for (const w of waiters.splice(0)) {
        if (w.until(line)) w.resolve(line);
        else waiters.push(w);
      }
    }
  });
  const exitedEarly = new Promise<never>((_, reject) =>
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`writer exited by itself (${code}): ${stderr}`));
    }),
  );
  exitedEarly.catch(() => {});
  return {
    child,
    lines,
    waitFor: (until) =>
      Promise.race([new Promise<string>((resolve) => waiters.push({ until, resolve })), exitedEarly]),
    kill: async () => {
      const exited = new Promise((r) => child.on('exit', r));
      child.kill('SIGKILL');
      await exited;
    },
  };
}

const finishedIds = (lines: string[]): string[] =>
  lines.filter((l) => l.startsWith('finished ')).map((l) => l.slice('finished '.length));

/**
 * Frames in the WAL after its last commit frame: pages of a transaction that never committed. Frames count while
 * their salt matches the WAL header's (older frames from before the WAL was last restarted carry other salts).
 */
function uncommittedWalFrames(db: string): number {
  const wal = fs.readFileSync(`${db}-wal`);
  if (wal.length < 32) return 0;
  const pageSize = wal.readUInt32BE(8);
  const salt1 = wal.readUInt32BE(16);
  const salt2 = wal.readUInt32BE(20);
  let sinceCommit = 0;
  for (let at = 32; at + 24 + pageSize <= wal.length; at += 24 + pageSize) {
    if (wal.readUInt32BE(at + 8) !== salt1 || wal.readUInt32BE(at + 12) !== salt2) break;
    sinceCommit = wal.readUInt32BE(at + 4) !== 0 ? 0 : sinceCommit + 1;
  }
  return sinceCommit;
}

/** What must hold after any crash: an intact file, and every finished run complete. */
function expectIntact(store: RunStore, chunks: number, samples: number): void {
  expect(store.integrityCheck()).toBe('ok');
  expect(store.db.pragma('foreign_key_check')).toEqual([]);
  for (const row of store.listRuns({ page: { limit: 1000 } }).rows) {
    const run = store.getRun(row.id);
    expect(row.status).not.toBe('running');
    if (row.status === 'finished') {
      expect(run?.chunks).toHaveLength(chunks);
      expect(run?.boundaries).toHaveLength(chunks - 1);
      expect(run?.metrics).not.toBeNull();
      for (const [kind, index] of [
        ['stream', 0],
        ['reference', 0],
        ['reference-repeat', 1],
      ] as const)
        expect(store.getAudio(row.id, kind, index)?.samples.length).toBe(samples);
    } else {
      // Anything not finished kept its configuration and nothing of a result.
      expect(row.status).toBe('interrupted');
      expect(run?.config.seed).toBeTypeOf('number');
      expect(run?.chunks).toEqual([]);
      expect(run?.boundaries).toEqual([]);
      expect(run?.metrics).toBeNull();
      expect(store.listAudio(row.id)).toEqual([]);
      expect(run?.error).toMatch(/engine process running it stopped .* before the run finished/);
    }
  }
}

describe('a SIGKILLed writer', () => {
  it('killed inside finishRun, with the half-written run already in the WAL, leaves it interrupted', async () => {
    const db = path.join(dir, 'runs.db');
    for (let round = 0; round < 2; round++) {
      const writer = startWriter(db, 'mid-finish');
      const mid = await writer.waitFor((l) => l.startsWith('mid '));
      // Proof the kill lands mid-write: the open transaction's pages are physically in the WAL, uncommitted.
      expect(uncommittedWalFrames(db)).toBeGreaterThan(100);
      await writer.kill();
      const id = mid.slice('mid '.length);
      const store = openStore(db);
      try {
        expectIntact(store, 20, 10 * 24000);
        expect(store.getRun(id)?.status).toBe('interrupted');
        for (const done of finishedIds(writer.lines)) expect(store.getRun(done)?.status).toBe('finished');
        expect(store.listRuns().total).toBe(3 * (round + 1));
      } finally {
        store.close();
      }
    }
  }, 60_000);

  it('killed at arbitrary moments, never leaves a corrupt database or a half-written run that looks finished', async () => {
    const db = path.join(dir, 'runs.db');
    const reported: string[] = [];
    // Several kills at different moments, each followed by a reopen (which recovers) and a new writer.
    for (const [before, extra] of [
      [2, 0],
      [1, 7],
      [1, 23],
      [2, 41],
    ] as const) {
      const writer = startWriter(db, 'loop');
      await writer.waitFor(() => finishedIds(writer.lines).length >= before);
      await new Promise((r) => setTimeout(r, extra));
      await writer.kill();
      reported.push(...finishedIds(writer.lines));
    }
    const store = openStore(db);
    try {
      expectIntact(store, 40, 40 * 24000);
      const all = store.listRuns({ page: { limit: 1000 } }).rows;
      // Every run the writer reported as committed survived, finished.
      for (const id of reported) expect(all.find((r) => r.id === id)?.status).toBe('finished');
      // Each killed writer left at most its one in-flight run, recovered as interrupted.
      expect(all.filter((r) => r.status === 'interrupted').length).toBeLessThanOrEqual(4);
    } finally {
      store.close();
    }
  }, 60_000);

  it('never loses a rating once addRating returned', async () => {
    const db = path.join(dir, 'runs.db');
    const writer = startWriter(db, 'rating');
    const [, ratingId, sessionId] = (await writer.waitFor((l) => l.startsWith('rated '))).split(' ');
    await writer.kill();
    const store = openStore(db);
    try {
      expect(store.integrityCheck()).toBe('ok');
      expect(store.getSession(sessionId!)?.trials[0]?.ratings).toEqual([
        expect.objectContaining({
          id: Number(ratingId),
          stimulus: 'X',
          answer: 'A',
          correct: true,
          timeMs: 2345.5,
          replays: 2,
          listeningMs: 6100,
          comment: 'sure',
        }),
      ]);
    } finally {
      store.close();
    }
  }, 30_000);
});
