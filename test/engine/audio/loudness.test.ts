import { describe, expect, it } from 'vitest';
import { integratedLoudness, normaliseLoudness } from '../../../src/engine/audio/loudness.ts';
import { peak, sine } from './signals.ts';

// ITU-R BS.1770-4 calibrates the meter so a full-scale 997 Hz sine (the K-weighting is ~0 dB there) reads
// -3.01 LUFS in one channel: 10*log10(0.5) for its mean square, and the -0.691 offset cancels the filter's gain.
// An amplitude a therefore reads -3.01 + 20*log10(a) LUFS at 48 kHz; at 24 kHz the recomputed K-filter is within
// a few hundredths of a dB of that.
const sineLufs = (amplitude: number) => -3.0103 + 20 * Math.log10(amplitude);

describe('integratedLoudness', () => {
  it('reads sines at their BS.1770 loudness at 48 kHz and 24 kHz', () => {
    expect(integratedLoudness(sine(997, 48_000, 5, 1), 48_000)).toBeCloseTo(sineLufs(1), 1);
    expect(integratedLoudness(sine(997, 48_000, 5, 0.5), 48_000)).toBeCloseTo(sineLufs(0.5), 1);
    expect(Math.abs(integratedLoudness(sine(997, 24_000, 5, 0.1), 24_000) - sineLufs(0.1))).toBeLessThan(
      0.05,
    );
  });

  it('gates silence out: silence is -Infinity, and silence around a tone does not lower its loudness', () => {
    expect(integratedLoudness(new Float32Array(24_000 * 3), 24_000)).toBe(-Infinity);
    const tone = sine(997, 24_000, 3, 0.25);
    const padded = new Float32Array(24_000 * 9);
    padded.set(tone, 24_000 * 3);
    // Ungated, 3 s of tone in 9 s would read 10*log10(3/9) = -4.8 dB lower; the gates drop the silent blocks and
    // only the few 400 ms blocks straddling the tone's edges pull it down (by about 0.4 LU here).
    const difference = integratedLoudness(tone, 24_000) - integratedLoudness(padded, 24_000);
    expect(difference).toBeGreaterThanOrEqual(0);
    expect(difference).toBeLessThan(0.5);
  });

  it('names a bad sample rate', () => {
    expect(() => integratedLoudness(new Float32Array(10), 0)).toThrow(
      /sample rate must be a positive integer, got 0/,
    );
  });
});

describe('normaliseLoudness (upstream tts_turbo.py norm_loudness)', () => {
  it('brings a sine of known loudness to -27 LUFS with one gain, so its peak lands where the formula says', () => {
    const input = sine(997, 24_000, 6, 0.5);
    const out = normaliseLoudness(input, 24_000, -27);
    expect(out.measuredLufs).toBeCloseTo(sineLufs(0.5), 1);
    expect(out.gainDb).toBeCloseTo(-27 - out.measuredLufs, 9);
    // -27 LUFS is a sine of amplitude 10^((-27 + 3.01) / 20) = 0.0631.
    expect(peak(out.samples)).toBeGreaterThan(0.0631 * 0.995);
    expect(peak(out.samples)).toBeLessThan(0.0631 * 1.005);
    expect(Math.abs(integratedLoudness(out.samples, 24_000) + 27)).toBeLessThan(0.01);
    // One linear gain: every sample scaled by the same factor.
    const gain = 10 ** (out.gainDb / 20);
    expect(out.samples[1234]).toBeCloseTo(input[1234]! * gain, 6);
  });

  it('leaves silence unchanged, as upstream skips a non-finite gain', () => {
    const silence = new Float32Array(24_000 * 6);
    const out = normaliseLoudness(silence, 24_000, -27);
    expect(out.measuredLufs).toBe(-Infinity);
    expect(out.gainDb).toBe(0);
    expect(out.samples).toBe(silence);
  });
});
