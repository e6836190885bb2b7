/** Audio metrics of streamed TTS: boundary artefacts and full-reference quality (pure functions). */
export { AUDIBLE_CLICK_SCORE, clickScore } from './click.ts';
export type { ClickScoreOptions } from './click.ts';
export { highFrequencyBurst, spectralChange, spectralFluxJump } from './spectral-change.ts';
export type { SpectralChange, SpectralChangeOptions } from './spectral-change.ts';
export { energyContinuity, pitchContinuity } from './continuity.ts';
export type { EnergyContinuityOptions, PitchContinuity } from './continuity.ts';
export { estimatePitch, pitchSpan } from './pitch.ts';
export type { PitchOptions } from './pitch.ts';
export {
  logSpectralDistance,
  melCepstralDistortion,
  OVERALL_HOP_MS,
  snrDb,
  spectralDistances,
} from './reference.ts';
export type { SampleRange, SpectralDistanceOptions, SpectralDistances } from './reference.ts';
export { boundaryMetrics, overallMetrics } from './boundary-metrics.ts';
export type { BoundaryMetricRecord, BoundaryMetricsOptions, OverallMetrics } from './boundary-metrics.ts';
export { summarise } from './summary.ts';
export { excessClickScore, excessClickSummary, isIdenticalToReference } from './relative.ts';
export type { ExcessClickSummary } from './relative.ts';
export type { Summary } from './summary.ts';
export { compareToFloor, FLOOR_MARGINS_DB, noiseFloor } from './noise-floor.ts';
export type { FloorComparison, FloorStat, NoiseFloor, QualityMetricName } from './noise-floor.ts';
