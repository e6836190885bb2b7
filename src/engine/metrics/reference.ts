/**
 * Full-reference measures of streamed audio against its offline reference: sample SNR, log-spectral
 * distance and mel-cepstral distortion, over the whole signal or over a sample range (the window around a
 * boundary). When the two lengths differ only their common prefix is compared; callers report the length
 * difference separately (overallMetrics does).
 *
 * Spectral framing: 20 ms Hann windows on a 10 ms hop by default, zero-padded to a power-of-two FFT (512 at
 * 24 kHz); whole-signal measures (overallMetrics, noiseFloor) use OVERALL_HOP_MS = 20, non-overlapping,
 * which halves their cost and moves a mean over thousands of frames by under 0.01 dB.
 * Frames where both signals are digitally silent are skipped (they would count as perfect matches and dilute
 * the average); if every frame is silent the distance is 0.
 * Power floor: bins more than 80 dB below the frame pair's strongest bin (and below -100 dB absolute) are
 * raised to that floor before taking logs, in both signals. Differences there are inaudible, and without a
 * floor LSD on sparse spectra (pure harmonics, like the fixture decoder's) is dominated by empty bins.
 * MCD: 40 HTK-mel bands over 0..Nyquist, cepstral order 24, c1..c24 (c0, the level, excluded), with the
 * cepstral scaling described in mel-cepstrum.ts.
 */
import { frameMelCepstralDistortion, melCepstrum, melFilterbank } from './mel-cepstrum.ts';
import { framePowerSpectrum, frameSpec, POWER_FLOOR } from './spectrum.ts';

export interface SampleRange {
  /** First sample (inclusive). */
  start: number;
  /** End sample (exclusive). */
  end: number;
}

export interface SpectralDistanceOptions {
  frameMs?: number;
  hopMs?: number;
  melBands?: number;
  cepstralOrder?: number;
}

export interface SpectralDistances {
  /** Mean over frames of the RMS (over bins) log-power difference, dB. */
  lsdDb: number;
  /** Mean over frames of the mel-cepstral distortion, dB. */
  mcdDb: number;
  /** Frames averaged (silent-in-both frames excluded). */
  frames: number;
}

/** Hop for whole-signal spectral measures (see the header). */
export const OVERALL_HOP_MS = 20;

/** The floor sits this far below the frame pair's strongest bin (-80 dB). */
const RELATIVE_POWER_FLOOR = 1e-8;

/** Frames with a mean square below this (-100 dBFS) in both signals are silence. */
const SILENT_FRAME_ENERGY = 1e-10;

/** The range clipped to the common prefix of both signals. */
function commonRange(reference: Float32Array, test: Float32Array, range?: SampleRange): SampleRange {
  const n = Math.min(reference.length, test.length);
  const start = Math.max(0, Math.min(n, Math.round(range?.start ?? 0)));
  const end = Math.max(start, Math.min(n, Math.round(range?.end ?? n)));
  return { start, end };
}

/**
 * 10 log10(sum ref^2 / sum (ref - test)^2) over the range (default: the common prefix). Infinity when the
 * signals are identical there (including both silent); -Infinity when only the reference is silent.
 */
export function snrDb(reference: Float32Array, test: Float32Array, range?: SampleRange): number {
  const { start, end } = commonRange(reference, test, range);
  let signal = 0;
  let noise = 0;
  for (let i = start; i < end; i++) {
    const r = reference[i]!;
    const e = r - test[i]!;
    signal += r * r;
    noise += e * e;
  }
  if (noise === 0) return Infinity;
  return 10 * Math.log10(signal / noise);
}

/**
 * Classifies one frame pair before any FFT: identical samples contribute exactly 0 (a stateful stream equals
 * its reference almost everywhere, so this skips most of the work there), and silence in both is skipped.
 */
function framePairKind(
  a: Float32Array,
  b: Float32Array,
  start: number,
  length: number,
): 'identical' | 'silent' | 'compare' {
  let energyA = 0;
  let energyB = 0;
  let identical = true;
  const to = Math.min(a.length, start + length);
  for (let i = Math.max(0, start); i < to; i++) {
    const [x, y] = [a[i]!, b[i]!];
    energyA += x * x;
    energyB += y * y;
    if (x !== y) identical = false;
  }
  if (energyA / length < SILENT_FRAME_ENERGY && energyB / length < SILENT_FRAME_ENERGY) return 'silent';
  return identical ? 'identical' : 'compare';
}

/** LSD and MCD from one pass over the frames (they share the spectra). */
export function spectralDistances(
  reference: Float32Array,
  test: Float32Array,
  sampleRate: number,
  range?: SampleRange,
  options: SpectralDistanceOptions = {},
): SpectralDistances {
  const { start, end } = commonRange(reference, test, range);
  const spec = frameSpec(options.frameMs ?? 20, sampleRate);
  const hop = Math.max(1, Math.round(((options.hopMs ?? 10) * sampleRate) / 1000));
  const order = options.cepstralOrder ?? 24;
  const bank = melFilterbank(sampleRate, spec.fftSize, options.melBands ?? 40);
  const bins = spec.fftSize / 2 + 1;
  // Only the common prefix is compared: views ending there make frames past it read zeros in both.
  const n = Math.min(reference.length, test.length);
  const ref = reference.subarray(0, n);
  const tst = test.subarray(0, n);
  const refPower = new Float64Array(bins);
  const testPower = new Float64Array(bins);
  const refCepstrum = new Float64Array(order + 1);
  const testCepstrum = new Float64Array(order + 1);
  // Frames whose start lies in [start, end - frameLength]; a range shorter than a frame gets one frame.
  const lastStart = Math.max(start, end - spec.frameLength);
  let frames = 0;
  let lsdSum = 0;
  let mcdSum = 0;
  if (end <= start) return { lsdDb: 0, mcdDb: 0, frames: 0 };
  for (let s = start; s <= lastStart; s += hop) {
    const kind = framePairKind(ref, tst, s, spec.frameLength);
    if (kind === 'silent') continue;
    frames++;
    if (kind === 'identical') continue;
    framePowerSpectrum(ref, s, spec, refPower);
    framePowerSpectrum(tst, s, spec, testPower);
    let peak = 0;
    for (let k = 0; k < bins; k++) peak = Math.max(peak, refPower[k]!, testPower[k]!);
    const floor = Math.max(POWER_FLOOR, RELATIVE_POWER_FLOOR * peak);
    let squares = 0;
    for (let k = 0; k < bins; k++) {
      const diff = 10 * Math.log10(Math.max(refPower[k]!, floor) / Math.max(testPower[k]!, floor));
      squares += diff * diff;
    }
    lsdSum += Math.sqrt(squares / bins);
    melCepstrum(refPower, bank, order, refCepstrum, floor);
    melCepstrum(testPower, bank, order, testCepstrum, floor);
    mcdSum += frameMelCepstralDistortion(refCepstrum, testCepstrum, order);
  }
  return frames === 0
    ? { lsdDb: 0, mcdDb: 0, frames: 0 }
    : { lsdDb: lsdSum / frames, mcdDb: mcdSum / frames, frames };
}

/** Log-spectral distance in dB (see spectralDistances for the framing). 0 for identical signals. */
export function logSpectralDistance(
  reference: Float32Array,
  test: Float32Array,
  sampleRate: number,
  range?: SampleRange,
  options: SpectralDistanceOptions = {},
): number {
  return spectralDistances(reference, test, sampleRate, range, options).lsdDb;
}

/** Mel-cepstral distortion in dB over c1..c24 (see spectralDistances). 0 for identical signals. */
export function melCepstralDistortion(
  reference: Float32Array,
  test: Float32Array,
  sampleRate: number,
  range?: SampleRange,
  options: SpectralDistanceOptions = {},
): number {
  return spectralDistances(reference, test, sampleRate, range, options).mcdDb;
}
