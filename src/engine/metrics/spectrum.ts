/**
 * Short-time spectra for the audio metrics: Hann-windowed frames through fft.js, read straight from the
 * signal (no full-length STFT is ever built, so per-boundary metrics cost only the frames they look at).
 *
 * Spectra are amplitude-normalised (the FFT is divided by the window's sum), so a sine of amplitude A reads
 * about A/2 at its peak bin whatever the frame length, and power floors below mean the same at any size.
 */
import FFT from 'fft.js';

/** Power below this (about -100 dB re a full-scale bin) is treated as silence, so logs of zero never occur. */
export const POWER_FLOOR = 1e-10;

const fftCache = new Map<number, FFT>();
const windowCache = new Map<number, { window: Float64Array; sum: number }>();
const scratchCache = new Map<number, { input: Float64Array; output: Float64Array }>();

/** Smallest power of two at least `n` (fft.js needs powers of two, and at least 4). */
export function nextPowerOfTwo(n: number): number {
  let size = 4;
  while (size < n) size *= 2;
  return size;
}

export function fftOfSize(size: number): FFT {
  let fft = fftCache.get(size);
  if (!fft) {
    fft = new FFT(size);
    fftCache.set(size, fft);
  }
  return fft;
}

/** Periodic Hann window (the STFT-friendly variant: overlapping copies at hop length/2 sum to a constant). */
export function hannWindow(length: number): { window: Float64Array; sum: number } {
  let cached = windowCache.get(length);
  if (!cached) {
    const window = new Float64Array(length);
    let sum = 0;
    for (let i = 0; i < length; i++) {
      window[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / length);
      sum += window[i]!;
    }
    cached = { window, sum };
    windowCache.set(length, cached);
  }
  return cached;
}

function scratch(size: number): { input: Float64Array; output: Float64Array } {
  let s = scratchCache.get(size);
  if (!s) {
    s = { input: new Float64Array(size), output: new Float64Array(2 * size) };
    scratchCache.set(size, s);
  }
  return s;
}

export interface FrameSpec {
  /** Samples in the analysis window. */
  frameLength: number;
  /** FFT size (a power of two, at least frameLength); the frame is zero-padded up to it. */
  fftSize: number;
}

/** A frame spec for a window of `frameMs` at `sampleRate`, FFT size rounded up to a power of two. */
export function frameSpec(frameMs: number, sampleRate: number): FrameSpec {
  const frameLength = Math.max(4, Math.round((frameMs * sampleRate) / 1000));
  return { frameLength, fftSize: nextPowerOfTwo(frameLength) };
}

/**
 * Power spectrum (bins 0..fftSize/2) of the Hann-windowed frame `audio[start, start + frameLength)`.
 * Samples outside the signal read as zero, so frames may hang over either end.
 */
export function framePowerSpectrum(
  audio: Float32Array,
  start: number,
  spec: FrameSpec,
  out: Float64Array = new Float64Array(spec.fftSize / 2 + 1),
): Float64Array {
  const { frameLength, fftSize } = spec;
  const { window, sum } = hannWindow(frameLength);
  const { input, output } = scratch(fftSize);
  const from = Math.max(0, -start);
  const to = Math.min(frameLength, audio.length - start);
  input.fill(0);
  for (let i = from; i < to; i++) input[i] = audio[start + i]! * window[i]!;
  fftOfSize(fftSize).realTransform(output, input);
  const scale = 1 / (sum * sum);
  for (let k = 0; k <= fftSize / 2; k++) {
    const re = output[2 * k]!;
    const im = output[2 * k + 1]!;
    out[k] = (re * re + im * im) * scale;
  }
  return out;
}

/** Frequency (Hz) of bin `k` of an FFT of `fftSize` at `sampleRate`. */
export function binFrequency(k: number, fftSize: number, sampleRate: number): number {
  return (k * sampleRate) / fftSize;
}
