import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { familyRefusal } from '../../../src/engine/experiments/family-support.ts';
import { characterTokenizer } from '../../../src/engine/fixture/tokenizer.ts';
import type { LoadedModel } from '../../../src/engine/experiments/model-pool.ts';
import { prepareMultilingualPrompt } from '../../../src/engine/runtime/text-prompt.ts';
import {
  CANGJIE_MAPPING_FILE,
  CangjieConverter,
  languageStepRefusal,
  MultilingualTextSteps,
} from '../../../src/engine/text-frontend/language-steps.ts';
import { normalizePunctuation } from '../../../src/engine/text-frontend/normalize.ts';
import { TextTokenizer } from '../../../src/engine/text-frontend/tokenizer.ts';

/*
 * Golden token ids for upstream MTLTokenizer.encode (resemble-ai/chatterbox
 * src/chatterbox/models/tokenizers/tokenizer.py): lowercase -> NFKD -> language step -> "[xx]" + text ->
 * ' ' replaced by [SPACE] -> tokenizer. The tokenizer below is character-level with this hand-made vocabulary, so
 * each expected id is read off the table:
 *   [STOP]=0 [UNK]=1 [SPACE]=2 [START]=255, a..z=3..28 (c=5, v=24), '.'=29, ','=30, U+0327 (combining cedilla)=31
 *   き40 ょ41 う42 は43 し44 て45 U+3099 (combining dakuten)=46 す47 。48 わ49 た50 か51 を52 ま53 カ54 タ55 ナ56
 *   jamo U+110B=60 U+1161=61 U+11AB=62 U+1102=63 U+1167=64 U+11BC=65
 *   added tokens: [cj_a]..[cj_z]=100..125 (f=105, d=103, n=113, o=114, v=121), [cj_.]=126, [cj_0]..[cj_9]=127..136
 *   tags [fr]=200 [ja]=201 [ko]=202 [zh]=203 [he]=204 [ru]=205
 */
const VOCAB: [string, number][] = [
  ['[STOP]', 0], ['[UNK]', 1], ['[SPACE]', 2], ['[START]', 255],
  ...[...'abcdefghijklmnopqrstuvwxyz'].map((c, i): [string, number] => [c, 3 + i]),
  ['.', 29], [',', 30], ['\u0327', 31],
  ...[...'きょうはして\u3099す。わたかをまカタナ'].map((c, i): [string, number] => [c, 40 + i]),
  ...[...'\u110b\u1161\u11ab\u1102\u1167\u11bc'].map((c, i): [string, number] => [c, 60 + i]),
]; // prettier-ignore
const ADDED: [string, number][] = [
  ['[STOP]', 0], ['[UNK]', 1], ['[SPACE]', 2], ['[START]', 255],
  ...[...'abcdefghijklmnopqrstuvwxyz.0123456789'].map((c, i): [string, number] => [`[cj_${c}]`, 100 + i]),
  ...['fr', 'ja', 'ko', 'zh', 'he', 'ru'].map((l, i): [string, number] => [`[${l}]`, 200 + i]),
]; // prettier-ignore

function tokenizerJson(): object {
  return characterTokenizer(Object.fromEntries([...VOCAB, ...ADDED]), ADDED);
}

/*
 * A tiny Cangjie table in the format of the model repositories' Cangjie5_TC.json (a JSON array of
 * "character<TAB>code" strings). 好 and 奵 share the code "vnd": 好 comes first (index 0, no suffix), 奵 second
 * (upstream _cangjie_encode appends its index: "vnd1").
 */
const CANGJIE = ['你\tonf', '好\tvnd', '奵\tvnd'];

let dir: string;
let tok: TextTokenizer;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'seamlab-mtl-'));
  await fs.writeFile(path.join(dir, CANGJIE_MAPPING_FILE), JSON.stringify(CANGJIE));
  tok = TextTokenizer.fromJson(tokenizerJson());
  tok.languageSteps = new MultilingualTextSteps(dir);
  await tok.languageSteps.prepare('zh');
  await tok.languageSteps.prepare('ja');
}, 60_000);
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('golden token ids per language (upstream MTLTokenizer.encode)', () => {
  it('fr: lowercase, then NFKD splits ç into c + U+0327', () => {
    // "Ça va." -> "ça va." -> "c\u0327a va." -> "[fr]c\u0327a[SPACE]va."
    expect(tok.encodeMultilingualText('Ça va.', 'fr')).toEqual([200, 5, 31, 3, 2, 24, 3, 29]);
  });

  it('zh: words cut and joined by spaces, each known character as [cj_*] letters and [cj_.]', () => {
    // NFKD first turns the fullwidth comma ， into ',' (a compatibility decomposition). "你好,世界" is cut into
    // 你好 | , | 世界 and joined: "你好 , 世界". 你 = onf -> [cj_o][cj_n][cj_f][cj_.], 好 = vnd ->
    // [cj_v][cj_n][cj_d][cj_.]; ',' is not category Lo and 世 界 are not in the table: they pass through (世 界 are
    // [UNK] in this vocabulary); the two spaces become [SPACE].
    expect(tok.encodeMultilingualText('你好，世界', 'zh')).toEqual([
      203, 114, 113, 105, 126, 121, 113, 103, 126, 2, 30, 2, 1, 1,
    ]);
    // 奵 is the second character with code vnd: "vnd1" -> [cj_v][cj_n][cj_d][cj_1][cj_.] ([cj_1] = 128).
    expect(tok.encodeMultilingualText('你好奵', 'zh')).toEqual([
      203, 114, 113, 105, 126, 121, 113, 103, 126, 2, 121, 113, 103, 128, 126,
    ]);
  });

  it('ja: words with kanji become their hiragana reading, は/へ-initial readings get a space, then NFKD', () => {
    // 今日 -> きょう, は stays, 橋 -> " はし" (upstream's space before a reading starting with は or へ), です has no
    // kanji and stays, but NFKD splits で into て + U+3099; 。 stays.
    expect(tok.encodeMultilingualText('今日は橋です。', 'ja')).toEqual([
      201, 40, 41, 42, 43, 2, 43, 44, 45, 46, 47, 48,
    ]);
    // 私 -> わたし, 書き -> かき; katakana words stay katakana (upstream keeps all-katakana segments as they are).
    expect(tok.encodeMultilingualText('私はカタカナを書きます', 'ja')).toEqual([
      201, 49, 50, 44, 43, 54, 55, 54, 56, 52, 51, 40, 53, 47,
    ]);
  });

  it('ko: syllables decomposed into jamo (NFKD, identical to upstream korean_normalize), then stripped', () => {
    // 안 = U+C548: base 6472 -> initial 6472 // 588 = 11 (U+110B), medial (6472 % 588) // 28 = 0 (U+1161),
    // final 6472 % 28 = 4 (U+11A7 + 4 = U+11AB). 녕 = U+B155: base 1365 -> 2 (U+1102), 6 (U+1167), 21 (U+11BC).
    // The surrounding spaces are stripped, so no [SPACE].
    expect(tok.encodeMultilingualText(' 안녕 ', 'ko')).toEqual([202, 60, 61, 62, 63, 64, 65]);
  });

  it('he and ru: refused, because their steps need models that cannot be had here', async () => {
    for (const [code, what] of [
      ['he', /Hebrew \(he\).*diacritics.*dicta_onnx/],
      ['ru', /Russian \(ru\).*stress marks.*russian_text_stresser/],
    ] as const) {
      await expect(tok.languageSteps.prepare(code)).rejects.toThrow(what);
      expect(() => tok.encodeMultilingualText('shalom', code)).toThrow(what);
    }
  });
});

describe('punctuation and prompts (upstream mtl_tts.py punc_norm)', () => {
  it('CJK sentence enders keep the multilingual family from appending a full stop', () => {
    const prompt = prepareMultilingualPrompt(tok, '你好。', 'zh');
    expect(prompt.normalizedText).toBe('你好。');
    for (const ender of ['、', '，', '。', '？', '！'])
      expect(prepareMultilingualPrompt(tok, `你好${ender}`, 'zh').normalizedText).toBe(`你好${ender}`);
    // The original family's punc_norm (tts.py) has no CJK enders and appends one.
    expect(normalizePunctuation('你好。')).toBe('你好。.');
    // Template: exaggeration slot, [START], [zh], 你 好 as Cangjie, [SPACE] 。 (the segmenter cuts the full stop
    // off as its own word), [STOP], start-of-speech x2.
    expect([...prompt.inputIds].map(Number)).toEqual([
      6563, 255, 203, 114, 113, 105, 126, 121, 113, 103, 126, 2, 48, 0, 6561, 6561,
    ]);
  });
});

describe('refusal in validation, before any work', () => {
  const model = (modelDir: string, languages: string[]) =>
    ({ id: 'mtl', dir: modelDir, report: { family: 'multilingual', languages } }) as unknown as Pick<
      LoadedModel,
      'id' | 'report' | 'dir'
    >;
  const all = ['en', 'fr', 'he', 'ja', 'ko', 'ru', 'zh'];

  it('zh needs the Cangjie table in the model folder, and the message names the file and the folder', async () => {
    const empty = await fs.mkdtemp(path.join(os.tmpdir(), 'seamlab-mtl-empty-'));
    try {
      const message =
        `Chinese (zh) needs ${CANGJIE_MAPPING_FILE} from the model repository (upstream MTLTokenizer writes every ` +
        `Chinese character as its Cangjie code), and it is not in ${empty}; put the file there`;
      expect(languageStepRefusal('zh', empty)).toBe(message);
      expect(familyRefusal(model(empty, all), 'zh')).toBe(message);
      await expect(new MultilingualTextSteps(empty).prepare('zh')).rejects.toThrow(message);
    } finally {
      await fs.rm(empty, { recursive: true, force: true });
    }
    expect(familyRefusal(model(dir, all), 'zh')).toBeNull();
  });

  it('he and ru are refused; ja (kuromoji dictionary installed), ko, fr and en are not', () => {
    expect(familyRefusal(model(dir, all), 'he')).toMatch(/^Hebrew \(he\) text must get its diacritics/);
    expect(familyRefusal(model(dir, all), 'ru')).toMatch(/^Russian \(ru\) text must get its stress marks/);
    for (const code of ['ja', 'ko', 'fr', 'en']) expect(familyRefusal(model(dir, all), code)).toBeNull();
  });

  it('a damaged Cangjie table is reported with its path', async () => {
    const bad = path.join(dir, 'bad.json');
    await fs.writeFile(bad, JSON.stringify({ not: 'a list' }));
    expect(() => CangjieConverter.fromFile(bad)).toThrow(
      `${bad}: expected a JSON array of "character<TAB>code" strings`,
    );
  });
});
