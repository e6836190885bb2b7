/**
 * Energy and pitch continuity across a boundary: how much louder (dB) and higher (Hz) the audio just after
 * it is than the audio just before it. Published streaming systems report about 1.7-3.4 dB and 23-47 Hz.
 * Both are signed (after minus before): a per-call fade-in shows as a large negative dE.
 */
import { estimatePitch, pitchSpan } from './pitch.ts';
import type { PitchOptions } from './pitch.ts';

export interface EnergyContinuityOptions {
  /** Length of each side's window (default 30 ms). */
  windowMs?: number;
}

/** Mean-square floor (-100 dBFS), so silence on either side gives a large finite dE, never +-Infinity. */
const ENERGY_FLOOR = 1e-10;

/**
 * 10 log10(E_after / E_before) with E the mean square of `windowMs` just after [b, b+w) and just before
 * [b-w, b) the boundary. Windows are cut at the ends of the signal; an empty side counts as silence.
 */
export function energyContinuity(
  audio: Float32Array,
  boundarySample: number,
  sampleRate: number,
  options: EnergyContinuityOptions = {},
): number {
  const w = Math.max(1, Math.round(((options.windowMs ?? 30) * sampleRate) / 1000));
  const b = Math.round(boundarySample);
  const meanSquare = (from: number, to: number): number => {
    const lo = Math.max(0, from);
    const hi = Math.min(audio.length, to);
    let sum = 0;
    for (let i = lo; i < hi; i++) sum += audio[i]! * audio[i]!;
    return hi > lo ? sum / (hi - lo) : 0;
  };
  const before = meanSquare(b - w, b);
  const after = meanSquare(b, b + w);
  return 10 * Math.log10((after + ENERGY_FLOOR) / (before + ENERGY_FLOOR));
}

export interface PitchContinuity {
  /** Pitch of the stretch ending at the boundary, null when unvoiced. */
  beforeHz: number | null;
  /** Pitch of the stretch starting at the boundary, null when unvoiced. */
  afterHz: number | null;
  /** afterHz - beforeHz, null when either side is unvoiced. */
  dF0Hz: number | null;
}

/**
 * YIN pitch of the stretch that ends at the boundary and of the one that starts there (each window + the
 * longest lag: 1000 samples = 42 ms at 24 kHz with the defaults, 60-400 Hz).
 */
export function pitchContinuity(
  audio: Float32Array,
  boundarySample: number,
  sampleRate: number,
  options: PitchOptions = {},
): PitchContinuity {
  const b = Math.round(boundarySample);
  const span = pitchSpan(sampleRate, options);
  const beforeHz = estimatePitch(audio, b - span, sampleRate, options);
  const afterHz = estimatePitch(audio, b, sampleRate, options);
  return { beforeHz, afterHz, dF0Hz: beforeHz !== null && afterHz !== null ? afterHz - beforeHz : null };
}
