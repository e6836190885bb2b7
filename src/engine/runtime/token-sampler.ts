import {
  createRng,
  parseSamplerSettings,
  sample,
  type SamplerSettings,
  type SamplerSettingsInput,
  type SamplingOrder,
} from '../sampling/index.ts';

export type { SamplerSettings, SamplerSettingsInput, SamplingOrder };

export type TokenSampler = (
  cond: Float32Array,
  uncond: Float32Array | undefined,
  generated: readonly number[],
) => number;

/**
 * A seeded sampler for one generation. The stages work in place, so the logits are copied first: the caller's
 * rows may be views into onnxruntime's output buffers, which must stay untouched.
 */
export function createTokenSampler(
  settings: SamplerSettingsInput,
  seed: number,
  order: SamplingOrder = 'penalty-first',
): TokenSampler {
  const resolved = parseSamplerSettings(settings);
  const rng = createRng(seed);
  return (cond, uncond, generated) => sample(new Float32Array(cond), uncond, generated, resolved, rng, order);
}
