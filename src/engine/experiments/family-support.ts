import type { LoadedModel } from './model-pool.ts';

/**
 * Why `model` cannot be run in `language` by this build's generation loop, as one sentence, or null when it can.
 * Checked before a run starts so a refused combination fails at once with a message the user can act on. Reads
 * only the model's validation report (its languages come from its tokenizer.json, read once at load):
 * - original: English only (its tokenizer has no language tags);
 * - multilingual: `language` must have its `[xx]` tag in the model's tokenizer;
 * - turbo, and a model whose family was not detected: the loop does not run them yet.
 */
export function familyRefusal(model: Pick<LoadedModel, 'id' | 'report'>, language: string): string | null {
  const { family, languages } = model.report;
  if (family === 'original') {
    if (language === 'en') return null;
    return (
      `model "${model.id}" is of the original (English-only) family, so language "${language}" cannot be ` +
      'synthesised with it; use "en" or a multilingual model'
    );
  }
  if (family === 'multilingual') {
    if (languages.includes(language)) return null;
    return (
      `language "${language}" is not supported by model "${model.id}" (multilingual); ` +
      `its tokenizer has: ${languages.join(', ')}`
    );
  }
  return (
    `model "${model.id}" is of the ${family ?? 'unknown'} family; this build's generation loop runs the ` +
    'original and multilingual families only'
  );
}
