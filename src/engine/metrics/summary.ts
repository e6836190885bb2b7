/** One-line summaries of a per-boundary column (click scores, dE, local SNR ...). */
import { mean, median, quantileSorted } from 'simple-statistics';

export interface Summary {
  /** Null when there are no values. */
  median: number | null;
  mean: number | null;
  /** 90th percentile, linear interpolation between order statistics (numpy's default). */
  p90: number | null;
  max: number | null;
  /** Values summarised: nulls, undefineds and NaNs (unvoiced pitch, missing reference) are left out. */
  count: number;
}

/**
 * Median, mean, p90 and max of the numeric values. +-Infinity is kept (an identical boundary's SNR is
 * Infinity, and the median of mostly identical boundaries should say so).
 */
export function summarise(values: readonly (number | null | undefined)[]): Summary {
  const present = values.filter((v): v is number => typeof v === 'number' && !Number.isNaN(v));
  if (present.length === 0) return { median: null, mean: null, p90: null, max: null, count: 0 };
  const sorted = [...present].sort((a, b) => a - b);
  return {
    median: median(sorted),
    mean: mean(sorted),
    p90: quantileSorted(sorted, 0.9),
    max: sorted[sorted.length - 1]!,
    count: sorted.length,
  };
}
