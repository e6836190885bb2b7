import { describe, expect, it } from 'vitest';
import {
  logSpectralDistance,
  melCepstralDistortion,
  snrDb,
  spectralDistances,
} from '../../../src/engine/metrics/index.ts';
import { add, concat, SR, tone, voice, whiteNoise, withCallFade } from './signals.ts';

describe('full-reference measures', () => {
  const reference = voice((i) => 120 + 40 * (i / SR), SR);

  it('identical signals give SNR = Infinity, LSD = 0, MCD = 0', () => {
    const copy = Float32Array.from(reference);
    expect(snrDb(reference, copy)).toBe(Infinity);
    expect(logSpectralDistance(reference, copy, SR)).toBe(0);
    expect(melCepstralDistortion(reference, copy, SR)).toBe(0);
  });

  it.each([0, 10, 20, 30, 40])('white noise added at %d dB SNR reads that SNR (+-0.5 dB)', (target) => {
    const clean = tone(440, SR, 0.5); // power 0.125
    const noisy = add(clean, whiteNoise(SR, Math.sqrt(0.125 / 10 ** (target / 10)), target + 1));
    expect(Math.abs(snrDb(clean, noisy) - target)).toBeLessThan(0.5);
  });

  it('LSD and MCD grow as the added noise grows', () => {
    const levels = [0.001, 0.003, 0.01, 0.03].map((std) =>
      spectralDistances(reference, add(reference, whiteNoise(SR, std, 5)), SR),
    );
    for (let i = 1; i < levels.length; i++) {
      expect(levels[i]!.lsdDb).toBeGreaterThan(levels[i - 1]!.lsdDb);
      expect(levels[i]!.mcdDb).toBeGreaterThan(levels[i - 1]!.mcdDb);
    }
    expect(levels[0]!.mcdDb).toBeGreaterThan(0);
  });

  it('a pure gain change of -6.02 dB is an LSD of 6.02 dB but no MCD (c0, the level, is excluded)', () => {
    const noise = whiteNoise(SR, 0.1, 11);
    const half = noise.map((x) => x / 2);
    expect(logSpectralDistance(noise, half, SR)).toBeCloseTo(6.02, 1);
    expect(melCepstralDistortion(noise, half, SR)).toBeLessThan(0.01);
    expect(snrDb(noise, half)).toBeCloseTo(6.02, 1);
  });

  it('compares the common prefix when lengths differ', () => {
    const longer = concat(reference, tone(300, 4_800));
    expect(snrDb(reference, longer)).toBe(Infinity);
    expect(logSpectralDistance(reference, longer, SR)).toBe(0);
    expect(melCepstralDistortion(longer, reference, SR)).toBe(0);
  });

  it('measures a sample range: only the window around a damaged boundary differs', () => {
    const streamed = withCallFade(reference, 12_000);
    const around = { start: 12_000 - 2_400, end: 12_000 + 2_400 };
    const elsewhere = { start: 2_000, end: 6_800 };
    expect(snrDb(reference, streamed, elsewhere)).toBe(Infinity);
    expect(logSpectralDistance(reference, streamed, SR, elsewhere)).toBe(0);
    // 960 of the window's 4800 samples are damaged, about half of them zeroed: a low SNR.
    const local = snrDb(reference, streamed, around);
    expect(local).toBeGreaterThan(3);
    expect(local).toBeLessThan(12);
    expect(logSpectralDistance(reference, streamed, SR, around)).toBeGreaterThan(1);
    expect(melCepstralDistortion(reference, streamed, SR, around)).toBeGreaterThan(0.5);
    // The whole signal dilutes the same damage.
    expect(snrDb(reference, streamed)).toBeGreaterThan(local + 6);
  });

  it('skips frames that are silent in both signals and gives 0 when all are', () => {
    const silence = new Float32Array(SR);
    expect(spectralDistances(silence, new Float32Array(SR), SR)).toEqual({ lsdDb: 0, mcdDb: 0, frames: 0 });
    const padded = concat(new Float32Array(SR), reference);
    const noisy = add(padded, concat(new Float32Array(SR), whiteNoise(SR, 0.01, 2)));
    const withSilence = spectralDistances(padded, noisy, SR);
    const without = spectralDistances(reference, noisy.subarray(SR), SR);
    // A second of silence in both adds no frames (only the one straddling the onset), so it cannot halve the mean.
    expect(withSilence.frames - without.frames).toBeLessThanOrEqual(2);
    expect(Math.abs(withSilence.lsdDb - without.lsdDb)).toBeLessThan(0.05 * without.lsdDb);
  });
});
