import type { ModelFamily } from '../models/graph-contract.ts';
import { TURBO_SILENCE_TOKEN } from './speech-tokens.ts';
import {
  assertTextFits,
  prepareMultilingualPrompt,
  prepareOriginalPrompt,
  prepareTurboPrompt,
  type PreparedPrompt,
  type TextTokenizer,
} from './text-prompt.ts';
import type { SamplingOrder } from './token-sampler.ts';

/**
 * What differs between the families inside the generation loop, in one place: how a text becomes a prompt,
 * where the repetition penalty sits in the sampler, and which tokens follow the generated ones.
 */
export interface FamilyLoop {
  preparePrompt(tokenizer: TextTokenizer, text: string, language: string): PreparedPrompt;
  samplingOrder: SamplingOrder;
  /** Appended once generation stops on its own (token-generator.ts tailTokens). */
  tailTokens: readonly number[];
}

/** Turbo decodes `[prompt, generated, 4299, 4299, 4299]` (model.md): the silence gives its last tokens look-ahead. */
const TURBO_TAIL = [TURBO_SILENCE_TOKEN, TURBO_SILENCE_TOKEN, TURBO_SILENCE_TOKEN] as const;

const LOOPS: Record<ModelFamily, FamilyLoop> = {
  original: {
    preparePrompt: (tokenizer, text) => prepareOriginalPrompt(tokenizer, text),
    samplingOrder: 'penalty-first',
    tailTokens: [],
  },
  multilingual: {
    preparePrompt: prepareMultilingualPrompt,
    samplingOrder: 'penalty-first',
    tailTokens: [],
  },
  // Upstream inference_turbo applies its repetition penalty after temperature, top-k and top-p.
  turbo: {
    preparePrompt: (tokenizer, text) => prepareTurboPrompt(tokenizer, text),
    samplingOrder: 'penalty-last',
    tailTokens: TURBO_TAIL,
  },
};

/** Every family's prompt is checked against T3's text context (model-limits.ts) before any work is done. */
export function familyLoop(family: ModelFamily | null): FamilyLoop {
  if (!family) throw new Error('the model family was not detected, so no prompt template applies');
  const loop = LOOPS[family];
  return {
    ...loop,
    preparePrompt: (tokenizer, text, language) =>
      assertTextFits(loop.preparePrompt(tokenizer, text, language)),
  };
}
