import type { SamplerRng } from './rng.ts';
import { isGreedy, type SamplerSettings } from './settings.ts';

/**
 * One decoding step's token choice, in upstream Chatterbox order:
 * classifier-free guidance -> repetition penalty -> temperature -> top-k -> min-p -> top-p -> draw
 * (Turbo: the penalty after top-p, see SamplingOrder).
 * (Upstream has no top-k; it sits where Hugging Face's warpers put it, before min-p.)
 *
 * Runs on every step over ~8194 logits, so stages work in place on `logitsCond` (which is overwritten: pass a
 * copy if you still need it), removed tokens become -Infinity, and nothing sorts the whole vocabulary: top-k
 * uses a selection on one scratch copy, and top-p sorts only the tokens still alive.
 */
export function sample(
  logitsCond: Float32Array,
  logitsUncond: Float32Array | undefined,
  generatedIds: ArrayLike<number>,
  settings: SamplerSettings,
  rng: SamplerRng,
  order: SamplingOrder = 'penalty-first',
): number {
  const logits = logitsCond;
  if (settings.cfgWeight > 0 && logitsUncond) applyGuidance(logits, logitsUncond, settings.cfgWeight);
  const penalise = () => {
    if (settings.repetitionPenalty !== 1)
      applyRepetitionPenalty(logits, generatedIds, settings.repetitionPenalty);
  };
  if (order === 'penalty-first') penalise();
  // Greedy decoding is the argmax after guidance and penalty: the warpers below all keep the most likely token.
  if (isGreedy(settings)) {
    if (order === 'penalty-last') penalise();
    return argmax(logits);
  }
  if (settings.temperature !== 1) applyTemperature(logits, settings.temperature);
  if (settings.topK > 0) applyTopK(logits, settings.topK);
  if (settings.minP > 0) applyMinP(logits, settings.minP);
  if (settings.topP < 1) applyTopP(logits, settings.topP);
  if (order === 'penalty-last') penalise();
  return drawFromLogits(logits, rng.nextFloat());
}

/**
 * Where the repetition penalty sits. 'penalty-first' is upstream Chatterbox's original and multilingual order
 * (guidance -> penalty -> temperature -> top-k -> min-p -> top-p). 'penalty-last' is upstream Turbo's
 * (`T3.inference_turbo` builds its LogitsProcessorList as temperature -> top-k -> top-p -> repetition penalty), so
 * the penalty can only reorder the tokens the warpers kept.
 */
export type SamplingOrder = 'penalty-first' | 'penalty-last';

/** `cond + w * (cond - uncond)`, in place on cond. */
export function applyGuidance(cond: Float32Array, uncond: Float32Array, weight: number): void {
  if (uncond.length !== cond.length)
    throw new Error(`guidance needs logits of equal length, got ${cond.length} and ${uncond.length}`);
  for (let i = 0; i < cond.length; i++) cond[i] = cond[i]! + weight * (cond[i]! - uncond[i]!);
}

/**
 * Hugging Face RepetitionPenaltyLogitsProcessor: each distinct id seen so far is penalised once (a repeated id is
 * not penalised twice): positive logits divided by the penalty, negative ones multiplied.
 */
export function applyRepetitionPenalty(logits: Float32Array, ids: ArrayLike<number>, penalty: number): void {
  const seen = new Set<number>();
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    if (id < 0 || id >= logits.length || seen.has(id)) continue;
    seen.add(id);
    const x = logits[id]!;
    logits[id] = x < 0 ? x * penalty : x / penalty;
  }
}

export function applyTemperature(logits: Float32Array, temperature: number): void {
  const inv = 1 / temperature;
  for (let i = 0; i < logits.length; i++) logits[i] = logits[i]! * inv;
}

/** Keeps the k largest logits (ties with the k-th are kept, as in Hugging Face's TopKLogitsWarper). */
export function applyTopK(logits: Float32Array, k: number): void {
  if (k >= logits.length) return;
  const threshold = kthLargest(logits, k);
  for (let i = 0; i < logits.length; i++) if (logits[i]! < threshold) logits[i] = -Infinity;
}

/** Removes tokens whose probability is below minP x the top probability (p_i / p_max = exp(l_i - l_max)). */
export function applyMinP(logits: Float32Array, minP: number): void {
  const max = maxValue(logits);
  const cutoff = max + Math.log(minP);
  for (let i = 0; i < logits.length; i++) if (logits[i]! < cutoff) logits[i] = -Infinity;
}

/**
 * Nucleus: keeps the smallest set of most likely tokens whose probability reaches topP. Same rule as Hugging Face
 * (ascending order, drop tokens whose cumulative probability is <= 1 - topP, always keep the top one).
 */
export function applyTopP(logits: Float32Array, topP: number): void {
  const alive: number[] = [];
  for (let i = 0; i < logits.length; i++) if (logits[i]! > -Infinity) alive.push(i);
  if (alive.length <= 1) return;
  alive.sort((a, b) => logits[a]! - logits[b]! || b - a); // ascending; on ties the lower index is kept longer
  const max = logits[alive[alive.length - 1]!]!;
  let total = 0;
  for (const i of alive) total += Math.exp(logits[i]! - max);
  let cumulative = 0;
  for (let j = 0; j < alive.length - 1; j++) {
    const i = alive[j]!;
    cumulative += Math.exp(logits[i]! - max) / total;
    if (cumulative > 1 - topP) break;
    logits[i] = -Infinity;
  }
}

/** Index of the largest logit (the first one on ties). */
export function argmax(logits: Float32Array): number {
  let best = 0;
  let bestValue = -Infinity;
  for (let i = 0; i < logits.length; i++) {
    const v = logits[i]!;
    if (v > bestValue) {
      bestValue = v;
      best = i;
    }
  }
  return best;
}

/** Softmax probabilities (float64) of logits; -Infinity gives 0. */
export function softmax(logits: Float32Array): Float64Array {
  const max = maxValue(logits);
  const out = new Float64Array(logits.length);
  let total = 0;
  for (let i = 0; i < logits.length; i++) {
    const p = Math.exp(logits[i]! - max);
    out[i] = p;
    total += p;
  }
  for (let i = 0; i < out.length; i++) out[i] = out[i]! / total;
  return out;
}

/** Scratch for the draw's weights, reused across steps: the vocabulary size does not change within a run. */
let weights = new Float64Array(0);

/**
 * Inverse-CDF draw with `u` in [0, 1): the token whose cumulative probability first exceeds u. Each exp is
 * computed once (this runs on every step, over the whole vocabulary).
 */
export function drawFromLogits(logits: Float32Array, u: number): number {
  const max = maxValue(logits);
  if (max === -Infinity || Number.isNaN(max))
    throw new Error('no token left to sample (all logits are -Infinity or NaN)');
  if (weights.length < logits.length) weights = new Float64Array(logits.length);
  let total = 0;
  for (let i = 0; i < logits.length; i++) {
    const p = Math.exp(logits[i]! - max);
    weights[i] = p;
    total += p;
  }
  const target = u * total;
  let cumulative = 0;
  let last = 0;
  for (let i = 0; i < logits.length; i++) {
    const p = weights[i]!;
    if (p === 0) continue;
    cumulative += p;
    last = i;
    if (cumulative > target) return i;
  }
  return last; // rounding left u * total just above the sum: the last live token
}

function maxValue(logits: Float32Array): number {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) if (logits[i]! > max) max = logits[i]!;
  return max;
}

/** k-th largest value (1-based) by quickselect on a scratch copy: O(n) on average, no full sort. */
export function kthLargest(values: Float32Array, k: number): number {
  const a = Float32Array.from(values);
  const target = a.length - k; // index in ascending order
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >>> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else break;
  }
  return a[target]!;
}
