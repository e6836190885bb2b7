import { describe, expect, it } from 'vitest';
import {
  audioDurationMs,
  busyMs,
  parallelBound,
  pipelineUtilisation,
  realTimeFactor,
  summarizeTtfa,
} from '../../../src/engine/streaming/timing.ts';

describe('summarizeTtfa', () => {
  it('splits TTFA into its stages', () => {
    const s = summarizeTtfa({
      textReadyMs: 5,
      firstTokenMs: 120,
      firstChunkDecodedMs: 430,
      firstSampleMs: 432,
    });
    expect(s.ttfaMs).toBe(432);
    expect(s.durations).toEqual({ textMs: 5, firstTokenMs: 115, firstChunkMs: 310, handOffMs: 2 });
  });

  it('refuses stages out of order', () => {
    expect(() =>
      summarizeTtfa({ textReadyMs: 5, firstTokenMs: 120, firstChunkDecodedMs: 100, firstSampleMs: 432 }),
    ).toThrow(/firstChunkDecodedMs = 100 ms comes before the previous stage \(120 ms\)/);
  });
});

describe('realTimeFactor', () => {
  it('is compute wall time over audio duration', () => {
    expect(audioDurationMs(960 * 25)).toBe(1000);
    expect(realTimeFactor(1200, audioDurationMs(960 * 120))).toBeCloseTo(0.25, 12);
    expect(realTimeFactor(6000, 2000)).toBe(3);
    expect(realTimeFactor(100, 0)).toBeNull();
    expect(() => realTimeFactor(-1, 10)).toThrow(/wallMs/);
  });
});

describe('busyMs and pipelineUtilisation', () => {
  it('merges overlapping intervals and clips them to the wall window', () => {
    const intervals = [
      { startMs: 0, endMs: 100 },
      { startMs: 50, endMs: 150 }, // overlaps the first: counts 50 more
      { startMs: 120, endMs: 130 }, // nested: counts nothing
      { startMs: 400, endMs: 600 }, // clipped at 500
      { startMs: 700, endMs: 800 }, // outside
    ];
    expect(busyMs(intervals, 0, 500)).toBe(250);
    expect(() => busyMs([{ startMs: 10, endMs: 5 }], 0, 100)).toThrow(/ends \(5\) before it starts \(10\)/);
  });

  it('gives each worker its share of the wall time', () => {
    const u = pipelineUtilisation(
      {
        token: [
          { startMs: 0, endMs: 300 },
          { startMs: 400, endMs: 700 },
        ],
        decode: [{ startMs: 300, endMs: 500 }],
      },
      0,
      1000,
    );
    expect(u).toEqual({ token: { busyMs: 600, share: 0.6 }, decode: { busyMs: 200, share: 0.2 } });
  });
});

describe('parallelBound', () => {
  it('compares max(sum token, sum decode) with the measured wall time', () => {
    const b = parallelBound([100, 100, 100], [150, 150], 400);
    expect(b).toEqual({
      tokenMs: 300,
      decodeMs: 300,
      sequentialMs: 600,
      idealWallMs: 300,
      measuredWallMs: 400,
      efficiency: 0.75,
      overheadMs: 100,
    });
    expect(parallelBound([500], [100], 550).idealWallMs).toBe(500);
    expect(() => parallelBound([-1], [], 10)).toThrow(/>= 0/);
  });
});
