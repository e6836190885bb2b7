import { describe, expect, it } from 'vitest';
import { SegmentSplitter } from '../../../src/engine/text-source/segment-splitter.ts';
import { collectSegments, openTextSource } from '../../../src/engine/text-source/sources.ts';
import { SPLITTER_LANGUAGES, languageProfile } from '../../../src/engine/text-source/language-profiles.ts';
import { ENGLISH_GOLDEN_RULES } from '../../../src/engine/text-source/golden/english-golden-rules.ts';
import { LANGUAGE_GOLDEN_CASES } from '../../../src/engine/text-source/golden/languages.ts';

const S = { mode: 'sentences', minChars: 0 } as const;

function split(pieces: Iterable<string>, language: string): string[] {
  const splitter = new SegmentSplitter(S, language);
  const out: string[] = [];
  for (const piece of pieces) out.push(...splitter.push(piece).map((s) => s.text));
  out.push(...splitter.close().map((s) => s.text));
  return out;
}

describe('English golden rules (pySBD tests/lang/test_english.py)', () => {
  it('has the 48 rules', () => expect(ENGLISH_GOLDEN_RULES).toHaveLength(48));
  describe.each(ENGLISH_GOLDEN_RULES)('$name', ({ input, expected }) => {
    it('pushed whole', () => expect(split([input], 'en')).toEqual(expected));
    it('pushed char by char', () => expect(split(Array.from(input), 'en')).toEqual(expected));
  });
});

describe('per-language golden tables', () => {
  it.each(SPLITTER_LANGUAGES.filter((l) => l !== 'en'))('%s has enough cases', (language) => {
    const count = LANGUAGE_GOLDEN_CASES.filter((c) => c.language === language).length;
    const big = ['de', 'es', 'fr', 'it', 'ru', 'ja', 'zh'].includes(language);
    expect(count).toBeGreaterThanOrEqual(big ? 20 : 5);
  });
  describe.each(LANGUAGE_GOLDEN_CASES)('$language: $name', ({ language, input, expected }) => {
    it('pushed whole', () => expect(split([input], language)).toEqual(expected));
    it('pushed char by char', () => expect(split(Array.from(input), language)).toEqual(expected));
  });
});

describe('language profiles', () => {
  it('takes CLDR suppressions where CLDR has them', () => {
    expect(languageProfile('de').multiPart).toContain('z.b');
    expect(languageProfile('ru').multiPart).toContain('дон.э');
    expect(languageProfile('es').prefixes.has('p.ej')).toBe(true);
  });
  it('rejects a malformed language code, naming it', () => {
    expect(() => new SegmentSplitter(S, 'EN')).toThrow(/two-letter lowercase ISO 639-1 code.*"EN"/);
  });
  it('the language changes the split: Greek ; is a question mark, elsewhere a clause break', () => {
    expect(split(['Τι κάνεις; Καλά.'], 'el')).toEqual(['Τι κάνεις;', 'Καλά.']);
    expect(split(['Wait; Then go.'], 'en')).toEqual(['Wait; Then go.']);
  });
});

describe('the run language reaches the text source', () => {
  it('openTextSource splits by the request language', async () => {
    const text = 'Die Zahl war 30. Danach kam nichts. Am 12. Juni kam er.';
    const de = await collectSegments(openTextSource({ text, options: S, language: 'de' }));
    const en = await collectSegments(openTextSource({ text, options: S }));
    expect(de.map((s) => s.text)).toEqual(['Die Zahl war 30.', 'Danach kam nichts.', 'Am 12. Juni kam er.']);
    expect(en.map((s) => s.text)).toEqual([
      'Die Zahl war 30.',
      'Danach kam nichts.',
      'Am 12.',
      'Juni kam er.',
    ]);
  });
});

describe('long streams stay linear', () => {
  it('drops decided text but keeps offsets into the whole stream', () => {
    const sentence = 'Dr. Smith met Mr. Jones at 5 p.m. on Jan. 4. ';
    const text = sentence.repeat(200);
    const splitter = new SegmentSplitter(S, 'en');
    const segments = [];
    for (const ch of text) segments.push(...splitter.push(ch));
    segments.push(...splitter.close());
    expect(segments).toHaveLength(200);
    expect(splitter.streamText).toBe(text);
    for (const s of segments) expect(text.slice(s.charStart, s.charEnd)).toBe(s.text);
  });
});
