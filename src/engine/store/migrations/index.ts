import type Database from 'better-sqlite3';
import { migration001 } from './001-initial.ts';
import { migration002 } from './002-listing-indexes-and-search.ts';
import { migration003 } from './003-run-knobs.ts';
import { migration004 } from './004-audio-peaks.ts';
import { migration005 } from './005-relative-quality.ts';
import { migration006 } from './006-stop-reason.ts';
import { migration007 } from './007-search-knobs.ts';
import { StoreError, StoreErrorCodes, sqliteCode } from '../errors.ts';
import type { Migration } from './types.ts';

export type { Migration } from './types.ts';

/** Every migration in order. Append only; the test harness proves each step from every earlier version. */
export const MIGRATIONS: readonly Migration[] = [
  migration001,
  migration002,
  migration003,
  migration004,
  migration005,
  migration006,
  migration007,
];
export const LATEST_SCHEMA_VERSION = MIGRATIONS.length;

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Applies migrations after the database's current version up to `to`, each in its own IMMEDIATE transaction that
 * also sets `user_version` (the header write is part of the transaction, so a crash leaves either the old or the
 * new version, never a half-migrated schema). Returns the versions applied.
 */
export function applyMigrations(
  db: Database.Database,
  options: { to?: number; migrations?: readonly Migration[] } = {},
): number[] {
  const migrations = options.migrations ?? MIGRATIONS;
  const target = options.to ?? migrations.length;
  migrations.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new Error(`migration ${m.name} is numbered ${m.version}, expected ${i + 1}`);
  });
  const applied: number[] = [];
  for (const migration of migrations) {
    if (migration.version > target) break;
    const step = db.transaction(() => {
      // Re-read inside the write lock: another process may have migrated while we waited for it.
      if (schemaVersion(db) >= migration.version) return false;
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
      return true;
    });
    let ran: boolean;
    try {
      ran = step.immediate();
    } catch (error) {
      throw migrationError(error, migration);
    }
    if (ran) applied.push(migration.version);
  }
  return applied;
}

/**
 * A migration that fails for a reason of its own (not a lock, a full disk or a read-only file, which the caller
 * reports as such) says which step failed; its transaction rolled back, so the database is as it was.
 */
function migrationError(error: unknown, migration: Migration): unknown {
  const code = sqliteCode(error) ?? '';
  if (/^SQLITE_(BUSY|LOCKED|FULL|READONLY|IOERR|CORRUPT|NOTADB)/.test(code)) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new StoreError(
    StoreErrorCodes.io,
    `upgrading the run database to schema ${migration.version} (${migration.name}) failed: ${detail}. ` +
      `It was rolled back: the database is unchanged at schema ${migration.version - 1}.`,
    { cause: error },
  );
}
