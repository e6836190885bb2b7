import { describe, expect, it } from 'vitest';
import { abxTrace } from '../../../src/renderer/src/listening/abx-trace.ts';

describe('ABX trace', () => {
  it('orders answered trials, keeps a running score and the number correct needed for p < 0.05', () => {
    const trials = [
      { index: 2, correct: false },
      { index: 0, correct: true },
      { index: 1, correct: true },
      { index: 3, correct: null },
      { index: 4, correct: true },
      { index: 5, correct: true },
    ];
    const trace = abxTrace(trials);
    expect(trace.map((p) => [p.trial, p.index, p.correct, p.score])).toEqual([
      [1, 0, true, 1],
      [2, 1, true, 2],
      [3, 2, false, 2],
      [4, 4, true, 3],
      [5, 5, true, 4],
    ]);
    // Four or fewer trials cannot reach p < 0.05 (1/16 > 0.05); five need all five (1/32).
    expect(trace.map((p) => p.needed)).toEqual([null, null, null, null, 5]);
  });
});
