import type { RunConfig } from '../../contract/index.ts';
import type { ModelFamily } from '../models/graph-contract.ts';
import { resolveGeneration, type ResolvedGeneration } from '../sampling/family-defaults.ts';
import { languageStepRefusal } from '../text-frontend/language-steps.ts';
import type { GenerateRequest } from '../runtime/model-runtime.ts';
import type { Conditioning } from '../runtime/tensor-data.ts';
import type { LoadedModel } from './model-pool.ts';

/**
 * Why `model` cannot be run in `language` by this build's generation loop, as one sentence, or null when it can.
 * Checked before a run starts so a refused combination fails at once with a message the user can act on. Reads
 * only the model's validation report (its languages come from its tokenizer.json, read once at load):
 * - original and Turbo: English only (their tokenizers have no language tags; Turbo is English-only upstream);
 * - multilingual: `language` must have its `[xx]` tag in the model's tokenizer, and its text step must be
 *   possible (language-steps.ts: zh needs the model's Cangjie table, he and ru are refused);
 * - a model whose family was not detected: no prompt template is known for it.
 */
export function familyRefusal(
  model: Pick<LoadedModel, 'id' | 'report' | 'dir'>,
  language: string,
): string | null {
  const { family, languages } = model.report;
  if (family === 'original' || family === 'turbo') {
    if (language === 'en') return null;
    const name = family === 'turbo' ? 'Turbo' : 'original';
    return (
      `model "${model.id}" is of the ${name} (English-only) family, so language "${language}" cannot be ` +
      'synthesised with it; use "en" or a multilingual model'
    );
  }
  if (family === 'multilingual') {
    if (languages.includes(language)) return languageStepRefusal(language, model.dir);
    return (
      `language "${language}" is not supported by model "${model.id}" (multilingual); ` +
      `its tokenizer has: ${languages.join(', ')}`
    );
  }
  return (
    `the family of model "${model.id}" was not detected (see its validation report), so no prompt template ` +
    'is known for it'
  );
}

/** The sampler, exaggeration and token limit a family's loop really uses, and what defaults and rules did. */
export type GenerationSettings = ResolvedGeneration;

/**
 * Resolves `config` for the model's family (sampling/family-defaults.ts): unset settings get the family's upstream
 * defaults (or the model-card preset's), and Turbo's unused ones (guidance, min-p, exaggeration) are turned off
 * and reported. Throws when the family is unknown, since no defaults apply then.
 */
export function generationSettings(
  family: ModelFamily | null,
  config: Pick<RunConfig, 'sampler' | 'exaggeration' | 'maxNewTokens'>,
): GenerationSettings {
  if (!family) throw new Error('the model family was not detected, so no sampler defaults apply');
  return resolveGeneration(family, config);
}

/**
 * The request that generates `text` with resolved `settings`: one place, so runs, the offline synthesis, the
 * warm-up, the self-check and the profiler all generate alike.
 */
export function generationRequest(
  text: string,
  conditioning: Conditioning,
  settings: Pick<GenerationSettings, 'sampler' | 'exaggeration' | 'maxNewTokens'>,
  seed: number,
  language: string | undefined,
): GenerateRequest {
  return {
    text,
    conditioning,
    sampler: settings.sampler,
    exaggeration: settings.exaggeration,
    seed,
    maxNewTokens: settings.maxNewTokens,
    ...(language === undefined ? {} : { language }),
  };
}
