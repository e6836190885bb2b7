import { describe, expect, it } from 'vitest';
import { resample, resampledLength } from '../../../src/engine/audio/resample.ts';
import { dominantTone, peak, rms, sine, zeroCrossingFrequency } from './signals.ts';

describe('resample', () => {
  it('keeps a 1 kHz tone at 1 kHz and its amplitude, 44.1 kHz -> 24 kHz, with exact length', async () => {
    const input = sine(1000, 44100, 1, 0.5);
    const output = await resample(input, 44100, 24000);
    expect(output).toHaveLength(24000);
    const tone = dominantTone(output, 24000, 4000, 8192);
    expect(tone.frequency).toBeCloseTo(1000, 0);
    expect(tone.amplitude).toBeCloseTo(0.5, 2);
    expect(zeroCrossingFrequency(output, 24000, 1000, 23000)).toBeCloseTo(1000, 1);
    expect(peak(output, 1000, 23000)).toBeCloseTo(0.5, 3);
    // No added delay: the output lines up with the ideal 24 kHz sine sample for sample.
    const ideal = sine(1000, 24000, 1, 0.5);
    for (let i = 1000; i < 23000; i += 97) expect(output[i]).toBeCloseTo(ideal[i]!, 4);
  });

  it('removes a 10 kHz tone going to 16 kHz instead of aliasing it to 6 kHz', async () => {
    const output = await resample(sine(10000, 44100, 1, 0.5), 44100, 16000);
    expect(output).toHaveLength(16000);
    // A naive decimator would leave a 0.5-amplitude tone at 16 - 10 = 6 kHz (rms 0.35).
    expect(rms(output, 800, 15200)).toBeLessThan(1e-3);
    // The same path passes an in-band tone (3 kHz) untouched, so the silence above is the filter at work.
    const passed = await resample(sine(3000, 44100, 1, 0.5), 44100, 16000);
    expect(rms(passed, 800, 15200)).toBeCloseTo(0.5 / Math.SQRT2, 3);
    expect(dominantTone(passed, 16000, 2000, 8192).frequency).toBeCloseTo(3000, 0);
  });

  it('goes down to 8 kHz and up to 48 kHz keeping the tone', async () => {
    const speech = sine(440, 24000, 0.5, 0.8);
    const narrow = await resample(speech, 24000, 8000);
    expect(narrow).toHaveLength(4000);
    expect(zeroCrossingFrequency(narrow, 8000, 200, 3800)).toBeCloseTo(440, 1);
    const wide = await resample(speech, 24000, 48000);
    expect(wide).toHaveLength(24000);
    expect(zeroCrossingFrequency(wide, 48000, 1000, 23000)).toBeCloseTo(440, 1);
    expect(peak(wide, 1000, 23000)).toBeCloseTo(0.8, 3);
  });

  it('stays sample-accurate across the internal block seams of inputs longer than the library buffer', async () => {
    // 25 s at 48 kHz = 1.2 M samples: more than the 1,008,000 the WASM library converts in one exact call.
    const input = sine(1000, 48000, 25, 0.5);
    const output = await resample(input, 48000, 24000, 'fastest');
    expect(output).toHaveLength(600000);
    const ideal = sine(1000, 24000, 25, 0.5);
    let worst = 0;
    for (let i = 1000; i < output.length - 1000; i++)
      worst = Math.max(worst, Math.abs(output[i]! - ideal[i]!));
    expect(worst).toBeLessThan(1e-3);
    expect(peak(output, output.length - 1000, output.length - 100)).toBeCloseTo(0.5, 2); // the tail is there
  });

  it('returns a copy when the rates are equal, and handles empty input', async () => {
    const input = sine(440, 24000, 0.01);
    const output = await resample(input, 24000, 24000);
    expect(output).toEqual(input);
    expect(output).not.toBe(input);
    expect(await resample(new Float32Array(0), 44100, 24000)).toHaveLength(0);
    expect(resampledLength(44100, 44100, 24000)).toBe(24000);
    expect(resampledLength(10, 44100, 16000)).toBe(4);
  });

  it('rejects invalid rates', async () => {
    await expect(resample(new Float32Array(4), 0, 24000)).rejects.toThrow(/fromRate/);
    await expect(resample(new Float32Array(4), 24000, 22050.5)).rejects.toThrow(/toRate/);
    await expect(resample(new Float32Array(4), 8000, 8000 * 300)).rejects.toThrow(/ratio/);
  });
});
