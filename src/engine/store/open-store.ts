/**
 * Opening the run database safely.
 *
 * Pragmas: WAL (readers never block the writer, and a killed writer leaves the last committed state), foreign
 * keys ON (SQLite's default is off per connection), a busy timeout (another process's short write waits instead
 * of failing at once), and synchronous=NORMAL. NORMAL is safe in WAL mode: a commit is appended to the WAL before
 * it returns, so a crashed or SIGKILLed process loses nothing committed and the file cannot be corrupted; only
 * an OS crash or power cut can roll back the last few commits (never corrupt). Ratings are written with
 * synchronous=FULL (see RunStore.addRating) because a listener's answer cannot be re-run.
 *
 * A file we refuse (not a database, written by a newer Seamlab) is judged from its header bytes before SQLite
 * opens it, so refusing it changes nothing, not even -wal/-shm files beside it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { canWriteFile, canWriteFolder, inspectDatabaseFile } from './database-file.ts';
import { StoreError, StoreErrorCodes, translateError } from './errors.ts';
import { LATEST_SCHEMA_VERSION, applyMigrations, schemaVersion } from './migrations/index.ts';
import { RunStore } from './run-store.ts';

/**
 * Page cache per connection, in KiB when negative: 64 MiB holds the tables a listing reads (runs, run_knobs,
 * run_metrics) for tens of thousands of runs, which halves filtered-and-sorted listing times at 10 000 runs
 * compared with SQLite's 2 MiB default. Memory is only taken as pages are read; audio pages pass through it.
 */
const CACHE_SIZE = -65536;

export interface OpenStoreOptions {
  /** Open for reading only. Also chosen automatically (with a reason) when the file or folder is not writable. */
  readonly?: boolean;
  /** How long a write waits for another process's lock before failing with a 'busy' error. Default 5000 ms. */
  busyTimeoutMs?: number;
  /** Mark runs whose writer is gone as interrupted on open (default true; ignored when read-only). */
  recoverInterrupted?: boolean;
}

function newerSchemaError(file: string, version: number): StoreError {
  return new StoreError(
    StoreErrorCodes.newerSchema,
    `${file}: this database was written by a newer Seamlab (schema ${version}, this build knows ` +
      `${LATEST_SCHEMA_VERSION}); upgrade Seamlab. The file was not changed.`,
  );
}

function notADatabase(file: string): StoreError {
  return new StoreError(
    StoreErrorCodes.notADatabase,
    `${file} is not a Seamlab run database (it is not an SQLite file). It was left untouched; ` +
      'move it aside or choose another database path.',
  );
}

/** Throws for files we must refuse; returns the state for the rest. Reads the header only. */
function refuseBadFile(file: string): ReturnType<typeof inspectDatabaseFile> {
  const state = inspectDatabaseFile(file);
  if (state.kind === 'not-sqlite') throw notADatabase(file);
  if (state.kind === 'sqlite' && state.userVersion > LATEST_SCHEMA_VERSION)
    throw newerSchemaError(file, state.userVersion);
  return state;
}

export function openStore(file: string, options: OpenStoreOptions = {}): RunStore {
  const dbPath = path.resolve(file);
  const dir = path.dirname(dbPath);
  const timeout = options.busyTimeoutMs ?? 5000;
  const state = refuseBadFile(dbPath);

  let readonlyReason: string | null = options.readonly ? 'opened read-only as asked' : null;
  if (!readonlyReason) {
    if (state.kind === 'missing') {
      try {
        fs.mkdirSync(dir, { recursive: true });
      } catch (error) {
        throw new StoreError(
          StoreErrorCodes.io,
          `cannot create the folder ${dir} for the run database: ${String(error)}`,
        );
      }
      if (!canWriteFolder(dir))
        throw new StoreError(
          StoreErrorCodes.readonly,
          `cannot create the run database ${dbPath}: the folder ${dir} is not writable`,
        );
    } else if (!canWriteFolder(dir)) readonlyReason = `the folder ${dir} is not writable`;
    else if (!canWriteFile(dbPath)) readonlyReason = `the file ${dbPath} is not writable`;
  }
  if (readonlyReason) return openReadonly(dbPath, state, readonlyReason, timeout);
  try {
    return openWritable(dbPath, timeout, options.recoverInterrupted ?? true);
  } catch (error) {
    // A full disk must not hide months of runs: read them (writes are refused with the reason) when we can.
    if (!(error instanceof StoreError) || error.code !== StoreErrorCodes.diskFull) throw error;
    if (state.kind !== 'sqlite') throw error;
    try {
      return openReadonly(
        dbPath,
        state,
        'the disk holding it is full; free some space and reopen to save runs',
        timeout,
      );
    } catch {
      throw error;
    }
  }
}

/** SQLite cannot read a WAL database when it cannot create or grow the -shm file beside it. */
const SHARED_MEMORY_FAILURES = new Set([
  'SQLITE_CANTOPEN',
  'SQLITE_IOERR_SHMSIZE',
  'SQLITE_IOERR_SHMOPEN',
  'SQLITE_READONLY_CANTINIT',
]);

function openWritable(dbPath: string, timeout: number, recover: boolean): RunStore {
  let db: Database.Database | undefined;
  try {
    db = new Database(dbPath, { timeout });
    // The header we read may lag a WAL written by a newer build still running: ask SQLite before any write.
    const version = schemaVersion(db);
    if (version > LATEST_SCHEMA_VERSION) throw newerSchemaError(dbPath, version);
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal')
      throw new StoreError(
        StoreErrorCodes.io,
        `${dbPath}: could not switch to WAL mode (got ${String(mode)})`,
      );
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(timeout))}`);
    db.pragma(`cache_size = ${CACHE_SIZE}`);
    applyMigrations(db);
    const store = new RunStore(db, { path: dbPath, readonlyReason: null });
    if (recover) store.recoverInterrupted();
    return store;
  } catch (error) {
    db?.close();
    throw translateError(error, dbPath, 'open the run database');
  }
}

function openReadonly(
  dbPath: string,
  state: ReturnType<typeof inspectDatabaseFile>,
  reason: string,
  timeout: number,
): RunStore {
  if (state.kind === 'missing' || state.kind === 'empty')
    throw new StoreError(
      StoreErrorCodes.notFound,
      `cannot open ${dbPath} read-only: there is no run database there yet`,
    );
  let db: Database.Database | undefined;
  let snapshotDir: string | null = null;
  try {
    try {
      db = new Database(dbPath, { readonly: true, fileMustExist: true, timeout });
      schemaVersion(db);
    } catch (error) {
      // A WAL database in a folder we cannot write (or on a full disk) cannot even be read: SQLite needs its
      // -shm file there. Read a private snapshot copy instead, leaving the original untouched.
      if (!SHARED_MEMORY_FAILURES.has((error as { code?: string }).code ?? '')) throw error;
      db?.close();
      snapshotDir = fs.mkdtempSync(path.join(os.tmpdir(), 'seamlab-readonly-'));
      const copy = path.join(snapshotDir, path.basename(dbPath));
      fs.copyFileSync(dbPath, copy);
      if (fs.existsSync(`${dbPath}-wal`)) fs.copyFileSync(`${dbPath}-wal`, `${copy}-wal`);
      db = new Database(copy, { readonly: true, fileMustExist: true, timeout });
      reason = `${reason}; reading a private snapshot copy, as SQLite cannot create its -shm file beside the database`;
    }
    const version = schemaVersion(db);
    if (version > LATEST_SCHEMA_VERSION) throw newerSchemaError(dbPath, version);
    if (version < LATEST_SCHEMA_VERSION)
      throw new StoreError(
        StoreErrorCodes.readonly,
        `${dbPath} uses schema ${version} and must be upgraded to ${LATEST_SCHEMA_VERSION} before this build can ` +
          `read it, which needs write access (${reason})`,
      );
    db.pragma('query_only = ON');
    db.pragma(`cache_size = ${CACHE_SIZE}`);
    return new RunStore(db, { path: dbPath, readonlyReason: reason, snapshotDir });
  } catch (error) {
    db?.close();
    if (snapshotDir) fs.rmSync(snapshotDir, { recursive: true, force: true });
    throw translateError(error, dbPath, 'open the run database');
  }
}
