import type Database from 'better-sqlite3';

/**
 * One forward-only schema step. `up` runs inside a transaction that also bumps `PRAGMA user_version` to
 * `version`, so a step either lands completely or not at all. Never edit a shipped migration: add a new one.
 */
export interface Migration {
  version: number;
  name: string;
  up(db: Database.Database): void;
}
