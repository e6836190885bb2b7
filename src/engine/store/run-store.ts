/**
 * The run store: one object per open database. Every public method translates SQLite failures into StoreErrors
 * that name the file (busy, disk full, read-only...), and every write refuses up front on a read-only store.
 */
import fs from 'node:fs';
import type Database from 'better-sqlite3';
import type { RunConfig } from '../../contract/run-config.ts';
import type { RunProvenance, RunSummary } from '../../contract/run-result.ts';
import { addNote, addTags, allTags, deleteNote, getNotes, getTags, removeTags } from './annotations.ts';
import type { AudioKind } from './audio-blob.ts';
import { StoreError, StoreErrorCodes, isSqliteCorruption, translateError } from './errors.ts';
import {
  addRating,
  createSession,
  finishSession,
  getSession,
  listSessions,
  sessionRunIds,
} from './listening.ts';
import { groupRuns, type GroupRunsQuery, type GroupRunsResult } from './group-runs.ts';
import { listRuns, type ListRunsQuery, type ListRunsResult } from './list-runs.ts';
import { schemaVersion } from './migrations/index.ts';
import { createPair, deletePair, getPair, listPairs, type CreatePairInput } from './pairs.ts';
import * as write from './runs-write.ts';
import {
  getAudio,
  getAudioPeaks,
  getRun,
  listAudio,
  resolveRunId,
  type AudioInfo,
  type StoredPeaks,
} from './runs-read.ts';
import { aggregateSweep, createSweep, getSweep, listSweeps, type CreateSweepInput } from './sweeps.ts';
import type {
  CreateSessionInput,
  ListeningSession,
  Rating,
  RatingInput,
  RunAudioInput,
  RunNote,
  SamplePair,
  StoredAudio,
  StoredRun,
  Sweep,
  SweepLink,
  SweepPointAggregate,
} from './types.ts';
import { newWriterIdentity, releaseWriterIdentity, type WriterIdentity } from './writer-identity.ts';

export interface RunStoreInfo {
  path: string;
  /** Why the store is read-only, or null when it is writable. */
  readonlyReason: string | null;
  snapshotDir?: string | null;
}

export class RunStore {
  readonly path: string;
  /** The raw connection, for the store's own modules and tests. Other engine code should use the methods. */
  readonly db: Database.Database;
  readonly writer: WriterIdentity;
  private readonly snapshotDir: string | null;
  private readonly openedReadonlyReason: string | null;
  /** Set when SQLite reports damaged pages: from then on the store only reads, so no write makes it worse. */
  private damage: string | null = null;

  constructor(db: Database.Database, info: RunStoreInfo) {
    this.db = db;
    this.path = info.path;
    this.openedReadonlyReason = info.readonlyReason;
    this.snapshotDir = info.snapshotDir ?? null;
    this.writer = newWriterIdentity();
  }

  /** True when writes are refused: opened read-only, or found damaged since. */
  get readonly(): boolean {
    return this.readonlyReason !== null;
  }

  /** Why the store is read-only (shown to the user), or null when it is writable. */
  get readonlyReason(): string | null {
    return this.damage ?? this.openedReadonlyReason;
  }

  get schemaVersion(): number {
    return schemaVersion(this.db);
  }

  /** Runs a read, translating SQLite errors. */
  read<T>(action: string, fn: () => T): T {
    try {
      return fn();
    } catch (error) {
      if (isSqliteCorruption(error) && this.damage === null)
        this.damage =
          `SQLite found damaged pages while trying to ${action}; writes are refused so nothing makes it worse. ` +
          'Restore the file from a backup (runs that still read can be exported first)';
      throw translateError(error, this.path, action);
    }
  }

  /** Runs a write: refused on a read-only (or damaged) store, SQLite errors translated. */
  write<T>(action: string, fn: () => T): T {
    if (this.damage !== null)
      throw new StoreError(
        StoreErrorCodes.corrupt,
        `Could not ${action}: the run database ${this.path} is damaged (${this.damage}).`,
      );
    if (this.readonly)
      throw new StoreError(
        StoreErrorCodes.readonly,
        `Could not ${action}: the run database ${this.path} is open read-only (${this.readonlyReason}).`,
      );
    return this.read(action, fn);
  }

  // ---- runs -------------------------------------------------------------------------------------------------

  beginRun(
    id: string,
    config: RunConfig,
    provenance: RunProvenance,
    options: write.BeginRunOptions = {},
  ): void {
    this.write('save the new run', () =>
      write.beginRun(this.db, this.writer, id, config, provenance, options),
    );
  }

  finishRun(id: string, summary: RunSummary, audio: RunAudioInput): void {
    this.write('save the finished run', () => write.finishRun(this.db, id, summary, audio));
  }

  failRun(id: string, message: string): void {
    this.write('mark the run failed', () => write.endRun(this.db, id, 'failed', message));
  }

  cancelRun(id: string, message = 'cancelled'): void {
    this.write('mark the run cancelled', () => write.endRun(this.db, id, 'cancelled', message));
  }

  /** Marks runs left `running` by a writer that is gone as `interrupted`; returns their ids. Called on open. */
  recoverInterrupted(): string[] {
    if (this.readonly) return [];
    return this.write('recover interrupted runs', () => write.recoverInterrupted(this.db));
  }

  getRun(id: string): StoredRun | undefined {
    return this.read('read the run', () => getRun(this.db, id));
  }

  /** Whether a run with exactly this id exists (reads one index entry, not the run). */
  hasRun(id: string): boolean {
    return this.read(
      'find the run',
      () => this.db.prepare('SELECT 1 FROM runs WHERE id = ?').get(id) !== undefined,
    );
  }

  /**
   * Up to `limit` run ids that start with `prefix` (the exact id first when it exists), so short ids as the UI
   * shows them (`0e0145a5`) work in URLs and the CLI. LIKE's wildcards in the prefix are escaped.
   */
  runIdsWithPrefix(prefix: string, limit = 2): string[] {
    return this.read('find the run', () => {
      if (this.db.prepare('SELECT 1 FROM runs WHERE id = ?').get(prefix) !== undefined) return [prefix];
      const pattern = `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      const rows = this.db
        .prepare(`SELECT id FROM runs WHERE id LIKE ? ESCAPE '\\' ORDER BY id LIMIT ?`)
        .all(pattern, limit) as { id: string }[];
      return rows.map((r) => r.id);
    });
  }

  getAudio(id: string, kind: AudioKind, repeatIndex = 0): StoredAudio | undefined {
    return this.read('read the run audio', () => getAudio(this.db, id, kind, repeatIndex));
  }

  /** The track's stored envelope (no samples read); undefined for tracks saved before schema 4. */
  getAudioPeaks(id: string, kind: AudioKind, repeatIndex = 0): StoredPeaks | undefined {
    return this.read('read the run audio envelope', () => getAudioPeaks(this.db, id, kind, repeatIndex));
  }

  listAudio(id: string): AudioInfo[] {
    return this.read('list the run audio', () => listAudio(this.db, id));
  }

  listRuns(query: ListRunsQuery = {}): ListRunsResult {
    return this.read('list runs', () => listRuns(this.db, query));
  }

  /** Matching runs grouped by one field, with counts and metric means per group (the runs table's grouping). */
  groupRuns(query: GroupRunsQuery): GroupRunsResult {
    return this.read('group runs', () => groupRuns(this.db, query));
  }

  /** Deletes a run with its chunks, audio, tags and notes. Refused while a pair or listening trial uses it. */
  deleteRun(id: string): void {
    this.write('delete the run', () => {
      const users = this.db
        .prepare(
          `SELECT (SELECT COUNT(*) FROM sample_pairs WHERE run_a = @id OR run_b = @id) +
                  (SELECT COUNT(*) FROM trial_stimuli WHERE run_id = @id)`,
        )
        .pluck()
        .get({ id }) as number;
      if (users > 0)
        throw new StoreError(
          StoreErrorCodes.conflict,
          `run ${id} is used by ${users} sample pair(s) or listening trial(s); delete those first`,
        );
      this.db.prepare('DELETE FROM runs WHERE id = ?').run(id);
    });
  }

  /**
   * Deletes several runs all or nothing: an unknown id, or one a pair or listening trial still uses, deletes
   * none of them. Returns the ids deleted.
   */
  deleteRuns(ids: string[]): string[] {
    const unique = [...new Set(ids)];
    return this.write('delete the runs', () =>
      this.db
        .transaction(() => {
          for (const id of unique) {
            if (!this.db.prepare('SELECT 1 FROM runs WHERE id = ?').get(id))
              throw new StoreError(StoreErrorCodes.notFound, `no run ${id}; nothing was deleted`);
            this.deleteRun(id);
          }
          return unique;
        })
        .immediate(),
    );
  }

  /**
   * The run an id or a unique id prefix (at least 4 characters, as `runs list` shows them) names. Throws
   * not-found for none and invalid-input when the prefix matches several runs.
   */
  resolveRunId(idOrPrefix: string): string {
    return this.read('find the run', () => resolveRunId(this.db, idOrPrefix));
  }

  // ---- tags and notes ---------------------------------------------------------------------------------------

  addTags(runId: string, tags: string[]): void {
    this.write('tag the run', () => addTags(this.db, runId, tags));
  }
  removeTags(runId: string, tags: string[]): void {
    this.write('untag the run', () => removeTags(this.db, runId, tags));
  }
  getTags(runId: string): string[] {
    return this.read('read tags', () => getTags(this.db, runId));
  }
  allTags(): { name: string; runs: number }[] {
    return this.read('read tags', () => allTags(this.db));
  }
  addNote(runId: string, body: string): RunNote {
    return this.write('save the note', () => addNote(this.db, runId, body));
  }
  getNotes(runId: string): RunNote[] {
    return this.read('read notes', () => getNotes(this.db, runId));
  }
  deleteNote(noteId: number): void {
    this.write('delete the note', () => deleteNote(this.db, noteId));
  }

  // ---- sweeps -----------------------------------------------------------------------------------------------

  createSweep(input: CreateSweepInput): Sweep {
    return this.write('save the sweep', () => createSweep(this.db, input));
  }
  linkRunToSweep(runId: string, link: SweepLink): void {
    this.write('link the run to its sweep', () => write.linkSweepRun(this.db, runId, link));
  }
  getSweep(id: string): ReturnType<typeof getSweep> {
    return this.read('read the sweep', () => getSweep(this.db, id));
  }
  listSweeps(): Sweep[] {
    return this.read('list sweeps', () => listSweeps(this.db));
  }
  aggregateSweep(sweepId: string, metric: string): SweepPointAggregate[] {
    return this.read('aggregate the sweep', () => aggregateSweep(this.db, sweepId, metric));
  }

  // ---- sample pairs -----------------------------------------------------------------------------------------

  createPair(input: CreatePairInput): SamplePair {
    return this.write('save the sample pair', () => createPair(this.db, input));
  }
  getPair(id: string): SamplePair | undefined {
    return this.read('read the sample pair', () => getPair(this.db, id));
  }
  listPairs(runId?: string): SamplePair[] {
    return this.read('list sample pairs', () => listPairs(this.db, runId));
  }
  deletePair(id: string): void {
    this.write('delete the sample pair', () => deletePair(this.db, id));
  }

  // ---- listening sessions -----------------------------------------------------------------------------------

  createSession(input: CreateSessionInput): ListeningSession {
    return this.write('save the listening session', () => createSession(this.db, input));
  }
  getSession(id: string): ListeningSession | undefined {
    return this.read('read the listening session', () => getSession(this.db, id));
  }
  listSessions(): ReturnType<typeof listSessions> {
    return this.read('list listening sessions', () => listSessions(this.db));
  }
  sessionRunIds(id: string): string[] {
    return this.read('read the listening session', () => sessionRunIds(this.db, id));
  }
  finishSession(id: string): void {
    this.write('finish the listening session', () => finishSession(this.db, id));
  }

  /**
   * Saves one rating the moment it is given, with synchronous=FULL so it survives even a power cut (a
   * listener's answer cannot be re-run); one fsync per human answer costs nothing noticeable.
   */
  addRating(input: RatingInput): Rating {
    return this.write('save the rating', () => {
      this.db.pragma('synchronous = FULL');
      try {
        return addRating(this.db, input);
      } finally {
        this.db.pragma('synchronous = NORMAL');
      }
    });
  }

  // ---- lifecycle --------------------------------------------------------------------------------------------

  /** `PRAGMA integrity_check`: 'ok' or the problems SQLite found. */
  integrityCheck(): string {
    return this.read('check the database', () =>
      (this.db.pragma('integrity_check', { simple: false }) as { integrity_check: string }[])
        .map((r) => r.integrity_check)
        .join('\n'),
    );
  }

  close(): void {
    releaseWriterIdentity(this.writer);
    if (this.db.open) this.db.close();
    if (this.snapshotDir) fs.rmSync(this.snapshotDir, { recursive: true, force: true });
  }
}
