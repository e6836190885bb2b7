/**
 * YIN pitch estimation (de Cheveigné & Kawahara 2002) of one short stretch of audio, with the difference
 * function computed through an FFT cross-correlation so one estimate costs O(N log N), not O(window * lags).
 */
import { fftOfSize, nextPowerOfTwo } from './spectrum.ts';

export interface PitchOptions {
  /** Lowest pitch searched (default 60 Hz): sets the longest lag. */
  minHz?: number;
  /** Highest pitch searched (default 400 Hz): sets the shortest lag. */
  maxHz?: number;
  /** Integration window of the difference function (default 25 ms, 1.5 periods at 60 Hz). */
  windowMs?: number;
  /**
   * Voicing threshold on YIN's cumulative-mean-normalised difference (default 0.15): the first dip below it is
   * the period; no dip below it = unvoiced. 0.1-0.2 is YIN's usual range.
   */
  threshold?: number;
}

/** Below this RMS (about -80 dBFS) a stretch is silence, whatever its shape. */
const SILENCE_RMS = 1e-4;

interface PitchGeometry {
  window: number;
  minLag: number;
  maxLag: number;
}

function geometry(sampleRate: number, options: PitchOptions): PitchGeometry {
  const maxLag = Math.ceil(sampleRate / (options.minHz ?? 60));
  const minLag = Math.max(2, Math.floor(sampleRate / (options.maxHz ?? 400)));
  const window = Math.max(4, Math.round(((options.windowMs ?? 25) * sampleRate) / 1000));
  return { window, minLag, maxLag };
}

/** Samples one estimate reads: the window plus the longest lag (1000 at 24 kHz with the defaults). */
export function pitchSpan(sampleRate: number, options: PitchOptions = {}): number {
  const g = geometry(sampleRate, options);
  return g.window + g.maxLag + 1;
}

/**
 * Pitch in Hz of `audio[start, start + pitchSpan)`, or null when that stretch is unvoiced, silent, or does
 * not lie wholly inside the signal.
 */
export function estimatePitch(
  audio: Float32Array,
  start: number,
  sampleRate: number,
  options: PitchOptions = {},
): number | null {
  const { window, minLag, maxLag } = geometry(sampleRate, options);
  const span = window + maxLag + 1;
  if (start < 0 || start + span > audio.length) return null;

  // r(tau) = sum_{j<window} x[j] x[j+tau], for tau = 0..maxLag, as IFFT(conj(A) B): A is the first window
  // zero-padded, B the whole span; size >= span means no circular wrap reaches these lags.
  const size = nextPowerOfTwo(span);
  const fft = fftOfSize(size);
  const a = new Float64Array(size);
  const b = new Float64Array(size);
  for (let j = 0; j < span; j++) b[j] = audio[start + j]!;
  a.set(b.subarray(0, window));
  const fa = new Float64Array(2 * size);
  const fb = new Float64Array(2 * size);
  fft.realTransform(fa, a);
  fft.completeSpectrum(fa);
  fft.realTransform(fb, b);
  fft.completeSpectrum(fb);
  const product = new Float64Array(2 * size);
  for (let k = 0; k < size; k++) {
    const [ar, ai, br, bi] = [fa[2 * k]!, fa[2 * k + 1]!, fb[2 * k]!, fb[2 * k + 1]!];
    product[2 * k] = ar * br + ai * bi;
    product[2 * k + 1] = ar * bi - ai * br;
  }
  const correlation = new Float64Array(2 * size);
  fft.inverseTransform(correlation, product);

  // Energies of the window starting at each lag, from prefix sums of squares.
  const prefix = new Float64Array(span + 1);
  for (let j = 0; j < span; j++) prefix[j + 1] = prefix[j]! + b[j]! * b[j]!;
  const energy0 = prefix[window]!;
  if (Math.sqrt(energy0 / window) < SILENCE_RMS) return null;

  // d(tau) = E(0) + E(tau) - 2 r(tau); then YIN's cumulative mean normalisation d'(tau).
  const normalised = new Float64Array(maxLag + 1);
  normalised[0] = 1;
  let running = 0;
  for (let tau = 1; tau <= maxLag; tau++) {
    const d = Math.max(0, energy0 + prefix[tau + window]! - prefix[tau]! - 2 * correlation[2 * tau]!);
    running += d;
    normalised[tau] = running > 0 ? (d * tau) / running : 1;
  }

  const threshold = options.threshold ?? 0.15;
  let tau = -1;
  for (let t = minLag; t <= maxLag; t++) {
    if (normalised[t]! < threshold) {
      tau = t;
      // Slide down to the bottom of this dip.
      while (tau + 1 <= maxLag && normalised[tau + 1]! < normalised[tau]!) tau++;
      break;
    }
  }
  if (tau < 0) return null;
  // Parabolic interpolation between lags for a sub-sample period.
  let period = tau;
  if (tau > 1 && tau < maxLag) {
    const [l, c, r] = [normalised[tau - 1]!, normalised[tau]!, normalised[tau + 1]!];
    const denominator = l - 2 * c + r;
    if (denominator > 0) period = tau + (0.5 * (l - r)) / denominator;
  }
  return sampleRate / period;
}
