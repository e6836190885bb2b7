import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureFixtureModel } from '../../../src/engine/fixture/index.ts';
import {
  loadTextTokenizer,
  prepareMultilingualPrompt,
  prepareOriginalPrompt,
  prepareTurboPrompt,
  tokenizerLanguages,
  UnsupportedLanguageError,
} from '../../../src/engine/runtime/text-prompt.ts';
import { TEST_MODELS_DIR } from '../experiments/helpers.ts';

async function tokenizerOf(id: 'fixture' | 'fixture-multilingual' | 'fixture-turbo') {
  const dir = await ensureFixtureModel(TEST_MODELS_DIR, id);
  return loadTextTokenizer(await fs.readFile(path.join(dir, 'tokenizer.json'), 'utf8'));
}

describe('prepareMultilingualPrompt', () => {
  it('puts the [lang] tag first in the text, lowercases, and keeps the original template', async () => {
    const tokenizer = await tokenizerOf('fixture-multilingual');
    expect(tokenizerLanguages(tokenizer)).toEqual(['de', 'en', 'es', 'fr']);
    const prompt = prepareMultilingualPrompt(tokenizer, 'Hi there.', 'FR');
    const ids = Array.from(prompt.inputIds, Number);
    const text = ids.slice(prompt.textSpan[0], prompt.textSpan[1]);
    expect(text[0]).toBe(tokenizer.tokenId('[fr]'));
    expect(text.slice(1)).toEqual(tokenizer.encodeOriginalText('hi there.'));
    expect(prompt.textTokenCount).toBe(1 + 'hi there.'.length);
    expect(ids.slice(0, 2)).toEqual([6563, 255]);
    expect(ids.slice(-3)).toEqual([0, 6561, 6561]);
    expect(Array.from(prompt.positionIds, Number)).toEqual(ids.map((id, i) => (id >= 6561 ? 0 : i - 1)));
  });

  it('refuses a language without a tag, naming it and the available ones', async () => {
    const tokenizer = await tokenizerOf('fixture-multilingual');
    expect(() => prepareMultilingualPrompt(tokenizer, 'Ciao.', 'it')).toThrow(UnsupportedLanguageError);
    expect(() => prepareMultilingualPrompt(tokenizer, 'Ciao.', 'it')).toThrow(
      'language "it" is not supported by this model\'s tokenizer; available: de, en, es, fr',
    );
    const english = await tokenizerOf('fixture');
    expect(tokenizerLanguages(english)).toEqual([]);
    expect(() => prepareMultilingualPrompt(english, 'Hi.', 'en')).toThrow('available: none');
    expect(prepareOriginalPrompt(english, 'Hi.').textTokenCount).toBe(3);
  });
});

describe('prepareTurboPrompt', () => {
  it('normalises punctuation, then applies the tokenizer.json template as is (text first, end tokens after)', async () => {
    const tokenizer = await tokenizerOf('fixture-turbo');
    const prompt = prepareTurboPrompt(tokenizer, 'the cat  [laugh] is here');
    expect(prompt.normalizedText).toBe('The cat [laugh] is here.');
    const ids = Array.from(prompt.inputIds, Number);
    const textIds = tokenizer.encodeTurboText(prompt.normalizedText);
    expect(ids).toEqual([...textIds, 50256, 50256]);
    expect(prompt.textSpan).toEqual([0, textIds.length]);
    expect(prompt.textTokenCount).toBe(textIds.length);
    // The paralinguistic tag is one token, not its characters.
    expect(textIds).toContain(tokenizer.tokenId('[laugh]'));
    expect(tokenizer.decode(textIds)).toBe(prompt.normalizedText);
    expect(Array.from(prompt.positionIds, Number)).toEqual(ids.map((_, i) => i));
  });
});
