import { describe, expect, it } from 'vitest';
import { AUDIBLE_CLICK_SCORE, boundaryMetrics, overallMetrics } from '../../../src/engine/metrics/index.ts';
import { concat, SR, voice, withCallFade } from './signals.ts';

/**
 * A naive chunked stream, the way a decoder with continuous phase fails when called per chunk: each chunk
 * restarts the phase at 0 and carries the per-call fade. The reference is one continuous decode.
 */
function naiveStream(
  pitch: number,
  chunkSamples: number,
  chunks: number,
): { stream: Float32Array; reference: Float32Array } {
  const reference = voice(() => pitch, chunkSamples * chunks);
  const chunk = withCallFade(
    voice(() => pitch, chunkSamples),
    0,
  );
  return {
    stream: concat(...Array.from({ length: chunks }, () => chunk)),
    reference: withCallFade(reference, 0),
  };
}

describe('boundaryMetrics', () => {
  const chunk = 960 * 10; // 10 tokens
  const { stream, reference } = naiveStream(137, chunk, 4);
  const boundaries = [chunk, 2 * chunk, 3 * chunk];

  it('gives one record per boundary, with position and time', () => {
    const records = boundaryMetrics(stream, boundaries, reference, SR);
    expect(records.map((r) => [r.index, r.sample, r.timeS])).toEqual([
      [0, 9_600, 0.4],
      [1, 19_200, 0.8],
      [2, 28_800, 1.2],
    ]);
  });

  it('flags the naive stream at every boundary and not the reference', () => {
    for (const r of boundaryMetrics(stream, boundaries, reference, SR)) {
      // The per-call fade zeroes the start of each chunk: a cliff to silence and an energy hole.
      expect(r.clickScore).toBeGreaterThan(AUDIBLE_CLICK_SCORE);
      expect(r.referenceClickScore).toBeLessThan(AUDIBLE_CLICK_SCORE);
      expect(r.dEDb).toBeLessThan(-12);
      expect(r.fluxJump).toBeGreaterThan(2);
      expect(r.snrDbLocal).toBeLessThan(10);
      expect(r.lsdDbLocal).toBeGreaterThan(1);
      expect(r.mcdDbLocal).toBeGreaterThan(0.5);
    }
    for (const r of boundaryMetrics(reference, boundaries, reference, SR)) {
      expect(r.clickScore).toBeLessThan(AUDIBLE_CLICK_SCORE);
      expect(Math.abs(r.dEDb)).toBeLessThan(0.5);
      expect(r.fluxJump).toBeLessThan(2);
      expect(r.hfBurst).toBeLessThan(1);
      expect(Math.abs(r.dF0Hz!)).toBeLessThan(1);
      expect([r.snrDbLocal, r.lsdDbLocal, r.mcdDbLocal]).toEqual([Infinity, 0, 0]);
    }
  });

  it('leaves the full-reference fields null without a reference, or past its end', () => {
    const [first] = boundaryMetrics(stream, [chunk], undefined, SR);
    expect(first).toMatchObject({
      referenceClickScore: null,
      snrDbLocal: null,
      lsdDbLocal: null,
      mcdDbLocal: null,
    });
    const short = reference.subarray(0, chunk);
    const [, beyond] = boundaryMetrics(stream, [chunk / 2, 2 * chunk], short, SR);
    expect(beyond).toMatchObject({ referenceClickScore: null, snrDbLocal: null, lsdDbLocal: null });
  });
});

describe('overallMetrics', () => {
  it('reports duration and the length difference, comparing the common prefix', () => {
    const reference = voice(() => 150, SR);
    const streamed = concat(reference, new Float32Array(480));
    expect(overallMetrics(streamed, reference, SR)).toEqual({
      snrDb: Infinity,
      lsdDb: 0,
      mcdDb: 0,
      durationS: 1.02,
      lengthDiffSamples: 480,
    });
    expect(overallMetrics(reference, undefined, SR)).toEqual({
      snrDb: null,
      lsdDb: null,
      mcdDb: null,
      durationS: 1,
      lengthDiffSamples: 0,
    });
  });

  it('scores a damaged stream lower than the same stream with less damage', () => {
    const reference = voice(() => 150, 2 * SR);
    const once = withCallFade(reference, SR);
    const twice = withCallFade(once, SR / 2);
    const [a, b] = [overallMetrics(once, reference, SR), overallMetrics(twice, reference, SR)];
    expect(b.snrDb!).toBeLessThan(a.snrDb! - 2);
    expect(b.lsdDb!).toBeGreaterThan(a.lsdDb!);
    expect(b.mcdDb!).toBeGreaterThan(a.mcdDb!);
  });
});
