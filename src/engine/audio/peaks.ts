/**
 * Min/max envelopes ("peaks") of a signal: what a waveform view draws before, or instead of, the samples.
 * The store keeps one at `STORED_PEAK_BUCKETS` per audio track, written with the audio, so a long run's
 * overview opens without reading tens of megabytes of samples (a 10-minute run is 58 MB of float32).
 */

import { ENVELOPE_BUCKETS } from '../../contract/methods/library.ts';

/** Buckets of the envelope saved with every track: the size the UI asks for (two values each). */
export const STORED_PEAK_BUCKETS = ENVELOPE_BUCKETS;

/** Min/max of `samples` over `buckets` equal spans, interleaved [max0, min0, max1, min1, ...]. */
export function minMaxPeaks(samples: Float32Array, buckets: number): Float32Array {
  const count = Math.max(1, Math.min(buckets, samples.length));
  const peaks = new Float32Array(count * 2);
  for (let b = 0; b < count; b++) {
    const start = Math.floor((b * samples.length) / count);
    const end = Math.max(start + 1, Math.floor(((b + 1) * samples.length) / count));
    let max = -Infinity;
    let min = Infinity;
    for (let i = start; i < end; i++) {
      const v = samples[i]!;
      if (v > max) max = v;
      if (v < min) min = v;
    }
    peaks[b * 2] = samples.length ? max : 0;
    peaks[b * 2 + 1] = samples.length ? min : 0;
  }
  return peaks;
}
