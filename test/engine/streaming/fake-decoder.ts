/**
 * A fake stock decoder with exactly the pathologies of model.md, for testing boundary treatments without a model:
 * - 960 samples per token, a voiced two-harmonic signal whose pitch is driven by the tokens;
 * - phase running continuously from the START OF THE CALL (decoding chunks separately makes phase jumps);
 * - 3-token look-ahead: token t's pitch depends on tokens t+1..t+3 (missing ones at the end of a span count as
 *   0, so a span's last 3 tokens render differently than with their future present);
 * - every call zeroes its first 480 samples and fades the next 480 in (raised cosine).
 * Deterministic: the same span always gives the same samples.
 */
export const SPT = 960;

export function fakeDecode(span: readonly number[]): Float32Array {
  const out = new Float32Array(span.length * SPT);
  let phase = 0;
  for (let t = 0; t < span.length; t++) {
    let ahead = 0;
    for (let j = 1; j <= 3; j++) ahead += (span[t + j] ?? 0) % 5;
    const hz = 110 + 7 * (span[t]! % 16) + 1.5 * ahead;
    for (let s = 0; s < SPT; s++) {
      phase += (2 * Math.PI * hz) / 24_000;
      out[t * SPT + s] = 0.5 * Math.sin(phase) + 0.2 * Math.sin(2 * phase + 0.5);
    }
  }
  for (let i = 0; i < Math.min(480, out.length); i++) out[i] = 0;
  for (let i = 480; i < Math.min(960, out.length); i++) {
    out[i]! *= 0.5 - 0.5 * Math.cos((Math.PI * (i - 480)) / 480);
  }
  return out;
}

/** Deterministic pseudo-random speech tokens (an LCG), in the stock vocabulary's range. */
export function fakeTokens(count: number, seed = 7): number[] {
  let state = seed;
  return Array.from({ length: count }, () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state % 6561;
  });
}

/**
 * A stateful fake decoder (the contract of a cache-capable export): it remembers every token fed, and each call
 * returns the audio of the offline decode from where the previous call stopped up to the last token whose
 * look-ahead it has (all of it on the final call). Its stream equals the offline decode exactly.
 */
export function statefulFakeDecoder(): (span: number[], final: boolean) => Float32Array {
  const fed: number[] = [];
  let emitted = 0;
  return (span, final) => {
    fed.push(...span);
    const upTo = final ? fed.length * SPT : Math.max(emitted, (fed.length - 3) * SPT);
    const audio = fakeDecode(fed).slice(emitted, upTo);
    emitted = upTo;
    return audio;
  };
}

/** Largest |x[n] - x[n-1]| for n in [from, to). */
export function maxStep(x: Float32Array, from: number, to: number): number {
  let peak = 0;
  for (let n = Math.max(1, from); n < Math.min(x.length, to); n++)
    peak = Math.max(peak, Math.abs(x[n]! - x[n - 1]!));
  return peak;
}
