import type { RunMetrics } from '../../../contract/index.ts';
import { fixed, ms } from '../components/format.ts';

export interface ComparedMetric {
  id: string;
  name: string;
  unit: string;
  value: (m: RunMetrics) => number | null;
  format: (v: number | null) => string;
  /** Which direction is an improvement. */
  better: 'lower' | 'higher';
}

export const COMPARED_METRICS: ComparedMetric[] = [
  { id: 'ttfa', name: 'TTFA', unit: 'ms', value: (m) => m.ttfaMs, format: ms, better: 'lower' },
  { id: 'rtf', name: 'RTF', unit: '×', value: (m) => m.rtf, format: (v) => fixed(v, 2), better: 'lower' },
  { id: 'wall', name: 'Wall time', unit: 'ms', value: (m) => m.wallMs, format: ms, better: 'lower' },
  {
    id: 'gaps',
    name: 'Playback gaps',
    unit: '',
    value: (m) => m.playback.gapCount,
    format: (v) => fixed(v, 0),
    better: 'lower',
  },
  {
    id: 'gap-total',
    name: 'Gap time',
    unit: 'ms',
    value: (m) => m.playback.totalGapMs,
    format: ms,
    better: 'lower',
  },
  {
    id: 'click-median',
    name: 'Median click score',
    unit: '',
    value: (m) => m.boundaries.medianClickScore,
    format: (v) => fixed(v, 2),
    better: 'lower',
  },
  {
    id: 'click-max',
    name: 'Max click score',
    unit: '',
    value: (m) => m.boundaries.maxClickScore,
    format: (v) => fixed(v, 2),
    better: 'lower',
  },
  {
    id: 'audible',
    name: 'Audible clicks',
    unit: '',
    value: (m) => m.boundaries.audibleClicks,
    format: (v) => fixed(v, 0),
    better: 'lower',
  },
  {
    id: 'snr',
    name: 'SNR vs offline',
    unit: 'dB',
    value: (m) => m.quality.snrDb,
    format: (v) => fixed(v, 1),
    better: 'higher',
  },
  {
    id: 'lsd',
    name: 'Log-spectral distance',
    unit: 'dB',
    value: (m) => m.quality.lsdDb,
    format: (v) => fixed(v, 2),
    better: 'lower',
  },
  {
    id: 'mcd',
    name: 'Mel-cepstral distortion',
    unit: 'dB',
    value: (m) => m.quality.mcdDb,
    format: (v) => fixed(v, 2),
    better: 'lower',
  },
  {
    id: 'noise-floor',
    name: 'Noise floor',
    unit: 'dB',
    value: (m) => m.quality.noiseFloorSnrDb,
    format: (v) => fixed(v, 1),
    better: 'higher',
  },
];

/** The delta of `value` against the first run's, with whether it is an improvement. */
export function delta(
  metric: ComparedMetric,
  base: number | null,
  value: number | null,
): { text: string; verdict: 'better' | 'worse' | 'same' } | null {
  if (base === null || value === null || !Number.isFinite(base) || !Number.isFinite(value)) return null;
  const d = value - base;
  if (Math.abs(d) < 1e-9) return { text: '±0', verdict: 'same' };
  const improved = metric.better === 'lower' ? d < 0 : d > 0;
  return {
    text: `${d > 0 ? '+' : '−'}${metric.format(Math.abs(d))}`,
    verdict: improved ? 'better' : 'worse',
  };
}
