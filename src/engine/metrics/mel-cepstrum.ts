/**
 * Mel filterbank and mel-cepstrum, for mel-cepstral distortion.
 *
 * The cepstrum is the DCT-II of the natural-log mel AMPLITUDE spectrum, scaled by 1/bands so that
 * ln|H_j| = c0 + 2 * sum_m c_m cos(pi m (j + 1/2) / bands): the convention of SPTK-style mel-cepstra, under
 * which the standard MCD formula 10/ln10 * sqrt(2 * sum (c_m - c'_m)^2) gives the usual dB values.
 */
import { binFrequency, POWER_FLOOR } from './spectrum.ts';

export interface MelFilterbank {
  bands: number;
  /** For each band: its first FFT bin and the triangle's weights from there. */
  filters: { firstBin: number; weights: Float64Array }[];
}

const hzToMel = (hz: number): number => 2595 * Math.log10(1 + hz / 700);
const melToHz = (mel: number): number => 700 * (10 ** (mel / 2595) - 1);

const bankCache = new Map<string, MelFilterbank>();
const dctCache = new Map<string, Float64Array>();

/** Triangular HTK-mel filters spanning 0 Hz to Nyquist over the bins 0..fftSize/2. */
export function melFilterbank(sampleRate: number, fftSize: number, bands: number): MelFilterbank {
  const key = `${sampleRate}/${fftSize}/${bands}`;
  const cached = bankCache.get(key);
  if (cached) return cached;
  const maxMel = hzToMel(sampleRate / 2);
  const edges = Array.from({ length: bands + 2 }, (_, i) => melToHz((maxMel * i) / (bands + 1)));
  const filters: MelFilterbank['filters'] = [];
  for (let b = 0; b < bands; b++) {
    const [lo, mid, hi] = [edges[b]!, edges[b + 1]!, edges[b + 2]!];
    const firstBin = Math.max(0, Math.ceil((lo * fftSize) / sampleRate));
    const lastBin = Math.min(fftSize / 2, Math.floor((hi * fftSize) / sampleRate));
    const weights = new Float64Array(Math.max(0, lastBin - firstBin + 1));
    for (let k = firstBin; k <= lastBin; k++) {
      const f = binFrequency(k, fftSize, sampleRate);
      weights[k - firstBin] = f <= mid ? (f - lo) / (mid - lo) : (hi - f) / (hi - mid);
    }
    filters.push({ firstBin, weights });
  }
  const bank = { bands, filters };
  bankCache.set(key, bank);
  return bank;
}

function dctTable(bands: number, order: number): Float64Array {
  const key = `${bands}/${order}`;
  let table = dctCache.get(key);
  if (!table) {
    table = new Float64Array((order + 1) * bands);
    for (let m = 0; m <= order; m++) {
      for (let j = 0; j < bands; j++)
        table[m * bands + j] = Math.cos((Math.PI * m * (j + 0.5)) / bands) / bands;
    }
    dctCache.set(key, table);
  }
  return table;
}

/** Mel-cepstrum c_0..c_order of one power spectrum (bins 0..fftSize/2); band energies are floored at powerFloor. */
export function melCepstrum(
  power: Float64Array,
  bank: MelFilterbank,
  order: number,
  out: Float64Array = new Float64Array(order + 1),
  powerFloor = POWER_FLOOR,
): Float64Array {
  const { bands, filters } = bank;
  const logAmplitude = new Float64Array(bands);
  for (let b = 0; b < bands; b++) {
    const { firstBin, weights } = filters[b]!;
    let energy = 0;
    for (let i = 0; i < weights.length; i++) energy += weights[i]! * power[firstBin + i]!;
    // Half the log of power is the log of amplitude.
    logAmplitude[b] = 0.5 * Math.log(Math.max(energy, powerFloor));
  }
  const table = dctTable(bands, order);
  for (let m = 0; m <= order; m++) {
    let c = 0;
    for (let j = 0; j < bands; j++) c += table[m * bands + j]! * logAmplitude[j]!;
    out[m] = c;
  }
  return out;
}

/** Frame MCD in dB over c_1..c_order (c_0, the overall level, is excluded by convention). */
export function frameMelCepstralDistortion(a: Float64Array, b: Float64Array, order: number): number {
  let sum = 0;
  for (let m = 1; m <= order; m++) sum += (a[m]! - b[m]!) ** 2;
  return (10 / Math.LN10) * Math.sqrt(2 * sum);
}
