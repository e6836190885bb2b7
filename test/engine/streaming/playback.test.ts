import { describe, expect, it } from 'vitest';
import { simulatePlayback } from '../../../src/engine/streaming/playback.ts';

const steady = [
  { readyAtMs: 100, durationMs: 400 },
  { readyAtMs: 300, durationMs: 400 },
  { readyAtMs: 900, durationMs: 400 },
];
const late = [
  { readyAtMs: 100, durationMs: 400 },
  { readyAtMs: 700, durationMs: 400 },
  { readyAtMs: 1500, durationMs: 400 },
];

describe('simulatePlayback, realtime', () => {
  it('plays without gaps when every chunk arrives before it is needed', () => {
    const r = simulatePlayback(steady, { jitterBufferMs: 0, mode: 'realtime' });
    expect(r).toMatchObject({
      ttfaMs: 100,
      startMs: 100,
      endMs: 1300,
      gapCount: 0,
      totalGapMs: 0,
      longestGapMs: 0,
    });
    expect(r.chunkStartsMs).toEqual([100, 500, 900]);
  });

  it('stalls until a late chunk arrives, and records each gap', () => {
    const r = simulatePlayback(late, { jitterBufferMs: 0, mode: 'realtime' });
    // plays 100-500, waits 500-700, plays 700-1100, waits 1100-1500, plays 1500-1900
    expect(r.gaps).toEqual([
      { atMs: 500, durationMs: 200, beforeChunk: 1 },
      { atMs: 1100, durationMs: 400, beforeChunk: 2 },
    ]);
    expect(r).toMatchObject({ startMs: 100, endMs: 1900, gapCount: 2, totalGapMs: 600, longestGapMs: 400 });
    expect(r.leadOverTime).toEqual([
      { atMs: 100, leadMs: 400 },
      { atMs: 500, leadMs: 0 },
      { atMs: 700, leadMs: 400 },
      { atMs: 1100, leadMs: 0 },
      { atMs: 1500, leadMs: 400 },
      { atMs: 1900, leadMs: 0 },
    ]);
  });

  it('a jitter buffer trades a later start for fewer gaps', () => {
    // 800 ms of audio is ready at 700 ms (chunks 0 and 1): start there, chunk 2 arrives exactly when needed.
    const r = simulatePlayback(late, { jitterBufferMs: 800, mode: 'realtime' });
    expect(r).toMatchObject({ ttfaMs: 100, startMs: 700, endMs: 1900, gapCount: 0 });
    expect(r.chunkStartsMs).toEqual([700, 1100, 1500]);
    expect(r.leadOverTime).toEqual([
      { atMs: 100, leadMs: 400 },
      { atMs: 700, leadMs: 800 },
      { atMs: 1100, leadMs: 400 },
      { atMs: 1500, leadMs: 400 },
      { atMs: 1900, leadMs: 0 },
    ]);
    // 500 ms is covered once chunk 1 is ready (800 >= 500); lead sampled mid-chunk too.
    const partial = simulatePlayback(late, { jitterBufferMs: 500, mode: 'realtime' });
    expect(partial.startMs).toBe(700);
  });

  it('starts when all audio is ready if the utterance is shorter than the jitter buffer', () => {
    const r = simulatePlayback(late, { jitterBufferMs: 5000, mode: 'realtime' });
    expect(r).toMatchObject({ startMs: 1500, endMs: 2700, gapCount: 0 });
  });

  it('samples the lead at arrivals while a chunk plays', () => {
    const r = simulatePlayback(steady, { jitterBufferMs: 0, mode: 'realtime' });
    // At 300 ms chunk 1 arrives while chunk 0 has played 200 of 400 ms: lead 200 + 400.
    expect(r.leadOverTime.find((s) => s.atMs === 300)).toEqual({ atMs: 300, leadMs: 600 });
  });

  it('plays chunks in order even if a later one is ready first', () => {
    const r = simulatePlayback(
      [
        { readyAtMs: 500, durationMs: 100 },
        { readyAtMs: 200, durationMs: 100 },
      ],
      { jitterBufferMs: 0, mode: 'realtime' },
    );
    expect(r).toMatchObject({ ttfaMs: 500, startMs: 500, endMs: 700, gapCount: 0 });
  });
});

describe('simulatePlayback, gather-then-play', () => {
  it('waits for all audio then plays it without gaps (TTFA = last ready time)', () => {
    const r = simulatePlayback(late, { jitterBufferMs: 0, mode: 'gather-then-play' });
    expect(r).toMatchObject({ ttfaMs: 1500, startMs: 1500, endMs: 2700, gapCount: 0, totalGapMs: 0 });
    expect(r.chunkStartsMs).toEqual([1500, 1900, 2300]);
  });
});

describe('simulatePlayback, edge cases', () => {
  it('reports no audio as an empty timeline', () => {
    expect(simulatePlayback([], { jitterBufferMs: 100, mode: 'realtime' })).toMatchObject({
      ttfaMs: null,
      startMs: 0,
      endMs: 0,
      gapCount: 0,
      leadOverTime: [],
    });
  });

  it('refuses negative or non-finite inputs', () => {
    expect(() => simulatePlayback(late, { jitterBufferMs: -1, mode: 'realtime' })).toThrow(/jitterBufferMs/);
    expect(() =>
      simulatePlayback([{ readyAtMs: Number.NaN, durationMs: 1 }], { jitterBufferMs: 0, mode: 'realtime' }),
    ).toThrow(/chunk 0: readyAtMs/);
    expect(() =>
      simulatePlayback([{ readyAtMs: 0, durationMs: -5 }], { jitterBufferMs: 0, mode: 'realtime' }),
    ).toThrow(/chunk 0: durationMs/);
  });
});
