import { describe, expect, test } from 'vitest';
import { modelRunDurations, perTokenRuns } from '../../../src/engine/experiments/profile-generation.ts';
import { overlapMs } from '../../../src/engine/runtime/gc-meter.ts';

describe('reading onnxruntime profiles', () => {
  test('keeps the model_run events of the Session category, in time order, in ms', () => {
    const trace = [
      { cat: 'Session', name: 'session_initialization', ts: 0, dur: 900 },
      { cat: 'Session', name: 'model_run', ts: 300, dur: 2500 },
      { cat: 'Node', name: 'MatMul_kernel_time', ts: 310, dur: 100 },
      { cat: 'Session', name: 'model_run', ts: 100, dur: 1500 },
    ];
    expect(modelRunDurations(trace)).toEqual([1.5, 2.5]);
    expect(() => modelRunDurations({})).toThrow('expected a JSON array');
  });

  test('drops the first run of every generation and checks the count', () => {
    expect(perTokenRuns([10, 1, 2, 20, 3], [3, 2])).toEqual([1, 2, 3]);
    // With guidance the prompt is embedded twice (conditional and unconditional rows): both are set aside.
    expect(perTokenRuns([10, 11, 1, 2, 20, 21, 3], [4, 3], 2)).toEqual([1, 2, 3]);
    expect(() => perTokenRuns([1, 2], [3])).toThrow('profile has 2 runs where the generations made 3');
  });
});

describe('overlapMs', () => {
  test('counts only the parts of collections inside the window', () => {
    const gcs = [
      { start: 0, end: 4 },
      { start: 5, end: 6 },
      { start: 9, end: 12 },
    ];
    expect(overlapMs(gcs, 2, 10)).toBe(2 + 1 + 1);
    expect(overlapMs(gcs, 6, 9)).toBe(0);
  });
});
