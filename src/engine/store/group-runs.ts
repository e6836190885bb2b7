/**
 * The runs table grouped by one field (a knob, a run column or a metric), as MLflow's and W&B's runs tables
 * group: one row per distinct value with how many runs have it and the mean of key metrics. Computed in the
 * database over every matching run, not over the page the table has loaded.
 */
import type Database from 'better-sqlite3';
import { StoreError, StoreErrorCodes } from './errors.ts';
import { fieldExpression, filterSql, type RunFilter } from './list-runs.ts';
import { METRIC_COLUMNS } from './run-rows.ts';

export const DEFAULT_GROUP_METRICS = ['ttfa_ms', 'rtf', 'max_excess_click_score', 'snr_db'] as const;
const MAX_GROUPS = 500;

export interface RunGroup {
  /** The field's value for the group's runs; null for runs without it (a knob their strategy lacks). */
  value: string | number | null;
  count: number;
  /** Mean of each metric over the group's runs that have it; null when none has it. */
  means: Record<string, number | null>;
}

export interface GroupRunsQuery {
  filter?: RunFilter;
  groupBy: string;
  metrics?: readonly string[];
}

export interface GroupRunsResult {
  groups: RunGroup[];
  /** Runs matching the filter (the sum of the counts, unless there were more than MAX_GROUPS groups). */
  total: number;
  /** True when more distinct values existed than were returned. */
  truncated: boolean;
}

/** A metric's mean; an identical stream's SNR (stored NULL, infinite) is left out of the mean rather than counted. */
function meanSql(metric: string): string {
  if (metric === 'snr_db') return 'AVG(CASE WHEN m.snr_identical = 1 THEN NULL ELSE m.snr_db END)';
  return `AVG(m.${metric})`;
}

export function groupRuns(db: Database.Database, query: GroupRunsQuery): GroupRunsResult {
  const metrics = [...(query.metrics ?? DEFAULT_GROUP_METRICS)];
  for (const metric of metrics)
    if (!(METRIC_COLUMNS as readonly string[]).includes(metric) || metric === 'snr_identical')
      throw new StoreError(
        StoreErrorCodes.invalidInput,
        `cannot average "${metric}": use a metric (${METRIC_COLUMNS.join(', ')})`,
      );
  const key = fieldExpression(query.groupBy);
  const where = filterSql(query.filter ?? {});
  const joins = [
    'LEFT JOIN run_metrics m ON m.run_id = r.id',
    ...(/\bsr\./.test(where.sql) ? ['LEFT JOIN sweep_runs sr ON sr.run_id = r.id'] : []),
    ...(/\bk\./.test(`${key.sql} ${where.sql}`) ? ['JOIN run_knobs k ON k.run_id = r.id'] : []),
  ].join(' ');
  const means = metrics.map((metric, i) => `${meanSql(metric)} AS mean_${i}`).join(', ');
  const rows = db
    .prepare(
      `SELECT ${key.sql} AS value, COUNT(*) AS n${means ? `, ${means}` : ''}
       FROM runs r ${joins} ${where.sql}
       GROUP BY 1 ORDER BY (value IS NULL), value LIMIT ?`,
    )
    .all(...key.params, ...where.params, MAX_GROUPS + 1) as Record<string, unknown>[];
  const truncated = rows.length > MAX_GROUPS;
  const groups = rows.slice(0, MAX_GROUPS).map((row) => ({
    value: row.value as string | number | null,
    count: row.n as number,
    means: Object.fromEntries(
      metrics.map((metric, i) => [metric, (row[`mean_${i}`] as number | null) ?? null]),
    ),
  }));
  const total = truncated
    ? (db
        .prepare(`SELECT COUNT(*) FROM runs r ${joins} ${where.sql}`)
        .pluck()
        .get(...where.params) as number)
    : groups.reduce((sum, g) => sum + g.count, 0);
  return { groups, total, truncated };
}
