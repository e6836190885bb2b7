import { describe, expect, it } from 'vitest';
import {
  compareToFloor,
  noiseFloor,
  overallMetrics,
  snrDb,
  summarise,
} from '../../../src/engine/metrics/index.ts';
import { add, SR, voice, whiteNoise, withCallFade } from './signals.ts';

describe('summarise', () => {
  it('gives median, mean, p90 (linear interpolation), max and count', () => {
    expect(summarise([10, 1, 9, 2, 8, 3, 7, 4, 6, 5])).toEqual({
      median: 5.5,
      mean: 5.5,
      p90: 9.1,
      max: 10,
      count: 10,
    });
  });

  it('leaves out nulls, undefineds and NaN, keeps Infinity, and is all-null when empty', () => {
    expect(summarise([null, 3, undefined, Number.NaN, 1])).toEqual({
      median: 2,
      mean: 2,
      p90: 2.8,
      max: 3,
      count: 2,
    });
    expect(summarise([Infinity, Infinity, 20])).toMatchObject({ median: Infinity, max: Infinity, count: 3 });
    expect(summarise([null])).toEqual({ median: null, mean: null, p90: null, max: null, count: 0 });
  });
});

describe('noise floor', () => {
  // A decoder with internal noise: every offline decode of the same tokens is the clean signal plus fresh noise.
  const clean = voice((i) => 140 + 20 * Math.sin(i / 3_000), SR);
  const std = 0.002;
  const decode = (seed: number): Float32Array => add(clean, whiteNoise(SR, std, seed));
  const repeats = [decode(1), decode(2), decode(3), decode(4)];
  const floor = noiseFloor(repeats, SR);

  it('compares every pair of repeats: SNR between repeats is signal power over twice the noise power', () => {
    let power = 0;
    for (const x of clean) power += x * x;
    const expected = 10 * Math.log10(power / SR / (2 * std * std));
    expect(floor.pairs).toBe(6);
    expect(Math.abs(floor.snrDb.median - expected)).toBeLessThan(0.5);
    expect(floor.snrDb.worst).toBeLessThanOrEqual(floor.snrDb.median);
    expect(floor.lsdDb.worst).toBeGreaterThanOrEqual(floor.lsdDb.median);
    expect(floor.mcdDb.worst).toBeGreaterThanOrEqual(floor.mcdDb.median);
    expect(floor.lsdDb.median).toBeGreaterThan(0);
  });

  it('a stream that differs from its reference only by the decoder noise is not a finding', () => {
    const streamed = decode(99);
    const overall = overallMetrics(streamed, repeats[0]!, SR);
    for (const name of ['snrDb', 'lsdDb', 'mcdDb'] as const) {
      const verdict = compareToFloor({ name, value: overall[name]! }, floor);
      expect(verdict.significant).toBe(false);
      expect(verdict.note).toContain('not a finding');
    }
  });

  it('a chunking artefact beyond the floor is a finding', () => {
    let streamed = decode(99);
    for (let b = 2_400; b < SR; b += 4_800) streamed = withCallFade(streamed, b);
    const overall = overallMetrics(streamed, repeats[0]!, SR);
    for (const name of ['snrDb', 'lsdDb', 'mcdDb'] as const) {
      expect(compareToFloor({ name, value: overall[name]! }, floor).significant).toBe(true);
    }
  });

  it('applies the rule: SNR within (worst repeat - 1 dB), LSD/MCD within (worst repeat + 0.2 dB)', () => {
    const worstSnr = floor.snrDb.worst;
    expect(compareToFloor({ name: 'snrDb', value: worstSnr - 0.9 }, floor)).toMatchObject({
      floor: worstSnr,
      threshold: worstSnr - 1,
      significant: false,
    });
    expect(compareToFloor({ name: 'snrDb', value: worstSnr - 1.1 }, floor).significant).toBe(true);
    expect(compareToFloor({ name: 'lsdDb', value: floor.lsdDb.worst + 0.19 }, floor).significant).toBe(false);
    expect(compareToFloor({ name: 'lsdDb', value: floor.lsdDb.worst + 0.21 }, floor).significant).toBe(true);
    expect(
      compareToFloor({ name: 'mcdDb', value: floor.mcdDb.worst + 0.5 }, floor, { mcdDb: 1 }).significant,
    ).toBe(false);
  });

  it('a deterministic decoder has a perfect floor: any SNR loss is a finding, identity is not', () => {
    const same = noiseFloor([clean, Float32Array.from(clean)], SR);
    expect(same.snrDb).toEqual({ median: Infinity, worst: Infinity });
    expect(same.lsdDb).toEqual({ median: 0, worst: 0 });
    expect(compareToFloor({ name: 'snrDb', value: 60 }, same).significant).toBe(true);
    expect(compareToFloor({ name: 'snrDb', value: snrDb(clean, clean) }, same).significant).toBe(false);
  });

  it('needs at least two repeats', () => {
    expect(() => noiseFloor([clean], SR)).toThrow(RangeError);
  });
});
