import { describe, expect, test } from 'vitest';
import { createRng, rngFromState } from '../../../src/engine/sampling/rng.ts';
import {
  applyGuidance,
  applyMinP,
  applyRepetitionPenalty,
  applyTemperature,
  applyTopK,
  applyTopP,
  argmax,
  drawFromLogits,
  kthLargest,
  sample,
  softmax,
} from '../../../src/engine/sampling/sample.ts';
import {
  MODEL_CARD_PRESET,
  SamplerSettingsError,
  UPSTREAM_DEFAULTS,
  parseSamplerSettings,
} from '../../../src/engine/sampling/settings.ts';

const f32 = (...v: number[]) => Float32Array.from(v);
const list = (a: Float32Array) => Array.from(a);
const NEG = -Infinity;

/** Deterministic pseudo-random logits over a speech-sized vocabulary. */
function vocabLogits(seed: number, n = 8194): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: n }, () => (rng.nextFloat() - 0.5) * 8);
}

describe('sampler stages', () => {
  test('guidance: cond + w * (cond - uncond)', () => {
    const cond = f32(1, 2, -1);
    applyGuidance(cond, f32(0, 3, -1), 0.5);
    expect(list(cond)).toEqual([1.5, 1.5, -1]);
    expect(() => applyGuidance(f32(1), f32(1, 2), 1)).toThrow('equal length');
  });

  test('repetition penalty divides positive logits and multiplies negative ones, once per id', () => {
    const logits = f32(2.4, -1, 0.5, 3);
    applyRepetitionPenalty(logits, [0, 1, 1, 1, 99], 1.2);
    expect(list(logits)).toEqual([f32(2.4 / 1.2)[0], f32(-1.2)[0], 0.5, 3]);
  });

  test('temperature scales logits by 1/T', () => {
    const logits = f32(1, -2, 0.5);
    applyTemperature(logits, 0.5);
    expect(list(logits)).toEqual([2, -4, 1]);
  });

  test('top-k keeps the k largest (ties with the k-th kept)', () => {
    const logits = f32(0.1, 3, 2, 2, -1);
    applyTopK(logits, 2);
    expect(list(logits)).toEqual([NEG, 3, 2, 2, NEG]);
    const one = f32(0.1, 3, 2);
    applyTopK(one, 1);
    expect(list(one)).toEqual([NEG, 3, NEG]);
    expect(kthLargest(f32(5, 1, 4, 2, 3), 2)).toBe(4);
    const big = vocabLogits(3);
    const sorted = Array.from(big).sort((a, b) => b - a);
    expect(kthLargest(big, 50)).toBe(sorted[49]);
  });

  test('min-p removes tokens below p * max probability', () => {
    // probabilities proportional to exp(l): with l = ln([1, 0.5, 0.2, 0.04]), ratios to max are 1, .5, .2, .04
    const logits = f32(0, Math.log(0.5), Math.log(0.2), Math.log(0.04));
    applyMinP(logits, 0.1);
    expect(list(logits).map((x) => x === NEG)).toEqual([false, false, false, true]);
    applyMinP(logits, 0.3);
    expect(list(logits).map((x) => x === NEG)).toEqual([false, false, true, true]);
  });

  test('top-p keeps the smallest nucleus reaching p', () => {
    // probs 0.5, 0.3, 0.15, 0.05
    const logits = f32(Math.log(0.5), Math.log(0.3), Math.log(0.15), Math.log(0.05));
    applyTopP(logits, 0.7);
    expect(list(logits).map((x) => x === NEG)).toEqual([false, false, true, true]);
    const all = f32(Math.log(0.5), Math.log(0.3), Math.log(0.15), Math.log(0.05));
    applyTopP(all, 0.96);
    expect(list(all).every((x) => x > NEG)).toBe(true);
    const tiny = f32(Math.log(0.5), Math.log(0.3), Math.log(0.2));
    applyTopP(tiny, 0.01);
    expect(list(tiny).map((x) => x === NEG)).toEqual([false, true, true]);
  });

  test('softmax and inverse-CDF draw', () => {
    const logits = f32(Math.log(0.25), Math.log(0.75), NEG);
    const p = softmax(logits);
    expect(p[0]).toBeCloseTo(0.25, 6);
    expect(p[2]).toBe(0);
    expect(drawFromLogits(logits, 0)).toBe(0);
    expect(drawFromLogits(logits, 0.2499)).toBe(0);
    expect(drawFromLogits(logits, 0.2501)).toBe(1);
    expect(drawFromLogits(logits, 0.999999)).toBe(1);
    expect(() => drawFromLogits(f32(NEG, NEG), 0.5)).toThrow('no token left');
  });
});

describe('sample', () => {
  const settings = (over: object = {}) => parseSamplerSettings(over);

  test('greedy picks the argmax after guidance and penalty, without consuming randomness', () => {
    const rng = createRng(1);
    const before = rng.state();
    // cond argmax is 0, but guidance pushes token 2 above it
    const id = sample(f32(2, 0, 1.8), f32(2, 0, 0.5), [], settings({ greedy: true, cfgWeight: 0.5 }), rng);
    expect(id).toBe(2);
    expect(rng.state()).toEqual(before);
    // penalty: token 0 (2.0 -> 1.667) falls below token 1 (1.9)
    expect(sample(f32(2, 1.9), undefined, [0], settings({ temperature: 0, cfgWeight: 0 }), rng)).toBe(1);
    expect(argmax(f32(1, 3, 3))).toBe(1);
  });

  test('guidance needs an unconditional row and a positive weight', () => {
    const rng = createRng(1);
    const s = settings({ greedy: true, repetitionPenalty: 1 });
    expect(sample(f32(2, 0, 1.8), undefined, [], s, rng)).toBe(0);
    expect(sample(f32(2, 0, 1.8), f32(2, 0, 0.5), [], { ...s, cfgWeight: 0 }, rng)).toBe(0);
  });

  test('top-k = 1 equals greedy on random logits', () => {
    for (let seed = 0; seed < 20; seed++) {
      const logits = vocabLogits(seed);
      const expected = sample(logits.slice(), undefined, [5, 6], settings({ greedy: true }), createRng(seed));
      const got = sample(logits.slice(), undefined, [5, 6], settings({ topK: 1, minP: 0 }), createRng(seed));
      expect(got).toBe(expected);
    }
  });

  test('the same seed reproduces a sequence exactly; another seed differs', () => {
    const run = (seed: number) => {
      const rng = createRng(seed);
      const ids: number[] = [];
      for (let step = 0; step < 50; step++)
        ids.push(sample(vocabLogits(1000 + step), vocabLogits(2000 + step), ids, UPSTREAM_DEFAULTS, rng));
      return ids;
    };
    const a = run(42);
    expect(run(42)).toEqual(a);
    expect(run(43)).not.toEqual(a);
    expect(new Set(a).size).toBeGreaterThan(10); // it really samples, not a constant
  });

  test('a saved rng state resumes the same stream', () => {
    const rng = createRng(7);
    rng.nextFloat();
    const resumed = rngFromState(rng.state());
    expect([rng.nextFloat(), rng.nextFloat()]).toEqual([resumed.nextFloat(), resumed.nextFloat()]);
  });

  test('sampled tokens respect min-p', () => {
    const rng = createRng(9);
    // token 3 has probability ratio 0.01 to the max: min-p 0.05 must never pick it
    const base = f32(0, Math.log(0.6), Math.log(0.3), Math.log(0.01));
    const seen = new Set<number>();
    for (let i = 0; i < 400; i++)
      seen.add(
        sample(
          base.slice(),
          undefined,
          [],
          settings({ temperature: 1, repetitionPenalty: 1, cfgWeight: 0 }),
          rng,
        ),
      );
    expect([...seen].sort()).toEqual([0, 1, 2]);
  });

  test("Turbo's order puts the penalty after the warpers: it reorders only the tokens they kept", () => {
    // Token 0 was generated before and is barely the most likely; top-p 0.5 keeps a single token.
    const logits = f32(5, 4.9, 0);
    const nucleus = settings({ temperature: 1, topP: 0.5, minP: 0, repetitionPenalty: 2, cfgWeight: 0 });
    const draw = (order: 'penalty-first' | 'penalty-last') =>
      Array.from({ length: 20 }, (_, i) =>
        sample(logits.slice(), undefined, [0], nucleus, createRng(i), order),
      );
    // Penalty first (original family): token 0 drops to 2.5, so the nucleus is token 1 alone.
    expect(new Set(draw('penalty-first'))).toEqual(new Set([1]));
    // Penalty last (Turbo): the nucleus was already token 0 alone; penalising it cannot bring token 1 back.
    expect(new Set(draw('penalty-last'))).toEqual(new Set([0]));
    // Greedy is the argmax after the penalty in either order.
    const greedy = settings({ greedy: true, repetitionPenalty: 2, cfgWeight: 0 });
    for (const order of ['penalty-first', 'penalty-last'] as const)
      expect(sample(logits.slice(), undefined, [0], greedy, createRng(1), order)).toBe(1);
  });
});

describe('settings', () => {
  test('upstream defaults and the model-card preset', () => {
    expect(UPSTREAM_DEFAULTS).toEqual({
      temperature: 0.8,
      topK: 0,
      minP: 0.05,
      topP: 1,
      repetitionPenalty: 1.2,
      cfgWeight: 0.5,
      greedy: false,
    });
    expect(MODEL_CARD_PRESET).toMatchObject({ greedy: true, repetitionPenalty: 1.2, cfgWeight: 0 });
  });

  test('invalid settings are rejected with every problem named', () => {
    let error: unknown;
    try {
      parseSamplerSettings({ temperature: -1, topP: 0, topK: 2.5, bogus: 1 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SamplerSettingsError);
    const issues = (error as SamplerSettingsError).issues;
    expect(issues).toContain('temperature: temperature must be >= 0 (0 = greedy)');
    expect(issues).toContain('topP: topP must be in (0, 1]');
    expect(issues).toContain('topK: topK must be a whole number');
    expect(issues.some((i) => i.includes('bogus'))).toBe(true);
    expect(() => parseSamplerSettings({ minP: 2 })).toThrow(
      'Invalid sampler settings: minP: minP must be in [0, 1]',
    );
    expect(() => parseSamplerSettings({ repetitionPenalty: 0 })).toThrow('repetitionPenalty must be > 0');
  });
});
