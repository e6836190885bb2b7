import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION, StoreError, openStore } from '../../../src/engine/store/index.ts';
import { canWriteFolder } from '../../../src/engine/store/database-file.ts';
import { makeAudio, makeConfig, makeProvenance, makeSummary, newId } from './fixtures/runs.ts';
import { saveRun, tempDir } from './helpers.ts';

let dir: string;
let immutable: string | null = null;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => {
  if (immutable) execFileSync('chattr', ['-i', immutable]);
  immutable = null;
  fs.chmodSync(dir, 0o755);
  fs.rmSync(dir, { recursive: true, force: true });
});

function snapshot(file: string): { bytes: Buffer; mtimeMs: number; siblings: string[] } {
  return {
    bytes: fs.readFileSync(file),
    mtimeMs: fs.statSync(file).mtimeMs,
    siblings: fs.readdirSync(path.dirname(file)).sort(),
  };
}

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

/** Makes `folder` unwritable for real: chmod for ordinary users, the immutable flag when running as root. */
function makeReadonlyFolder(folder: string): void {
  fs.chmodSync(folder, 0o555);
  if (canWriteFolder(folder)) {
    execFileSync('chattr', ['+i', folder]);
    immutable = folder;
  }
  if (canWriteFolder(folder)) throw new Error('could not make a read-only folder on this machine');
}

describe('opening bad or foreign files', () => {
  it('refuses a database from a newer Seamlab and touches nothing', () => {
    const file = path.join(dir, 'runs.db');
    const store = openStore(file);
    saveRun(store, 1);
    store.close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 5}`);
    raw.close();
    const before = snapshot(file);
    expectStoreError(
      () => openStore(file),
      'newer-schema',
      new RegExp(
        `written by a newer Seamlab \\(schema ${LATEST_SCHEMA_VERSION + 5}, this build knows ${LATEST_SCHEMA_VERSION}\\); upgrade Seamlab`,
      ),
    );
    expectStoreError(() => openStore(file, { readonly: true }), 'newer-schema', /upgrade Seamlab/);
    const after = snapshot(file);
    expect(Buffer.compare(after.bytes, before.bytes)).toBe(0);
    expect(after.mtimeMs).toBe(before.mtimeMs);
    expect(after.siblings).toEqual(before.siblings);
  });

  it('refuses a file that is not a database, naming it, and never overwrites it', () => {
    const file = path.join(dir, 'notes.txt');
    fs.writeFileSync(file, 'these are my notes, not a database\n'.repeat(10));
    const before = snapshot(file);
    const error = expectStoreError(() => openStore(file), 'not-a-database', /not a Seamlab run database/);
    expect(error.message).toContain(file);
    expect(Buffer.compare(fs.readFileSync(file), before.bytes)).toBe(0);
    expect(fs.readdirSync(dir).sort()).toEqual(before.siblings);
  });

  it('opens a database in a read-only folder read-only, says why, and refuses writes clearly', () => {
    const sub = path.join(dir, 'ro');
    const file = path.join(sub, 'runs.db');
    const store = openStore(file);
    const id = saveRun(store, 2);
    store.close();
    makeReadonlyFolder(sub);
    const ro = openStore(file);
    try {
      expect(ro.readonly).toBe(true);
      expect(ro.readonlyReason).toMatch(/not writable/);
      expect(ro.getRun(id)?.status).toBe('finished');
      expect(ro.listRuns().total).toBe(1);
      expectStoreError(() => saveRun(ro, 3), 'readonly', /open read-only/);
      expectStoreError(() => ro.addTags(id, ['x']), 'readonly', /open read-only .*not writable/);
    } finally {
      ro.close();
    }
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

describe('write failures', () => {
  it('a locked database fails with a clear busy error after the timeout, and works once released', () => {
    const file = path.join(dir, 'runs.db');
    const store = openStore(file, { busyTimeoutMs: 100 });
    const other = new Database(file);
    other.exec('BEGIN IMMEDIATE');
    const id = newId();
    expectStoreError(
      () => store.beginRun(id, makeConfig(), makeProvenance()),
      'busy',
      /locked by another process/,
    );
    other.exec('ROLLBACK');
    other.close();
    store.beginRun(id, makeConfig(), makeProvenance());
    expect(store.getRun(id)?.status).toBe('running');
    store.close();
  });

  it('disk full: the write fails clearly, nothing committed before is lost, and the run is not finished', () => {
    const file = path.join(dir, 'runs.db');
    const store = openStore(file);
    const kept = saveRun(store, 1);
    const id = newId();
    const config = makeConfig({ seed: 9 });
    store.beginRun(id, config, makeProvenance());
    const pages = store.db.pragma('page_count', { simple: true }) as number;
    store.db.pragma(`max_page_count = ${pages + 2}`);
    expectStoreError(
      () => store.finishRun(id, makeSummary(id, config, 9), makeAudio(9, 24000 * 10)),
      'disk-full',
      /disk .* is full.*everything saved before is intact/,
    );
    expect(store.getRun(id)).toMatchObject({ status: 'running', chunks: [], metrics: null });
    expect(store.listAudio(id)).toEqual([]);
    expect(store.getRun(kept)?.status).toBe('finished');
    store.close();
    const reopened = openStore(file);
    expect(reopened.integrityCheck()).toBe('ok');
    expect(reopened.getRun(kept)?.chunks).toHaveLength(4);
    // The run left running by the closed store is recovered as interrupted, with what was saved.
    expect(reopened.getRun(id)?.status).toBe('interrupted');
    reopened.close();
  });

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
