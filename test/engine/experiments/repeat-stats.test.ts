import { describe, expect, it } from 'vitest';
import { spreadOf, summarise } from '../../../src/engine/experiments/repeat-stats.ts';
import { pointSummaries } from '../../../src/engine/experiments/sweep-runner.ts';
import type { SweepRow } from '../../../src/contract/methods/sweeps.ts';

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

  it('a sweep reports median and spread per grid point over its finished repeats', () => {
    const row = (pointIndex: number, ttfaMs: number | null): SweepRow =>
      ({
        pointIndex,
        repeatIndex: 0,
        point: {},
        runId: 'r',
        status: ttfaMs === null ? 'failed' : 'finished',
        resumed: false,
        synthetic: true,
        metrics:
          ttfaMs === null
            ? null
            : { ttfaMs, wallMs: 2 * ttfaMs, rtf: 0.5, gapCount: 0, totalGapMs: 0, longestGapMs: 0 },
      }) as SweepRow;
    const summaries = pointSummaries([row(1, 300), row(0, 100), row(0, 140), row(0, null), row(0, 120)]);
    expect(summaries.map((p) => [p.pointIndex, p.n])).toEqual([
      [0, 3],
      [1, 1],
    ]);
    expect(summaries[0]!.metrics.ttfaMs).toMatchObject({ median: 120, q1: 110, q3: 130, min: 100, max: 140 });
    expect(summaries[0]!.metrics.wallMs).toMatchObject({ median: 240 });
  });
});
