import { describe, expect, it } from 'vitest';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { SegmentSplitter, splitText } from '../../../src/engine/text-source/segment-splitter.ts';
import type { SplitterOptionsInput } from '../../../src/engine/text-source/options.ts';

const texts = (segments: { text: string }[]) => segments.map((s) => s.text);

describe('SegmentSplitter streaming', () => {
  it('emits a sentence as soon as the next sentence starts, not at close', () => {
    const s = new SegmentSplitter({ mode: 'sentences', minChars: 0 });
    expect(s.push('Hello there.')).toEqual([]); // the period could be "Dr." or "3."
    expect(s.push(' ')).toEqual([]); // still ambiguous: "3. apples" vs "3. Then"
    expect(texts(s.push('How'))).toEqual(['Hello there.']);
    expect(texts(s.close())).toEqual(['How']);
  });

  it('keeps "Dr." and "3." pending at the end of the buffer until text or close decides', () => {
    const a = new SegmentSplitter({ mode: 'sentences', minChars: 0 });
    expect(a.push('I saw Dr.')).toEqual([]);
    expect(a.push(' Smith today. ')).toEqual([]);
    expect(texts(a.push('Then'))).toEqual(['I saw Dr. Smith today.']);

    const b = new SegmentSplitter({ mode: 'sentences', minChars: 0 });
    expect(b.push('The answer is 3.')).toEqual([]);
    expect(b.push('14 exactly')).toEqual([]);
    expect(texts(b.close())).toEqual(['The answer is 3.14 exactly']);

    const c = new SegmentSplitter({ mode: 'sentences', minChars: 0 });
    expect(c.push('The answer is 3.')).toEqual([]);
    expect(texts(c.close())).toEqual(['The answer is 3.']);
  });

  it('CJK sentences are emitted once the next character arrives (a closer could still follow)', () => {
    const s = new SegmentSplitter({ mode: 'sentences', minChars: 0 });
    expect(s.push('你好。')).toEqual([]);
    expect(texts(s.push('我'))).toEqual(['你好。']);
  });

  it('segments mode emits at max length without waiting for a sentence end', () => {
    const s = new SegmentSplitter({ mode: 'segments', minChars: 10, maxChars: 20 });
    const out = s.push('alpha beta gamma delta epsilon');
    expect(texts(out)).toEqual(['alpha beta gamma']);
    expect(texts(s.close())).toEqual(['delta epsilon']);
  });

  it('segments mode waits while the window holds an undecided sentence end', () => {
    const s = new SegmentSplitter({ mode: 'segments', minChars: 5, maxChars: 12 });
    expect(s.push('Hello Mr.')).toEqual([]);
    // 13 characters now, but "Mr." (inside the window) is decided only by the character after the spaces.
    expect(s.push('    ')).toEqual([]);
    expect(texts(s.push('S'))).toEqual(['Hello Mr.']);
  });

  it('flush forces out the pending text and segments what follows as a new text', () => {
    const s = new SegmentSplitter({ mode: 'sentences', minChars: 0 });
    expect(texts(s.push('Good. Then I met Dr.'))).toEqual(['Good.']);
    expect(texts(s.flush())).toEqual(['Then I met Dr.']);
    expect(s.flush()).toEqual([]);
    const after = [...s.push(' Smith arrived. Bye'), ...s.close()];
    expect(texts(after)).toEqual(['Smith arrived.', 'Bye']);
    expect(after.map((x) => x.index)).toEqual([2, 3]);
    expect(s.streamText.slice(after[0]?.charStart, after[0]?.charEnd)).toBe('Smith arrived.');
  });

  it('flush in whole mode emits what was pushed so far', () => {
    const s = new SegmentSplitter({ mode: 'whole' });
    expect(s.push('One. Two.')).toEqual([]);
    expect(texts(s.flush())).toEqual(['One. Two.']);
    s.push(' Three.');
    expect(texts(s.close())).toEqual(['Three.']);
  });

  it('flush bypasses the minimum length', () => {
    const s = new SegmentSplitter({ mode: 'segments', minChars: 30, maxChars: 100 });
    expect(s.push('Hi. Ok.')).toEqual([]);
    expect(texts(s.flush())).toEqual(['Hi. Ok.']);
  });

  it('refuses push after close; close twice returns nothing', () => {
    const s = new SegmentSplitter({ mode: 'sentences' });
    s.push('Text.');
    expect(texts(s.close())).toEqual(['Text.']);
    expect(s.close()).toEqual([]);
    expect(() => s.push('more')).toThrow(/after close/);
  });

  it('rejects invalid options', () => {
    expect(() => new SegmentSplitter({ mode: 'segments', minChars: 80, maxChars: 40 })).toThrow(
      /minChars \(80\)/,
    );
  });
});

/** Random texts built from tricky fragments: every chunking must give the segments of the whole text. */
const FRAGMENTS = [
  'Dr. Smith',
  'said',
  '"Stop."',
  'Then',
  'he left.',
  'It costs $2.50.',
  'at 10:30 a.m.',
  'e.g.',
  'v1.2.3',
  'the U.S.',
  'Wait...',
  'what?!',
  'No. 5',
  'J. R. R. Tolkien',
  '1. First',
  '\n2. Second',
  '\n\n',
  '你好。',
  '¿Qué?',
  '¡Sí!',
  '« Oui. »',
  'यह है।',
  'هل؟',
  'https://example.com/x.y?z=1',
  'a.b@c.org.',
  'word,',
  'clause;',
  'dash —',
  '3.14',
  'Supercalifragilisticexpialidocious',
  'etc.',
  'and',
  'Fig. 3',
  '…',
  'The',
  'end.',
];

function randomText(seed: number): string {
  const rng = xoroshiro128plus(seed);
  const words: string[] = [];
  const n = uniformInt(rng, 5, 60);
  for (let k = 0; k < n; k++) words.push(FRAGMENTS[uniformInt(rng, 0, FRAGMENTS.length - 1)] ?? '');
  return words.join(' ');
}

function chunked(text: string, seed: number, options: SplitterOptionsInput) {
  const rng = xoroshiro128plus(seed);
  const s = new SegmentSplitter(options);
  const out = [];
  for (let i = 0; i < text.length;) {
    const n = uniformInt(rng, 1, 12);
    out.push(...s.push(text.slice(i, i + n)));
    i += n;
  }
  out.push(...s.close());
  return out;
}

describe('chunking invariance on random texts', () => {
  const modes: SplitterOptionsInput[] = [
    { mode: 'sentences', minChars: 0 },
    { mode: 'sentences' },
    { mode: 'segments' },
    { mode: 'segments', preset: 'fast' },
    { mode: 'segments', minChars: 3, maxChars: 12 },
    { mode: 'whole' },
  ];
  it.each(modes)('%o', (options) => {
    for (let seed = 0; seed < 60; seed++) {
      const text = randomText(seed);
      const whole = splitText(text, options);
      expect(chunked(text, seed + 1000, options)).toEqual(whole);
      // Segments cover the text in order, each the exact trimmed slice, and within the maximum (or cut words).
      let previousEnd = 0;
      for (const seg of whole) {
        expect(seg.charStart).toBeGreaterThanOrEqual(previousEnd);
        expect(text.slice(seg.charStart, seg.charEnd)).toBe(seg.text);
        expect(text.slice(previousEnd, seg.charStart).trim()).toBe('');
        if (options.mode === 'segments') {
          const max = options.maxChars ?? (options.preset === 'fast' ? 50 : 100);
          expect(seg.text.length).toBeLessThanOrEqual(max);
        }
        previousEnd = seg.charEnd;
      }
      expect(text.slice(previousEnd).trim()).toBe('');
    }
  });
});
