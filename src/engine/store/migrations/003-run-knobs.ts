import type { Migration } from './types.ts';

/**
 * Filtering and sorting by any configuration knob (`config.boundary.overlapTokens`) reads one JSON value from
 * every run. Two things made that slow at 10 000 runs: parsing text JSON, and the width of the runs table (about
 * one row per 4 KiB page, so a scan reads every page). `run_knobs` holds each run's configuration as SQLite's
 * binary JSONB (read without parsing) in a narrow table of its own (several runs per page). A trigger fills it
 * for every writer (runs, bundle import, raw SQL of older code); runs.config_json stays the source of truth.
 * Existing runs are backfilled here.
 */
export const migration003: Migration = {
  version: 3,
  name: 'run_knobs: configurations as JSONB for fast knob filters',
  up(db) {
    db.exec(`
      CREATE TABLE run_knobs (
        run_id TEXT PRIMARY KEY NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        config_jsonb BLOB NOT NULL
      ) STRICT;
      INSERT INTO run_knobs (run_id, config_jsonb) SELECT id, jsonb(config_json) FROM runs;
      CREATE TRIGGER runs_knobs_insert AFTER INSERT ON runs BEGIN
        INSERT INTO run_knobs (run_id, config_jsonb) VALUES (NEW.id, jsonb(NEW.config_json));
      END;
      CREATE TRIGGER runs_knobs_update AFTER UPDATE OF config_json ON runs BEGIN
        UPDATE run_knobs SET config_jsonb = jsonb(NEW.config_json) WHERE run_id = NEW.id;
      END;
    `);
  },
};
