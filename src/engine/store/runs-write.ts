/**
 * Writing runs. A run is inserted as `running` and committed at once (so a crash leaves a trace); finishing
 * writes chunks, boundaries, metrics and audio and flips the status in ONE transaction, so a run that reads as
 * finished always has all of them.
 */
import type Database from 'better-sqlite3';
import { RunConfigSchema, type RunConfig } from '../../contract/run-config.ts';
import {
  RunProvenanceSchema,
  RunSummarySchema,
  type RunProvenance,
  type RunSummary,
} from '../../contract/run-result.ts';
import { minMaxPeaks, STORED_PEAK_BUCKETS } from '../audio/peaks.ts';
import { float32ToBlob, sha256Hex, type AudioKind } from './audio-blob.ts';
import { StoreError, StoreErrorCodes } from './errors.ts';
import {
  BOUNDARY_COLUMNS,
  CHUNK_COLUMNS,
  boundaryRow,
  chunkRow,
  configColumns,
  insertSql,
  metricColumns,
  withDerivedMetrics,
  provenanceColumns,
} from './run-rows.ts';
import type { RunAudioInput, RunStatus, SweepLink } from './types.ts';
import { writerIsGone, type WriterIdentity } from './writer-identity.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function zodMessage(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  return error.issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`).join('; ');
}

export function validateConfig(config: unknown): RunConfig {
  const parsed = RunConfigSchema.safeParse(config);
  if (!parsed.success)
    throw new StoreError(StoreErrorCodes.invalidInput, `invalid run config: ${zodMessage(parsed.error)}`);
  return parsed.data;
}

export function validateProvenance(provenance: unknown): RunProvenance {
  const parsed = RunProvenanceSchema.safeParse(provenance);
  if (!parsed.success)
    throw new StoreError(StoreErrorCodes.invalidInput, `invalid run provenance: ${zodMessage(parsed.error)}`);
  return parsed.data;
}

export interface BeginRunOptions {
  createdAt?: string;
  sweep?: SweepLink;
}

export function insertRunRow(db: Database.Database, row: Record<string, string | number | null>): void {
  const columns = Object.keys(row);
  db.prepare(insertSql('runs', columns)).run(...columns.map((c) => row[c]));
}

export function beginRun(
  db: Database.Database,
  writer: WriterIdentity,
  id: string,
  config: RunConfig,
  provenance: RunProvenance,
  options: BeginRunOptions = {},
): void {
  if (!UUID.test(id)) throw new StoreError(StoreErrorCodes.invalidInput, `run id "${id}" is not a UUID`);
  const cfg = validateConfig(config);
  const prov = validateProvenance(provenance);
  db.transaction(() => {
    insertRunRow(db, {
      id,
      created_at: options.createdAt ?? new Date().toISOString(),
      status: 'running',
      ...configColumns(cfg),
      ...provenanceColumns(prov),
      writer_pid: writer.pid,
      writer_host: writer.host,
      writer_token: writer.token,
    });
    if (options.sweep) linkSweepRun(db, id, options.sweep);
  }).immediate();
}

export function linkSweepRun(db: Database.Database, runId: string, link: SweepLink): void {
  db.prepare(
    'INSERT INTO sweep_runs (sweep_id, run_id, point_index, point_json, repeat_index) VALUES (?, ?, ?, ?, ?)',
  ).run(link.sweepId, runId, link.pointIndex, JSON.stringify(link.point), link.repeatIndex);
}

function requireRunning(db: Database.Database, id: string, action: string): void {
  const row = db.prepare('SELECT status FROM runs WHERE id = ?').get(id) as { status: RunStatus } | undefined;
  if (!row) throw new StoreError(StoreErrorCodes.notFound, `cannot ${action}: no run ${id}`);
  if (row.status !== 'running')
    throw new StoreError(
      StoreErrorCodes.conflict,
      `cannot ${action}: run ${id} is ${row.status}, not running`,
    );
}

export function insertAudio(
  db: Database.Database,
  runId: string,
  kind: AudioKind,
  repeatIndex: number,
  sampleRate: number,
  samples: Float32Array,
  expectedSha256?: string,
): string {
  const blob = float32ToBlob(samples);
  const sha256 = sha256Hex(blob);
  if (expectedSha256 !== undefined && expectedSha256 !== sha256)
    throw new StoreError(
      StoreErrorCodes.corrupt,
      `audio ${kind}#${repeatIndex} of run ${runId} fails its checksum`,
    );
  db.prepare(
    `INSERT INTO audio (run_id, kind, repeat_index, sample_rate, sample_count, encoding, sha256, data)
     VALUES (?, ?, ?, ?, ?, 'f32le', ?, ?)`,
  ).run(runId, kind, repeatIndex, sampleRate, samples.length, sha256, blob);
  const peaks = minMaxPeaks(samples, STORED_PEAK_BUCKETS);
  db.prepare(
    `INSERT INTO audio_peaks (run_id, kind, repeat_index, buckets, data) VALUES (?, ?, ?, ?, ?)`,
  ).run(runId, kind, repeatIndex, peaks.length / 2, float32ToBlob(peaks));
  return sha256;
}

export function insertChunks(db: Database.Database, runId: string, chunks: RunSummary['chunks']): void {
  const insert = db.prepare(insertSql('chunks', CHUNK_COLUMNS));
  for (const c of chunks) insert.run(...chunkRow(runId, c));
}

export function insertBoundaries(
  db: Database.Database,
  runId: string,
  boundaries: RunSummary['boundaries'],
): void {
  const insert = db.prepare(insertSql('boundaries', BOUNDARY_COLUMNS));
  for (const b of boundaries) insert.run(...boundaryRow(runId, b));
}

export function insertMetrics(db: Database.Database, runId: string, metrics: RunSummary['metrics']): void {
  const row = { run_id: runId, metrics_json: JSON.stringify(metrics), ...metricColumns(metrics) };
  const columns = Object.keys(row);
  db.prepare(insertSql('run_metrics', columns)).run(...columns.map((c) => row[c as keyof typeof row]));
}

/** Chunks, boundaries, metrics and audio of a finished run (the caller holds the transaction). */
export function writeRunResults(
  db: Database.Database,
  summary: Pick<RunSummary, 'id' | 'chunks' | 'boundaries' | 'metrics' | 'sampleRate'>,
  audio: RunAudioInput,
): void {
  insertChunks(db, summary.id, summary.chunks);
  insertBoundaries(db, summary.id, summary.boundaries);
  // Bundles exported before the relative metrics existed carry none: derive them like a read would.
  insertMetrics(db, summary.id, withDerivedMetrics(summary.metrics, summary.boundaries));
  insertAudio(db, summary.id, 'stream', 0, summary.sampleRate, audio.stream);
  insertAudio(db, summary.id, 'reference', 0, summary.sampleRate, audio.reference);
  (audio.repeats ?? []).forEach((samples, i) =>
    insertAudio(db, summary.id, 'reference-repeat', i, summary.sampleRate, samples),
  );
}

function checkAudio(audio: RunAudioInput): void {
  const all = [audio.stream, audio.reference, ...(audio.repeats ?? [])];
  if (!all.every((a) => a instanceof Float32Array))
    throw new StoreError(
      StoreErrorCodes.invalidInput,
      'run audio must be Float32Array (stream, reference, repeats)',
    );
}

export function finishRun(
  db: Database.Database,
  id: string,
  summary: RunSummary,
  audio: RunAudioInput,
): void {
  const parsed = RunSummarySchema.safeParse(summary);
  if (!parsed.success)
    throw new StoreError(StoreErrorCodes.invalidInput, `invalid run summary: ${zodMessage(parsed.error)}`);
  if (parsed.data.id !== id)
    throw new StoreError(StoreErrorCodes.invalidInput, `summary is for run ${parsed.data.id}, not ${id}`);
  checkAudio(audio);
  db.transaction(() => {
    requireRunning(db, id, 'finish the run');
    writeRunResults(db, parsed.data, audio);
    // The provenance is rewritten: its measurement conditions (contention, load) are only complete at the end.
    db.prepare(
      `UPDATE runs SET status = 'finished', finished_at = ?, sample_rate = ?, error = NULL, provenance_json = ?,
       stop_reason = ? WHERE id = ?`,
    ).run(
      new Date().toISOString(),
      parsed.data.sampleRate,
      JSON.stringify(parsed.data.provenance),
      parsed.data.stopReason ?? null,
      id,
    );
  }).immediate();
}

export function endRun(
  db: Database.Database,
  id: string,
  status: 'failed' | 'cancelled',
  message: string,
): void {
  db.transaction(() => {
    requireRunning(db, id, `mark the run ${status}`);
    db.prepare('UPDATE runs SET status = ?, stop_reason = ?, error = ?, finished_at = ? WHERE id = ?').run(
      status,
      status,
      message,
      new Date().toISOString(),
      id,
    );
  }).immediate();
}

/** Marks runs whose writer is gone (crash, SIGKILL, power loss) as interrupted; returns their ids. */
export function recoverInterrupted(db: Database.Database): string[] {
  const running = db
    .prepare(`SELECT id, writer_pid, writer_host, writer_token FROM runs WHERE status = 'running'`)
    .all() as {
    id: string;
    writer_pid: number | null;
    writer_host: string | null;
    writer_token: string | null;
  }[];
  const gone = running
    .filter((r) => writerIsGone(r.writer_pid, r.writer_host, r.writer_token))
    .map((r) => r.id);
  if (!gone.length) return [];
  const mark = db.prepare(
    `UPDATE runs SET status = 'interrupted', stop_reason = 'interrupted', finished_at = ?,
       error = COALESCE(error, 'the engine process running it stopped (it exited, crashed, was killed or ran out of memory) before the run finished')
     WHERE id = ? AND status = 'running'`,
  );
  db.transaction(() => {
    const now = new Date().toISOString();
    for (const id of gone) mark.run(now, id);
  }).immediate();
  return gone;
}
