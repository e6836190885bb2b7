/**
 * Band-limited sample-rate conversion with libsamplerate (Secret Rabbit Code, compiled to WASM).
 *
 * A sinc converter low-pass filters at the lower of the two Nyquist frequencies, so content the target rate
 * cannot hold is removed instead of folding back as aliases (a 10 kHz tone vanishes at 16 kHz).
 */
import libsamplerate from '@alexanderolsen/libsamplerate-js';

export const ResampleQualities = {
  /** SRC_SINC_BEST_QUALITY: 145 dB SNR, 96% bandwidth; for one-off work such as voice files. */
  best: 0,
  /** SRC_SINC_MEDIUM_QUALITY: 121 dB SNR, 90% bandwidth, several times faster. */
  medium: 1,
  /** SRC_SINC_FASTEST: 97 dB SNR, 80% bandwidth; for live streams where CPU matters. */
  fastest: 2,
} as const;
export type ResampleQuality = keyof typeof ResampleQualities;

type Converter = Awaited<ReturnType<typeof libsamplerate.create>>;

// Each converter owns a WASM instance (about 10 ms to create), so keep one per (rates, quality). `simple()` is
// synchronous and resets its state on every call, so sharing one instance across callers is safe.
const converters = new Map<string, Promise<Converter>>();

function converterFor(fromRate: number, toRate: number, quality: ResampleQuality): Promise<Converter> {
  const key = `${fromRate}>${toRate}@${quality}`;
  let converter = converters.get(key);
  if (!converter) {
    converter = libsamplerate.create(1, fromRate, toRate, { converterType: ResampleQualities[quality] });
    converter.catch(() => converters.delete(key));
    converters.set(key, converter);
  }
  return converter;
}

/** libsamplerate accepts ratios between 1/256 and 256. */
const MAX_RATIO = 256;

function checkRate(name: string, rate: number): void {
  if (!Number.isInteger(rate) || rate <= 0)
    throw new Error(`resample: ${name} must be a positive integer, got ${rate}`);
}

/** The output length for `inputLength` samples: round(n * to / from), the same count a player would expect. */
export function resampledLength(inputLength: number, fromRate: number, toRate: number): number {
  return Math.round((inputLength * toRate) / fromRate);
}

/**
 * Converts mono float samples from `fromRate` to `toRate`. Returns a new array of exactly
 * `resampledLength(n, from, to)` samples, time-aligned with the input (no added delay). Equal rates return a
 * copy without touching the WASM module.
 */
export async function resample(
  samples: Float32Array,
  fromRate: number,
  toRate: number,
  quality: ResampleQuality = 'best',
): Promise<Float32Array> {
  checkRate('fromRate', fromRate);
  checkRate('toRate', toRate);
  if (toRate / fromRate > MAX_RATIO || fromRate / toRate > MAX_RATIO)
    throw new Error(`resample: ratio ${fromRate} -> ${toRate} is outside 1/${MAX_RATIO}..${MAX_RATIO}`);
  if (fromRate === toRate) return samples.slice();
  const outLength = resampledLength(samples.length, fromRate, toRate);
  if (samples.length === 0 || outLength === 0) return new Float32Array(outLength);

  const converter = await converterFor(fromRate, toRate, quality);
  return resampleInBlocks(converter, samples, fromRate, toRate, outLength);
}

/**
 * The library's `simple()` is exact (it flushes the filter and compensates its delay) but only up to 1,008,000
 * samples; beyond that it streams without delay compensation, shifting the output and dropping its tail.
 * So long inputs are cut here into blocks that overlap by enough context for the filter, each converted with
 * `simple()`, and their centres stitched. Block starts lie on input samples that map to whole output samples
 * (multiples of from/gcd), so every block's output sits exactly on the global output grid.
 */
function resampleInBlocks(
  converter: Converter,
  samples: Float32Array,
  fromRate: number,
  toRate: number,
  outLength: number,
): Float32Array {
  const n = samples.length;
  const divisor = gcd(fromRate, toRate);
  const unitIn = fromRate / divisor;
  const outPerIn = toRate / fromRate;
  const alignUp = (x: number): number => Math.ceil(x / unitIn) * unitIn;
  // The best converter's sinc spans about 170 zero crossings each side at the lower rate; in input samples
  // that is 170 * max(1, from/to). Twice that plus slack is plenty.
  const margin = alignUp(Math.max(1024, 400 * Math.max(1, fromRate / toRate)));
  const budget = Math.floor(LIBRARY_BLOCK_LIMIT / Math.max(1, outPerIn)) - 3 * margin;
  const step = Math.floor(budget / unitIn) * unitIn;
  if (step <= 0)
    throw new Error(`resample: cannot convert ${fromRate} -> ${toRate} in blocks (rates too coprime)`);

  const result = new Float32Array(outLength);
  for (let start = 0; start < n; start += step) {
    const coreEnd = Math.min(start + step, n);
    const from = Math.max(0, start - margin);
    const to = Math.min(n, coreEnd + margin);
    // At the end of the signal, trailing silence lets the filter ring out the last real samples.
    const block = new Float32Array(to - from + (to === n ? margin : 0));
    block.set(samples.subarray(from, to));
    const out = converter.simple(block);
    const outStart = ((start - from) * toRate) / fromRate; // an integer: both ends are grid-aligned
    const coreOutStart = (start * toRate) / fromRate;
    const coreOutEnd = coreEnd === n ? outLength : (coreEnd * toRate) / fromRate;
    result.set(out.subarray(outStart, outStart + (coreOutEnd - coreOutStart)), coreOutStart);
  }
  return result;
}

/** Stay well inside the library's 1,008,000-sample buffers (input and output). */
const LIBRARY_BLOCK_LIMIT = 900_000;

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}
