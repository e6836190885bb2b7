import { describe, expect, it } from 'vitest';
import { energyContinuity, estimatePitch, pitchContinuity } from '../../../src/engine/metrics/index.ts';
import { SR, tone, voice, whiteNoise, withCallFade } from './signals.ts';

describe('energyContinuity', () => {
  it('is about 0 dB across a continuous voiced signal', () => {
    const audio = voice(() => 140, SR);
    for (const b of [3_000, 12_000, 20_000])
      expect(Math.abs(energyContinuity(audio, b, SR))).toBeLessThan(0.3);
  });

  it("shows Chatterbox's per-call fade (480 zeros + 480 raised-cosine) as a large dip", () => {
    const audio = withCallFade(
      voice(() => 140, SR),
      12_000,
    );
    // The 30 ms after the boundary hold 20 ms of zeros and the first, quietest half of the fade: about -18 dB.
    const dE = energyContinuity(audio, 12_000, SR);
    expect(dE).toBeLessThan(-15);
    expect(dE).toBeGreaterThan(-21);
  });

  it.each([
    [0.5, 0.25, -6.02],
    [0.1, 0.2, 6.02],
    [0.3, 0.03, -20],
  ])('a level change from %d to %d reads %d dB', (before, after, expected) => {
    const audio = tone(1_000, SR, before);
    for (let i = 12_000; i < SR; i++) audio[i] = audio[i]! * (after / before);
    expect(energyContinuity(audio, 12_000, SR)).toBeCloseTo(expected, 1);
  });

  it('stays finite next to digital silence', () => {
    const audio = tone(1_000, SR, 0.5).fill(0, 12_000);
    expect(energyContinuity(audio, 12_000, SR)).toBeCloseTo(-10 * Math.log10(0.125 / 1e-10), 1);
  });
});

describe('pitchContinuity', () => {
  it.each([
    [120, 160],
    [160, 120],
    [100, 140],
    [200, 170],
    [70, 90],
    [300, 380],
  ])('a pitch change from %d to %d Hz across the boundary gives the difference (+-3 Hz)', (before, after) => {
    const audio = voice((i) => (i < 12_000 ? before : after), SR);
    const result = pitchContinuity(audio, 12_000, SR);
    expect(result.beforeHz).toBeCloseTo(before, 0);
    expect(result.afterHz).toBeCloseTo(after, 0);
    expect(result.dF0Hz).not.toBeNull();
    expect(Math.abs(result.dF0Hz! - (after - before))).toBeLessThan(3);
  });

  it('reads a steady pitch as dF0 of about 0', () => {
    const { dF0Hz } = pitchContinuity(
      voice(() => 133, SR),
      9_000,
      SR,
    );
    expect(Math.abs(dF0Hz!)).toBeLessThan(1);
  });

  it('is null when either side is unvoiced (noise) or silent', () => {
    const voiced = voice(() => 150, 12_000);
    const noise = whiteNoise(12_000, 0.1, 7);
    const voicedThenNoise = new Float32Array(SR);
    voicedThenNoise.set(voiced);
    voicedThenNoise.set(noise, 12_000);
    const result = pitchContinuity(voicedThenNoise, 12_000, SR);
    expect(result.beforeHz).toBeCloseTo(150, 0);
    expect(result.afterHz).toBeNull();
    expect(result.dF0Hz).toBeNull();

    const voicedThenSilence = new Float32Array(SR);
    voicedThenSilence.set(voiced);
    expect(pitchContinuity(voicedThenSilence, 12_000, SR).dF0Hz).toBeNull();
  });

  it('is null when a side does not fit inside the signal', () => {
    const audio = voice(() => 150, SR);
    expect(pitchContinuity(audio, 500, SR).dF0Hz).toBeNull();
    expect(pitchContinuity(audio, SR - 500, SR).dF0Hz).toBeNull();
  });

  it('estimatePitch finds a pure tone anywhere in 60-400 Hz to a fraction of a hertz', () => {
    for (const f of [65, 98.5, 180, 250, 390]) expect(estimatePitch(tone(f, 2_000), 0, SR)).toBeCloseTo(f, 0);
  });
});
