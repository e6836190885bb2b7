/**
 * Per-boundary and whole-run metrics of one streamed run, the shapes that run results store.
 * Everything is computed locally around each boundary (a few tens of frames each), so a run's cost grows
 * with its boundaries, not with its length at full resolution; only overallMetrics walks the whole signal.
 */
import { clickScore } from './click.ts';
import type { ClickScoreOptions } from './click.ts';
import { energyContinuity, pitchContinuity } from './continuity.ts';
import type { EnergyContinuityOptions } from './continuity.ts';
import type { PitchOptions } from './pitch.ts';
import { OVERALL_HOP_MS, snrDb, spectralDistances } from './reference.ts';
import { spectralChange } from './spectral-change.ts';
import type { SpectralChangeOptions } from './spectral-change.ts';

export interface BoundaryMetricsOptions {
  click?: ClickScoreOptions;
  spectral?: SpectralChangeOptions;
  energy?: EnergyContinuityOptions;
  pitch?: PitchOptions;
  /** Half-width of the full-reference window around each boundary (default 100 ms). */
  localWindowMs?: number;
}

export interface BoundaryMetricRecord {
  /** Position in the boundaries array: boundary `index` joins chunk `index` to chunk `index + 1`. */
  index: number;
  sample: number;
  timeS: number;
  clickScore: number;
  /** The click score of the reference at the same sample (what the spot scores without chunking). */
  referenceClickScore: number | null;
  fluxJump: number;
  hfBurst: number;
  /** Energy after minus before, dB (negative = dip). */
  dEDb: number;
  /** Pitch after minus before, Hz; null when either side is unvoiced. */
  dF0Hz: number | null;
  /** Full-reference measures over +-localWindowMs; null without a reference or past its common length. */
  snrDbLocal: number | null;
  lsdDbLocal: number | null;
  mcdDbLocal: number | null;
}

export interface OverallMetrics {
  /** Null without a reference. Infinity when identical (JSON cannot carry it: map it before storing). */
  snrDb: number | null;
  lsdDb: number | null;
  mcdDb: number | null;
  durationS: number;
  /** audio.length - reference.length (0 without a reference); the measures cover the common prefix. */
  lengthDiffSamples: number;
}

export function boundaryMetrics(
  audio: Float32Array,
  boundaries: readonly number[],
  reference: Float32Array | undefined,
  sampleRate: number,
  options: BoundaryMetricsOptions = {},
): BoundaryMetricRecord[] {
  const half = Math.round(((options.localWindowMs ?? 100) * sampleRate) / 1000);
  const common = reference ? Math.min(reference.length, audio.length) : 0;
  return boundaries.map((boundary, index) => {
    const sample = Math.round(boundary);
    const spectral = spectralChange(audio, sample, sampleRate, options.spectral);
    const local =
      reference && sample >= 0 && sample < common ? { start: sample - half, end: sample + half } : null;
    const distances = reference && local ? spectralDistances(reference, audio, sampleRate, local) : null;
    return {
      index,
      sample,
      timeS: sample / sampleRate,
      clickScore: clickScore(audio, sample, sampleRate, options.click),
      referenceClickScore:
        reference && sample < reference.length
          ? clickScore(reference, sample, sampleRate, options.click)
          : null,
      fluxJump: spectral.fluxJump,
      hfBurst: spectral.hfBurst,
      dEDb: energyContinuity(audio, sample, sampleRate, options.energy),
      dF0Hz: pitchContinuity(audio, sample, sampleRate, options.pitch).dF0Hz,
      snrDbLocal: reference && local ? snrDb(reference, audio, local) : null,
      lsdDbLocal: distances ? distances.lsdDb : null,
      mcdDbLocal: distances ? distances.mcdDb : null,
    };
  });
}

export function overallMetrics(
  audio: Float32Array,
  reference: Float32Array | undefined,
  sampleRate: number,
): OverallMetrics {
  const durationS = audio.length / sampleRate;
  if (!reference) return { snrDb: null, lsdDb: null, mcdDb: null, durationS, lengthDiffSamples: 0 };
  const distances = spectralDistances(reference, audio, sampleRate, undefined, { hopMs: OVERALL_HOP_MS });
  return {
    snrDb: snrDb(reference, audio),
    lsdDb: distances.lsdDb,
    mcdDb: distances.mcdDb,
    durationS,
    lengthDiffSamples: audio.length - reference.length,
  };
}
