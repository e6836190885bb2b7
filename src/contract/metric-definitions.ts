/**
 * The one vocabulary of run metrics (issue 13, item 5): every metric's name, unit, definition and better direction,
 * defined once here and used with the same labels by the UI (names and help text), the CLI, the store (`column`)
 * and exports. Two latencies and two kinds of gaps are easy to confuse, so each says where it is measured:
 *
 * - engine TTFA: request to the first sample the engine produced (stored with every run);
 * - delivered TTFA: request to the first sample at the listener, i.e. engine TTFA + transport + jitter buffer
 *   (measured by the live player and by `seamlab stream`, never stored: it depends on the listener's connection);
 * - engine-simulated gaps: where a real-time player fed at the engine's chunk-ready times would stall (stored);
 * - heard gaps: where the live player at this listener did stall (shown live only).
 *
 * Compare strategies by the engine-side numbers; report delivered TTFA and heard gaps for one deployment.
 */
import type { RunMetrics } from './run-result.ts';

export type BetterDirection = 'lower' | 'higher';

export interface MetricDefinition {
  /** The metric's one name: test ids, CLI JSON keys of derived reports, sweep plot keys. */
  id: string;
  /** What every screen and the CLI's text output call it. */
  label: string;
  /** Display unit ('' for a plain number or count). */
  unit: string;
  better: BetterDirection;
  /** One or two sentences: what is measured, where, and how to read it (UI tooltips and help). */
  definition: string;
  /** The run store's column (runs list filter and sort, CSV export); null when the store does not keep it. */
  column: string | null;
  /**
   * The value in a stored run's metrics; null when absent. An identical SNR reads as +Infinity so it ranks best
   * (JSON carries it as null plus `quality.identical`). Null for metrics measured at the listener only.
   */
  read: ((m: RunMetrics) => number | null) | null;
}

function define(d: MetricDefinition): MetricDefinition {
  return d;
}

export const METRIC_DEFINITIONS = {
  engineTtfaMs: define({
    id: 'engineTtfaMs',
    label: 'Engine TTFA',
    unit: 'ms',
    better: 'lower',
    definition:
      'Request to the first audio sample the engine produced (first chunk decoded and emitted). No transport, no ' +
      'jitter buffer: the latency to compare strategies by.',
    column: 'ttfa_ms',
    read: (m) => m.ttfaMs,
  }),
  deliveredTtfaMs: define({
    id: 'deliveredTtfaMs',
    label: 'Delivered TTFA',
    unit: 'ms',
    better: 'lower',
    definition:
      'Request to the first audio sample playing at the listener: engine TTFA + transport + jitter buffer. ' +
      'Measured by the live player and by `seamlab stream`; not stored, since it depends on the connection.',
    column: null,
    read: null,
  }),
  simulatedPlaybackStartMs: define({
    id: 'simulatedPlaybackStartMs',
    label: 'Simulated playback start',
    unit: 'ms',
    better: 'lower',
    definition:
      "Engine TTFA plus the jitter buffer (or the end, when gathering first): the engine's estimate of delivered " +
      'TTFA without transport.',
    column: 'playback_start_ms',
    read: (m) => m.playback.startMs,
  }),
  engineSimulatedGaps: define({
    id: 'engineSimulatedGaps',
    label: 'Engine-simulated gaps',
    unit: 'count',
    better: 'lower',
    definition:
      "Stalls a real-time player fed at the engine's chunk-ready times would have (jitter buffer included, no " +
      'transport). Stored with the run: the gap count to compare strategies by.',
    column: 'gap_count',
    read: (m) => m.playback.gapCount,
  }),
  engineSimulatedGapMs: define({
    id: 'engineSimulatedGapMs',
    label: 'Engine-simulated gap time',
    unit: 'ms',
    better: 'lower',
    definition: 'Total silence those engine-simulated gaps insert.',
    column: 'total_gap_ms',
    read: (m) => m.playback.totalGapMs,
  }),
  longestEngineSimulatedGapMs: define({
    id: 'longestEngineSimulatedGapMs',
    label: 'Longest engine-simulated gap',
    unit: 'ms',
    better: 'lower',
    definition: 'The single longest engine-simulated wait for audio.',
    column: 'longest_gap_ms',
    read: (m) => m.playback.longestGapMs,
  }),
  heardGaps: define({
    id: 'heardGaps',
    label: 'Heard gaps',
    unit: 'count',
    better: 'lower',
    definition:
      "Stalls the live player at this listener actually had (transport and the audio device's clock included). " +
      'Shown live only: it depends on this connection and machine.',
    column: null,
    read: null,
  }),
  heardGapMs: define({
    id: 'heardGapMs',
    label: 'Heard gap time',
    unit: 'ms',
    better: 'lower',
    definition: 'Total silence of the heard gaps.',
    column: null,
    read: null,
  }),
  rtf: define({
    id: 'rtf',
    label: 'RTF',
    unit: '×',
    better: 'lower',
    definition: 'Compute wall time ÷ audio duration; below 1 is faster than real time.',
    column: 'rtf',
    read: (m) => m.rtf,
  }),
  wallMs: define({
    id: 'wallMs',
    label: 'Wall time',
    unit: 'ms',
    better: 'lower',
    definition: 'Request to the last chunk emitted.',
    column: 'wall_ms',
    read: (m) => m.wallMs,
  }),
  audioMs: define({
    id: 'audioMs',
    label: 'Audio',
    unit: 'ms',
    better: 'higher',
    definition: 'Length of the streamed audio.',
    column: 'audio_ms',
    read: (m) => m.audioMs,
  }),
  medianExcessClickScore: define({
    id: 'medianExcessClickScore',
    label: 'Median excess click score',
    unit: '',
    better: 'lower',
    definition:
      "Per boundary, its click score minus the offline reference's click score at the same sample (below 0 counts " +
      'as 0): the click chunking added there. Median over boundaries; the click measure that ranks strategies.',
    column: 'median_excess_click_score',
    read: (m) => m.boundaries.medianExcessClickScore ?? null,
  }),
  maxExcessClickScore: define({
    id: 'maxExcessClickScore',
    label: 'Max excess click score',
    unit: '',
    better: 'lower',
    definition:
      "The worst boundary by excess click score (click score minus the reference's at the same sample, at least 0).",
    column: 'max_excess_click_score',
    read: (m) => m.boundaries.maxExcessClickScore ?? null,
  }),
  medianClickScore: define({
    id: 'medianClickScore',
    label: 'Median click score (absolute)',
    unit: '',
    better: 'lower',
    definition:
      'Largest sample jump within ±5 ms of a boundary ÷ the local std of the first difference; above 5 is audible. ' +
      'Absolute: speech itself scores high at plosives, so rank strategies by the excess score.',
    column: 'median_click_score',
    read: (m) => m.boundaries.medianClickScore,
  }),
  maxClickScore: define({
    id: 'maxClickScore',
    label: 'Max click score (absolute)',
    unit: '',
    better: 'lower',
    definition: 'The worst boundary by absolute click score.',
    column: 'max_click_score',
    read: (m) => m.boundaries.maxClickScore,
  }),
  audibleClicks: define({
    id: 'audibleClicks',
    label: 'Audible clicks',
    unit: 'count',
    better: 'lower',
    definition: 'Boundaries with an absolute click score above 5.',
    column: 'audible_clicks',
    read: (m) => m.boundaries.audibleClicks,
  }),
  snrDb: define({
    id: 'snrDb',
    label: 'SNR vs reference',
    unit: 'dB',
    better: 'higher',
    definition:
      'Streamed audio against the offline decode of the same tokens; higher is closer. ∞ ("identical") when the ' +
      'stream equals the reference sample for sample, which ranks best.',
    column: 'snr_db',
    read: (m) => (m.quality.identical ? Infinity : m.quality.snrDb),
  }),
  lsdDb: define({
    id: 'lsdDb',
    label: 'Log-spectral distance',
    unit: 'dB',
    better: 'lower',
    definition: 'Spectral difference to the offline decode; 0 = identical.',
    column: 'lsd_db',
    read: (m) => m.quality.lsdDb,
  }),
  mcdDb: define({
    id: 'mcdDb',
    label: 'Mel-cepstral distortion',
    unit: 'dB',
    better: 'lower',
    definition: 'Timbre difference to the offline decode; 0 = identical.',
    column: 'mcd_db',
    read: (m) => m.quality.mcdDb,
  }),
  noiseFloorSnrDb: define({
    id: 'noiseFloorSnrDb',
    label: 'Noise floor (repeat decodes)',
    unit: 'dB',
    better: 'higher',
    definition:
      'SNR between repeated offline decodes where the decoder has internal noise; a difference below it is noise.',
    column: 'noise_floor_snr_db',
    read: (m) => m.quality.noiseFloorSnrDb,
  }),
  tokenWorkerBusy: define({
    id: 'tokenWorkerBusy',
    label: 'Token worker busy',
    unit: '',
    better: 'higher',
    definition: 'Share of wall time spent generating speech tokens.',
    column: 'token_worker_utilisation',
    read: (m) => m.utilisation.tokenWorker,
  }),
  decodeWorkerBusy: define({
    id: 'decodeWorkerBusy',
    label: 'Decode worker busy',
    unit: '',
    better: 'higher',
    definition: 'Share of wall time spent decoding audio.',
    column: 'decode_worker_utilisation',
    read: (m) => m.utilisation.decodeWorker,
  }),
  idealWallMs: define({
    id: 'idealWallMs',
    label: 'Ideal parallel wall',
    unit: 'ms',
    better: 'lower',
    definition: 'max(Σ token time, Σ decode time): the best a parallel pipeline could do.',
    column: 'ideal_wall_ms',
    read: (m) => m.utilisation.idealWallMs,
  }),
} as const satisfies Record<string, MetricDefinition>;

export type MetricId = keyof typeof METRIC_DEFINITIONS;

/** The definition's value for one run (Infinity for an identical SNR). */
export function metricValue(id: MetricId, metrics: RunMetrics): number | null {
  const value = METRIC_DEFINITIONS[id].read?.(metrics) ?? null;
  return value === null || Number.isNaN(value) ? null : value;
}

/**
 * 1-based ranks of runs by one metric, best first in the metric's better direction; ties share a rank, runs
 * without a value get null. Used by Compare and by the tests that check a strategy ranks where it should.
 */
export function rankByMetric(id: MetricId, runs: readonly RunMetrics[]): (number | null)[] {
  const sign = METRIC_DEFINITIONS[id].better === 'lower' ? 1 : -1;
  const values = runs.map((m) => metricValue(id, m));
  return values.map((v) => {
    if (v === null) return null;
    return 1 + values.filter((other) => other !== null && sign * other < sign * v).length;
  });
}

/** A metric value for display: "∞ (identical)" for an infinite SNR, "-" when absent. */
export function formatMetricValue(value: number | null, digits: number): string {
  if (value === null) return '-';
  if (value === Infinity) return '∞ (identical)';
  return value.toFixed(digits);
}
