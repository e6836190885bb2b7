import type { Migration } from './types.ts';

/**
 * What the run table needs to stay fast with months of runs: indexes on the columns it sorts and filters by most,
 * and a full-text index over run texts (FTS5, built into better-sqlite3's SQLite). The FTS table keeps its own
 * copy of run_id rather than pointing at runs' rowid, because VACUUM may renumber rowids of a table with a TEXT
 * primary key. Existing runs are backfilled here, so a database from schema 1 becomes searchable.
 */
export const migration002: Migration = {
  version: 2,
  name: 'listing indexes and text search',
  up(db) {
    db.exec(`
      CREATE INDEX runs_created ON runs(created_at, id);
      CREATE INDEX runs_status_created ON runs(status, created_at);
      CREATE INDEX runs_model_created ON runs(model, created_at);
      CREATE INDEX runs_boundary_created ON runs(boundary_kind, created_at);
      CREATE INDEX run_metrics_ttfa ON run_metrics(ttfa_ms);
      CREATE INDEX run_metrics_rtf ON run_metrics(rtf);
      CREATE INDEX run_metrics_median_click ON run_metrics(median_click_score);
      CREATE INDEX run_metrics_snr ON run_metrics(snr_db);
      CREATE INDEX run_metrics_gap_count ON run_metrics(gap_count);
      CREATE INDEX sample_pairs_runs ON sample_pairs(run_a, run_b);
      CREATE INDEX trial_stimuli_run ON trial_stimuli(run_id);

      CREATE VIRTUAL TABLE run_search USING fts5(run_id UNINDEXED, text, tokenize = 'unicode61 remove_diacritics 2');
      INSERT INTO run_search(run_id, text) SELECT id, text FROM runs;
      CREATE TRIGGER runs_search_insert AFTER INSERT ON runs BEGIN
        INSERT INTO run_search(run_id, text) VALUES (NEW.id, NEW.text);
      END;
      CREATE TRIGGER runs_search_delete AFTER DELETE ON runs BEGIN
        DELETE FROM run_search WHERE run_id = OLD.id;
      END;
    `);
  },
};
