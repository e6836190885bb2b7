import fs from 'node:fs/promises';
import path from 'node:path';
import { languageTags } from '../models/detect-family.ts';
import type { LoadedModel } from './model-pool.ts';

/**
 * Why `model` cannot be run in `language` by this build's generation loop, as one sentence, or null when it can.
 * Checked before a run starts so a refused combination fails at once with a message the user can act on:
 * - original: English only (its tokenizer has no language tags);
 * - multilingual: `language` must have its `[xx]` tag in the model's tokenizer.json;
 * - turbo, and a model whose family was not detected: the loop does not run them yet.
 */
export async function familyRefusal(
  model: Pick<LoadedModel, 'id' | 'dir' | 'report'>,
  language: string,
): Promise<string | null> {
  const family = model.report.family;
  if (family === 'original') {
    if (language === 'en') return null;
    return (
      `model "${model.id}" is of the original (English-only) family, so language "${language}" cannot be ` +
      'synthesised with it; use "en" or a multilingual model'
    );
  }
  if (family === 'multilingual') {
    const available = languageTags(await readTokenizerJson(model.dir)).map((tag) => tag.slice(1, -1));
    if (available.includes(language)) return null;
    return (
      `language "${language}" is not supported by model "${model.id}" (multilingual); ` +
      `its tokenizer has: ${available.join(', ')}`
    );
  }
  return (
    `model "${model.id}" is of the ${family ?? 'unknown'} family; this build's generation loop runs the ` +
    'original and multilingual families only'
  );
}

async function readTokenizerJson(dir: string): Promise<unknown> {
  try {
    return JSON.parse(await fs.readFile(path.join(dir, 'tokenizer.json'), 'utf8')) as unknown;
  } catch {
    return null;
  }
}
