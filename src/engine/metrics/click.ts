/**
 * Click score: how much the largest sample-to-sample step near a boundary stands out from the signal's own
 * steps around it. A smooth signal's first difference is itself smooth (a sine's largest step is only
 * sqrt(2) times its standard deviation), while a discontinuity puts one step far above the rest.
 */

export interface ClickScoreOptions {
  /** Half-width of the window searched for the largest step (default 5 ms). */
  windowMs?: number;
  /** Half-width of the neighbourhood that sets the scale (default 50 ms). */
  neighbourhoodMs?: number;
}

/** Above this a click is audible (experiments.md). */
export const AUDIBLE_CLICK_SCORE = 5;

/**
 * Denominator floor: one 16-bit quantisation step. Without it digital silence divides by zero; with it a
 * jump out of silence scores its size in 16-bit steps, so one LSB of dither never counts as a click.
 */
const STD_FLOOR = 1 / 32768;

/**
 * max |x[n] - x[n-1]| for n within +-windowMs of `boundarySample`, divided by the standard deviation of the
 * first difference over +-neighbourhoodMs EXCLUDING the +-windowMs window itself: a click inside the window
 * must not inflate its own yardstick (with a 5 ms window inside 50 ms, one big step would otherwise add
 * about step/sqrt(2400) to the std and cap the score). Samples outside the signal are not used.
 */
export function clickScore(
  audio: Float32Array,
  boundarySample: number,
  sampleRate: number,
  options: ClickScoreOptions = {},
): number {
  const half = Math.max(1, Math.round(((options.windowMs ?? 5) * sampleRate) / 1000));
  const reach = Math.max(half + 2, Math.round(((options.neighbourhoodMs ?? 50) * sampleRate) / 1000));
  const b = Math.round(boundarySample);
  // Differences d[n] = x[n] - x[n-1] exist for n in [1, length).
  const lo = Math.max(1, b - reach);
  const hi = Math.min(audio.length - 1, b + reach);
  let peak = 0;
  let count = 0;
  let sum = 0;
  let sumSquares = 0;
  for (let n = lo; n <= hi; n++) {
    const d = audio[n]! - audio[n - 1]!;
    if (n >= b - half && n <= b + half) {
      peak = Math.max(peak, Math.abs(d));
    } else {
      count++;
      sum += d;
      sumSquares += d * d;
    }
  }
  if (count === 0) return peak / STD_FLOOR;
  const mean = sum / count;
  const std = Math.sqrt(Math.max(0, sumSquares / count - mean * mean));
  return peak / Math.max(std, STD_FLOOR);
}
