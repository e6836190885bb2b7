/** Reading one run back: the full summary (validated against the contract) and its audio (checksum-verified). */
import type Database from 'better-sqlite3';
import { RunSummarySchema, type RunMetrics, type StopReason } from '../../contract/run-result.ts';
import { blobToFloat32, sha256Hex, type AudioKind } from './audio-blob.ts';
import { StoreError, StoreErrorCodes } from './errors.ts';
import {
  boundaryFromRow,
  chunkFromRow,
  withDerivedMetrics,
  type BoundaryRow,
  type ChunkRow,
} from './run-rows.ts';
import type { RunStatus, StoredAudio, StoredRun } from './types.ts';

// A run that never finished has no metrics or sample rate; otherwise the shape is exactly RunSummary.
const StoredRunSchema = RunSummarySchema.extend({
  metrics: RunSummarySchema.shape.metrics.nullable(),
  sampleRate: RunSummarySchema.shape.sampleRate.nullable(),
});

interface RunRow {
  id: string;
  created_at: string;
  finished_at: string | null;
  status: RunStatus;
  config_json: string;
  provenance_json: string;
  sample_rate: number | null;
  error: string | null;
  stop_reason: StopReason | null;
  metrics_json: string | null;
}

export function getRun(db: Database.Database, id: string): StoredRun | undefined {
  const row = db
    .prepare(
      `SELECT r.id, r.created_at, r.finished_at, r.status, r.config_json, r.provenance_json, r.sample_rate, r.error,
        r.stop_reason, m.metrics_json
       FROM runs r LEFT JOIN run_metrics m ON m.run_id = r.id WHERE r.id = ?`,
    )
    .get(id) as RunRow | undefined;
  if (!row) return undefined;
  const chunks = (db.prepare('SELECT * FROM chunks WHERE run_id = ? ORDER BY idx').all(id) as ChunkRow[]).map(
    chunkFromRow,
  );
  const boundaries = (
    db.prepare('SELECT * FROM boundaries WHERE run_id = ? ORDER BY idx').all(id) as BoundaryRow[]
  ).map(boundaryFromRow);
  const candidate = {
    id: row.id,
    createdAt: row.created_at,
    status: row.status,
    config: JSON.parse(row.config_json) as unknown,
    provenance: JSON.parse(row.provenance_json) as unknown,
    chunks,
    boundaries,
    metrics:
      row.metrics_json === null
        ? null
        : withDerivedMetrics(JSON.parse(row.metrics_json) as RunMetrics, boundaries),
    sampleRate: row.sample_rate,
    ...(row.error === null ? {} : { error: row.error }),
    ...(row.stop_reason === null ? {} : { stopReason: row.stop_reason }),
  };
  const parsed = StoredRunSchema.safeParse(candidate);
  if (!parsed.success)
    throw new StoreError(
      StoreErrorCodes.corrupt,
      `run ${id} in the database does not match this build's run schema: ${parsed.error.issues
        .map((i) => `${i.path.join('.')}: ${i.message}`)
        .join('; ')}`,
    );
  return { ...parsed.data, finishedAt: row.finished_at };
}

interface AudioRow {
  kind: AudioKind;
  repeat_index: number;
  sample_rate: number;
  sample_count: number;
  sha256: string;
  data: Buffer;
}

export function getAudio(
  db: Database.Database,
  runId: string,
  kind: AudioKind,
  repeatIndex = 0,
): StoredAudio | undefined {
  const row = db
    .prepare(
      `SELECT kind, repeat_index, sample_rate, sample_count, sha256, data FROM audio
       WHERE run_id = ? AND kind = ? AND repeat_index = ?`,
    )
    .get(runId, kind, repeatIndex) as AudioRow | undefined;
  if (!row) return undefined;
  if (sha256Hex(row.data) !== row.sha256 || row.data.byteLength !== row.sample_count * 4)
    throw new StoreError(
      StoreErrorCodes.corrupt,
      `the ${kind} audio of run ${runId} fails its checksum: the stored bytes were damaged`,
    );
  return {
    kind: row.kind,
    repeatIndex: row.repeat_index,
    sampleRate: row.sample_rate,
    samples: blobToFloat32(row.data),
    sha256: row.sha256,
  };
}

/** A track's stored min/max envelope, with what a view needs to place it in time. */
export interface StoredPeaks {
  buckets: number;
  /** Interleaved [max0, min0, max1, min1, ...] over `buckets` equal spans of the track. */
  peaks: Float32Array;
  sampleRate: number;
  sampleCount: number;
}

/** The envelope saved with a track (schema 4 on), without reading its samples; undefined for older tracks. */
export function getAudioPeaks(
  db: Database.Database,
  runId: string,
  kind: AudioKind,
  repeatIndex = 0,
): StoredPeaks | undefined {
  const row = db
    .prepare(
      `SELECT p.buckets, p.data, a.sample_rate, a.sample_count FROM audio_peaks p
       JOIN audio a USING (run_id, kind, repeat_index)
       WHERE p.run_id = ? AND p.kind = ? AND p.repeat_index = ?`,
    )
    .get(runId, kind, repeatIndex) as
    { buckets: number; data: Buffer; sample_rate: number; sample_count: number } | undefined;
  if (!row) return undefined;
  return {
    buckets: row.buckets,
    peaks: blobToFloat32(row.data),
    sampleRate: row.sample_rate,
    sampleCount: row.sample_count,
  };
}

export interface AudioInfo {
  kind: AudioKind;
  repeatIndex: number;
  sampleRate: number;
  sampleCount: number;
  sha256: string;
}

export function listAudio(db: Database.Database, runId: string): AudioInfo[] {
  return (
    db
      .prepare(
        `SELECT kind, repeat_index, sample_rate, sample_count, sha256 FROM audio WHERE run_id = ?
         ORDER BY CASE kind WHEN 'stream' THEN 0 WHEN 'reference' THEN 1 ELSE 2 END, repeat_index`,
      )
      .all(runId) as Omit<AudioRow, 'data'>[]
  ).map((r) => ({
    kind: r.kind,
    repeatIndex: r.repeat_index,
    sampleRate: r.sample_rate,
    sampleCount: r.sample_count,
    sha256: r.sha256,
  }));
}

const ID_PREFIX = /^[0-9a-fA-F-]{4,36}$/;

/** Exact id first; otherwise a unique prefix of one (UUIDs are long to type; `runs list` shows them whole). */
export function resolveRunId(db: Database.Database, idOrPrefix: string): string {
  const wanted = idOrPrefix.trim();
  if (db.prepare('SELECT 1 FROM runs WHERE id = ?').get(wanted)) return wanted;
  if (!ID_PREFIX.test(wanted)) throw new StoreError(StoreErrorCodes.notFound, `no run ${idOrPrefix}`);
  const matches = db
    // LIKE is case-insensitive for ASCII; the pattern holds only hex digits and dashes, never a wildcard.
    .prepare(`SELECT id FROM runs WHERE id LIKE ? ORDER BY id LIMIT 6`)
    .pluck()
    .all(`${wanted}%`) as string[];
  if (matches.length === 1) return matches[0] as string;
  if (!matches.length) throw new StoreError(StoreErrorCodes.notFound, `no run ${idOrPrefix}`);
  throw new StoreError(
    StoreErrorCodes.invalidInput,
    `"${idOrPrefix}" matches several runs (${matches.slice(0, 5).join(', ')}${matches.length > 5 ? ', ...' : ''}); ` +
      'give more of the id',
  );
}
