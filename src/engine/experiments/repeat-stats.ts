import type { RunMetrics } from '../../contract/index.ts';

/**
 * Median and spread of one metric over repeats. The spread is given two ways: the interquartile range (q1..q3,
 * quantiles by linear interpolation between order statistics, numpy's default "linear" method) and the full range
 * (min..max). With fewer than 4 repeats the quartiles lean on the extremes: read min..max there.
 */
export interface Spread {
  n: number;
  median: number;
  q1: number;
  q3: number;
  iqr: number;
  min: number;
  max: number;
}

export const SPREAD_DEFINITION =
  'median over repeats; spread as IQR (q1..q3, linear interpolation) and range (min..max)';

/** Quantile p (0..1) of sorted values, linear interpolation between the two nearest ranks. */
function quantile(sorted: readonly number[], p: number): number {
  const at = (sorted.length - 1) * p;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

/** Median and spread of the finite values; null when there are none. */
export function spreadOf(values: readonly number[]): Spread | null {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const q1 = quantile(sorted, 0.25);
  const q3 = quantile(sorted, 0.75);
  return {
    n: sorted.length,
    median: quantile(sorted, 0.5),
    q1,
    q3,
    iqr: q3 - q1,
    min: sorted[0]!,
    max: sorted.at(-1)!,
  };
}

/** Every timing metric of a run, by the name the reports use (the RunMetrics path). */
export const TIMING_METRICS: Readonly<Record<string, (m: RunMetrics) => number>> = {
  ttfaMs: (m) => m.ttfaMs,
  'stages.textReadyMs': (m) => m.stages.textReadyMs,
  'stages.firstTokenMs': (m) => m.stages.firstTokenMs,
  'stages.firstChunkDecodedMs': (m) => m.stages.firstChunkDecodedMs,
  'stages.firstSampleMs': (m) => m.stages.firstSampleMs,
  wallMs: (m) => m.wallMs,
  rtf: (m) => m.rtf,
  'playback.startMs': (m) => m.playback.startMs,
  'playback.gapCount': (m) => m.playback.gapCount,
  'playback.totalGapMs': (m) => m.playback.totalGapMs,
  'playback.longestGapMs': (m) => m.playback.longestGapMs,
  'utilisation.tokenWorker': (m) => m.utilisation.tokenWorker,
  'utilisation.decodeWorker': (m) => m.utilisation.decodeWorker,
  'utilisation.idealWallMs': (m) => m.utilisation.idealWallMs,
  harnessOverhead: (m) => m.harnessOverhead,
};

export interface RepeatReport {
  n: number;
  spread: string;
  metrics: Record<string, Spread>;
}

/** Median and spread of every timing metric over the repeats of one configuration. */
export function repeatReport(runs: readonly RunMetrics[]): RepeatReport {
  return summarise(runs, TIMING_METRICS);
}

/** The same for any named numeric fields (e.g. a sweep's row metrics). */
export function summarise<T>(
  runs: readonly T[],
  fields: Readonly<Record<string, (row: T) => number | null>>,
): RepeatReport {
  const metrics: Record<string, Spread> = {};
  for (const [name, read] of Object.entries(fields)) {
    const spread = spreadOf(runs.map(read).filter((v): v is number => v !== null));
    if (spread) metrics[name] = spread;
  }
  return { n: runs.length, spread: SPREAD_DEFINITION, metrics };
}
