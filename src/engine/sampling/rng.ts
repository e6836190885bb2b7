import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus, xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator';

/**
 * The sampler's only source of randomness. A seed reproduces a run bit for bit (xoroshiro128+ and 53-bit
 * floats are pure integer arithmetic, identical on every platform); the state can be saved and resumed.
 */
export interface SamplerRng {
  /** Uniform in [0, 1), a multiple of 2^-53. */
  nextFloat(): number;
  /** Opaque generator state: `rngFromState(rng.state())` continues the same sequence. */
  state(): readonly number[];
}

class PureRandRng implements SamplerRng {
  private readonly generator: JumpableRandomGenerator;

  constructor(generator: JumpableRandomGenerator) {
    this.generator = generator;
  }

  nextFloat(): number {
    return uniformFloat64(this.generator);
  }

  state(): readonly number[] {
    return this.generator.getState();
  }
}

/** `seed` is an integer; it is reduced to 32 bits as pure-rand does. */
export function createRng(seed: number): SamplerRng {
  if (!Number.isInteger(seed)) throw new Error(`seed must be an integer, got ${seed}`);
  return new PureRandRng(xoroshiro128plus(seed));
}

export function rngFromState(state: readonly number[]): SamplerRng {
  return new PureRandRng(xoroshiro128plusFromState(state));
}
