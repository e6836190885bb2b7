/**
 * A session's results for download: CSV with one row per rating (listening.md: session, trial, stimulus, score,
 * time, comment...) and JSON with the whole session, its design and the statistics. Both say when the audio came
 * from the synthetic test model, on every row of the CSV so the label survives any filtering.
 */
import type { ListeningResults } from '../../contract/methods/listening.ts';
import {
  formatSessionCsv,
  SESSION_CSV_COLUMNS,
  SYNTHETIC_LABEL,
  type ListeningSession,
} from '../store/index.ts';

const LISTENING_EXTRA_COLUMNS = ['pair_id', 'model_note'] as const;
export const LISTENING_CSV_COLUMNS = [...SESSION_CSV_COLUMNS, ...LISTENING_EXTRA_COLUMNS] as const;

/**
 * `score` is as stored: MUSHRA 0..100; CMOS sign-corrected so that positive means the pair's run B was preferred
 * (`answer` keeps the raw vote for B-as-shown against A-as-shown); ABX has `answer` A/B and `correct`.
 */
export function listeningCsv(session: ListeningSession, synthetic: boolean): string {
  return formatSessionCsv(session, LISTENING_EXTRA_COLUMNS, (trial) => [
    String(((trial.presentation ?? {}) as Record<string, unknown>).pairId ?? ''),
    synthetic ? 'synthetic test model' : '',
  ]);
}

export function listeningJson(session: ListeningSession, results: ListeningResults): string {
  return `${JSON.stringify(
    {
      format: 'seamlab-listening',
      formatVersion: 1,
      synthetic: results.synthetic,
      ...(results.synthetic ? { label: SYNTHETIC_LABEL } : {}),
      session,
      results,
    },
    null,
    2,
  )}\n`;
}

/** A file name that sorts by date and says what it is. */
export function exportFileName(session: ListeningSession, extension: 'csv' | 'json'): string {
  const safe = session.name.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '') || 'session';
  return `listening-${session.kind}-${safe}-${session.id.slice(0, 8)}.${extension}`;
}
