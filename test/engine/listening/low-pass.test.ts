import { describe, expect, it } from 'vitest';
import {
  ANCHOR_CUTOFF_HZ,
  filterZeroPhase,
  kernelGain,
  lowAnchor,
  lowPassKernel,
} from '../../../src/engine/listening/low-pass.ts';

const RATE = 24_000;
const db = (gain: number) => 20 * Math.log10(gain);

function sine(frequency: number, seconds = 0.5, amplitude = 0.5): Float32Array {
  const out = new Float32Array(Math.round(seconds * RATE));
  for (let i = 0; i < out.length; i++) out[i] = amplitude * Math.sin((2 * Math.PI * frequency * i) / RATE);
  return out;
}

function rms(x: Float32Array, from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += (x[i] as number) ** 2;
  return Math.sqrt(sum / (to - from));
}

describe('the MUSHRA low anchor: 3.5 kHz windowed-sinc low-pass', () => {
  const kernel = lowPassKernel(ANCHOR_CUTOFF_HZ, RATE);

  it('passes the band below 3 kHz, halves at the cutoff and stops above 4.1 kHz', () => {
    for (const f of [0, 100, 1000, 2500, 3000])
      expect(Math.abs(db(kernelGain(kernel, f, RATE)))).toBeLessThan(0.01);
    expect(db(kernelGain(kernel, 3500, RATE))).toBeCloseTo(-6.02, 1);
    for (const f of [4100, 5000, 8000, 11_999]) expect(db(kernelGain(kernel, f, RATE))).toBeLessThan(-70);
  });

  it('is zero-phase: a passband sine comes out aligned with the input', () => {
    const input = sine(440);
    const output = lowAnchor(input, RATE);
    expect(output.length).toBe(input.length);
    let worst = 0;
    // Away from the ends, where the kernel would reach past the signal.
    for (let i = 300; i < input.length - 300; i++)
      worst = Math.max(worst, Math.abs((output[i] as number) - (input[i] as number)));
    expect(worst).toBeLessThan(1e-3 * 0.5);
  });

  it('removes a 6 kHz tone and keeps a 1 kHz tone when both are mixed', () => {
    const low = sine(1000);
    const high = sine(6000);
    const mix = low.map((v, i) => v + (high[i] as number));
    const out = filterZeroPhase(mix, kernel);
    const residual = out.map((v, i) => v - (low[i] as number));
    expect(rms(residual, 300, mix.length - 300) / rms(high, 300, mix.length - 300)).toBeLessThan(1e-3);
  });

  it('refuses kernels that could not be linear-phase or would alias', () => {
    expect(() => lowPassKernel(3500, RATE, 254)).toThrow(/odd number of taps/);
    expect(() => lowPassKernel(13_000, RATE)).toThrow(/Nyquist/);
  });
});
