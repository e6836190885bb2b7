import { describe, expect, it } from 'vitest';
import { COMPARED_METRICS, delta } from '../../../src/renderer/src/compare/metric-deltas.ts';
import { spreadOf } from '../../../src/renderer/src/compare/useRepeatSpreads.ts';

const metric = (id: string) => COMPARED_METRICS.find((m) => m.id === id)!;

describe('Compare deltas', () => {
  it('shows clicks by excess over the reference before absolute scores', () => {
    const ids = COMPARED_METRICS.map((m) => m.id);
    expect(ids.indexOf('click-excess-max')).toBeLessThan(ids.indexOf('click-max'));
    expect(metric('ttfa').name).toBe('Engine TTFA');
  });

  it('marks a difference smaller than the spread of either side as not significant', () => {
    const ttfa = metric('ttfa');
    expect(delta(ttfa, 1000, 950)).toMatchObject({ verdict: 'better' });
    // 50 ms apart, but one side's repeats spread by 80 ms: not significant.
    expect(delta(ttfa, 1000, 950, { base: 80, value: 10 })).toMatchObject({ verdict: 'within-spread' });
    expect(delta(ttfa, 1000, 950, { base: 10, value: 80 })).toMatchObject({ verdict: 'within-spread' });
    expect(delta(ttfa, 1000, 950, { base: 20, value: 30 })).toMatchObject({ verdict: 'better' });
    expect(delta(ttfa, 1000, 1100, { base: 20, value: 30 })).toMatchObject({ verdict: 'worse' });
  });

  it('treats an identical SNR (infinity) as better than any finite SNR', () => {
    const snr = metric('snr');
    expect(delta(snr, 9.4, Infinity)).toEqual({ text: '+∞', verdict: 'better' });
    expect(delta(snr, Infinity, 9.4)).toEqual({ text: '−∞', verdict: 'worse' });
    expect(delta(snr, Infinity, Infinity)).toEqual({ text: '±0', verdict: 'same' });
    expect(snr.format(Infinity)).toBe('∞ (identical)');
  });

  it('takes the spread as the sample SD over at least two repeats', () => {
    expect(spreadOf([10])).toBeNull();
    expect(spreadOf([10, 14])).toBeCloseTo(Math.SQRT2 * 2, 12);
  });
});
