import { median } from 'simple-statistics';
import type { Migration } from './types.ts';

/**
 * Click scores relative to the reference and an explicit "identical" flag (issue 13, item 4). Absolute click
 * scores ranked a stream identical to its reference worst of four strategies, and an identical stream's SNR
 * (Infinity, stored as NULL) sorted last. Backfilled from the boundaries table (click_score minus
 * reference_click_score, negatives as 0 like excessClickSummary) and from snr_db IS NULL with lsd_db = 0, which is how an identical run was stored.
 */
export const migration005: Migration = {
  version: 5,
  name: 'run_metrics: excess click scores and snr_identical',
  up(db) {
    db.exec(`
      ALTER TABLE run_metrics ADD COLUMN median_excess_click_score REAL;
      ALTER TABLE run_metrics ADD COLUMN max_excess_click_score REAL;
      ALTER TABLE run_metrics ADD COLUMN snr_identical INTEGER NOT NULL DEFAULT 0 CHECK (snr_identical IN (0, 1));
      UPDATE run_metrics SET snr_identical = 1 WHERE snr_db IS NULL AND lsd_db = 0;
    `);
    const excess = db
      .prepare(
        `SELECT run_id, MAX(0, click_score - reference_click_score) AS excess FROM boundaries
         WHERE reference_click_score IS NOT NULL ORDER BY run_id, excess`,
      )
      .all() as { run_id: string; excess: number }[];
    const byRun = new Map<string, number[]>();
    for (const row of excess) byRun.set(row.run_id, [...(byRun.get(row.run_id) ?? []), row.excess]);
    const update = db.prepare(
      'UPDATE run_metrics SET median_excess_click_score = ?, max_excess_click_score = ? WHERE run_id = ?',
    );
    for (const [runId, values] of byRun) update.run(median(values), values[values.length - 1], runId);
  },
};
