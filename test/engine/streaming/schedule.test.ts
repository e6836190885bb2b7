import { describe, expect, it } from 'vitest';
import {
  ChunkScheduler,
  chunksFor,
  chunkSizeAt,
  parseScheduleConfig,
  type Chunk,
} from '../../../src/engine/streaming/schedule.ts';

const ranges = (chunks: Chunk[]) => chunks.map((c) => [c.start, c.end]);

describe('chunkSizeAt', () => {
  it('follows each schedule kind', () => {
    const sizes = (config: unknown, n: number) =>
      Array.from({ length: n }, (_, i) => chunkSizeAt(parseScheduleConfig(config), i));
    expect(sizes({ kind: 'fixed', tokens: 25 }, 3)).toEqual([25, 25, 25]);
    expect(sizes({ kind: 'first-then-fixed', first: 12, tokens: 25 }, 3)).toEqual([12, 25, 25]);
    expect(sizes({ kind: 'growing', sizes: [25, 50, 100] }, 5)).toEqual([25, 50, 100, 100, 100]);
    expect(sizes({ kind: 'growing', start: 10, factor: 2, max: 80 }, 6)).toEqual([10, 20, 40, 80, 80, 80]);
    // 10 * 1.5^i = 10, 15, 22.5, 33.75, 50.6, 75.9 -> rounded, capped at 60.
    expect(sizes({ kind: 'growing', start: 10, factor: 1.5, max: 60 }, 7)).toEqual([
      10, 15, 23, 34, 51, 60, 60,
    ]);
    // A long stream must not overflow the power.
    expect(
      chunkSizeAt(parseScheduleConfig({ kind: 'growing', start: 4, factor: 16, max: 100 }), 10_000),
    ).toBe(100);
  });
});

describe('parseScheduleConfig', () => {
  it('rejects invalid configs with messages naming the problem', () => {
    expect(() => parseScheduleConfig({ kind: 'fixed', tokens: 0 })).toThrow(
      /tokens must be at least 1 token/,
    );
    expect(() => parseScheduleConfig({ kind: 'fixed', tokens: 2.5 })).toThrow(/whole number/);
    expect(() => parseScheduleConfig({ kind: 'first-then-fixed', first: 0, tokens: 25 })).toThrow(
      /first must be at least 1/,
    );
    expect(() => parseScheduleConfig({ kind: 'growing', sizes: [] })).toThrow(/at least one chunk size/);
    expect(() => parseScheduleConfig({ kind: 'growing', sizes: [25, 0] })).toThrow(
      /each size must be at least 1/,
    );
    expect(() => parseScheduleConfig({ kind: 'growing' })).toThrow(/needs sizes .* or start, factor and max/);
    expect(() => parseScheduleConfig({ kind: 'growing', sizes: [25], factor: 2 })).toThrow(/not both/);
    expect(() => parseScheduleConfig({ kind: 'growing', start: 25, factor: 2 })).toThrow(/needs max as well/);
    expect(() => parseScheduleConfig({ kind: 'growing', start: 50, factor: 2, max: 25 })).toThrow(
      /max must not be below start/,
    );
    expect(() => parseScheduleConfig({ kind: 'growing', start: 5, factor: 0.5, max: 25 })).toThrow(
      /factor must be at least 1/,
    );
    expect(() => parseScheduleConfig({ kind: 'random' })).toThrow(/Invalid chunk schedule/);
  });
});

describe('ChunkScheduler', () => {
  it('returns each chunk as soon as its last token exists, and the partial tail at finish', () => {
    const s = new ChunkScheduler({ kind: 'fixed', tokens: 25 });
    const cut: Chunk[] = [];
    const completedAt: number[] = [];
    for (let t = 1; t <= 60; t++) {
      const done = s.pushToken();
      if (done.length > 0) completedAt.push(t);
      cut.push(...done);
    }
    expect(completedAt).toEqual([25, 50]);
    const tail = s.finish(60);
    expect(tail).toEqual([{ index: 2, start: 50, end: 60, final: true }]);
    expect(ranges([...cut, ...tail])).toEqual([
      [0, 25],
      [25, 50],
      [50, 60],
    ]);
    expect(cut.every((c) => !c.final)).toBe(true);
  });

  it('cuts several chunks from one push and completes the rest when finish learns more tokens', () => {
    const s = new ChunkScheduler({ kind: 'first-then-fixed', first: 12, tokens: 25 });
    expect(ranges(s.push(40))).toEqual([
      [0, 12],
      [12, 37],
    ]);
    expect(s.finish(70)).toEqual([
      { index: 2, start: 37, end: 62, final: false },
      { index: 3, start: 62, end: 70, final: true },
    ]);
  });

  it('closes an evenly divided stream with an empty final chunk instead of dropping the end', () => {
    const s = new ChunkScheduler({ kind: 'growing', sizes: [25, 50, 100] });
    expect(ranges(s.push(175))).toEqual([
      [0, 25],
      [25, 75],
      [75, 175],
    ]);
    expect(s.finish()).toEqual([{ index: 3, start: 175, end: 175, final: true }]);
  });

  it('never drops the last chunk: for every schedule and length the chunks tile [0, total)', () => {
    const configs = [
      { kind: 'fixed', tokens: 1 },
      { kind: 'fixed', tokens: 25 },
      { kind: 'first-then-fixed', first: 7, tokens: 25 },
      { kind: 'growing', sizes: [25, 50, 100] },
      { kind: 'growing', start: 3, factor: 1.7, max: 40 },
    ];
    for (const config of configs) {
      for (let total = 0; total <= 260; total++) {
        const chunks = chunksFor(config, total);
        // Checked as one summary per case (cheap) rather than one expect per chunk.
        const tiles = chunks.every(
          (c, i) => c.index === i && c.end >= c.start && c.start === (i === 0 ? 0 : chunks[i - 1]!.end),
        );
        const finals = chunks.map((c, i) => (c.final ? i : -1)).filter((i) => i >= 0);
        expect({ tiles, end: chunks.at(-1)!.end, finals }).toEqual({
          tiles: true,
          end: total,
          finals: [chunks.length - 1],
        });
      }
    }
  });

  it('refuses misuse clearly', () => {
    const s = new ChunkScheduler({ kind: 'fixed', tokens: 5 });
    expect(() => s.push(-1)).toThrow(/>= 0/);
    expect(() => s.push(1.5)).toThrow(/whole number/);
    s.push(7);
    expect(() => s.finish(6)).toThrow(/>= the 7 tokens already pushed/);
    s.finish(7);
    expect(() => s.push(1)).toThrow(/push after finish/);
    expect(() => s.finish(7)).toThrow(/finish called twice/);
    expect(() => new ChunkScheduler({ kind: 'fixed', tokens: 0 })).toThrow(/at least 1/);
  });
});
