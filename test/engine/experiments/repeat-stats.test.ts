import { describe, expect, it } from 'vitest';
import { spreadOf, summarise } from '../../../src/engine/experiments/repeat-stats.ts';

describe('median and spread over repeats', () => {
  it('gives the median, the quartiles by linear interpolation and the range', () => {
    // numpy.percentile([1, 2, 3, 4, 100], [25, 50, 75]) = [2, 3, 4]
    expect(spreadOf([100, 3, 1, 4, 2])).toEqual({ n: 5, median: 3, q1: 2, q3: 4, iqr: 2, min: 1, max: 100 });
    // numpy.percentile([10, 20, 30, 40], [25, 50, 75]) = [17.5, 25, 32.5]
    expect(spreadOf([40, 10, 30, 20])).toMatchObject({ median: 25, q1: 17.5, q3: 32.5, iqr: 15 });
  });

  it('one value has no spread; no finite value has no summary', () => {
    expect(spreadOf([7])).toEqual({ n: 1, median: 7, q1: 7, q3: 7, iqr: 0, min: 7, max: 7 });
    expect(spreadOf([])).toBeNull();
    expect(spreadOf([Number.NaN, Number.POSITIVE_INFINITY])).toBeNull();
  });

  it('summarises every named field and says which spread it reports', () => {
    const report = summarise(
      [
        { a: 1, b: null },
        { a: 3, b: 5 },
      ],
      {
        a: (r) => r.a,
        b: (r) => r.b,
      },
    );
    expect(report.n).toBe(2);
    expect(report.spread).toMatch(/IQR.*range/);
    expect(report.metrics.a).toMatchObject({ median: 2, min: 1, max: 3 });
    expect(report.metrics.b).toMatchObject({ n: 1, median: 5 });
  });
});
