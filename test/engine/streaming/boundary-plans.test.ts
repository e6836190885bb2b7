import { describe, expect, it } from 'vitest';
import {
  assembleStream,
  parseTreatmentConfig,
  planChunk,
  planChunks,
  type TreatmentConfig,
} from '../../../src/engine/streaming/boundary-plans.ts';
import { chunksFor, parseScheduleConfig } from '../../../src/engine/streaming/schedule.ts';
import { BoundarySchema, ScheduleSchema } from '../../../src/contract/run-config.ts';
import { fakeDecode, fakeTokens, maxStep, SPT, statefulFakeDecoder } from './fake-decoder.ts';

const NONE: TreatmentConfig = { kind: 'none' };
const OVERLAP: TreatmentConfig = { kind: 'overlap-add', overlapTokens: 3, crossfadeMs: 50, shape: 'hann' };
const CONTEXT: TreatmentConfig = { kind: 'context', contextTokens: 50, lookaheadTokens: 3, fadeMs: 20 };
const FIXED = { kind: 'fixed', tokens: 25 };

describe('treatment configs', () => {
  it('reject out-of-range knobs with messages naming the field', () => {
    expect(() =>
      parseTreatmentConfig({ kind: 'overlap-add', overlapTokens: 9, crossfadeMs: 0, shape: 'hann' }),
    ).toThrow(/overlapTokens must be at most 8/);
    expect(() =>
      parseTreatmentConfig({ kind: 'overlap-add', overlapTokens: 1, crossfadeMs: 50, shape: 'hann' }),
    ).toThrow(/crossfadeMs must fit inside the overlap/);
    expect(() =>
      parseTreatmentConfig({ kind: 'overlap-add', overlapTokens: 3, crossfadeMs: 50, shape: 'cubic' }),
    ).toThrow(/crossfade shape must be one of linear, equal-power, hann, hamming/);
    expect(() =>
      parseTreatmentConfig({ kind: 'context', contextTokens: 10, lookaheadTokens: 4, fadeMs: 0 }),
    ).toThrow(/lookaheadTokens must be at most 3/);
    expect(() =>
      parseTreatmentConfig({ kind: 'context', contextTokens: -1, lookaheadTokens: 0, fadeMs: 0 }),
    ).toThrow(/contextTokens must be at least 0/);
    expect(parseTreatmentConfig({ kind: 'stateful' })).toEqual({ kind: 'stateful' });
  });

  it('accept every config the run contract produces (the engine validates what the UI and CLI send)', () => {
    for (const kind of ['none', 'overlap-add', 'context', 'stateful']) {
      const config = BoundarySchema.parse({ kind });
      expect(parseTreatmentConfig(config)).toEqual(config);
    }
    for (const kind of ['fixed', 'first-then-fixed', 'growing']) {
      const config = ScheduleSchema.parse({ kind });
      expect(parseScheduleConfig(config)).toEqual(config);
    }
  });
});

describe('planChunk', () => {
  it('none: decode the chunk alone and keep it all', () => {
    expect(planChunk({ index: 1, start: 25, end: 50 }, false, 50, NONE)).toEqual({
      chunk: { index: 1, start: 25, end: 50, final: false },
      decodeStart: 25,
      decodeEnd: 50,
      callDecoder: true,
      keepFromSample: 0,
      keepToSample: 24_000,
      emitStartToken: 25,
      emitEndToken: 50,
      holdBackTokens: 0,
      fadeInSamples: 0,
    });
  });

  it('overlap-add: re-decode the overlap, hold back the tail, crossfade at the end of the overlap', () => {
    const first = planChunk({ index: 0, start: 0, end: 25 }, false, 25, OVERLAP);
    expect(first).toMatchObject({ decodeStart: 0, decodeEnd: 25, emitStartToken: 0, emitEndToken: 22 });
    expect(first.holdBackTokens).toBe(3);
    expect(first.crossfade).toBeUndefined();
    const second = planChunk({ index: 1, start: 25, end: 50 }, false, 50, OVERLAP);
    expect(second).toMatchObject({
      decodeStart: 22,
      decodeEnd: 50,
      keepFromSample: 0,
      keepToSample: 28 * SPT,
      emitStartToken: 22,
      emitEndToken: 47,
      holdBackTokens: 3,
    });
    // 50 ms = 1200 samples, ending at 25 * 960 = 24000.
    expect(second.crossfade).toEqual({ samples: 1200, shape: 'hann', position: 22_800 });
    const last = planChunk({ index: 2, start: 50, end: 60 }, true, 60, OVERLAP);
    expect(last).toMatchObject({ decodeStart: 47, emitStartToken: 47, emitEndToken: 60, holdBackTokens: 0 });
    // An empty final chunk releases the held-back audio without decoding anything.
    const flush = planChunk({ index: 2, start: 50, end: 50 }, true, 50, OVERLAP);
    expect(flush).toMatchObject({ callDecoder: false, emitStartToken: 47, emitEndToken: 50 });
  });

  it('context: decode K context tokens before, drop them, emit up to end - h with a fade', () => {
    const second = planChunk({ index: 1, start: 25, end: 50 }, false, 50, CONTEXT);
    expect(second).toEqual({
      chunk: { index: 1, start: 25, end: 50, final: false },
      decodeStart: 0, // 22 - 50, clamped at 0
      decodeEnd: 50,
      callDecoder: true,
      keepFromSample: 22 * SPT,
      keepToSample: 47 * SPT,
      emitStartToken: 22,
      emitEndToken: 47,
      holdBackTokens: 3,
      fadeInSamples: 480, // 20 ms
    });
    const later = planChunk({ index: 3, start: 75, end: 100 }, true, 100, CONTEXT);
    expect(later).toMatchObject({
      decodeStart: 22,
      keepFromSample: 50 * SPT,
      keepToSample: 78 * SPT,
      emitStartToken: 72,
      emitEndToken: 100,
      holdBackTokens: 0,
    });
    // No fade on the stream's first chunk, and a chunk within the look-ahead emits (and decodes) nothing.
    expect(planChunk({ index: 0, start: 0, end: 25 }, false, 25, CONTEXT).fadeInSamples).toBe(0);
    expect(planChunk({ index: 0, start: 0, end: 2 }, false, 2, CONTEXT)).toMatchObject({
      callDecoder: false,
      emitStartToken: 0,
      emitEndToken: 0,
      holdBackTokens: 2,
    });
  });

  it('stateful: feed the chunk with the state, keep everything; the final call happens even when empty', () => {
    expect(planChunk({ index: 1, start: 25, end: 50 }, false, 60, { kind: 'stateful' })).toMatchObject({
      decodeStart: 25,
      decodeEnd: 50,
      keepToSample: 25 * SPT,
      callDecoder: true,
    });
    expect(planChunk({ index: 2, start: 50, end: 50 }, true, 50, { kind: 'stateful' }).callDecoder).toBe(
      true,
    );
  });

  it('refuses chunks that do not fit the tokens known', () => {
    expect(() => planChunk({ start: 10, end: 5 }, false, 20, NONE)).toThrow(/does not fit/);
    expect(() => planChunk({ start: 0, end: 30 }, false, 20, NONE)).toThrow(/does not fit/);
    expect(() => planChunk({ start: 0, end: 10 }, true, 20, NONE)).toThrow(
      /final chunk must end at the last token/,
    );
  });

  it('emitted token ranges tile the utterance for every treatment and schedule', () => {
    const treatments: TreatmentConfig[] = [
      NONE,
      OVERLAP,
      { kind: 'overlap-add', overlapTokens: 8, crossfadeMs: 320, shape: 'linear' },
      CONTEXT,
      { kind: 'context', contextTokens: 0, lookaheadTokens: 0, fadeMs: 0 },
      { kind: 'stateful' },
    ];
    const schedules = [{ kind: 'fixed', tokens: 2 }, FIXED, { kind: 'growing', sizes: [4, 8, 16] }];
    for (const t of treatments) {
      for (const s of schedules) {
        for (const total of [0, 1, 3, 24, 25, 57, 100]) {
          let next = 0;
          for (const plan of planChunks(chunksFor(s, total), t)) {
            expect(plan.emitStartToken).toBe(next);
            expect(plan.emitEndToken).toBeGreaterThanOrEqual(next);
            expect(plan.emitEndToken + plan.holdBackTokens).toBe(plan.chunk.end);
            next = plan.emitEndToken;
          }
          expect(next).toBe(total);
        }
      }
    }
  });
});

describe('assembleStream with the fake decoder', () => {
  const tokens = fakeTokens(110);
  const offline = fakeDecode(tokens);
  const stateful = () => {
    const decoder = statefulFakeDecoder();
    return (span: number[], plan: { chunk: { final: boolean } }) => decoder(span, plan.chunk.final);
  };

  it('keeps the final partial chunk: 960 samples per token for every treatment and schedule', () => {
    const schedules = [
      FIXED,
      { kind: 'first-then-fixed', first: 12, tokens: 25 },
      { kind: 'growing', sizes: [25, 50] },
    ];
    for (const total of [100, 110, 7]) {
      const toks = tokens.slice(0, total);
      for (const schedule of schedules) {
        for (const t of [
          NONE,
          OVERLAP,
          CONTEXT,
          { kind: 'context', contextTokens: 0, lookaheadTokens: 0, fadeMs: 0 },
        ]) {
          expect(assembleStream(toks, schedule, t, fakeDecode).audio).toHaveLength(960 * total);
        }
        expect(assembleStream(toks, schedule, { kind: 'stateful' }, stateful()).audio).toHaveLength(
          960 * total,
        );
      }
    }
  });

  it('joins chunks shorter than the overlap (held-back audio spans several windows)', () => {
    const wide: TreatmentConfig = {
      kind: 'overlap-add',
      overlapTokens: 8,
      crossfadeMs: 320,
      shape: 'linear',
    };
    for (const t of [OVERLAP, wide]) {
      const out = assembleStream(tokens.slice(0, 31), { kind: 'fixed', tokens: 2 }, t, fakeDecode);
      expect(out.audio).toHaveLength(31 * SPT);
      // Still no step above the signal's own anywhere after the stream's start fade.
      expect(maxStep(out.audio, SPT, out.audio.length)).toBeLessThan(1.2 * maxStep(offline, SPT, 31 * SPT));
    }
  });

  it('reports chunks - 1 boundaries at the seams each treatment makes', () => {
    const none = assembleStream(tokens, FIXED, NONE, fakeDecode);
    expect(none.chunks.map((c) => c.tokens)).toEqual([
      [0, 25],
      [25, 50],
      [50, 75],
      [75, 100],
      [100, 110],
    ]);
    expect(none.boundaries).toEqual([24_000, 48_000, 72_000, 96_000]);

    const context = assembleStream(tokens, FIXED, CONTEXT, fakeDecode);
    expect(context.boundaries).toEqual([22 * SPT, 47 * SPT, 72 * SPT, 97 * SPT]);
    expect(context.chunks.map((c) => c.emitted)).toEqual([
      [0, 22 * SPT],
      [22 * SPT, 47 * SPT],
      [47 * SPT, 72 * SPT],
      [72 * SPT, 97 * SPT],
      [97 * SPT, 110 * SPT],
    ]);
    expect(context.chunks.map((c) => c.decodedSpan)).toEqual([
      [0, 25],
      [0, 50],
      [0, 75],
      [22, 100],
      [47, 110],
    ]);

    // Overlap-add: the seam is the crossfade's centre, 600 samples before each chunk start.
    const overlap = assembleStream(tokens, FIXED, OVERLAP, fakeDecode);
    expect(overlap.boundaries).toEqual([23_400, 47_400, 71_400, 95_400]);
    expect(overlap.chunks).toHaveLength(5);

    // Evenly divided: the empty final chunk re-renders the held-back look-ahead (context), or is merged into the
    // last window's record (overlap-add), or vanishes (none); the count relation holds in each case.
    for (const t of [NONE, OVERLAP, CONTEXT]) {
      const even = assembleStream(tokens.slice(0, 100), FIXED, t, fakeDecode);
      expect(even.boundaries).toHaveLength(even.chunks.length - 1);
      expect(even.chunks.at(-1)!.emitted[1]).toBe(100 * SPT);
    }
    expect(assembleStream(tokens.slice(0, 100), FIXED, CONTEXT, fakeDecode).chunks).toHaveLength(5);
    expect(assembleStream(tokens.slice(0, 100), FIXED, OVERLAP, fakeDecode).chunks).toHaveLength(4);
  });

  it('none shows a discontinuity at every boundary; overlap-add with 3 tokens removes it', () => {
    const none = assembleStream(tokens, FIXED, NONE, fakeDecode);
    const overlap = assembleStream(tokens, FIXED, OVERLAP, fakeDecode);
    // The signal's own largest step, measured on the offline decode away from its start.
    const natural = maxStep(offline, 960, offline.length);
    const near = (x: Float32Array, b: number) => maxStep(x, b - 120, b + 121); // +-5 ms
    for (const b of none.boundaries) expect(near(none.audio, b)).toBeGreaterThan(3 * natural);
    for (const b of overlap.boundaries) {
      // Over the whole overlap region, not just the seam: no step larger than the signal's own.
      expect(maxStep(overlap.audio, b - 3 * SPT, b + 3 * SPT)).toBeLessThan(1.2 * natural);
    }
    const worst = (x: Float32Array, bs: number[]) => Math.max(...bs.map((b) => near(x, b)));
    expect(worst(overlap.audio, overlap.boundaries)).toBeLessThan(worst(none.audio, none.boundaries) / 3);
  });

  it('context with K >= the utterance and h = 3 equals the offline decode except in the fades', () => {
    const exact = assembleStream(
      tokens,
      FIXED,
      { kind: 'context', contextTokens: 200, lookaheadTokens: 3, fadeMs: 0 },
      fakeDecode,
    );
    expect(Array.from(exact.audio)).toEqual(Array.from(offline));

    const faded = assembleStream(
      tokens,
      FIXED,
      { kind: 'context', contextTokens: 200, lookaheadTokens: 3, fadeMs: 20 },
      fakeDecode,
    );
    const inFade = (n: number) => faded.boundaries.some((b) => n >= b && n < b + 480);
    let differing = 0;
    for (let n = 0; n < offline.length; n++) {
      if (inFade(n)) continue;
      if (faded.audio[n] !== offline[n]) differing++;
    }
    expect(differing).toBe(0);
    // ...and the fades really are there.
    expect(faded.audio[faded.boundaries[0]!]).not.toBe(offline[faded.boundaries[0]!]);

    // Without the look-ahead hold-back (h = 0) the chunk ends are rendered without their future: not offline.
    const noLookahead = assembleStream(
      tokens,
      FIXED,
      { kind: 'context', contextTokens: 200, lookaheadTokens: 0, fadeMs: 0 },
      fakeDecode,
    );
    expect(Array.from(noLookahead.audio)).not.toEqual(Array.from(offline));
  });

  it('stateful with a state-carrying decoder equals the offline decode', () => {
    const out = assembleStream(tokens, FIXED, { kind: 'stateful' }, stateful());
    expect(Array.from(out.audio)).toEqual(Array.from(offline));
    expect(out.boundaries).toHaveLength(out.chunks.length - 1);
  });

  it('refuses a decoder that returns the wrong number of samples', () => {
    expect(() => assembleStream(tokens, FIXED, NONE, (span) => new Float32Array(span.length * 959))).toThrow(
      /decoded 23975 samples for tokens \[0, 25\), expected 24000/,
    );
  });
});
