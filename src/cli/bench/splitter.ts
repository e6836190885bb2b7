import { performance } from 'node:perf_hooks';
import {
  ENGLISH_GOLDEN_RULES,
  LANGUAGE_GOLDEN_CASES,
  SegmentSplitter,
  SPLITTER_LANGUAGES,
  type LanguageGoldenCase,
} from '../../engine/index.ts';
import type { BenchSuite } from './types.ts';

/**
 * `npm run bench -- splitter`: sentence-splitting accuracy per language, Seamlab's streaming splitter against
 * ICU's `Intl.Segmenter` (sentence granularity, the runtime's ICU) on the golden tables (English's 48 golden rules
 * and the per-language tables), each in `sentences` mode with `minChars: 0`; and the throughput of pushing a text
 * one character at a time at growing sizes, to show the time per character does not grow with the stream.
 */
const SENTENCES = { mode: 'sentences', minChars: 0 } as const;

function seamlab(pieces: Iterable<string>, language: string): string[] {
  const splitter = new SegmentSplitter(SENTENCES, language);
  const out: string[] = [];
  for (const piece of pieces) for (const s of splitter.push(piece)) out.push(s.text);
  for (const s of splitter.close()) out.push(s.text);
  return out;
}

function intlSegmenter(text: string, language: string): string[] {
  const segmenter = new Intl.Segmenter(language, { granularity: 'sentence' });
  return [...segmenter.segment(text)].map((s) => s.segment.trim()).filter((s) => s !== '');
}

const same = (a: string[], b: string[]) => a.length === b.length && a.every((x, k) => x === b[k]);

interface LanguageScore {
  language: string;
  cases: number;
  seamlab: number;
  seamlabCharByChar: number;
  intlSegmenter: number;
}

function score(language: string, cases: LanguageGoldenCase[]): LanguageScore {
  let whole = 0;
  let charByChar = 0;
  let icu = 0;
  for (const c of cases) {
    if (same(seamlab([c.input], language), c.expected)) whole++;
    if (same(seamlab(Array.from(c.input), language), c.expected)) charByChar++;
    if (same(intlSegmenter(c.input, language), c.expected)) icu++;
  }
  return { language, cases: cases.length, seamlab: whole, seamlabCharByChar: charByChar, intlSegmenter: icu };
}

/** A text of about `chars` characters: the English golden rules' inputs, repeated. */
function streamText(chars: number): string {
  const unit = ENGLISH_GOLDEN_RULES.map((c) => c.input).join(' ') + '\n\n';
  return unit.repeat(Math.ceil(chars / unit.length)).slice(0, chars);
}

function charByCharNsPerChar(text: string): number {
  const splitter = new SegmentSplitter(SENTENCES, 'en');
  const start = performance.now();
  let segments = 0;
  for (let i = 0; i < text.length; i++) segments += splitter.push(text[i]!).length;
  segments += splitter.close().length;
  const ms = performance.now() - start;
  if (segments === 0) throw new Error('splitter bench: no segments came out');
  return (ms * 1e6) / text.length;
}

export const benchSplitter: BenchSuite = async ({ quick, log }) => {
  const accuracy = SPLITTER_LANGUAGES.map((language) =>
    score(
      language,
      language === 'en' ? ENGLISH_GOLDEN_RULES : LANGUAGE_GOLDEN_CASES.filter((c) => c.language === language),
    ),
  );
  log('language  cases  seamlab  char-by-char  Intl.Segmenter');
  for (const a of accuracy)
    log(
      `${a.language.padEnd(8)}  ${String(a.cases).padStart(5)}  ${String(a.seamlab).padStart(7)}  ` +
        `${String(a.seamlabCharByChar).padStart(12)}  ${String(a.intlSegmenter).padStart(14)}`,
    );

  const sizes = quick ? [16_384, 65_536, 131_072] : [131_072, 524_288, 1_048_576];
  const repeats = quick ? 1 : 3;
  const throughput = sizes.map((chars) => {
    const text = streamText(chars);
    charByCharNsPerChar(text.slice(0, 20_000)); // warm-up
    const runs = Array.from({ length: repeats }, () => charByCharNsPerChar(text)).sort((a, b) => a - b);
    const nsPerChar = runs[Math.floor(runs.length / 2)]!;
    log(`char-by-char push of ${chars} characters: ${nsPerChar.toFixed(0)} ns per character`);
    return { chars, nsPerChar: Math.round(nsPerChar), charsPerSecond: Math.round(1e9 / nsPerChar) };
  });
  const first = throughput[0]!.nsPerChar;
  const last = throughput[throughput.length - 1]!.nsPerChar;

  return {
    intlSegmenterIcu: process.versions.icu ?? 'unknown',
    accuracy,
    totals: {
      cases: accuracy.reduce((n, a) => n + a.cases, 0),
      seamlab: accuracy.reduce((n, a) => n + a.seamlab, 0),
      seamlabCharByChar: accuracy.reduce((n, a) => n + a.seamlabCharByChar, 0),
      intlSegmenter: accuracy.reduce((n, a) => n + a.intlSegmenter, 0),
    },
    seamlabAheadInEveryLanguage: accuracy.every((a) => a.seamlab > a.intlSegmenter),
    throughput,
    /** Time per character at the largest size over the smallest: about 1 when the push is linear. */
    nsPerCharGrowth: Math.round((last / first) * 100) / 100,
  };
};
