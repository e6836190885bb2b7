// Test signals and measurements shared by the audio and voice tests.
import { execFileSync } from 'node:child_process';
import FFT from 'fft.js';

export function sine(frequency: number, sampleRate: number, seconds: number, amplitude = 0.5): Float32Array {
  const out = new Float32Array(Math.round(sampleRate * seconds));
  for (let i = 0; i < out.length; i++)
    out[i] = amplitude * Math.sin((2 * Math.PI * frequency * i) / sampleRate);
  return out;
}

export function rms(samples: Float32Array, from = 0, to = samples.length): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += samples[i]! ** 2;
  return Math.sqrt(sum / Math.max(1, to - from));
}

export function peak(samples: Float32Array, from = 0, to = samples.length): number {
  let max = 0;
  for (let i = from; i < to; i++) max = Math.max(max, Math.abs(samples[i]!));
  return max;
}

/**
 * The strongest frequency in `size` samples starting at `from` (Hann window, FFT, parabolic interpolation
 * between bins, so the estimate is far finer than one bin) and its amplitude in the same units as the signal.
 */
export function dominantTone(
  samples: Float32Array,
  sampleRate: number,
  from = 0,
  size = 8192,
): { frequency: number; amplitude: number } {
  const fft = new FFT(size);
  const input = new Array<number>(size);
  let windowEnergy = 0;
  for (let i = 0; i < size; i++) {
    const w = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (size - 1));
    windowEnergy += w * w;
    input[i] = (samples[from + i] ?? 0) * w;
  }
  const out = fft.createComplexArray() as number[];
  fft.realTransform(out, input);
  const magnitude = (k: number): number => Math.hypot(out[2 * k]!, out[2 * k + 1]!);
  let best = 1;
  for (let k = 1; k < size / 2; k++) if (magnitude(k) > magnitude(best)) best = k;
  const [a, b, c] = [magnitude(best - 1), magnitude(best), magnitude(best + 1)].map((m) =>
    Math.log(m + 1e-30),
  );
  const shift = (0.5 * (a! - c!)) / (a! - 2 * b! + c!);
  // Amplitude by Parseval over the peak's main lobe (immune to where the tone falls between bins):
  // sum |x w|^2 = A^2/2 * sum w^2 = (2/N) * one-sided sum |X_k|^2.
  let lobeEnergy = 0;
  for (let k = Math.max(0, best - 4); k <= Math.min(size / 2 - 1, best + 4); k++)
    lobeEnergy += magnitude(k) ** 2;
  const amplitude = Math.sqrt((4 * lobeEnergy) / (size * windowEnergy));
  return { frequency: ((best + shift) * sampleRate) / size, amplitude };
}

/** Counts upward zero crossings: a second, FFT-free frequency estimate. */
export function zeroCrossingFrequency(
  samples: Float32Array,
  sampleRate: number,
  from: number,
  to: number,
): number {
  let first = -1;
  let last = -1;
  let count = 0;
  for (let i = from + 1; i < to; i++) {
    if (samples[i - 1]! < 0 && samples[i]! >= 0) {
      // Interpolate the crossing between samples for sub-sample precision.
      const t = i - 1 + -samples[i - 1]! / (samples[i]! - samples[i - 1]!);
      if (first < 0) first = t;
      else count++;
      last = t;
    }
  }
  return (count * sampleRate) / (last - first);
}

/** Runs sox (installed in the development and CI images; these tests need it to make FLAC and MP3 files). */
export function sox(...args: string[]): void {
  execFileSync('sox', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}
