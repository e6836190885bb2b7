import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fs from 'node:fs/promises';
import { beforeAll, describe, expect, test } from 'vitest';
import {
  TextTokenizer,
  buildOriginalPrompt,
  decodePositionId,
  prefillPositionIds,
  turboPrefillPositionIds,
} from '../../../src/engine/text-frontend/tokenizer.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
let json: { added_tokens: { id: number; content: string }[]; model: { vocab: Record<string, number> } };
let tok: TextTokenizer;
// Ids in char-tokenizer.json: [STOP]=0 [UNK]=1 [SPACE]=2 a..z=3..28 A..Z=29..54 0..9=55..64 . , ! ? ' " -=65..71
// th=100 [START]=255.
const id = (c: string) => json.model.vocab[c]!;

beforeAll(async () => {
  const file = path.join(here, 'char-tokenizer.json');
  json = JSON.parse(await fs.readFile(file, 'utf8')) as typeof json;
  tok = await TextTokenizer.fromFile(file);
});

describe('TextTokenizer (original family)', () => {
  test('spaces become [SPACE] (id 2) and BPE merges apply', () => {
    expect(tok.encodeOriginalText('Hi there.')).toEqual([
      id('H'),
      id('i'),
      2,
      id('th'),
      id('e'),
      id('r'),
      id('e'),
      id('.'),
    ]);
    expect(id('th')).toBe(100);
    expect(tok.encodeOriginalText('a  b')).toEqual([3, 2, 2, 4]);
  });

  test('unknown characters map to [UNK]', () => {
    expect(tok.encodeOriginalText('a\u00e9')).toEqual([3, 1]);
  });

  test('buildOriginalPrompt wraps text ids in the template', () => {
    expect(buildOriginalPrompt([10, 11, 12])).toEqual([6563, 255, 10, 11, 12, 0, 6561, 6561]);
    expect(buildOriginalPrompt([])).toEqual([6563, 255, 0, 6561, 6561]);
  });

  test('prefill positions: speech-range ids at 0, others index - 1', () => {
    const prompt = buildOriginalPrompt(tok.encodeOriginalText('ab'));
    expect(prompt).toEqual([6563, 255, 3, 4, 0, 6561, 6561]);
    expect(prefillPositionIds(prompt)).toEqual([0, 0, 1, 2, 3, 0, 0]);
    expect(decodePositionId(0)).toBe(1);
    expect(decodePositionId(7)).toBe(8);
  });
});

describe('TextTokenizer (multilingual and turbo)', () => {
  test('multilingual: language tag first, lowercased, NFKD, [SPACE]', async () => {
    const multi = TextTokenizer.fromJson({
      ...json,
      added_tokens: [...json.added_tokens, { id: 700, content: '[fr]', special: true, normalized: false }],
    });
    // NFKD splits "é" into "e" + U+0301 (not in this vocab -> [UNK]).
    expect(multi.encodeMultilingualText('Ab é', 'FR')).toEqual([700, 3, 4, 2, id('e'), 1]);
    expect(() => multi.encodeMultilingualText('x', 'de')).toThrow('tokenizer.json has no language tag [de]');
  });

  test('turbo uses the template of tokenizer.json', () => {
    const turbo = TextTokenizer.fromJson({
      ...json,
      post_processor: {
        type: 'TemplateProcessing',
        single: [{ Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[STOP]', type_id: 0 } }],
        pair: [],
        special_tokens: { '[STOP]': { id: '[STOP]', ids: [0], tokens: ['[STOP]'] } },
      },
    });
    expect(turbo.encodeTurbo('ab')).toEqual([3, 4, 0]);
    // Original-family encoding never applies the template.
    expect(turbo.encodeOriginalText('ab')).toEqual([3, 4]);
    expect(turboPrefillPositionIds(4)).toEqual([0, 1, 2, 3]);
  });
});
