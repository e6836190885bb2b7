import type { RunConfig } from '../../contract/index.ts';
import type { ModelFamily } from '../models/graph-contract.ts';
import { languageStepRefusal } from '../text-frontend/language-steps.ts';
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

/** The sampler and exaggeration a family's loop really uses for `config`, and what it set aside. */
export interface GenerationSettings {
  sampler: RunConfig['sampler'];
  exaggeration: number;
  /** One line per requested setting the family does not use, saying why (recorded in the run's provenance). */
  ignored: string[];
}

/**
 * Turbo has no classifier-free guidance, no exaggeration input and no min-p (upstream tts_turbo.py warns that it
 * ignores all three): they are turned off for its runs rather than fed to a graph that has no place for them,
 * and every one the user had set is reported. The other families use the config as given.
 */
export function generationSettings(
  family: ModelFamily | null,
  config: Pick<RunConfig, 'sampler' | 'exaggeration'>,
): GenerationSettings {
  if (family !== 'turbo') return { sampler: config.sampler, exaggeration: config.exaggeration, ignored: [] };
  const ignored: string[] = [];
  if (config.sampler.cfgWeight > 0)
    ignored.push(`cfgWeight ${config.sampler.cfgWeight}: Turbo has no classifier-free guidance`);
  if (config.sampler.minP > 0) ignored.push(`minP ${config.sampler.minP}: Turbo's sampler has no min-p`);
  if (config.exaggeration > 0)
    ignored.push(`exaggeration ${config.exaggeration}: Turbo's embed_tokens has no exaggeration input`);
  return { sampler: { ...config.sampler, cfgWeight: 0, minP: 0 }, exaggeration: 0, ignored };
}
