/**
 * How many text tokens a text is for a model, against T3's text context (contract/model-limits.ts): what the
 * Experiment form asks before it lets a `whole`-mode run start, so a text the model cannot take is refused with its
 * count and the limit instead of failing (or, before the limit existed, exhausting memory) mid-run. The count is
 * the model's own tokenizer and prompt step, exactly what the token worker will feed it.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { T3_LIMITS, textTooLongMessage } from '../../contract/model-limits.ts';
import type { ModelFamily } from '../models/graph-contract.ts';
import { familyLoop } from '../runtime/family-loop.ts';
import { loadTextTokenizer, TextTooLongError, type TextTokenizer } from '../runtime/text-prompt.ts';
import { MultilingualTextSteps } from '../text-frontend/language-steps.ts';

export interface TextBudget {
  textTokens: number;
  maxTextTokens: number;
  fits: boolean;
  /** Why it does not fit, with the numbers; null when it fits. */
  message: string | null;
}

const tokenizers = new Map<string, Promise<TextTokenizer>>();

async function tokenizerOf(modelDir: string): Promise<TextTokenizer> {
  let loading = tokenizers.get(modelDir);
  if (!loading) {
    loading = fs.readFile(path.join(modelDir, 'tokenizer.json'), 'utf8').then((json) => {
      const tokenizer = loadTextTokenizer(json);
      tokenizer.languageSteps = new MultilingualTextSteps(modelDir);
      return tokenizer;
    });
    loading.catch(() => tokenizers.delete(modelDir));
    tokenizers.set(modelDir, loading);
  }
  return loading;
}

export async function measureTextBudget(
  modelDir: string,
  family: ModelFamily | null,
  text: string,
  language: string,
): Promise<TextBudget> {
  const tokenizer = await tokenizerOf(modelDir);
  if (family === 'multilingual') await tokenizer.languageSteps.prepare(language);
  const maxTextTokens = T3_LIMITS.maxTextTokens;
  try {
    const prompt = familyLoop(family).preparePrompt(tokenizer, text, language);
    return { textTokens: prompt.textTokenCount, maxTextTokens, fits: true, message: null };
  } catch (error) {
    if (!(error instanceof TextTooLongError)) throw error;
    return {
      textTokens: error.textTokens,
      maxTextTokens,
      fits: false,
      message: textTooLongMessage(error.textTokens, maxTextTokens),
    };
  }
}
