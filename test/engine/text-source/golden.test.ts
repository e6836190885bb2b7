import { describe, expect, it } from 'vitest';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { SegmentSplitter, type TextSegment } from '../../../src/engine/text-source/segment-splitter.ts';
import type { SplitterOptionsInput } from '../../../src/engine/text-source/options.ts';
import { GOLDEN_CASES } from './golden-cases.ts';

function run(pieces: readonly string[], options: SplitterOptionsInput): TextSegment[] {
  const splitter = new SegmentSplitter(options);
  const out: TextSegment[] = [];
  for (const piece of pieces) out.push(...splitter.push(piece));
  out.push(...splitter.close());
  return out;
}

function randomPieces(text: string, seed: number): string[] {
  const rng = xoroshiro128plus(seed);
  const pieces: string[] = [];
  for (let i = 0; i < text.length;) {
    const n = uniformInt(rng, 1, 7);
    pieces.push(text.slice(i, i + n));
    i += n;
  }
  return pieces;
}

describe('golden segmentation table', () => {
  it('has at least 100 cases', () => {
    expect(GOLDEN_CASES.length).toBeGreaterThanOrEqual(100);
  });

  describe.each(GOLDEN_CASES)('$name', ({ input, options, expected }) => {
    it('pushed whole', () => {
      const segments = run([input], options);
      expect(segments.map((s) => s.text)).toEqual(expected);
      segments.forEach((s, k) => {
        expect(s.index).toBe(k);
        expect(input.slice(s.charStart, s.charEnd)).toBe(s.text);
      });
    });

    it('pushed char by char', () => {
      expect(run(Array.from(input), options)).toEqual(run([input], options));
    });

    it('pushed in random chunks', () => {
      for (const seed of [1, 2, 3])
        expect(run(randomPieces(input, seed), options)).toEqual(run([input], options));
    });
  });
});
