/** A sweep's rows folded into per-point statistics for the plots (spread across repeats). */
import { METRIC_DEFINITIONS } from '../../../contract/metric-definitions.ts';
import type { SweepRow, SweepRowMetrics } from '../../../contract/methods/sweeps.ts';

export type MetricKey = keyof SweepRowMetrics;

/** The metrics worth plotting, labelled and explained by the contract's definitions; clicks by excess first. */
export const PLOT_METRICS: {
  key: MetricKey;
  label: string;
  unit: string;
  better: 'lower' | 'higher';
  definition: string;
}[] = (
  [
    ['medianExcessClickScore', 'medianExcessClickScore'],
    ['maxExcessClickScore', 'maxExcessClickScore'],
    ['medianClickScore', 'medianClickScore'],
    ['maxClickScore', 'maxClickScore'],
    ['audibleClicks', 'audibleClicks'],
    ['ttfaMs', 'engineTtfaMs'],
    ['rtf', 'rtf'],
    ['wallMs', 'wallMs'],
    ['gapCount', 'engineSimulatedGaps'],
    ['totalGapMs', 'engineSimulatedGapMs'],
    ['snrDb', 'snrDb'],
    ['lsdDb', 'lsdDb'],
    ['mcdDb', 'mcdDb'],
  ] as const
)
  .map(([key, id]) => {
    const def = METRIC_DEFINITIONS[id];
    return {
      key: key as MetricKey,
      label: def.label,
      unit: def.unit,
      better: def.better,
      definition: def.definition,
    };
  })
  .concat([
    { key: 'chunks', label: 'Chunks', unit: 'count', better: 'lower', definition: 'Chunks emitted.' },
  ]);

export interface PointStat {
  pointIndex: number;
  values: SweepRow['point'];
  n: number;
  mean: number | null;
  std: number | null;
  min: number | null;
  max: number | null;
  /** Each finished repeat's value and run, for the dots and for click-through. */
  repeats: { runId: string; repeatIndex: number; value: number }[];
  /** The run a click on the mean opens (the first finished repeat). */
  runId: string | null;
}

export function pointStats(rows: readonly SweepRow[], metric: MetricKey): PointStat[] {
  const byPoint = new Map<number, PointStat>();
  for (const row of rows) {
    const stat = byPoint.get(row.pointIndex) ?? {
      pointIndex: row.pointIndex,
      values: row.point,
      n: 0,
      mean: null,
      std: null,
      min: null,
      max: null,
      repeats: [],
      runId: null,
    };
    const value = row.metrics?.[metric];
    if (row.status === 'finished' && row.runId && typeof value === 'number' && Number.isFinite(value))
      stat.repeats.push({ runId: row.runId, repeatIndex: row.repeatIndex, value });
    byPoint.set(row.pointIndex, stat);
  }
  for (const stat of byPoint.values()) {
    const values = stat.repeats.map((r) => r.value);
    stat.n = values.length;
    stat.runId = stat.repeats[0]?.runId ?? null;
    if (!values.length) continue;
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    stat.mean = mean;
    stat.std =
      values.length > 1
        ? Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1))
        : 0;
    stat.min = Math.min(...values);
    stat.max = Math.max(...values);
  }
  return [...byPoint.values()].sort((a, b) => a.pointIndex - b.pointIndex);
}

/** Short knob name for labels: `boundary.overlapTokens` -> `overlapTokens`. */
export const shortPath = (path: string): string => path.split('.').at(-1) as string;

export const formatValue = (value: unknown): string =>
  typeof value === 'number' ? String(Number(value.toPrecision(6))) : String(value);
