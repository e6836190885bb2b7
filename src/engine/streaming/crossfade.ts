import { z } from 'zod';

/**
 * Crossfade curves for joining two renderings of the same stretch of audio (overlap-add, experiments.md axis 3),
 * and the short fades used at chunk starts.
 *
 * Every shape is sampled at t = (i + 1) / (L + 1) for i = 0..L-1, so the gains never reach exactly 0 or 1
 * inside the fade and the step from "before" (gain 0) to the first sample equals the step from the last sample
 * to "after" (gain 1): the curve is symmetric (fadeIn[i] = fadeOut[L-1-i]) with no edge treated differently.
 *
 * - linear:      in = t, out = 1 - t. Sums to 1: transparent for identical (correlated) signals, but dips by
 *                up to 3 dB on uncorrelated ones.
 * - equal-power: in = sin(pi t / 2), out = cos(pi t / 2). Squares sum to 1: constant power for uncorrelated
 *                signals, a +3 dB bump on identical ones.
 * - hann:        in = sin^2(pi t / 2), out = cos^2(pi t / 2) (the halves of a Hann window). Sums to 1 like
 *                linear, with zero slope at both ends, so the join has no corner.
 * - hamming:     CosyVoice2's crossfade. Build a Hamming window of 2L samples,
 *                w[n] = 0.54 - 0.46 cos(2 pi n / (2L - 1)), n = 0..2L-1 (numpy.hamming(2L)); the RISING half
 *                w[0..L) is the fade-in and the FALLING half w[L..2L) the fade-out, applied sample by sample
 *                over the L overlapping samples (CosyVoice: L = 3840 at 24 kHz, 160 ms). This shape is sampled
 *                on the window's own grid, not on t, to match CosyVoice exactly. Its gains sum to about 1.08,
 *                not 1, and both curves stand on a 0.08 pedestal: the incoming signal enters at 8 % and the
 *                outgoing one leaves at 8 %, a small step that the other shapes do not have.
 */

export const CROSSFADE_SHAPES = ['linear', 'equal-power', 'hann', 'hamming'] as const;
export const CrossfadeShapeSchema = z.enum(CROSSFADE_SHAPES, {
  error: `crossfade shape must be one of ${CROSSFADE_SHAPES.join(', ')}`,
});
export type CrossfadeShape = z.infer<typeof CrossfadeShapeSchema>;

/** Gains over L samples: `fadeOut` for the outgoing signal, `fadeIn` for the incoming one. */
export interface CrossfadeCurve {
  fadeOut: Float32Array;
  fadeIn: Float32Array;
}

function checkLength(length: number, what: string): void {
  if (!Number.isInteger(length) || length < 0) {
    throw new RangeError(`${what}: length must be a whole number of samples >= 0, got ${length}`);
  }
}

/** The gain pair of `shape` over `length` samples (length 0 gives empty curves). */
export function crossfadeCurve(length: number, shape: CrossfadeShape): CrossfadeCurve {
  checkLength(length, 'crossfadeCurve');
  const fadeOut = new Float32Array(length);
  const fadeIn = new Float32Array(length);
  for (let i = 0; i < length; i++) {
    const t = (i + 1) / (length + 1);
    switch (shape) {
      case 'linear':
        fadeIn[i] = t;
        fadeOut[i] = 1 - t;
        break;
      case 'equal-power':
        fadeIn[i] = Math.sin((Math.PI / 2) * t);
        fadeOut[i] = Math.cos((Math.PI / 2) * t);
        break;
      case 'hann':
        fadeIn[i] = Math.sin((Math.PI / 2) * t) ** 2;
        fadeOut[i] = Math.cos((Math.PI / 2) * t) ** 2;
        break;
      case 'hamming': {
        // numpy.hamming(M) with M = 2L >= 2, so M - 1 is never 0.
        const m = 2 * length;
        const hamming = (n: number) => 0.54 - 0.46 * Math.cos((2 * Math.PI * n) / (m - 1));
        fadeIn[i] = hamming(i);
        fadeOut[i] = hamming(i + length);
        break;
      }
      default:
        throw new Error(`unknown crossfade shape ${String(shape)}`);
    }
  }
  return { fadeOut, fadeIn };
}

/**
 * Blends the last `length` samples of `tail` (the outgoing audio) with the first `length` samples of `head`
 * (the incoming audio covering the same time span) and returns the `length` blended samples.
 */
export function crossfade(
  tail: Float32Array,
  head: Float32Array,
  length: number,
  shape: CrossfadeShape,
): Float32Array {
  checkLength(length, 'crossfade');
  if (length > tail.length || length > head.length) {
    throw new RangeError(
      `crossfade: length ${length} exceeds the audio available (tail ${tail.length}, head ${head.length} samples)`,
    );
  }
  const { fadeOut, fadeIn } = crossfadeCurve(length, shape);
  const offset = tail.length - length;
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) out[i] = fadeOut[i]! * tail[offset + i]! + fadeIn[i]! * head[i]!;
  return out;
}

/** A copy of `samples` with its first `length` samples faded in along the fade-in half of `shape`. */
export function fadeIn(
  samples: Float32Array,
  length: number,
  shape: CrossfadeShape = 'linear',
): Float32Array {
  checkLength(length, 'fadeIn');
  if (length > samples.length) {
    throw new RangeError(`fadeIn: length ${length} exceeds the ${samples.length} samples available`);
  }
  const gains = crossfadeCurve(length, shape).fadeIn;
  const out = Float32Array.from(samples);
  for (let i = 0; i < length; i++) out[i]! *= gains[i]!;
  return out;
}

/** A copy of `samples` with its last `length` samples faded out along the fade-out half of `shape`. */
export function fadeOut(
  samples: Float32Array,
  length: number,
  shape: CrossfadeShape = 'linear',
): Float32Array {
  checkLength(length, 'fadeOut');
  if (length > samples.length) {
    throw new RangeError(`fadeOut: length ${length} exceeds the ${samples.length} samples available`);
  }
  const gains = crossfadeCurve(length, shape).fadeOut;
  const out = Float32Array.from(samples);
  const offset = samples.length - length;
  for (let i = 0; i < length; i++) out[offset + i]! *= gains[i]!;
  return out;
}
