/**
 * The run table's query: filters, sort and paging built from an allow-list. Column names come only from the
 * lists below; JSON paths must match /^[a-zA-Z0-9_.]+$/ and are bound as parameters; values are always bound.
 */
import type Database from 'better-sqlite3';
import { FilterOpSchema } from '../../contract/methods/library.ts';
import type { RunConfig } from '../../contract/run-config.ts';
import { StoreError, StoreErrorCodes } from './errors.ts';
import { METRIC_COLUMNS } from './run-rows.ts';
import type { RunStatus } from './types.ts';

/** Columns of `runs` a filter or sort may name directly. */
export const RUN_COLUMNS = [
  'id',
  'created_at',
  'finished_at',
  'status',
  'model',
  'text_source_mode',
  'schedule_kind',
  'boundary_kind',
  'pipeline_kind',
  'seed',
  'text',
  'voice',
  'model_family',
  'providers',
  'app_version',
  'onnxruntime_version',
  'node_version',
  'synthetic',
  'sample_rate',
] as const;

/** The filter operators, from the contract's schema (one list for the UI, the CLI and the store). */
export const FilterOps = FilterOpSchema.options;
export type FilterOp = (typeof FilterOps)[number];
export type FilterValue = string | number | boolean | null;

/**
 * One condition. `field` is a run column (`model`, `seed`...), a metric column (`ttfa_ms`, `rtf`...), or a JSON
 * path into the configuration or provenance: `config.boundary.overlapTokens`, `provenance.model.kvDtype`.
 */
export interface FieldCondition {
  field: string;
  op: FilterOp;
  value?: FilterValue | FilterValue[];
}

export interface RunFilter {
  where?: FieldCondition[];
  status?: RunStatus | RunStatus[];
  synthetic?: boolean;
  /**
   * Full-text search over the run text, strategy names and knob values (FTS5 prefix match per word), plus notes
   * and the id (substring).
   */
  search?: string;
  tagsAll?: string[];
  tagsAny?: string[];
  /** ISO timestamps, inclusive. */
  createdFrom?: string;
  createdTo?: string;
  sweepId?: string;
}

export interface RunSort {
  field: string;
  direction?: 'asc' | 'desc';
}

export interface RunPage {
  limit?: number;
  offset?: number;
}

export interface ListRunsQuery {
  filter?: RunFilter;
  sort?: RunSort | RunSort[];
  page?: RunPage;
}

/** What a run-table row needs; never audio. */
export interface RunListRow {
  id: string;
  createdAt: string;
  finishedAt: string | null;
  status: RunStatus;
  model: string;
  modelFamily: string;
  synthetic: boolean;
  providers: string;
  text: string;
  voice: string;
  seed: number;
  textSourceMode: string;
  scheduleKind: string;
  boundaryKind: string;
  pipelineKind: string;
  config: RunConfig;
  error: string | null;
  tags: string[];
  noteCount: number;
  sweep: { sweepId: string; pointIndex: number; repeatIndex: number } | null;
  /** Measurement conditions (provenance.conditions): a cold or contended run is labelled in the table. */
  conditions: { cold: boolean; contended: boolean; overlapMs: number } | null;
  /** Metric columns by name (ttfa_ms, rtf, ...); null for runs that did not finish. */
  metrics: Record<string, number | string | null> | null;
}

export interface ListRunsResult {
  rows: RunListRow[];
  total: number;
}

const JSON_PATH = /^[a-zA-Z0-9_]+(\.[a-zA-Z0-9_]+)*$/;
const MAX_LIMIT = 1000;

interface SqlPart {
  sql: string;
  params: unknown[];
}

function invalid(message: string): StoreError {
  return new StoreError(StoreErrorCodes.invalidInput, message);
}

/** Resolves a field name to a safe SQL expression (plus bound parameters for JSON paths). */
export function fieldExpression(field: string): SqlPart {
  if ((RUN_COLUMNS as readonly string[]).includes(field)) return { sql: `r.${field}`, params: [] };
  // An identical stream's SNR is infinite (stored NULL plus snr_identical): it filters and sorts as the best.
  if (field === 'snr_db')
    return { sql: 'CASE WHEN m.snr_identical = 1 THEN 9e999 ELSE m.snr_db END', params: [] };
  if ((METRIC_COLUMNS as readonly string[]).includes(field)) return { sql: `m.${field}`, params: [] };
  for (const [prefix, column] of [
    // Knobs come from run_knobs (migration 3: JSONB in a narrow table), several times faster over thousands of
    // runs than parsing config_json; provenance paths are filtered on rarely and read the text JSON.
    ['config.', 'k.config_jsonb'],
    ['provenance.', 'r.provenance_json'],
  ] as const) {
    if (field.startsWith(prefix)) {
      const jsonPath = field.slice(prefix.length);
      if (!JSON_PATH.test(jsonPath)) throw invalid(`"${field}" is not a valid configuration path`);
      return { sql: `json_extract(${column}, ?)`, params: [`$.${jsonPath}`] };
    }
  }
  throw invalid(
    `unknown field "${field}": use a run column (${RUN_COLUMNS.join(', ')}), a metric (${METRIC_COLUMNS.join(', ')}), ` +
      'or config.<path> / provenance.<path>',
  );
}

function bindValue(value: FilterValue | FilterValue[] | undefined, field: string): unknown {
  if (Array.isArray(value) || value === undefined) throw invalid(`filter on "${field}" needs a single value`);
  if (typeof value === 'boolean') return value ? 1 : 0; // json_extract and our flag columns use 1/0
  if (typeof value === 'number' && !Number.isFinite(value))
    throw invalid(`filter on "${field}" needs a finite number`);
  return value;
}

function conditionSql(c: FieldCondition): SqlPart {
  if (!(FilterOps as readonly string[]).includes(c.op))
    throw invalid(`unknown filter operator "${String(c.op)}"`);
  const expr = fieldExpression(c.field);
  switch (c.op) {
    case 'is-null':
      return { sql: `${expr.sql} IS NULL`, params: expr.params };
    case 'not-null':
      return { sql: `${expr.sql} IS NOT NULL`, params: expr.params };
    case 'in':
    case 'not-in': {
      if (!Array.isArray(c.value) || c.value.length === 0)
        throw invalid(`"${c.op}" on "${c.field}" needs a non-empty list of values`);
      const values = c.value.map((v) => bindValue(v, c.field));
      const list = values.map(() => '?').join(', ');
      return {
        sql: `${expr.sql} ${c.op === 'in' ? 'IN' : 'NOT IN'} (${list})`,
        params: [...expr.params, ...values],
      };
    }
    case 'like':
      return { sql: `${expr.sql} LIKE ? ESCAPE '\\'`, params: [...expr.params, bindValue(c.value, c.field)] };
    case '!=':
      return { sql: `${expr.sql} IS NOT ?`, params: [...expr.params, bindValue(c.value, c.field)] };
    default:
      if (c.value === null) throw invalid(`use "is-null" to compare "${c.field}" with null`);
      return { sql: `${expr.sql} ${c.op} ?`, params: [...expr.params, bindValue(c.value, c.field)] };
  }
}

/** A LIKE pattern matching `text` literally anywhere. */
export function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

/** Each word becomes a quoted FTS5 prefix term, so user input can never be FTS query syntax. */
function ftsQuery(search: string): string | null {
  const words = search
    .split(/\s+/)
    .map((w) => w.replace(/"/g, '""'))
    .filter((w) => w.length > 0);
  return words.length ? words.map((w) => `"${w}"*`).join(' ') : null;
}

function tagList(tags: string[], field: string): string[] {
  if (!tags.every((t) => typeof t === 'string')) throw invalid(`${field} must be a list of tag names`);
  return tags;
}

export function filterSql(filter: RunFilter): SqlPart {
  const parts: string[] = [];
  const params: unknown[] = [];
  const add = (p: SqlPart): void => {
    parts.push(p.sql);
    params.push(...p.params);
  };
  for (const c of filter.where ?? []) add(conditionSql(c));
  if (filter.status !== undefined) {
    const statuses = Array.isArray(filter.status) ? filter.status : [filter.status];
    if (statuses.length)
      add({ sql: `r.status IN (${statuses.map(() => '?').join(', ')})`, params: statuses });
  }
  if (filter.synthetic !== undefined) add({ sql: 'r.synthetic = ?', params: [filter.synthetic ? 1 : 0] });
  if (filter.createdFrom) add({ sql: 'r.created_at >= ?', params: [filter.createdFrom] });
  if (filter.createdTo) add({ sql: 'r.created_at <= ?', params: [filter.createdTo] });
  if (filter.sweepId) add({ sql: 'sr.sweep_id = ?', params: [filter.sweepId] });
  if (filter.search?.trim()) {
    const search = filter.search.trim();
    const fts = ftsQuery(search);
    const like = likeContains(search);
    add({
      sql:
        `(r.id IN (SELECT run_id FROM run_search WHERE run_search MATCH ?) ` +
        `OR r.id LIKE ? ESCAPE '\\' ` +
        `OR EXISTS (SELECT 1 FROM run_notes n WHERE n.run_id = r.id AND n.body LIKE ? ESCAPE '\\'))`,
      params: [fts, like, like],
    });
  }
  // Tag filters are uncorrelated subqueries (run ids of the tags, found through the tag-name index), computed
  // once per query instead of once per run; tag names compare case-insensitively (the column is NOCASE).
  if (filter.tagsAll?.length) {
    const tags = [...new Set(tagList(filter.tagsAll, 'tagsAll').map((t) => t.toLowerCase()))];
    add({
      sql:
        `r.id IN (SELECT rt.run_id FROM run_tags rt JOIN tags t ON t.id = rt.tag_id ` +
        `WHERE t.name IN (${tags.map(() => '?').join(', ')}) GROUP BY rt.run_id HAVING COUNT(*) = ?)`,
      params: [...tags, tags.length],
    });
  }
  if (filter.tagsAny?.length) {
    const tags = tagList(filter.tagsAny, 'tagsAny');
    add({
      sql:
        `r.id IN (SELECT rt.run_id FROM run_tags rt JOIN tags t ON t.id = rt.tag_id ` +
        `WHERE t.name IN (${tags.map(() => '?').join(', ')}))`,
      params: tags,
    });
  }
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

export function sortSql(sort: RunSort | RunSort[] | undefined): SqlPart {
  const sorts = sort === undefined ? [] : Array.isArray(sort) ? sort : [sort];
  const parts: string[] = [];
  const params: unknown[] = [];
  for (const s of sorts) {
    const direction = s.direction ?? 'asc';
    if (direction !== 'asc' && direction !== 'desc') throw invalid(`sort direction must be asc or desc`);
    const expr = fieldExpression(s.field);
    // Runs without the value (unfinished, or a knob their boundary kind lacks) go last in either direction.
    parts.push(`(${expr.sql}) IS NULL`, `${expr.sql} ${direction.toUpperCase()}`);
    params.push(...expr.params, ...expr.params);
  }
  parts.push('r.created_at DESC', 'r.id DESC');
  return { sql: `ORDER BY ${parts.join(', ')}`, params };
}

const JOINS = [
  { alias: 'm', sql: 'LEFT JOIN run_metrics m ON m.run_id = r.id' },
  { alias: 'sr', sql: 'LEFT JOIN sweep_runs sr ON sr.run_id = r.id' },
  // Inner: every run has its run_knobs row (a trigger writes it with the run), and an inner join lets SQLite
  // drive a knob filter from the narrow run_knobs table instead of visiting every run first.
  { alias: 'k', sql: 'JOIN run_knobs k ON k.run_id = r.id' },
] as const;
/**
 * FROM with only the joins the filter and sort use: SQLite still looks up an unused LEFT JOIN for every row it
 * scans (a third of a listing's time at 10 000 runs), even on a unique key.
 */
function fromFor(...parts: SqlPart[]): string {
  const text = parts.map((p) => p.sql).join(' ');
  const used = JOINS.filter((j) => new RegExp(`\\b${j.alias}\\.`).test(text));
  return `FROM runs r ${used.map((j) => j.sql).join(' ')}`;
}

interface ListedRow {
  id: string;
  created_at: string;
  finished_at: string | null;
  status: RunStatus;
  model: string;
  model_family: string;
  synthetic: number;
  providers: string;
  text: string;
  voice: string;
  seed: number;
  text_source_mode: string;
  schedule_kind: string;
  boundary_kind: string;
  pipeline_kind: string;
  config_json: string;
  error: string | null;
  sweep_id: string | null;
  point_index: number | null;
  repeat_index: number | null;
  has_metrics: number | null;
  conditions_json: string | null;
  [metric: string]: unknown;
}

export function listRuns(db: Database.Database, query: ListRunsQuery = {}): ListRunsResult {
  const limit = query.page?.limit ?? 100;
  const offset = query.page?.offset ?? 0;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
    throw invalid(`page limit must be 1..${MAX_LIMIT}`);
  if (!Number.isInteger(offset) || offset < 0) throw invalid('page offset must be a non-negative integer');
  const where = filterSql(query.filter ?? {});
  const order = sortSql(query.sort);
  const { ids, total } = pageIds(db, where, order, limit, offset);
  return { total, rows: pageRows(db, ids) };
}

/**
 * The ids of one page, in order, and how many runs match. Only ids go through the sort (never the JSON
 * columns), which keeps the sorter small. With a filter, the count comes from the same scan as the page
 * (`COUNT(*) OVER ()`) rather than a second scan that evaluates every condition again; without one, a plain
 * COUNT and an index-ordered page are cheaper than materialising every run for the window.
 */
function pageIds(
  db: Database.Database,
  where: SqlPart,
  order: SqlPart,
  limit: number,
  offset: number,
): { ids: string[]; total: number } {
  const count = (): number =>
    (db.prepare(`SELECT COUNT(*) AS n ${fromFor(where)} ${where.sql}`).get(...where.params) as { n: number })
      .n;
  const from = fromFor(where, order);
  if (!where.sql) {
    const ids = db
      .prepare(`SELECT r.id ${from} ${order.sql} LIMIT ? OFFSET ?`)
      .pluck()
      .all(...order.params, limit, offset) as string[];
    return { ids, total: count() };
  }
  const rows = db
    .prepare(
      `SELECT r.id AS id, COUNT(*) OVER () AS total ${from} ${where.sql} ${order.sql} LIMIT ? OFFSET ?`,
    )
    .all(...where.params, ...order.params, limit, offset) as { id: string; total: number }[];
  // A page past the end has no row to carry the count.
  const total = rows[0]?.total ?? (offset === 0 ? 0 : count());
  return { ids: rows.map((r) => r.id), total };
}

const PAGE_FROM = `FROM runs r ${JOINS.filter((j) => j.alias !== 'k')
  .map((j) => j.sql)
  .join(' ')}`;

/** The listed fields of the given runs, in the given order. */
function pageRows(db: Database.Database, ids: string[]): RunListRow[] {
  if (!ids.length) return [];
  const metricSelect = METRIC_COLUMNS.map((c) => `m.${c} AS ${c}`).join(', ');
  const found = db
    .prepare(
      `SELECT r.id, r.created_at, r.finished_at, r.status, r.model, r.model_family, r.synthetic, r.providers, r.text,
        r.voice, r.seed, r.text_source_mode, r.schedule_kind, r.boundary_kind, r.pipeline_kind, r.config_json, r.error,
        sr.sweep_id, sr.point_index, sr.repeat_index, (m.run_id IS NOT NULL) AS has_metrics,
        json_extract(r.provenance_json, '$.conditions') AS conditions_json, ${metricSelect}
       ${PAGE_FROM} WHERE r.id IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify(ids)) as ListedRow[];
  const byId = new Map(found.map((r) => [r.id, r]));
  const extras = pageExtras(db, ids);
  return ids.flatMap((id) => {
    const r = byId.get(id);
    // Deleted between the two queries by another process: leave it out rather than fail.
    if (!r) return [];
    return [
      {
        id: r.id,
        createdAt: r.created_at,
        finishedAt: r.finished_at,
        status: r.status,
        model: r.model,
        modelFamily: r.model_family,
        synthetic: r.synthetic === 1,
        providers: r.providers,
        text: r.text,
        voice: r.voice,
        seed: r.seed,
        textSourceMode: r.text_source_mode,
        scheduleKind: r.schedule_kind,
        boundaryKind: r.boundary_kind,
        pipelineKind: r.pipeline_kind,
        config: JSON.parse(r.config_json) as RunConfig,
        error: r.error,
        tags: extras.tags.get(r.id) ?? [],
        noteCount: extras.notes.get(r.id) ?? 0,
        sweep:
          r.sweep_id === null
            ? null
            : { sweepId: r.sweep_id, pointIndex: r.point_index ?? 0, repeatIndex: r.repeat_index ?? 0 },
        conditions: listedConditions(r.conditions_json),
        metrics: r.has_metrics
          ? Object.fromEntries(METRIC_COLUMNS.map((c) => [c, r[c] as number | string | null]))
          : null,
      },
    ];
  });
}

function listedConditions(json: string | null): RunListRow['conditions'] {
  if (!json) return null;
  const c = JSON.parse(json) as { cold?: boolean; contended?: boolean; overlapMs?: number };
  return { cold: c.cold === true, contended: c.contended === true, overlapMs: c.overlapMs ?? 0 };
}

/** Tags and note counts for one page of runs, in two queries rather than two per row. */
function pageExtras(
  db: Database.Database,
  ids: string[],
): { tags: Map<string, string[]>; notes: Map<string, number> } {
  const tags = new Map<string, string[]>();
  const notes = new Map<string, number>();
  if (!ids.length) return { tags, notes };
  const list = JSON.stringify(ids);
  const tagRows = db
    .prepare(
      `SELECT rt.run_id, t.name FROM run_tags rt JOIN tags t ON t.id = rt.tag_id
       WHERE rt.run_id IN (SELECT value FROM json_each(?)) ORDER BY t.name`,
    )
    .all(list) as { run_id: string; name: string }[];
  for (const row of tagRows) tags.set(row.run_id, [...(tags.get(row.run_id) ?? []), row.name]);
  const noteRows = db
    .prepare(
      `SELECT run_id, COUNT(*) AS n FROM run_notes WHERE run_id IN (SELECT value FROM json_each(?)) GROUP BY run_id`,
    )
    .all(list) as { run_id: string; n: number }[];
  for (const row of noteRows) notes.set(row.run_id, row.n);
  return { tags, notes };
}
