import { describe, expect, it } from 'vitest';
import {
  abxStats,
  binomialUpperTail,
  meanCi,
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

  it('matches hand-computed CMOS and MUSHRA intervals', () => {
    const cmos = meanCi([1, 2, 3, 0, -1, 2, 1, 1, 2, 0]);
    expect(cmos.n).toBe(10);
    expect(cmos.mean).toBeCloseTo(1.1, 12);
    expect(cmos.sd).toBeCloseTo(1.1972189997378648, 12);
    expect(cmos.ci95![0]).toBeCloseTo(1.1 - 0.8564388794001124, 7);
    expect(cmos.ci95![1]).toBeCloseTo(1.1 + 0.8564388794001124, 7);

    const mushra = meanCi([62, 75, 80, 55, 70]);
    expect(mushra.mean).toBe(68.4);
    expect(mushra.sd).toBeCloseTo(10.014988766843425, 12);
    expect(mushra.ci95![1] - mushra.mean!).toBeCloseTo(12.435250994204617, 6);
  });

  it('has no interval for fewer than two ratings', () => {
    expect(meanCi([])).toEqual({ n: 0, mean: null, sd: null, ci95: null });
    expect(meanCi([2])).toEqual({ n: 1, mean: 2, sd: null, ci95: null });
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
