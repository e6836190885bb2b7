/**
 * The statistics of listening tests (shared/docs/listening.md): the exact one-sided binomial test for ABX, and
 * the mean with a Student-t 95 % confidence interval for CMOS and MUSHRA scores.
 */
import jStatModule from 'jstat';

// jstat is a CommonJS bundle: its export is the jStat function object (with a self-reference on some builds).
const jStat = ((jStatModule as { jStat?: typeof jStatModule }).jStat ?? jStatModule) as typeof jStatModule;

/** 2^e for any integer e, without overflowing/underflowing in one step. */
function pow2(e: number): number {
  let out = 1;
  let rest = e;
  while (rest > 1000) {
    out *= 2 ** 1000;
    rest -= 1000;
  }
  while (rest < -1000) {
    out *= 2 ** -1000;
    rest += 1000;
  }
  return out * 2 ** rest;
}

const bitLength = (x: bigint): number => x.toString(2).length;

/** num / den for big integers, to full double precision. */
function ratio(num: bigint, den: bigint): number {
  if (num === 0n) return 0;
  const shift = Math.max(0, bitLength(den) - bitLength(num) + 64);
  return Number((num << BigInt(shift)) / den) * pow2(-shift);
}

/**
 * P(X >= k) for X ~ Binomial(n, 1/2): the chance of at least k correct of n by guessing. Exact (the binomial
 * coefficients are summed as big integers), so 9 of 10 gives 11/1024 to the last bit.
 */
export function binomialUpperTail(k: number, n: number): number {
  if (!Number.isInteger(k) || !Number.isInteger(n) || n < 0)
    throw new Error(`binomial test needs whole counts, got ${k} of ${n}`);
  if (k <= 0) return 1;
  if (k > n) return 0;
  let coefficient = 1n; // C(n, i)
  let tail = 0n;
  for (let i = 0; i <= n; i++) {
    if (i >= k) tail += coefficient;
    coefficient = (coefficient * BigInt(n - i)) / BigInt(i + 1);
  }
  return ratio(tail, 1n << BigInt(n));
}

export const SIGNIFICANCE = 0.05;

export interface AbxStats {
  n: number;
  correct: number;
  p: number;
  significant: boolean;
}

export function abxStats(answers: readonly boolean[]): AbxStats {
  const correct = answers.filter(Boolean).length;
  const p = binomialUpperTail(correct, answers.length);
  return { n: answers.length, correct, p, significant: answers.length > 0 && p < SIGNIFICANCE };
}

/** The smallest number correct out of n with p < alpha (listening.md's table: 9/10, 10/12, 12/16 ...). */
export function minimumCorrect(n: number, alpha = SIGNIFICANCE): number | null {
  for (let k = 0; k <= n; k++) if (binomialUpperTail(k, n) < alpha) return k;
  return null;
}

/** The two-sided Student t critical value for a (1 - alpha) interval with df degrees of freedom. */
export function tCritical(df: number, alpha = 0.05): number {
  if (!(df >= 1)) throw new Error(`t needs at least one degree of freedom, got ${df}`);
  return jStat.studentt.inv(1 - alpha / 2, df);
}

export interface MeanCi {
  n: number;
  mean: number | null;
  /** Sample standard deviation (n - 1). */
  sd: number | null;
  ci95: [number, number] | null;
}

/** Mean, sample SD and the t-based 95 % confidence interval of the mean. */
export function meanCi(values: readonly number[]): MeanCi {
  const n = values.length;
  if (n === 0) return { n, mean: null, sd: null, ci95: null };
  const mean = values.reduce((s, v) => s + v, 0) / n;
  if (n === 1) return { n, mean, sd: null, ci95: null };
  const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1));
  const half = (tCritical(n - 1) * sd) / Math.sqrt(n);
  return { n, mean, sd, ci95: [mean - half, mean + half] };
}

/** ITU-R BS.1534 post-screening threshold: hidden reference below 90 ... */
export const HIDDEN_REFERENCE_MIN = 90;
/** ... on more than this share of items flags the listener. */
export const SCREENING_FRACTION = 0.15;

export interface MushraScreening {
  trials: number;
  hiddenReferenceBelow90: number;
  fraction: number;
  flagged: boolean;
  anchorAboveReference: number;
}

/** Post-screening over one listener's trials (each: the hidden reference's and the anchor's score). */
export function mushraScreening(
  trials: readonly { hiddenReference: number | null; anchor: number | null }[],
): MushraScreening {
  const rated = trials.filter((t) => t.hiddenReference !== null);
  const below = rated.filter((t) => (t.hiddenReference as number) < HIDDEN_REFERENCE_MIN).length;
  const fraction = rated.length ? below / rated.length : 0;
  return {
    trials: rated.length,
    hiddenReferenceBelow90: below,
    fraction,
    flagged: fraction > SCREENING_FRACTION,
    anchorAboveReference: rated.filter((t) => t.anchor !== null && t.anchor > (t.hiddenReference as number))
      .length,
  };
}
