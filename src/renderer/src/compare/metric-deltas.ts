import {
  formatMetricValue,
  METRIC_DEFINITIONS,
  metricValue,
  type MetricId,
  type RunMetrics,
} from '../../../contract/index.ts';

export interface ComparedMetric {
  /** Stable row id (data-metric in the table). */
  id: string;
  metric: MetricId;
  name: string;
  unit: string;
  /** The contract's definition, shown as the row's help. */
  definition: string;
  value: (m: RunMetrics) => number | null;
  format: (v: number | null) => string;
  /** Which direction is an improvement. */
  better: 'lower' | 'higher';
}

function compared(id: string, metric: MetricId, digits: number): ComparedMetric {
  const def = METRIC_DEFINITIONS[metric];
  return {
    id,
    metric,
    name: def.label,
    unit: def.unit === 'count' ? '' : def.unit,
    definition: def.definition,
    value: (m) => metricValue(metric, m),
    format: (v) => formatMetricValue(v, digits),
    better: def.better,
  };
}

/** Clicks by their excess over the reference first (the quantity that ranks strategies), absolute after. */
export const COMPARED_METRICS: ComparedMetric[] = [
  compared('ttfa', 'engineTtfaMs', 0),
  compared('rtf', 'rtf', 2),
  compared('wall', 'wallMs', 0),
  compared('gaps', 'engineSimulatedGaps', 0),
  compared('gap-total', 'engineSimulatedGapMs', 0),
  compared('click-excess-median', 'medianExcessClickScore', 2),
  compared('click-excess-max', 'maxExcessClickScore', 2),
  compared('click-median', 'medianClickScore', 2),
  compared('click-max', 'maxClickScore', 2),
  compared('audible', 'audibleClicks', 0),
  compared('snr', 'snrDb', 1),
  compared('lsd', 'lsdDb', 2),
  compared('mcd', 'mcdDb', 2),
  compared('noise-floor', 'noiseFloorSnrDb', 1),
];

export type DeltaVerdict = 'better' | 'worse' | 'same' | 'within-spread';

/**
 * The delta of `value` against the first run's, with whether it is an improvement. With repeat data (the spread
 * of either side over its repeats), a difference smaller than either spread is marked 'within-spread': not
 * significant. Infinite values (an identical SNR) beat every finite one.
 */
export function delta(
  metric: ComparedMetric,
  base: number | null,
  value: number | null,
  spreads: { base: number | null; value: number | null } = { base: null, value: null },
): { text: string; verdict: DeltaVerdict } | null {
  if (base === null || value === null || Number.isNaN(base) || Number.isNaN(value)) return null;
  const improvedIfHigher = metric.better === 'higher';
  if (!Number.isFinite(base) || !Number.isFinite(value)) {
    if (base === value) return { text: '±0', verdict: 'same' };
    const higher = value > base;
    return { text: higher ? '+∞' : '−∞', verdict: higher === improvedIfHigher ? 'better' : 'worse' };
  }
  const d = value - base;
  if (Math.abs(d) < 1e-9) return { text: '±0', verdict: 'same' };
  const text = `${d > 0 ? '+' : '−'}${metric.format(Math.abs(d))}`;
  const spread = Math.max(spreads.base ?? 0, spreads.value ?? 0);
  if (spread > 0 && Math.abs(d) < spread) return { text, verdict: 'within-spread' };
  const improved = improvedIfHigher ? d > 0 : d < 0;
  return { text, verdict: improved ? 'better' : 'worse' };
}
