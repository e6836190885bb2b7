import type { Migration } from './types.ts';

/**
 * Search over strategies and knobs, not only texts: "overlap" found nothing because run_search indexed only the
 * run text. The index gains a `knobs` column holding every configuration leaf except the text (already indexed)
 * as "key value" words, e.g. "kind overlap-add overlapTokens 4 crossfadeMs 10 shape equal-power", built in SQL
 * from config_json by json_tree so every writer (store, bundle import, raw SQL of older code) is covered by the
 * trigger. The unicode61 tokenizer splits "overlap-add" at the hyphen, so "overlap" and "overlap-add" (a phrase
 * query) both match. FTS5 tables cannot gain columns, so the table is rebuilt and backfilled from runs.
 */
const KNOB_WORDS = (json: string): string =>
  `(SELECT group_concat(key || ' ' || CAST(value AS TEXT), ' ') FROM json_tree(${json})
     WHERE type NOT IN ('object', 'array') AND fullkey <> '$.text')`;

export const migration007: Migration = {
  version: 7,
  name: 'run_search: strategy names and knob values',
  up(db) {
    db.exec(`
      DROP TRIGGER runs_search_insert;
      DROP TRIGGER runs_search_delete;
      DROP TABLE run_search;
      CREATE VIRTUAL TABLE run_search USING fts5(
        run_id UNINDEXED, text, knobs, tokenize = 'unicode61 remove_diacritics 2'
      );
      INSERT INTO run_search(run_id, text, knobs) SELECT id, text, ${KNOB_WORDS('config_json')} FROM runs;
      CREATE TRIGGER runs_search_insert AFTER INSERT ON runs BEGIN
        INSERT INTO run_search(run_id, text, knobs) VALUES (NEW.id, NEW.text, ${KNOB_WORDS('NEW.config_json')});
      END;
      CREATE TRIGGER runs_search_update AFTER UPDATE OF text, config_json ON runs BEGIN
        DELETE FROM run_search WHERE run_id = OLD.id;
        INSERT INTO run_search(run_id, text, knobs) VALUES (NEW.id, NEW.text, ${KNOB_WORDS('NEW.config_json')});
      END;
      CREATE TRIGGER runs_search_delete AFTER DELETE ON runs BEGIN
        DELETE FROM run_search WHERE run_id = OLD.id;
      END;
    `);
  },
};
