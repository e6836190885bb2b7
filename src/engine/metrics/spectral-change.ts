/**
 * Spectral flux jump and high-frequency burst at a boundary, each relative to the median of its neighbours.
 *
 * Frames: 20 ms Hann windows (zero-padded to a power-of-two FFT) on a 5 ms hop, placed so that frame 0 is
 * centred on the boundary sample. With a 20 ms window the frames within 2 hops of frame 0 still see the
 * boundary, so:
 * - boundary frames are those whose window covers the boundary (|k| < 2 at the defaults, i.e. -1, 0, 1);
 * - neighbour frames are the next `neighbours` (8) on each side beyond those, so none of them sees it.
 * Flux of frame t = L2 norm of (|X_t| - |X_{t-1}|) over all bins. A click raises the flux both where it
 * enters and where it leaves the windows, so the boundary's flux is the largest over the pairs that involve
 * a boundary frame, and its neighbours are the pairs that involve none. The burst is the largest energy
 * above the cutoff (6 kHz) in a boundary frame. Both come back as a ratio to the neighbours' median.
 */
import { median } from 'simple-statistics';
import { framePowerSpectrum, frameSpec, POWER_FLOOR } from './spectrum.ts';

export interface SpectralChangeOptions {
  /** Analysis window (default 20 ms). */
  frameMs?: number;
  /** Hop between frames (default 5 ms). */
  hopMs?: number;
  /** Neighbour frames (or flux pairs) on each side (default 8). */
  neighbours?: number;
  /** Lower edge of the high-frequency band (default 6000 Hz, capped below Nyquist). */
  hfCutoffHz?: number;
}

export interface SpectralChange {
  /** Boundary flux / median neighbour flux. About 1 or below on a steady signal. */
  fluxJump: number;
  /** Boundary energy above the cutoff / median neighbour energy above it. About 1 or below when clean. */
  hfBurst: number;
}

/**
 * Neighbours changing by less than 1 % of their spectral level count as steady: a perfectly periodic signal
 * would otherwise have a median flux of ~0 and any rounding would read as a huge jump.
 */
const FLUX_RELATIVE_FLOOR = 0.01;
/**
 * High-frequency energy below -40 dB of the neighbours' total energy counts as none: voiced speech (and any
 * low-passed signal) has almost nothing above 6 kHz, and a ratio of two near-zeros means nothing.
 */
const HF_RELATIVE_FLOOR = 1e-4;

export function spectralChange(
  audio: Float32Array,
  boundarySample: number,
  sampleRate: number,
  options: SpectralChangeOptions = {},
): SpectralChange {
  const spec = frameSpec(options.frameMs ?? 20, sampleRate);
  const hop = Math.max(1, Math.round(((options.hopMs ?? 5) * sampleRate) / 1000));
  const neighbours = Math.max(1, Math.round(options.neighbours ?? 8));
  const cutoffHz = Math.min(options.hfCutoffHz ?? 6000, 0.45 * sampleRate);
  // Frames with |k| < reach overlap the boundary sample.
  const reach = Math.max(1, Math.ceil(spec.frameLength / 2 / hop));
  const outer = reach + neighbours;
  const bins = spec.fftSize / 2 + 1;
  const cutoffBin = Math.ceil((cutoffHz * spec.fftSize) / sampleRate);
  const centre = Math.round(boundarySample);

  // Magnitudes, HF energy and total energy of frames k = -outer..outer (index k + outer).
  const magnitudes: Float64Array[] = [];
  const hfEnergy: number[] = [];
  const totalEnergy: number[] = [];
  const norms: number[] = [];
  const power = new Float64Array(bins);
  for (let k = -outer; k <= outer; k++) {
    framePowerSpectrum(audio, centre + k * hop - Math.floor(spec.frameLength / 2), spec, power);
    const magnitude = new Float64Array(bins);
    let hf = 0;
    let total = 0;
    for (let i = 0; i < bins; i++) {
      magnitude[i] = Math.sqrt(power[i]!);
      total += power[i]!;
      if (i >= cutoffBin) hf += power[i]!;
    }
    magnitudes.push(magnitude);
    hfEnergy.push(hf);
    totalEnergy.push(total);
    norms.push(Math.sqrt(total));
  }
  const at = <T>(values: T[], k: number): T => values[k + outer]!;
  const flux = (t: number): number => {
    const a = at(magnitudes, t);
    const b = at(magnitudes, t - 1);
    let sum = 0;
    for (let i = 0; i < bins; i++) sum += (a[i]! - b[i]!) ** 2;
    return Math.sqrt(sum);
  };

  // Flux pair t = (t-1, t) involves a boundary frame when t in [-(reach-1), reach].
  let boundaryFlux = 0;
  for (let t = -(reach - 1); t <= reach; t++) boundaryFlux = Math.max(boundaryFlux, flux(t));
  const neighbourFlux: number[] = [];
  const neighbourNorms: number[] = [];
  const neighbourHf: number[] = [];
  const neighbourTotal: number[] = [];
  for (let j = 0; j < neighbours; j++) {
    neighbourFlux.push(flux(-reach - j), flux(reach + 1 + j));
    for (const k of [-reach - j, reach + j]) {
      neighbourNorms.push(at(norms, k));
      neighbourHf.push(at(hfEnergy, k));
      neighbourTotal.push(at(totalEnergy, k));
    }
  }
  let boundaryHf = 0;
  for (let k = -(reach - 1); k <= reach - 1; k++) boundaryHf = Math.max(boundaryHf, at(hfEnergy, k));

  const fluxScale = Math.max(median(neighbourFlux), FLUX_RELATIVE_FLOOR * median(neighbourNorms), 1e-6);
  const hfScale = Math.max(median(neighbourHf), HF_RELATIVE_FLOOR * median(neighbourTotal), POWER_FLOOR);
  return { fluxJump: boundaryFlux / fluxScale, hfBurst: boundaryHf / hfScale };
}

/** Spectral flux at the boundary relative to the median flux of its neighbour frames (see spectralChange). */
export function spectralFluxJump(
  audio: Float32Array,
  boundarySample: number,
  sampleRate: number,
  options: SpectralChangeOptions = {},
): number {
  return spectralChange(audio, boundarySample, sampleRate, options).fluxJump;
}

/** Energy above 6 kHz at the boundary relative to the median of its neighbour frames (see spectralChange). */
export function highFrequencyBurst(
  audio: Float32Array,
  boundarySample: number,
  sampleRate: number,
  options: SpectralChangeOptions = {},
): number {
  return spectralChange(audio, boundarySample, sampleRate, options).hfBurst;
}
