/**
 * What each per-boundary measure in the Run view's boundary table means, beside the run metrics it sums up
 * (metric-definitions.ts). The click measures reuse the run metrics' own wording, so a table header and a metric
 * card never explain the same number two ways. Windows and formulas follow src/engine/metrics (click.ts,
 * continuity.ts, spectral-change.ts, boundary-metrics.ts).
 */
import type { BoundaryRecord } from './run-result.ts';
import { METRIC_DEFINITIONS } from './metric-definitions.ts';

export interface BoundaryColumnDefinition {
  /** The BoundaryRecord field shown. */
  field: keyof BoundaryRecord;
  /** The table header. */
  label: string;
  unit: string;
  /** What it measures and how to read it (header tooltip and the legend under the table). */
  definition: string;
}

const absoluteClick = METRIC_DEFINITIONS.medianClickScore.definition.split('; above 5 is audible')[0]!;

export const BOUNDARY_COLUMN_DEFINITIONS: readonly BoundaryColumnDefinition[] = [
  {
    field: 'clickScore',
    label: 'click',
    unit: '',
    definition: `${absoluteClick}; above 5 is audible. Speech itself scores high at plosives: compare with ref click.`,
  },
  {
    field: 'referenceClickScore',
    label: 'ref click',
    unit: '',
    definition:
      'The same click score measured on the offline reference (the whole text decoded at once) at the same ' +
      'sample: what this spot scores without chunking. Empty without a reference.',
  },
  {
    field: 'excessClickScore',
    label: 'excess',
    unit: '',
    definition:
      'Click minus ref click: the click the chunking added here (negative: smoother than the reference). The ' +
      `run's "${METRIC_DEFINITIONS.medianExcessClickScore.label}" is their median, each floored at 0: the click ` +
      'measure that ranks strategies.',
  },
  {
    field: 'dEDb',
    label: 'dE',
    unit: 'dB',
    definition:
      'Energy continuity: 10·log10 of the mean square of the 30 ms after the boundary ÷ the 30 ms before it. ' +
      'Negative is a dip or fade-in at the join; published streaming systems report about 1.7–3.4 dB.',
  },
  {
    field: 'dF0Hz',
    label: 'dF0',
    unit: 'Hz',
    definition:
      'Pitch after minus pitch before the boundary; empty where either side is unvoiced. Published streaming ' +
      'systems report about 23–47 Hz.',
  },
  {
    field: 'fluxJump',
    label: 'flux jump',
    unit: '×',
    definition:
      'Spectral flux (change of the 20 ms magnitude spectrum, 5 ms hop) across the boundary ÷ the median flux of ' +
      'the 8 frames on each side: about 1 or below on a steady signal; well above 1 is a spectral discontinuity.',
  },
  {
    field: 'snrDbLocal',
    label: 'local SNR',
    unit: 'dB',
    definition:
      'SNR of the stream against the offline reference over ±100 ms around the boundary: 10·log10(Σref² ÷ ' +
      'Σ(ref − stream)²). Higher is closer to the reference; empty without a reference.',
  },
];
