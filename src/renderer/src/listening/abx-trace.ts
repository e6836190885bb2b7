import { abxNeeded } from './differences.ts';

export interface AbxTracePoint {
  /** 1-based position among the answered trials, in the order they were presented. */
  trial: number;
  /** The session's trial index (0-based), as the trial table numbers it minus one. */
  index: number;
  correct: boolean;
  /** Correct answers so far, this trial included. */
  score: number;
  /** Correct answers that `trial` trials need for p < 0.05 (one-sided binomial); null when none can reach it. */
  needed: number | null;
}

/**
 * The ABX session trial by trial: each answer in presentation order, the running number correct, and beside it
 * the number correct that many trials would need to be significant, so a plot shows where (and whether) the
 * listener's score crossed the threshold. Unanswered trials are left out.
 */
export function abxTrace(
  trials: readonly { index: number; correct: boolean | null }[],
  alpha = 0.05,
): AbxTracePoint[] {
  const answered = trials.filter((t) => t.correct !== null).sort((a, b) => a.index - b.index);
  let score = 0;
  return answered.map((t, i) => {
    if (t.correct) score += 1;
    return {
      trial: i + 1,
      index: t.index,
      correct: t.correct === true,
      score,
      needed: abxNeeded(i + 1, alpha),
    };
  });
}
