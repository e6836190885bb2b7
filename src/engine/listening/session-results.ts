/** Unblinded results of a session with the statistics of listening.md. */
import type { ListeningResults, PairView } from '../../contract/methods/listening.ts';
import type { ListeningSession, Trial } from '../store/index.ts';
import { Roles } from './session-design.ts';
import { latestRatings, trialComplete } from './session-view.ts';
import { abxStats, CMOS_SCALE, meanCi, MUSHRA_SCALE, mushraScreening } from './statistics.ts';

interface PairRef {
  pairId: string;
  label: string;
  runA: string;
  runB: string;
}

function presentationOf(trial: Trial): Record<string, string> {
  const p = trial.presentation;
  if (!p || typeof p !== 'object') return {};
  return Object.fromEntries(Object.entries(p).map(([k, v]) => [k, String(v)]));
}

/** The pair a trial plays, from its stimuli (so results survive a pair deleted after the session). */
function pairOf(trial: Trial, labels: Map<string, string>): PairRef {
  const pairId = presentationOf(trial).pairId ?? '';
  const runOf = (role: string) => trial.stimuli.find((s) => s.role === role)?.runId ?? '';
  return { pairId, label: labels.get(pairId) ?? '', runA: runOf(Roles.pairA), runB: runOf(Roles.pairB) };
}

function groupByPair<T>(
  trials: readonly Trial[],
  labels: Map<string, string>,
  value: (trial: Trial) => T | null,
): { ref: PairRef; values: T[] }[] {
  const groups = new Map<string, { ref: PairRef; values: T[] }>();
  for (const trial of trials) {
    const ref = pairOf(trial, labels);
    const group = groups.get(ref.pairId) ?? { ref, values: [] };
    const v = value(trial);
    if (v !== null) group.values.push(v);
    groups.set(ref.pairId, group);
  }
  return [...groups.values()];
}

const designSeed = (design: unknown): number | null =>
  design && typeof design === 'object' && typeof (design as { seed?: unknown }).seed === 'number'
    ? (design as { seed: number }).seed
    : null;

const designWarnings = (design: unknown): string[] =>
  design && typeof design === 'object' && Array.isArray((design as { warnings?: unknown }).warnings)
    ? (design as { warnings: unknown[] }).warnings.map(String)
    : [];

export function sessionResults(
  session: ListeningSession,
  pairs: readonly PairView[],
  synthetic: boolean,
): ListeningResults {
  const labels = new Map(pairs.map((p) => [p.id, p.label]));
  const trials = session.trials;
  const answeredTrials = trials.filter((t) => trialComplete(session, t));

  const roleScore = (trial: Trial, role: string): number | null => {
    const key = trial.stimuli.find((s) => s.role === role)?.key;
    return key === undefined ? null : (latestRatings(trial).get(key)?.score ?? null);
  };

  let abx: ListeningResults['abx'] = null;
  let cmos: ListeningResults['cmos'] = null;
  let mushra: ListeningResults['mushra'] = null;
  if (session.kind === 'abx') {
    const correctOf = (t: Trial) => latestRatings(t).get('X')?.correct ?? null;
    abx = {
      overall: abxStats(answeredTrials.map(correctOf).filter((c): c is boolean => c !== null)),
      byPair: groupByPair(trials, labels, correctOf).map(({ ref, values }) => ({
        ...ref,
        stats: abxStats(values),
      })),
    };
  } else if (session.kind === 'ab-cmos') {
    // Stored scores are already sign-corrected: positive = the pair's run B preferred.
    const scoreOf = (t: Trial) => latestRatings(t).get('B')?.score ?? null;
    cmos = {
      overall: meanCi(
        answeredTrials.map(scoreOf).filter((s): s is number => s !== null),
        CMOS_SCALE,
      ),
      byPair: groupByPair(trials, labels, scoreOf).map(({ ref, values }) => ({
        ...ref,
        stats: meanCi(values, CMOS_SCALE),
      })),
    };
  } else {
    const byRole = (role: string) => (t: Trial) => roleScore(t, role);
    mushra = {
      byPair: groupByPair(trials, labels, (t) => t).map(({ ref, values }) => {
        const stats = (role: string) =>
          meanCi(
            values.map(byRole(role)).filter((s): s is number => s !== null),
            MUSHRA_SCALE,
          );
        return {
          ...ref,
          a: stats(Roles.pairA),
          b: stats(Roles.pairB),
          hiddenReference: stats(Roles.hiddenReference),
          anchor: stats(Roles.anchor),
        };
      }),
      screening: mushraScreening(
        trials.map((t) => ({
          hiddenReference: roleScore(t, Roles.hiddenReference),
          anchor: roleScore(t, Roles.anchor),
        })),
      ),
    };
  }

  const trialRows = trials.map((trial) => {
    const latest = latestRatings(trial);
    const last = trial.ratings.at(-1);
    const main =
      session.kind === 'abx' ? latest.get('X') : session.kind === 'ab-cmos' ? latest.get('B') : undefined;
    const scores: Record<string, number> = {};
    for (const s of trial.stimuli) {
      const score = latest.get(s.key)?.score;
      // Unblinded: scores by role (MUSHRA) or by the key the listener answered (CMOS, sign-corrected).
      if (score !== null && score !== undefined) scores[session.kind === 'mushra' ? s.role : s.key] = score;
    }
    return {
      index: trial.index,
      pairId: pairOf(trial, labels).pairId,
      presentation: presentationOf(trial),
      answer: main?.answer ?? null,
      correct: main?.correct ?? null,
      scores,
      timeMs: trialComplete(session, trial) && last ? last.timeMs : null,
      replays: last?.replays ?? 0,
      listeningMs: last?.listeningMs ?? 0,
    };
  });
  const done = trialRows.filter((t) => t.timeMs !== null);
  return {
    sessionId: session.id,
    kind: session.kind,
    name: session.name,
    listener: session.listener,
    createdAt: session.createdAt,
    finishedAt: session.finishedAt,
    synthetic,
    seed: designSeed(session.design),
    total: trials.length,
    answered: answeredTrials.length,
    timing: {
      meanTimeMs: done.length ? done.reduce((s, t) => s + (t.timeMs as number), 0) / done.length : null,
      totalListeningMs: trialRows.reduce((s, t) => s + t.listeningMs, 0),
      meanReplays: done.length ? done.reduce((s, t) => s + t.replays, 0) / done.length : null,
    },
    abx,
    cmos,
    mushra,
    trials: trialRows,
    pairs: [...pairs],
    warnings: designWarnings(session.design),
  };
}
