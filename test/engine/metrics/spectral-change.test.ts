import { describe, expect, it } from 'vitest';
import { highFrequencyBurst, spectralChange, spectralFluxJump } from '../../../src/engine/metrics/index.ts';
import { concat, SR, tone, voice } from './signals.ts';

/** A 5 ms, 9 kHz tone burst (raised-cosine edged, so it is a burst, not a click) added around `at`. */
function withBurst(audio: Float32Array, at: number, amplitude = 0.05): Float32Array {
  const out = Float32Array.from(audio);
  const length = 120;
  for (let i = 0; i < length; i++) {
    const edge = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / length);
    out[at - length / 2 + i]! += amplitude * edge * Math.sin((2 * Math.PI * 9_000 * i) / SR);
  }
  return out;
}

describe('spectral flux jump and high-frequency burst', () => {
  const clean = voice((i) => 130 + 30 * (i / SR), SR);

  it.each([
    ['a 200 Hz sine', tone(200, SR)],
    ['a 217.3 Hz sine (not a whole number of periods per hop)', tone(217.3, SR)],
    ['a voiced signal with a pitch glide', clean],
  ])('stay low at a clean boundary of %s', (_name, audio) => {
    for (const b of [6_000, 12_000, 17_001]) {
      const { fluxJump, hfBurst } = spectralChange(audio, b, SR);
      expect(fluxJump).toBeLessThan(2);
      expect(hfBurst).toBeLessThan(1);
    }
  });

  it('a phase jump makes the boundary frames change far more than their neighbours', () => {
    const audio = concat(tone(200, 12_000), tone(200, 12_000, 0.5, Math.PI / 2));
    expect(spectralFluxJump(audio, 12_000, SR)).toBeGreaterThan(20);
    // 100 ms away every frame and every flux pair is clear of the jump.
    expect(spectralFluxJump(audio, 12_000 + 2_400, SR)).toBeLessThan(2);
  });

  it('a 9 kHz burst is detected by hfBurst at its boundary, not at a clean boundary of the same signal', () => {
    const audio = withBurst(clean, 12_000);
    expect(highFrequencyBurst(audio, 12_000, SR)).toBeGreaterThan(50);
    expect(highFrequencyBurst(audio, 12_000 + 2_400, SR)).toBeLessThan(1);
    expect(highFrequencyBurst(clean, 12_000, SR)).toBeLessThan(1);
  });

  it('measures the burst against neighbours that have high-frequency energy of their own', () => {
    // Over a steady 7 kHz tone the neighbours' HF energy is the yardstick: the tone alone reads about 1, and a
    // 5 ms burst three times its amplitude doubles the frame's HF energy or more.
    const bed = tone(7_000, SR, 0.1);
    expect(highFrequencyBurst(bed, 12_000, SR)).toBeGreaterThan(0.8);
    expect(highFrequencyBurst(bed, 12_000, SR)).toBeLessThan(1.2);
    expect(highFrequencyBurst(withBurst(bed, 12_000, 0.3), 12_000, SR)).toBeGreaterThan(2);
  });
});
