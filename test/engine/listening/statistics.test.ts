import { describe, expect, it } from 'vitest';
import {
  abxStats,
  binomialUpperTail,
  bootstrapMeanCi,
  boxStats,
  CMOS_SCALE,
  meanCi,
  MIN_RATINGS_FOR_INTERVAL,
  MUSHRA_SCALE,
  minimumCorrect,
  mushraScreening,
  tCritical,
} from '../../../src/engine/listening/statistics.ts';

describe('ABX: exact one-sided binomial test', () => {
  it('gives the exact tail probabilities of guessing', () => {
    expect(binomialUpperTail(9, 10)).toBe(11 / 1024);
    expect(binomialUpperTail(8, 10)).toBe(56 / 1024);
    expect(binomialUpperTail(10, 10)).toBe(1 / 1024);
    expect(binomialUpperTail(5, 10)).toBe(638 / 1024);
    expect(binomialUpperTail(0, 10)).toBe(1);
    expect(binomialUpperTail(11, 10)).toBe(0);
    // sum_{i>=60} C(100, i) / 2^100, computed with exact integers elsewhere.
    expect(binomialUpperTail(60, 100)).toBeCloseTo(0.028443966820490395, 15);
    // 2^n far beyond double range: the ratio is still right.
    expect(binomialUpperTail(1000, 1000)).toBe(2 ** -1000);
    expect(binomialUpperTail(1, 1500)).toBe(1);
  });

  it("reproduces listening.md's table of what p < 0.05 needs", () => {
    expect([10, 12, 16, 20, 25, 30].map((n) => minimumCorrect(n))).toEqual([9, 10, 12, 15, 18, 20]);
  });

  it('summarises answers', () => {
    const nineOfTen = [true, true, true, false, true, true, true, true, true, true];
    expect(abxStats(nineOfTen)).toEqual({ n: 10, correct: 9, p: 11 / 1024, significant: true });
    expect(abxStats(nineOfTen.map((c, i) => (i === 0 ? false : c)))).toEqual({
      n: 10,
      correct: 8,
      p: 56 / 1024,
      significant: false,
    });
    expect(abxStats([])).toEqual({ n: 0, correct: 0, p: 1, significant: false });
  });
});

describe('mean and 95 % confidence interval (Student t)', () => {
  // jstat's inverse t is good to about 1e-8: far below what a 95 % interval of ratings needs.
  it('uses the t quantile of n - 1 degrees of freedom', () => {
    expect(tCritical(1)).toBeCloseTo(12.706204736174698, 7);
    expect(tCritical(4)).toBeCloseTo(2.776445105197799, 7);
    expect(tCritical(9)).toBeCloseTo(2.262157162740992, 7);
    expect(tCritical(29)).toBeCloseTo(2.045229642132703, 7);
    expect(tCritical(10_000)).toBeCloseTo(1.960201, 5);
  });

  it('has no interval for fewer than two ratings, and says n is too small', () => {
    expect(meanCi([], MUSHRA_SCALE)).toMatchObject({ n: 0, mean: null, sd: null, ci95: null, box: null });
    expect(meanCi([2], CMOS_SCALE)).toMatchObject({ n: 1, mean: 2, sd: null, ci95: null, nTooSmall: true });
  });
});

describe('bounded scores: bootstrap intervals and box plots (issue 13, item 6)', () => {
  /** Awkward ratings: both ends of the scale, mixed with the middle, so a t interval would overshoot. */
  const ratings = (n: number, scale: { min: number; max: number }) =>
    Array.from(
      { length: n },
      (_, i) => [scale.min, scale.max, scale.min, (scale.min + scale.max) / 2][i % 4]!,
    );

  it('keeps MUSHRA intervals inside 0..100 for n = 2..20, flagged "n too small" below the minimum', () => {
    // The case: two trials gave "30.5 [-357.0, 418.0]" with a t interval.
    const two = meanCi([0, 61], MUSHRA_SCALE);
    expect(two.mean).toBe(30.5);
    expect(two.ci95![0]).toBeGreaterThanOrEqual(0);
    expect(two.ci95![1]).toBeLessThanOrEqual(61);
    expect(two.nTooSmall).toBe(true);
    // What the t interval said for the same ratings.
    const tHalf = (tCritical(1) * two.sd!) / Math.sqrt(2);
    expect([two.mean! - tHalf, two.mean! + tHalf].map(Math.round)).toEqual([-357, 418]);
    for (let n = 2; n <= 20; n++) {
      const stats = meanCi(ratings(n, MUSHRA_SCALE), MUSHRA_SCALE);
      expect(stats.ci95![0], `n = ${n}`).toBeGreaterThanOrEqual(0);
      expect(stats.ci95![1], `n = ${n}`).toBeLessThanOrEqual(100);
      expect(stats.ci95![0]).toBeLessThanOrEqual(stats.mean!);
      expect(stats.ci95![1]).toBeGreaterThanOrEqual(stats.mean!);
      expect(stats.nTooSmall, `n = ${n}`).toBe(n < MIN_RATINGS_FOR_INTERVAL);
      expect(stats.minN).toBe(MIN_RATINGS_FOR_INTERVAL);
    }
  });

  it('keeps CMOS intervals inside -3..3 for n = 2..20', () => {
    for (let n = 2; n <= 20; n++) {
      const stats = meanCi(ratings(n, CMOS_SCALE), CMOS_SCALE);
      expect(stats.ci95![0]).toBeGreaterThanOrEqual(-3);
      expect(stats.ci95![1]).toBeLessThanOrEqual(3);
    }
  });

  it('agrees with the t interval where the t interval is valid (large n, scores far from the bounds)', () => {
    const values = Array.from({ length: 400 }, (_, i) => 50 + 10 * Math.sin(i * 1.7) + ((i * 37) % 11) - 5);
    const stats = meanCi(values, MUSHRA_SCALE);
    const half = (tCritical(values.length - 1) * stats.sd!) / Math.sqrt(values.length);
    expect(stats.ci95![0]).toBeCloseTo(stats.mean! - half, 0);
    expect(stats.ci95![1]).toBeCloseTo(stats.mean! + half, 0);
    expect(Math.abs(stats.ci95![1] - stats.ci95![0] - 2 * half)).toBeLessThan(0.1 * half);
  });

  it('is reproducible: a fixed seed gives the same interval every time', () => {
    expect(bootstrapMeanCi([10, 40, 70, 20, 90, 55])).toEqual(bootstrapMeanCi([10, 40, 70, 20, 90, 55]));
    // A constant sample has a zero-width interval at its value.
    expect(meanCi([2, 2, 2, 2, 2, 2], CMOS_SCALE).ci95).toEqual([2, 2]);
  });

  it('draws Tukey box plots: quartiles, whiskers within 1.5 IQR, outliers beyond', () => {
    expect(boxStats([4, 1, 100, 3, 2])).toEqual({
      lowWhisker: 1,
      q1: 2,
      median: 3,
      q3: 4,
      highWhisker: 4,
      outliers: [100],
    });
    expect(boxStats([])).toBeNull();
  });

  it('rejects scores outside the scale, naming the score', () => {
    expect(() => meanCi([50, 101], MUSHRA_SCALE)).toThrow(/101 is outside the scale 0\.\.100/);
    expect(() => meanCi([Number.NaN], CMOS_SCALE)).toThrow(/NaN/);
  });
});

describe('MUSHRA post-screening', () => {
  const trials = (refs: number[], anchor = 20) =>
    refs.map((hiddenReference) => ({ hiddenReference, anchor }));

  it('flags a listener who rates the hidden reference below 90 in more than 15 % of trials', () => {
    expect(mushraScreening(trials([100, 95, 85, 100, 92, 100, 100, 98, 100, 90]))).toEqual({
      trials: 10,
      hiddenReferenceBelow90: 1,
      fraction: 0.1,
      flagged: false,
      anchorAboveReference: 0,
    });
    expect(mushraScreening(trials([100, 80, 85, 100, 92, 100, 100, 98, 100, 90])).flagged).toBe(true);
    // Exactly 15 % is not "more than 15 %".
    const twenty = [...Array(17).fill(100), 50, 60, 70] as number[];
    expect(mushraScreening(trials(twenty))).toMatchObject({
      hiddenReferenceBelow90: 3,
      fraction: 0.15,
      flagged: false,
    });
  });

  it('counts trials where the anchor beat the hidden reference, and skips unrated trials', () => {
    const result = mushraScreening([
      { hiddenReference: 100, anchor: 20 },
      { hiddenReference: 60, anchor: 70 },
      { hiddenReference: null, anchor: 10 },
    ]);
    expect(result).toEqual({
      trials: 2,
      hiddenReferenceBelow90: 1,
      fraction: 0.5,
      flagged: true,
      anchorAboveReference: 1,
    });
  });
});
