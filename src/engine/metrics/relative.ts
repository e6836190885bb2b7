/**
 * Boundary and quality measures relative to the offline reference (issue 13, item 4). An absolute click score
 * ranks a boundary that happens to land on a plosive of the speech itself as a click, even for a stream that
 * equals its reference; the excess over the reference's score at the same sample is what the chunking added,
 * and is the quantity that ranks strategies.
 */
import { summarise } from './summary.ts';

/** clickScore - referenceClickScore; null without a reference score (past the reference's end, or none). */
export function excessClickScore(clickScore: number, referenceClickScore: number | null): number | null {
  return referenceClickScore === null || !Number.isFinite(referenceClickScore)
    ? null
    : clickScore - referenceClickScore;
}

export interface ExcessClickSummary {
  medianExcessClickScore: number | null;
  maxExcessClickScore: number | null;
}

/**
 * Median and max over boundaries of the click score the chunking ADDED: the excess, negative values counted as 0
 * (boundaries without a reference score left out). A crossfade scores below the reference (it smooths two decodes
 * into each other): that is not a click, and is not credited as better than no change at all; its cost shows in
 * the energy dip and the SNR instead. Each boundary keeps its signed excess.
 */
export function excessClickSummary(
  boundaries: readonly { clickScore: number; referenceClickScore: number | null }[],
): ExcessClickSummary {
  const summary = summarise(
    boundaries.map((b) => {
      const excess = excessClickScore(b.clickScore, b.referenceClickScore);
      return excess === null ? null : Math.max(0, excess);
    }),
  );
  return { medianExcessClickScore: summary.median, maxExcessClickScore: summary.max };
}

/**
 * Whether an SNR says the stream is identical to its reference. snrDb() returns +Infinity then; stored runs
 * carry null instead (JSON has no Infinity), so runs stored before the `identical` flag existed are read as
 * identical when their SNR is null and their log-spectral distance is exactly 0 (both computed, reference present).
 */
export function isIdenticalToReference(snrDb: number | null, lsdDb: number | null): boolean {
  return snrDb === Infinity || (snrDb === null && lsdDb === 0);
}
