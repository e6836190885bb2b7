/**
 * The listener's view of a session: stimulus keys and their own answers, nothing that names a run, a role or
 * whether an answer was right (that would unblind the test).
 */
import type { BlindSession } from '../../contract/methods/listening.ts';
import type { ListeningSession, Rating, Trial } from '../store/index.ts';
import { rateKeys } from './session-design.ts';

/** The latest rating per stimulus key: a listener may change a MUSHRA slider; the last value counts. */
export function latestRatings(trial: Trial): Map<string, Rating> {
  const latest = new Map<string, Rating>();
  for (const rating of trial.ratings) latest.set(rating.stimulus, rating);
  return latest;
}

export function trialComplete(session: ListeningSession, trial: Trial): boolean {
  const latest = latestRatings(trial);
  return rateKeys(
    session.kind,
    trial.stimuli.map((s) => s.key),
  ).every((key) => latest.has(key));
}

export function nextTrial(session: ListeningSession): number | null {
  return session.trials.find((t) => !trialComplete(session, t))?.index ?? null;
}

export function blindSession(session: ListeningSession, synthetic: boolean): BlindSession {
  const trials = session.trials.map((trial) => {
    const keys = trial.stimuli.map((s) => s.key);
    const answers: BlindSession['trials'][number]['answers'] = {};
    for (const [key, r] of latestRatings(trial)) answers[key] = { answer: r.answer, score: r.score };
    return {
      index: trial.index,
      keys,
      rate: rateKeys(session.kind, keys),
      answered: trialComplete(session, trial),
      answers,
    };
  });
  return {
    id: session.id,
    kind: session.kind,
    name: session.name,
    listener: session.listener,
    createdAt: session.createdAt,
    finishedAt: session.finishedAt,
    synthetic,
    trials,
    nextTrial: nextTrial(session),
    answered: trials.filter((t) => t.answered).length,
  };
}
