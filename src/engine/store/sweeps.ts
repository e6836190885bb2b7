/** Sweeps: a parameter grid with repeats; each child run is linked with its grid point and repeat index. */
import crypto from 'node:crypto';
import type Database from 'better-sqlite3';
import type { RunConfig } from '../../contract/run-config.ts';
import { StoreError, StoreErrorCodes } from './errors.ts';
import { METRIC_COLUMNS } from './run-rows.ts';
import type { RunStatus, Sweep, SweepPointAggregate } from './types.ts';

export interface CreateSweepInput {
  id?: string;
  name: string;
  grid: unknown;
  baseConfig?: RunConfig | null;
  repeats: number;
  createdAt?: string;
}

export function createSweep(db: Database.Database, input: CreateSweepInput): Sweep {
  if (!Number.isInteger(input.repeats) || input.repeats < 1)
    throw new StoreError(StoreErrorCodes.invalidInput, 'a sweep needs at least one repeat');
  const sweep: Sweep = {
    id: input.id ?? crypto.randomUUID(),
    name: input.name,
    createdAt: input.createdAt ?? new Date().toISOString(),
    grid: input.grid,
    baseConfig: input.baseConfig ?? null,
    repeats: input.repeats,
  };
  db.prepare(
    'INSERT INTO sweeps (id, name, created_at, grid_json, base_config_json, repeats) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(
    sweep.id,
    sweep.name,
    sweep.createdAt,
    JSON.stringify(sweep.grid ?? null),
    sweep.baseConfig === null ? null : JSON.stringify(sweep.baseConfig),
    sweep.repeats,
  );
  return sweep;
}

interface SweepRow {
  id: string;
  name: string;
  created_at: string;
  grid_json: string;
  base_config_json: string | null;
  repeats: number;
}

const sweepFromRow = (r: SweepRow): Sweep => ({
  id: r.id,
  name: r.name,
  createdAt: r.created_at,
  grid: JSON.parse(r.grid_json) as unknown,
  baseConfig: r.base_config_json === null ? null : (JSON.parse(r.base_config_json) as RunConfig),
  repeats: r.repeats,
});

export interface SweepRunLink {
  runId: string;
  pointIndex: number;
  point: Record<string, unknown>;
  repeatIndex: number;
  status: RunStatus;
}

export function getSweep(db: Database.Database, id: string): (Sweep & { runs: SweepRunLink[] }) | undefined {
  const row = db.prepare('SELECT * FROM sweeps WHERE id = ?').get(id) as SweepRow | undefined;
  if (!row) return undefined;
  const runs = (
    db
      .prepare(
        `SELECT sr.run_id, sr.point_index, sr.point_json, sr.repeat_index, r.status FROM sweep_runs sr
         JOIN runs r ON r.id = sr.run_id WHERE sr.sweep_id = ? ORDER BY sr.point_index, sr.repeat_index`,
      )
      .all(id) as {
      run_id: string;
      point_index: number;
      point_json: string;
      repeat_index: number;
      status: RunStatus;
    }[]
  ).map((r) => ({
    runId: r.run_id,
    pointIndex: r.point_index,
    point: JSON.parse(r.point_json) as Record<string, unknown>,
    repeatIndex: r.repeat_index,
    status: r.status,
  }));
  return { ...sweepFromRow(row), runs };
}

export function listSweeps(db: Database.Database): Sweep[] {
  return (db.prepare('SELECT * FROM sweeps ORDER BY created_at, id').all() as SweepRow[]).map(sweepFromRow);
}

function median(sorted: number[]): number {
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Per grid point over its finished repeats: n, mean, sample std, min, max, median of one metric column. */
export function aggregateSweep(
  db: Database.Database,
  sweepId: string,
  metric: string,
): SweepPointAggregate[] {
  if (!(METRIC_COLUMNS as readonly string[]).includes(metric) || metric === 'playback_mode')
    throw new StoreError(StoreErrorCodes.invalidInput, `"${metric}" is not a numeric metric column`);
  if (!db.prepare('SELECT 1 FROM sweeps WHERE id = ?').get(sweepId))
    throw new StoreError(StoreErrorCodes.notFound, `no sweep ${sweepId}`);
  const rows = db
    .prepare(
      `SELECT sr.point_index, sr.point_json, CASE WHEN r.status = 'finished' THEN m.${metric} END AS value
       FROM sweep_runs sr JOIN runs r ON r.id = sr.run_id LEFT JOIN run_metrics m ON m.run_id = r.id
       WHERE sr.sweep_id = ? ORDER BY sr.point_index, sr.repeat_index`,
    )
    .all(sweepId) as { point_index: number; point_json: string; value: number | null }[];
  const points = new Map<number, { point: Record<string, unknown>; values: number[] }>();
  for (const r of rows) {
    const entry = points.get(r.point_index) ?? {
      point: JSON.parse(r.point_json) as Record<string, unknown>,
      values: [],
    };
    if (r.value !== null) entry.values.push(r.value);
    points.set(r.point_index, entry);
  }
  return [...points.entries()].map(([pointIndex, { point, values }]) => {
    const n = values.length;
    if (!n) return { pointIndex, point, n, mean: null, std: null, min: null, max: null, median: null };
    const mean = values.reduce((s, v) => s + v, 0) / n;
    const variance = n > 1 ? values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1) : 0;
    const sorted = [...values].sort((a, b) => a - b);
    return {
      pointIndex,
      point,
      n,
      mean,
      std: Math.sqrt(variance),
      min: sorted[0] as number,
      max: sorted[n - 1] as number,
      median: median(sorted),
    };
  });
}
