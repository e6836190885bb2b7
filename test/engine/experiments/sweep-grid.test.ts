import { describe, expect, it } from 'vitest';
import {
  configForRepeat,
  findKnob,
  parseSweepParam,
  planSweep,
  SweepGridError,
  sweepTitle,
} from '../../../src/engine/experiments/sweep-grid.ts';

const base = { text: 'Hello my big long beautiful world' };

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof SweepGridError) return error.problems;
    throw error;
  }
  throw new Error('expected a SweepGridError');
}

describe('parseSweepParam', () => {
  it('expands inclusive integer ranges, stepped ranges, lists and mixes of them', () => {
    expect(parseSweepParam('overlap=0..6')).toEqual({
      name: 'overlap',
      path: 'boundary.overlapTokens',
      values: [0, 1, 2, 3, 4, 5, 6],
    });
    expect(parseSweepParam('boundary.crossfadeMs=10,20,40').values).toEqual([10, 20, 40]);
    expect(parseSweepParam('temperature=0..1:0.25').values).toEqual([0, 0.25, 0.5, 0.75, 1]);
    // 0.1 steps accumulate binary error; values come out as written.
    expect(parseSweepParam('top-p=0.7..1:0.1').values).toEqual([0.7, 0.8, 0.9, 1]);
    expect(parseSweepParam('chunk-tokens=5..15:5,40').values).toEqual([5, 10, 15, 40]);
    expect(parseSweepParam('jitter-ms=-0..0').values).toEqual([0]);
  });

  it('maps the short names of the run flags to config paths', () => {
    const paths = Object.fromEntries(
      [
        'overlap',
        'crossfade-ms',
        'queue-depth',
        'jitter-ms',
        'chunk-tokens',
        'context-tokens',
        'temperature',
        'seed',
        'boundary',
        'pipeline',
      ].map((name) => [name, findKnob(name)?.path]),
    );
    expect(paths).toEqual({
      overlap: 'boundary.overlapTokens',
      'crossfade-ms': 'boundary.crossfadeMs',
      'queue-depth': 'pipeline.queueDepth',
      'jitter-ms': 'playback.jitterBufferMs',
      'chunk-tokens': 'schedule.tokens',
      'context-tokens': 'boundary.contextTokens',
      temperature: 'sampler.temperature',
      seed: 'seed',
      boundary: 'boundary.kind',
      pipeline: 'pipeline.kind',
    });
  });

  it('parses enums and booleans and refuses values outside them', () => {
    expect(parseSweepParam('boundary=none,overlap-add').values).toEqual(['none', 'overlap-add']);
    expect(parseSweepParam('greedy=true,false').values).toEqual([true, false]);
    expect(() => parseSweepParam('shape=linear,cosine')).toThrow(
      /"cosine" is not a boundary.shape \(one of linear, equal-power, hann, hamming\)/,
    );
    expect(() => parseSweepParam('greedy=yes')).toThrow(/true or false/);
  });

  it('names what is wrong with a malformed parameter', () => {
    expect(() => parseSweepParam('overlap')).toThrow(/expected name=values/);
    expect(() => parseSweepParam('overlapp=1..3')).toThrow(/"overlapp" is not a sweepable knob/);
    expect(() => parseSweepParam('overlap=0..2:0.5')).toThrow(/whole numbers, and 0..2:0.5 gives 0.5/);
    expect(() => parseSweepParam('overlap=6..0')).toThrow(/runs backwards/);
    expect(() => parseSweepParam('overlap=0..6:0')).toThrow(/step must be positive/);
    expect(() => parseSweepParam('overlap=a..3')).toThrow(/"a" is not a number/);
    expect(() => parseSweepParam('overlap=1,1')).toThrow(/listed twice/);
  });
});

describe('planSweep', () => {
  it('expands the grid with the first parameter outermost and validates every point', () => {
    const plan = planSweep({ base, params: ['overlap=2..3', 'shape=linear,hann,hamming'], repeats: 2 });
    expect(plan.points).toHaveLength(6);
    expect(plan.points.map((p) => [p.values['boundary.overlapTokens'], p.values['boundary.shape']])).toEqual([
      [2, 'linear'],
      [2, 'hann'],
      [2, 'hamming'],
      [3, 'linear'],
      [3, 'hann'],
      [3, 'hamming'],
    ]);
    expect(plan.points.map((p) => p.index)).toEqual([0, 1, 2, 3, 4, 5]);
    // The knob implied its boundary kind; the crossfade followed the overlap (2 tokens = 80 ms > 50 ms default).
    expect(plan.points[0]!.config.boundary).toEqual({
      kind: 'overlap-add',
      overlapTokens: 2,
      crossfadeMs: 50,
      shape: 'linear',
    });
    expect(plan.points[5]!.config.text).toBe(base.text);
    expect(plan.repeats).toBe(2);
    expect(sweepTitle(plan)).toBe('overlap 2,3 x shape linear,hann,hamming (2 repeats)');
  });

  it('fits the default crossfade inside small overlaps when the crossfade is not given, and says so', () => {
    const plan = planSweep({ base, params: ['overlap=0..4'] });
    expect(plan.points.map((p) => p.config.boundary)).toEqual(
      [0, 40, 50, 50, 50].map((crossfadeMs, i) => ({
        kind: 'overlap-add',
        overlapTokens: i,
        crossfadeMs,
        shape: 'hann',
      })),
    );
    expect(plan.notes.join()).toMatch(/min\(50 ms, overlap x 40 ms\)/);
  });

  it('refuses a grid with invalid combinations, naming each point and the problem, before anything runs', () => {
    const problems = problemsOf(() =>
      planSweep({
        base: { ...base, boundary: { kind: 'overlap-add', crossfadeMs: 100 } },
        params: ['overlap=1..4'],
      }),
    );
    expect(problems).toEqual([
      'grid point 1 of 4 (boundary.overlapTokens=1): boundary.crossfadeMs: crossfadeMs must fit inside the overlap (overlapTokens x 40 ms)',
      'grid point 2 of 4 (boundary.overlapTokens=2): boundary.crossfadeMs: crossfadeMs must fit inside the overlap (overlapTokens x 40 ms)',
    ]);
  });

  it('refuses a knob that does not apply at a point (overlap with no boundary treatment)', () => {
    const problems = problemsOf(() =>
      planSweep({ base, params: ['boundary=none,overlap-add', 'overlap=1..2'] }),
    );
    expect(problems).toEqual([
      'grid point 1 of 4 (boundary.kind=none, boundary.overlapTokens=1): boundary.overlapTokens only applies when boundary.kind is overlap-add, not "none"',
      'grid point 2 of 4 (boundary.kind=none, boundary.overlapTokens=2): boundary.overlapTokens only applies when boundary.kind is overlap-add, not "none"',
    ]);
    // An explicit other kind in the base is not silently replaced either.
    expect(
      problemsOf(() =>
        planSweep({ base: { ...base, pipeline: { kind: 'sequential' } }, params: ['queue-depth=1,2'] }),
      )[0],
    ).toMatch(/pipeline.queueDepth only applies when pipeline.kind is parallel, not "sequential"/);
  });

  it('reports out-of-range values with the schema message', () => {
    const problems = problemsOf(() => planSweep({ base, params: ['overlap=6..10:2'] }));
    // 6 and 8 are valid (overlap is 0..8); 10 is not.
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^grid point 3 of 3 \(boundary.overlapTokens=10\): boundary.overlapTokens: Too big: expected number to be <=8/,
    );
  });

  it('needs text, at least one parameter, sane repeats and no knob twice', () => {
    expect(problemsOf(() => planSweep({ base: {}, params: ['seed=1,2'] }))[0]).toMatch(
      /grid point 1 of 2 \(seed=1\): text:/,
    );
    expect(() => planSweep({ base, params: [] })).toThrow(/at least one --param/);
    expect(() => planSweep({ base, params: ['seed=1'], repeats: 0 })).toThrow(/--repeat must be/);
    expect(() => planSweep({ base, params: ['overlap=1', 'boundary.overlapTokens=2'] })).toThrow(
      /swept twice/,
    );
    expect(() => planSweep({ base, params: ['seed=0..5000', 'overlap=0..2'] })).toThrow(/capped at 10000/);
  });

  it('gives a group without its kind the kind its fields imply (--crossfade-ms without --boundary)', () => {
    const plan = planSweep({
      base: { ...base, boundary: { crossfadeMs: 20, shape: 'linear' } },
      params: ['seed=1,2'],
    });
    expect(plan.points[0]!.config.boundary).toEqual({
      kind: 'overlap-add',
      overlapTokens: 3,
      crossfadeMs: 20,
      shape: 'linear',
    });
    // Fields that imply nothing fall back to the default kind, and the knob that does not fit is named.
    expect(problemsOf(() => planSweep({ base, params: ['min-chars=5,10'] }))[0]).toMatch(
      /textSource.minChars only applies when textSource.mode is sentences or segments, not "whole"/,
    );
    const sentences = planSweep({
      base: { ...base, textSource: { mode: 'sentences' } },
      params: ['min-chars=5,10'],
    });
    expect(sentences.points.map((p) => p.config.textSource)).toEqual([
      { mode: 'sentences', minChars: 5 },
      { mode: 'sentences', minChars: 10 },
    ]);
  });

  it('sweeps providers as one-element lists and pipelines with their queue depth', () => {
    const plan = planSweep({ base, params: ['provider=cpu', 'queue-depth=1,4'] });
    expect(plan.points.map((p) => [p.config.runtime.providers, p.config.pipeline])).toEqual([
      [['cpu'], { kind: 'parallel', queueDepth: 1 }],
      [['cpu'], { kind: 'parallel', queueDepth: 4 }],
    ]);
  });

  it('keeps the seed across repeats unless asked to vary it', () => {
    const plan = planSweep({ base: { ...base, seed: 7 }, params: ['jitter-ms=0,100'], repeats: 3 });
    const point = plan.points[1]!;
    expect([0, 1, 2].map((r) => configForRepeat(point, r, false).seed)).toEqual([7, 7, 7]);
    expect([0, 1, 2].map((r) => configForRepeat(point, r, true).seed)).toEqual([7, 8, 9]);
    expect(configForRepeat(point, 2, true).playback.jitterBufferMs).toBe(100);
  });
});
