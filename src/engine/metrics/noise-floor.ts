/**
 * Noise floor for decoders with internal random noise: the same speech tokens decoded offline N >= 2 times
 * differ from each other, so a streamed-vs-offline difference no larger than the repeats' differences is
 * not a finding (experiments.md). The floor is the spread between repeats, pairwise.
 */
import { median } from 'simple-statistics';
import { OVERALL_HOP_MS, snrDb, spectralDistances } from './reference.ts';

export interface FloorStat {
  median: number;
  /** The least similar pair: the lowest SNR, the highest LSD / MCD. */
  worst: number;
}

export interface NoiseFloor {
  /** Pairs compared: n (n - 1) / 2 for n repeats. */
  pairs: number;
  snrDb: FloorStat;
  lsdDb: FloorStat;
  mcdDb: FloorStat;
}

export type QualityMetricName = 'snrDb' | 'lsdDb' | 'mcdDb';

export interface FloorComparison {
  metric: QualityMetricName;
  value: number;
  /** The worst repeat-vs-repeat value of the same metric. */
  floor: number;
  /** The value the metric must pass (floor with its margin) to count as a finding. */
  threshold: number;
  /** False when the difference is within the noise floor: then it is not a finding. */
  significant: boolean;
  note: string;
}

/**
 * Margins that a value must clear beyond the worst repeat, in dB. The worst of a handful of repeats
 * under-estimates the true spread, and a chunking effect worth reporting is larger than that.
 */
export const FLOOR_MARGINS_DB: Record<QualityMetricName, number> = { snrDb: 1, lsdDb: 0.2, mcdDb: 0.2 };

/**
 * Pairwise SNR / LSD / MCD between the repeated offline decodes (the first of each pair as the reference),
 * summarised by median and worst. Repeats of different lengths are compared over their common prefix.
 */
export function noiseFloor(references: readonly Float32Array[], sampleRate: number): NoiseFloor {
  if (references.length < 2)
    throw new RangeError(`noiseFloor needs at least 2 repeats, got ${references.length}`);
  const snr: number[] = [];
  const lsd: number[] = [];
  const mcd: number[] = [];
  for (let i = 0; i < references.length; i++) {
    for (let j = i + 1; j < references.length; j++) {
      const [a, b] = [references[i]!, references[j]!];
      snr.push(snrDb(a, b));
      // Same framing as overallMetrics, so run values and the floor are comparable.
      const distances = spectralDistances(a, b, sampleRate, undefined, { hopMs: OVERALL_HOP_MS });
      lsd.push(distances.lsdDb);
      mcd.push(distances.mcdDb);
    }
  }
  return {
    pairs: snr.length,
    snrDb: { median: median(snr), worst: Math.min(...snr) },
    lsdDb: { median: median(lsd), worst: Math.max(...lsd) },
    mcdDb: { median: median(mcd), worst: Math.max(...mcd) },
  };
}

const format = (x: number): string => (Number.isFinite(x) ? x.toFixed(2) : String(x));

/**
 * Whether a streamed-vs-offline value is beyond the noise floor. The rule: SNR is significant only when
 * below (worst repeat SNR - 1 dB); LSD and MCD only when above (worst repeat value + 0.2 dB). A deterministic
 * decoder has a perfect floor (SNR Infinity, LSD/MCD 0), so then any SNR difference at all is a finding.
 */
export function compareToFloor(
  metric: { name: QualityMetricName; value: number },
  floor: NoiseFloor,
  margins: Partial<Record<QualityMetricName, number>> = {},
): FloorComparison {
  const margin = margins[metric.name] ?? FLOOR_MARGINS_DB[metric.name];
  const worst = floor[metric.name].worst;
  const higherIsBetter = metric.name === 'snrDb';
  const threshold = higherIsBetter ? worst - margin : worst + margin;
  const significant = higherIsBetter ? metric.value < threshold : metric.value > threshold;
  const label = { snrDb: 'SNR', lsdDb: 'LSD', mcdDb: 'MCD' }[metric.name];
  const note = significant
    ? `${label} ${format(metric.value)} dB is beyond the noise floor (repeat decodes: worst ${format(worst)} dB): ` +
      'a chunking effect.'
    : `${label} ${format(metric.value)} dB is within the noise floor (repeat decodes of the same tokens differ by ` +
      `as much: worst ${format(worst)} dB): not a finding.`;
  return { metric: metric.name, value: metric.value, floor: worst, threshold, significant, note };
}
