/** A listening session's results as CSV (one row per rating) and JSON (the whole session, design included). */
import path from 'node:path';
import { StoreError, StoreErrorCodes } from '../errors.ts';
import type { RunStore } from '../run-store.ts';
import type { ListeningSession } from '../types.ts';
import { writeFileAtomic } from './files.ts';

/** RFC 4180: quote a field holding a comma, quote, CR or LF (or edge spaces), doubling inner quotes. */
export function csvField(value: string | number | boolean | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const SESSION_CSV_COLUMNS = [
  'session',
  'kind',
  'listener',
  'trial',
  'stimulus',
  'role',
  'run_id',
  'score',
  'answer',
  'correct',
  'time_ms',
  'replays',
  'listening_ms',
  'comment',
  'created_at',
] as const;

function requireSession(store: RunStore, id: string): ListeningSession {
  const session = store.getSession(id);
  if (!session) throw new StoreError(StoreErrorCodes.notFound, `no listening session ${id}`);
  return session;
}

export function sessionCsv(store: RunStore, id: string): string {
  return formatSessionCsv(requireSession(store, id));
}

type Rating = ListeningSession['trials'][number]['ratings'][number];
type Trial = ListeningSession['trials'][number];

/**
 * One CSV row per rating under SESSION_CSV_COLUMNS, plus any `extraColumns` whose cells `extraCells` gives
 * (the listening screen's download adds the pair and the synthetic-model label this way).
 */
export function formatSessionCsv(
  session: ListeningSession,
  extraColumns: readonly string[] = [],
  extraCells: (trial: Trial, rating: Rating) => (string | number | boolean | null)[] = () => [],
): string {
  const lines = [[...SESSION_CSV_COLUMNS, ...extraColumns].join(',')];
  for (const trial of session.trials)
    for (const r of trial.ratings) {
      const stimulus = trial.stimuli.find((s) => s.key === r.stimulus);
      lines.push(
        [
          session.id,
          session.kind,
          session.listener,
          trial.index,
          r.stimulus,
          stimulus?.role ?? '',
          stimulus?.runId ?? '',
          r.score,
          r.answer,
          r.correct,
          r.timeMs,
          r.replays,
          r.listeningMs,
          r.comment,
          r.createdAt,
          ...extraCells(trial, r),
        ]
          .map(csvField)
          .join(','),
      );
    }
  return `${lines.join('\r\n')}\r\n`;
}

export function sessionJson(
  store: RunStore,
  id: string,
): { format: 'seamlab-listening'; formatVersion: 1; session: ListeningSession } {
  return { format: 'seamlab-listening', formatVersion: 1, session: requireSession(store, id) };
}

export async function exportSession(store: RunStore, id: string, dir: string): Promise<{ files: string[] }> {
  const csv = path.join(dir, `session-${id}.csv`);
  const json = path.join(dir, `session-${id}.json`);
  await writeFileAtomic(csv, sessionCsv(store, id));
  await writeFileAtomic(json, `${JSON.stringify(sessionJson(store, id), null, 2)}\n`);
  return { files: [csv, json] };
}
