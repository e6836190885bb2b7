/**
 * Listening sessions, trials and ratings. A session and all its trials are created in one transaction; each
 * rating is its own committed transaction the moment it is given, so a crash mid-test loses nothing.
 */
import crypto from 'node:crypto';
import type Database from 'better-sqlite3';
import { StoreError, StoreErrorCodes } from './errors.ts';
import {
  ListeningKinds,
  type CreateSessionInput,
  type ListeningKind,
  type ListeningSession,
  type Rating,
  type RatingInput,
  type StimulusInput,
  type Trial,
} from './types.ts';

const invalid = (message: string): StoreError => new StoreError(StoreErrorCodes.invalidInput, message);

export function createSession(
  db: Database.Database,
  input: CreateSessionInput & { createdAt?: string; finishedAt?: string | null },
): ListeningSession {
  if (!(ListeningKinds as readonly string[]).includes(input.kind))
    throw invalid(`listening session kind must be one of ${ListeningKinds.join(', ')}`);
  if (!input.trials.length) throw invalid('a listening session needs at least one trial');
  const id = input.id ?? crypto.randomUUID();
  const createdAt = input.createdAt ?? new Date().toISOString();
  db.transaction(() => {
    db.prepare(
      `INSERT INTO listening_sessions (id, kind, name, listener, design_json, created_at, finished_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      id,
      input.kind,
      input.name,
      input.listener ?? '',
      JSON.stringify(input.design ?? null),
      createdAt,
      input.finishedAt ?? null,
    );
    const insertTrial = db.prepare(
      'INSERT INTO trials (session_id, idx, presentation_json) VALUES (?, ?, ?)',
    );
    const insertStimulus = db.prepare(
      'INSERT INTO trial_stimuli (trial_id, key, role, run_id, audio_kind, repeat_index) VALUES (?, ?, ?, ?, ?, ?)',
    );
    input.trials.forEach((trial, index) => {
      if (!trial.stimuli.length) throw invalid(`trial ${index} has no stimuli`);
      const trialId = insertTrial.run(id, index, JSON.stringify(trial.presentation ?? null)).lastInsertRowid;
      for (const s of trial.stimuli)
        insertStimulus.run(trialId, s.key, s.role, s.runId, s.audioKind, s.repeatIndex ?? 0);
    });
  }).immediate();
  return getSession(db, id) as ListeningSession;
}

interface RatingRow {
  id: number;
  session_id: string;
  trial_idx: number;
  stimulus: string;
  score: number | null;
  answer: string | null;
  correct: number | null;
  time_ms: number;
  replays: number;
  listening_ms: number;
  comment: string;
  created_at: string;
}

const RATING_SELECT = `SELECT ra.id, t.session_id, t.idx AS trial_idx, ra.stimulus, ra.score, ra.answer, ra.correct,
  ra.time_ms, ra.replays, ra.listening_ms, ra.comment, ra.created_at
  FROM ratings ra JOIN trials t ON t.id = ra.trial_id`;

const ratingFromRow = (r: RatingRow): Rating => ({
  id: r.id,
  sessionId: r.session_id,
  trialIndex: r.trial_idx,
  stimulus: r.stimulus,
  score: r.score,
  answer: r.answer,
  correct: r.correct === null ? null : r.correct === 1,
  timeMs: r.time_ms,
  replays: r.replays,
  listeningMs: r.listening_ms,
  comment: r.comment,
  createdAt: r.created_at,
});

export function getSession(db: Database.Database, id: string): ListeningSession | undefined {
  const row = db.prepare('SELECT * FROM listening_sessions WHERE id = ?').get(id) as
    | {
        id: string;
        kind: ListeningKind;
        name: string;
        listener: string;
        design_json: string;
        created_at: string;
        finished_at: string | null;
      }
    | undefined;
  if (!row) return undefined;
  const trials = db
    .prepare('SELECT id, idx, presentation_json FROM trials WHERE session_id = ? ORDER BY idx')
    .all(id) as { id: number; idx: number; presentation_json: string }[];
  const stimuli = db.prepare(
    'SELECT key, role, run_id, audio_kind, repeat_index FROM trial_stimuli WHERE trial_id = ? ORDER BY rowid',
  );
  const ratings = db.prepare(`${RATING_SELECT} WHERE ra.trial_id = ? ORDER BY ra.id`);
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    listener: row.listener,
    design: JSON.parse(row.design_json) as unknown,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
    trials: trials.map((t): Trial => ({
      index: t.idx,
      presentation: JSON.parse(t.presentation_json) as unknown,
      stimuli: (
        stimuli.all(t.id) as {
          key: string;
          role: string;
          run_id: string | null;
          audio_kind: StimulusInput['audioKind'];
          repeat_index: number;
        }[]
      ).map((s) => ({
        key: s.key,
        role: s.role,
        runId: s.run_id,
        audioKind: s.audio_kind,
        repeatIndex: s.repeat_index,
      })),
      ratings: (ratings.all(t.id) as RatingRow[]).map(ratingFromRow),
    })),
  };
}

export function listSessions(db: Database.Database): {
  id: string;
  kind: ListeningKind;
  name: string;
  listener: string;
  createdAt: string;
  finishedAt: string | null;
  ratings: number;
}[] {
  return (
    db
      .prepare(
        `SELECT s.id, s.kind, s.name, s.listener, s.created_at, s.finished_at,
          (SELECT COUNT(*) FROM ratings ra JOIN trials t ON t.id = ra.trial_id WHERE t.session_id = s.id) AS ratings
         FROM listening_sessions s ORDER BY s.created_at, s.id`,
      )
      .all() as {
      id: string;
      kind: ListeningKind;
      name: string;
      listener: string;
      created_at: string;
      finished_at: string | null;
      ratings: number;
    }[]
  ).map((r) => ({
    id: r.id,
    kind: r.kind,
    name: r.name,
    listener: r.listener,
    createdAt: r.created_at,
    finishedAt: r.finished_at,
    ratings: r.ratings,
  }));
}

function finiteOrNull(v: number | null | undefined, field: string): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw invalid(`${field} must be a finite number`);
  return v;
}

export function addRating(db: Database.Database, input: RatingInput): Rating {
  for (const field of ['timeMs', 'listeningMs', 'replays'] as const)
    if (typeof input[field] !== 'number' || !Number.isFinite(input[field]) || input[field] < 0)
      throw invalid(`${field} must be a non-negative number`);
  if (!Number.isInteger(input.replays)) throw invalid('replays must be an integer');
  const score = finiteOrNull(input.score, 'score');
  const id = db
    .transaction(() => {
      const trial = db
        .prepare(
          `SELECT t.id, s.finished_at FROM trials t JOIN listening_sessions s ON s.id = t.session_id
         WHERE t.session_id = ? AND t.idx = ?`,
        )
        .get(input.sessionId, input.trialIndex) as { id: number; finished_at: string | null } | undefined;
      if (!trial)
        throw new StoreError(
          StoreErrorCodes.notFound,
          `no trial ${input.trialIndex} in session ${input.sessionId}`,
        );
      if (trial.finished_at !== null)
        throw new StoreError(
          StoreErrorCodes.conflict,
          `session ${input.sessionId} is finished: it takes no more ratings`,
        );
      if (
        !db
          .prepare('SELECT 1 FROM trial_stimuli WHERE trial_id = ? AND key = ?')
          .get(trial.id, input.stimulus)
      )
        throw invalid(`trial ${input.trialIndex} has no stimulus "${input.stimulus}"`);
      return db
        .prepare(
          `INSERT INTO ratings (trial_id, stimulus, score, answer, correct, time_ms, replays, listening_ms, comment, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          trial.id,
          input.stimulus,
          score,
          input.answer ?? null,
          input.correct === undefined || input.correct === null ? null : input.correct ? 1 : 0,
          input.timeMs,
          input.replays,
          input.listeningMs,
          input.comment ?? '',
          new Date().toISOString(),
        ).lastInsertRowid;
    })
    .immediate();
  return ratingFromRow(db.prepare(`${RATING_SELECT} WHERE ra.id = ?`).get(id) as RatingRow);
}

export function finishSession(db: Database.Database, id: string): void {
  const info = db
    .prepare('UPDATE listening_sessions SET finished_at = ? WHERE id = ? AND finished_at IS NULL')
    .run(new Date().toISOString(), id);
  if (info.changes === 0 && !db.prepare('SELECT 1 FROM listening_sessions WHERE id = ?').get(id))
    throw new StoreError(StoreErrorCodes.notFound, `no listening session ${id}`);
}

/** Runs a session's stimuli play, so exports and bundles can carry them. */
export function sessionRunIds(db: Database.Database, id: string): string[] {
  return db
    .prepare(
      `SELECT DISTINCT ts.run_id FROM trial_stimuli ts JOIN trials t ON t.id = ts.trial_id
       WHERE t.session_id = ? AND ts.run_id IS NOT NULL`,
    )
    .pluck()
    .all(id) as string[];
}
