import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  LATEST_SCHEMA_VERSION,
  MIGRATIONS,
  StoreError,
  applyMigrations,
  openStore,
  type RunStore,
} from '../../../src/engine/store/index.ts';
import { bytesOf, makeAudio, makeConfig, makeProvenance, makeSummary, newId } from './fixtures/runs.ts';
import { fileSnapshot, makeUnwritable, restoreWritable, saveRun, tempDir } from './helpers.ts';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
let dir: string;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => {
  restoreWritable();
  fs.rmSync(dir, { recursive: true, force: true });
});

function expectStoreError(fn: () => unknown, code: string, message: RegExp): StoreError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).code).toBe(code);
    expect((error as StoreError).message).toMatch(message);
    return error as StoreError;
  }
  throw new Error(`expected a ${code} StoreError`);
}

function expectUntouched(file: string, before: ReturnType<typeof fileSnapshot>): void {
  const after = fileSnapshot(file);
  expect(Buffer.compare(after.bytes, before.bytes)).toBe(0);
  expect(after.mtimeMs).toBe(before.mtimeMs);
  expect(after.siblings).toEqual(before.siblings);
}

/** A closed database (WAL checkpointed into the main file) with `n` finished runs. */
function closedDatabase(file: string, n: number): string[] {
  const store = openStore(file);
  const ids = Array.from({ length: n }, (_, i) => saveRun(store, i + 1));
  store.close();
  expect(fs.existsSync(`${file}-wal`)).toBe(false);
  return ids;
}

describe('opening bad or foreign files', () => {
  it('refuses a database from a newer Seamlab and touches nothing', () => {
    const file = path.join(dir, 'runs.db');
    closedDatabase(file, 1);
    const raw = new Database(file);
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 5}`);
    raw.close();
    const before = fileSnapshot(file);
    expectStoreError(
      () => openStore(file),
      'newer-schema',
      new RegExp(
        `written by a newer Seamlab \\(schema ${LATEST_SCHEMA_VERSION + 5}, this build knows ${LATEST_SCHEMA_VERSION}\\); upgrade Seamlab`,
      ),
    );
    expectStoreError(() => openStore(file, { readonly: true }), 'newer-schema', /upgrade Seamlab/);
    expectUntouched(file, before);
  });

  it('refuses a file that is not a database, naming it, and never overwrites it', () => {
    const file = path.join(dir, 'notes.txt');
    fs.writeFileSync(file, 'these are my notes, not a database\n'.repeat(10));
    const before = fileSnapshot(file);
    const error = expectStoreError(() => openStore(file), 'not-a-database', /not a Seamlab run database/);
    expect(error.message).toContain(file);
    expectStoreError(() => openStore(file, { readonly: true }), 'not-a-database', /left untouched/);
    expectUntouched(file, before);
  });

  it('refuses a truncated database as damaged, leaves it as it was, and never overwrites it', () => {
    const file = path.join(dir, 'runs.db');
    closedDatabase(file, 5);
    const pageSize = 4096;
    fs.truncateSync(file, Math.floor(fs.statSync(file).size / 2 / pageSize) * pageSize);
    const before = fileSnapshot(file);
    for (let attempt = 0; attempt < 2; attempt++)
      expectStoreError(
        () => openStore(file),
        'corrupt',
        /runs\.db is damaged \(database disk image is malformed\)\. It was left untouched; restore it from a backup/,
      );
    expectUntouched(file, before);
  });

  it('a database damaged where opening does not look still opens, reads what it can, then refuses writes', () => {
    const file = path.join(dir, 'runs.db');
    const ids = closedDatabase(file, 5);
    // A writable connection: the last one to close removes the -wal and -shm files again.
    const raw = new Database(file);
    const audioRoot = raw
      .prepare(`SELECT rootpage FROM sqlite_master WHERE name = 'audio'`)
      .pluck()
      .get() as number;
    const pageSize = raw.pragma('page_size', { simple: true }) as number;
    raw.close();
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.alloc(pageSize, 0x5a), 0, pageSize, (audioRoot - 1) * pageSize);
    fs.closeSync(fd);
    const before = fileSnapshot(file);

    const store = openStore(file);
    try {
      expect(store.readonly).toBe(false);
      // The run table is intact: listing and reading runs work.
      expect(store.listRuns().total).toBe(5);
      expect(store.getRun(ids[0]!)?.chunks).toHaveLength(4);
      expectStoreError(
        () => store.getAudio(ids[0]!, 'stream'),
        'corrupt',
        /is damaged.*restore it from a backup/,
      );
      // From now on nothing is written to it...
      expect(store.readonly).toBe(true);
      expect(store.readonlyReason).toMatch(/damaged pages/);
      expectStoreError(() => saveRun(store, 9), 'corrupt', /is damaged .*writes are refused/);
      expectStoreError(() => store.addTags(ids[1]!, ['x']), 'corrupt', /is damaged/);
      // ...but reading still works.
      expect(store.getRun(ids[1]!)?.status).toBe('finished');
    } finally {
      store.close();
    }
    expectUntouched(file, before);
  });

  it('opens a database in a read-only folder read-only, says why, and refuses writes clearly', () => {
    const sub = path.join(dir, 'ro');
    const file = path.join(sub, 'runs.db');
    const store = openStore(file);
    const id = saveRun(store, 2);
    store.close();
    makeUnwritable(sub);
    const before = fileSnapshot(file);
    const ro = openStore(file);
    try {
      expect(ro.readonly).toBe(true);
      expect(ro.readonlyReason).toMatch(/folder .* not writable/);
      expect(ro.getRun(id)?.status).toBe('finished');
      expect(ro.getAudio(id, 'stream')?.samples).toHaveLength(2400);
      expect(ro.listRuns().total).toBe(1);
      expectStoreError(() => saveRun(ro, 3), 'readonly', /open read-only/);
      expectStoreError(() => ro.addTags(id, ['x']), 'readonly', /open read-only .*not writable/);
    } finally {
      ro.close();
    }
    expectUntouched(file, before);
  });

  it('opens a read-only database file (in a writable folder) read-only: reads work, writes are refused', () => {
    const file = path.join(dir, 'runs.db');
    const [id] = closedDatabase(file, 2);
    makeUnwritable(file);
    const before = fs.readFileSync(file);
    const ro = openStore(file);
    try {
      expect(ro.readonly).toBe(true);
      expect(ro.readonlyReason).toMatch(/the file .*runs\.db is not writable/);
      expect(ro.listRuns({ sort: { field: 'seed' } }).rows.map((r) => r.seed)).toEqual([1, 2]);
      expect(
        Buffer.compare(bytesOf(ro.getAudio(id!, 'stream')!.samples), bytesOf(makeAudio(1, 2400).stream)),
      ).toBe(0);
      expectStoreError(() => ro.addNote(id!, 'n'), 'readonly', /open read-only \(the file .* not writable\)/);
      expectStoreError(() => ro.deleteRun(id!), 'readonly', /read-only/);
    } finally {
      ro.close();
    }
    expect(Buffer.compare(fs.readFileSync(file), before)).toBe(0);
  });

  it('an older schema in a read-only folder fails clearly (upgrading needs write access) and is untouched', () => {
    const sub = path.join(dir, 'old');
    fs.mkdirSync(sub);
    const file = path.join(sub, 'runs.db');
    const raw = new Database(file);
    raw.pragma('journal_mode = WAL');
    applyMigrations(raw, { to: MIGRATIONS.length - 1 });
    raw.close();
    makeUnwritable(sub);
    const before = fileSnapshot(file);
    expectStoreError(
      () => openStore(file),
      'readonly',
      new RegExp(`uses schema ${LATEST_SCHEMA_VERSION - 1} and must be upgraded .* needs write access`),
    );
    expectUntouched(file, before);
  });

  it('a read-only open of a writable database also refuses writes', () => {
    const file = path.join(dir, 'runs.db');
    openStore(file).close();
    const ro = openStore(file, { readonly: true });
    expect(ro.readonly).toBe(true);
    expectStoreError(() => saveRun(ro, 1), 'readonly', /read-only/);
    ro.close();
  });
});

describe('a locked database', () => {
  it('a write fails with a clear busy error after the timeout; reads keep working; writes work once released', () => {
    const file = path.join(dir, 'runs.db');
    const store = openStore(file, { busyTimeoutMs: 100 });
    const kept = saveRun(store, 1);
    const other = new Database(file);
    other.exec('BEGIN EXCLUSIVE');
    other.prepare(`UPDATE runs SET error = 'uncommitted'`).run();
    const id = newId();
    expectStoreError(
      () => store.beginRun(id, makeConfig(), makeProvenance()),
      'busy',
      /locked by another process \(gave up after waiting\)/,
    );
    // WAL: the committed state stays readable while another connection holds the write lock.
    expect(store.getRun(kept)).toMatchObject({ status: 'finished' });
    expect(store.getRun(kept)?.error).toBeUndefined();
    other.exec('ROLLBACK');
    other.close();
    store.beginRun(id, makeConfig(), makeProvenance());
    expect(store.getRun(id)?.status).toBe('running');
    store.close();
  });

  it('a database another process holds in exclusive locking mode cannot be opened: clear error, untouched', () => {
    const file = path.join(dir, 'runs.db');
    closedDatabase(file, 1);
    const other = new Database(file);
    other.pragma('locking_mode = EXCLUSIVE');
    other.exec('BEGIN EXCLUSIVE; COMMIT');
    try {
      expectStoreError(
        () => openStore(file, { busyTimeoutMs: 100 }),
        'busy',
        /Could not open the run database: .* is locked by another process/,
      );
    } finally {
      other.close();
    }
    expect(openStore(file).close()).toBeUndefined();
  });

  it('a write waits (busy timeout) while another process commits, then succeeds', async () => {
    const file = path.join(dir, 'runs.db');
    const store = openStore(file);
    const id = saveRun(store, 1);
    const child = spawn(process.execPath, [path.join(fixtures, 'lock-holder.ts'), file, id, '300'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise((r) => child.on('exit', r));
    await new Promise<void>((resolve) =>
      child.stdout.on('data', (d: Buffer) => d.includes('locked') && resolve()),
    );
    // Synchronous: blocks in SQLite's busy handler until the child commits (the default timeout is 5 s).
    store.addTags(id, ['after-wait']);
    expect(store.getTags(id)).toEqual(['after-wait', 'held']);
    await exited;
    store.close();
  });
});

describe('a full disk (simulated with max_page_count: SQLite returns SQLITE_FULL exactly as for ENOSPC)', () => {
  function fillUp(store: RunStore, extraPages: number): void {
    const pages = store.db.pragma('page_count', { simple: true }) as number;
    store.db.pragma(`max_page_count = ${pages + extraPages}`);
  }

  it('the write fails clearly, nothing committed before is lost, and the run is not finished', () => {
    const file = path.join(dir, 'runs.db');
    const store = openStore(file);
    const kept = saveRun(store, 1);
    const id = newId();
    const config = makeConfig({ seed: 9 });
    store.beginRun(id, config, makeProvenance());
    fillUp(store, 2);
    expectStoreError(
      () => store.finishRun(id, makeSummary(id, config, 9), makeAudio(9, 24000 * 10)),
      'disk-full',
      /disk .* is full.*everything saved before is intact/,
    );
    expect(store.getRun(id)).toMatchObject({ status: 'running', chunks: [], metrics: null });
    expect(store.listAudio(id)).toEqual([]);
    expect(store.getRun(kept)?.status).toBe('finished');
    expect(store.readonly).toBe(false);
    store.close();
    const reopened = openStore(file);
    expect(reopened.integrityCheck()).toBe('ok');
    expect(reopened.getRun(kept)?.chunks).toHaveLength(4);
    // The run left running by the closed store is recovered as interrupted, with what was saved.
    expect(reopened.getRun(id)).toMatchObject({ status: 'interrupted', config });
    reopened.close();
  });

  it('ratings: a failed rating is reported, earlier ratings stay, and writing resumes once there is room', () => {
    const store = openStore(path.join(dir, 'runs.db'));
    const a = saveRun(store, 1);
    const b = saveRun(store, 2);
    const session = store.createSession({
      kind: 'mushra',
      name: 'm',
      design: {},
      trials: [
        {
          presentation: {},
          stimuli: [
            { key: 'ref', role: 'hidden-reference', runId: a, audioKind: 'reference' },
            { key: 'c1', role: 'condition', runId: b, audioKind: 'stream' },
          ],
        },
      ],
    });
    const rate = (stimulus: string, comment: string) =>
      store.addRating({
        sessionId: session.id,
        trialIndex: 0,
        stimulus,
        score: 80,
        timeMs: 1,
        replays: 0,
        listeningMs: 5,
        comment,
      });
    rate('ref', 'first');
    fillUp(store, 0);
    expectStoreError(
      () => rate('c1', 'x'.repeat(20_000)),
      'disk-full',
      /Could not save the rating: the disk/,
    );
    expectStoreError(() => saveRun(store, 3, {}, { samples: 24000 }), 'disk-full', /is full/);
    expect(store.getSession(session.id)?.trials[0]?.ratings.map((r) => r.comment)).toEqual(['first']);
    fillUp(store, 10_000); // space freed
    rate('c1', 'second');
    expect(store.getSession(session.id)?.trials[0]?.ratings.map((r) => r.comment)).toEqual([
      'first',
      'second',
    ]);
    expect(store.integrityCheck()).toBe('ok');
    store.close();
  });
});

describe('invalid input', () => {
  it('rejects invalid input with clear errors and no partial rows', () => {
    const store = openStore(path.join(dir, 'runs.db'));
    expectStoreError(
      () => store.beginRun('not-a-uuid', makeConfig(), makeProvenance()),
      'invalid-input',
      /not a UUID/,
    );
    const id = newId();
    expectStoreError(
      () => store.beginRun(id, { ...makeConfig(), seed: -1 }, makeProvenance()),
      'invalid-input',
      /invalid run config: seed/,
    );
    expect(store.getRun(id)).toBeUndefined();
    store.beginRun(id, makeConfig(), makeProvenance());
    const bad = makeSummary(id, makeConfig(), 1);
    bad.metrics.ttfaMs = Number.NaN;
    expectStoreError(() => store.finishRun(id, bad, makeAudio(1, 10)), 'invalid-input', /metrics.ttfaMs/);
    expectStoreError(
      () => store.finishRun(newId(), makeSummary(id, makeConfig(), 1), makeAudio(1, 10)),
      'invalid-input',
      /summary is for run/,
    );
    store.finishRun(id, makeSummary(id, makeConfig(), 1), makeAudio(1, 10));
    expectStoreError(
      () => store.finishRun(id, makeSummary(id, makeConfig(), 1), makeAudio(1, 10)),
      'conflict',
      /is finished, not running/,
    );
    expectStoreError(() => store.failRun(id, 'late'), 'conflict', /is finished/);
    store.close();
  });
});
