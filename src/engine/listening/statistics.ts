/**
 * The statistics of listening tests (shared/docs/listening.md): the exact one-sided binomial test for ABX, and
 * for CMOS and MUSHRA scores the mean with a 95 % percentile-bootstrap interval and a box plot per condition.
 *
 * Why a bootstrap and not Student t: scores are bounded (MUSHRA 0..100, CMOS -3..+3) and samples are small. A t
 * interval on two MUSHRA ratings of 0 and 61 is [-357, 418]: outside the scale and meaningless. Every bootstrap
 * mean is a mean of observed scores, so its percentiles lie inside the scale for any n (Efron & Tibshirani, An
 * Introduction to the Bootstrap, ch. 13). Below MIN_RATINGS_FOR_INTERVAL ratings even the bootstrap covers
 * badly (at n = 2 it can only take three values), so results say "n too small" there.
 */
import jStatModule from 'jstat';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { quantileSorted } from 'simple-statistics';

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

/** The score scales of the two rating methods. */
export const MUSHRA_SCALE = { min: 0, max: 100 } as const;
export const CMOS_SCALE = { min: -3, max: 3 } as const;
export interface ScoreScale {
  min: number;
  max: number;
}

/** Below this many ratings an interval is reported but flagged "n too small" (and drawn as such). */
export const MIN_RATINGS_FOR_INTERVAL = 5;
/** Bootstrap resamples and the fixed seed that makes results reproducible to the last digit. */
export const BOOTSTRAP_RESAMPLES = 4000;
export const BOOTSTRAP_SEED = 1534;

/** Tukey box plot of one condition's scores, as webMUSHRA's results page draws them. */
export interface BoxStats {
  /** Lowest and highest score within 1.5 IQR of the quartiles (the whiskers). */
  lowWhisker: number;
  q1: number;
  median: number;
  q3: number;
  highWhisker: number;
  /** Scores beyond the whiskers. */
  outliers: number[];
}

export interface MeanCi {
  n: number;
  mean: number | null;
  /** Sample standard deviation (n - 1). */
  sd: number | null;
  /** 95 % percentile-bootstrap interval of the mean; inside the scale; null below 2 ratings. */
  ci95: [number, number] | null;
  method: 'percentile-bootstrap';
  /** n below MIN_RATINGS_FOR_INTERVAL: the interval is not to be trusted. */
  nTooSmall: boolean;
  minN: number;
  box: BoxStats | null;
}

/** Quartiles (linear interpolation, numpy's default), Tukey whiskers and outliers. */
export function boxStats(values: readonly number[]): BoxStats | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const q1 = quantileSorted(sorted, 0.25);
  const q3 = quantileSorted(sorted, 0.75);
  const reach = 1.5 * (q3 - q1);
  const inside = sorted.filter((v) => v >= q1 - reach && v <= q3 + reach);
  return {
    lowWhisker: inside[0]!,
    q1,
    median: quantileSorted(sorted, 0.5),
    q3,
    highWhisker: inside[inside.length - 1]!,
    outliers: sorted.filter((v) => v < q1 - reach || v > q3 + reach),
  };
}

/** 95 % percentile-bootstrap interval of the mean, with the fixed seed (deterministic). */
export function bootstrapMeanCi(
  values: readonly number[],
  resamples = BOOTSTRAP_RESAMPLES,
): [number, number] {
  const n = values.length;
  if (n < 2) throw new Error(`a bootstrap interval needs at least 2 values, got ${n}`);
  const rng = xoroshiro128plus(BOOTSTRAP_SEED);
  const means = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += values[uniformInt(rng, 0, n - 1)]!;
    means[r] = sum / n;
  }
  means.sort();
  const sorted = Array.from(means);
  return [quantileSorted(sorted, 0.025), quantileSorted(sorted, 0.975)];
}

/**
 * Mean, sample SD, 95 % bootstrap interval and box plot of ratings on a bounded scale. Scores outside the scale
 * are bad input (a stored rating is always on it), and say which score was wrong.
 */
export function meanCi(values: readonly number[], scale: ScoreScale): MeanCi {
  const bad = values.find((v) => !Number.isFinite(v) || v < scale.min || v > scale.max);
  if (bad !== undefined) throw new Error(`score ${bad} is outside the scale ${scale.min}..${scale.max}`);
  const n = values.length;
  const base = { n, method: 'percentile-bootstrap' as const, nTooSmall: n < MIN_RATINGS_FOR_INTERVAL };
  const common = { ...base, minN: MIN_RATINGS_FOR_INTERVAL, box: boxStats(values) };
  if (n === 0) return { ...common, mean: null, sd: null, ci95: null };
  const mean = values.reduce((s, v) => s + v, 0) / n;
  if (n === 1) return { ...common, mean, sd: null, ci95: null };
  const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1));
  return { ...common, mean, sd, ci95: bootstrapMeanCi(values) };
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
