import { z } from 'zod';
import { crossfade, CrossfadeShapeSchema, fadeIn, type CrossfadeShape } from './crossfade.ts';
import { ChunkScheduler, type Chunk } from './schedule.ts';

/**
 * Boundary treatments (experiments.md axis 3) as PURE PLANS: for each chunk of speech tokens, which token span
 * to send to the decoder and which of its samples become stream audio. No model is called here; `StreamAssembler`
 * applies the plans to decoded audio, and `assembleStream` drives both with a synchronous decode function (the
 * reference the real engine is checked against).
 *
 * Invariants every treatment keeps (model.md "Units"):
 * - one token is 960 samples at 24 kHz, and token t's audio sits at stream samples [960 t, 960 (t + 1));
 * - the chunks' emitted token ranges tile [0, total) in order, so the stream is exactly 960 * total samples;
 * - the final chunk emits everything still held back, so no tail is ever lost.
 *
 * Token indices are into the utterance's generated tokens; the decoder span excludes the prompt prefix, which
 * the engine prepends.
 */

export const SAMPLE_RATE = 24_000;
export const SAMPLES_PER_TOKEN = 960;
export const MS_PER_TOKEN = 40;
/** S3Gen's pre_lookahead_len: token t's audio depends on tokens t+1..t+3. */
export const DECODER_LOOKAHEAD_TOKENS = 3;

const msToSamples = (ms: number) => Math.round((ms * SAMPLE_RATE) / 1000);

export const NoneTreatmentSchema = z.object({ kind: z.literal('none') });

export const OverlapAddTreatmentSchema = z
  .object({
    kind: z.literal('overlap-add'),
    overlapTokens: z
      .number({ error: 'overlapTokens must be a number' })
      .int('overlapTokens must be a whole number of tokens')
      .min(0, 'overlapTokens must be at least 0')
      .max(8, 'overlapTokens must be at most 8'),
    crossfadeMs: z
      .number({ error: 'crossfadeMs must be a number' })
      .min(0, 'crossfadeMs must be at least 0')
      .max(8 * MS_PER_TOKEN, `crossfadeMs must be at most ${8 * MS_PER_TOKEN} ms`),
    shape: CrossfadeShapeSchema,
  })
  .refine((t) => t.crossfadeMs <= t.overlapTokens * MS_PER_TOKEN, {
    message: `crossfadeMs must fit inside the overlap (at most overlapTokens x ${MS_PER_TOKEN} ms)`,
    path: ['crossfadeMs'],
  });

export const ContextTreatmentSchema = z.object({
  kind: z.literal('context'),
  contextTokens: z
    .number({ error: 'contextTokens must be a number' })
    .int('contextTokens must be a whole number of tokens')
    .min(0, 'contextTokens must be at least 0')
    .max(4096, 'contextTokens must be at most 4096'),
  lookaheadTokens: z
    .number({ error: 'lookaheadTokens must be a number' })
    .int('lookaheadTokens must be a whole number of tokens')
    .min(0, 'lookaheadTokens must be at least 0')
    .max(DECODER_LOOKAHEAD_TOKENS, `lookaheadTokens must be at most ${DECODER_LOOKAHEAD_TOKENS}`),
  fadeMs: z
    .number({ error: 'fadeMs must be a number' })
    .min(0, 'fadeMs must be at least 0')
    .max(200, 'fadeMs must be at most 200'),
});

export const StatefulTreatmentSchema = z.object({ kind: z.literal('stateful') });

export const TreatmentConfigSchema = z.discriminatedUnion('kind', [
  NoneTreatmentSchema,
  OverlapAddTreatmentSchema,
  ContextTreatmentSchema,
  StatefulTreatmentSchema,
]);

export type OverlapAddTreatment = z.infer<typeof OverlapAddTreatmentSchema>;
export type ContextTreatment = z.infer<typeof ContextTreatmentSchema>;
export type TreatmentConfig = z.infer<typeof TreatmentConfigSchema>;

/** Parses a treatment config, throwing one readable message (every problem, with its field) when invalid. */
export function parseTreatmentConfig(input: unknown): TreatmentConfig {
  const result = TreatmentConfigSchema.safeParse(input);
  if (!result.success) throw new Error(`Invalid boundary treatment:\n${z.prettifyError(result.error)}`);
  return result.data;
}

export interface CrossfadePlan {
  /** Crossfade length in samples (0 = hard switch at `position`). */
  samples: number;
  shape: CrossfadeShape;
  /** Absolute stream sample where the crossfade starts; it always ends at 960 * chunk.start. */
  position: number;
}

export interface ChunkPlan {
  chunk: { index: number; start: number; end: number; final: boolean };
  /** Token span [decodeStart, decodeEnd) to decode (after the prompt). */
  decodeStart: number;
  decodeEnd: number;
  /**
   * Whether the decoder must be called at all: false where nothing of a call would be used (an empty span, or
   * a context chunk that emits nothing yet); true for a stateful final chunk even when empty, since that call
   * flushes the decoder's held-back tail.
   */
  callDecoder: boolean;
  /** Samples [keepFromSample, keepToSample) of the decoder's output that the treatment uses. */
  keepFromSample: number;
  keepToSample: number;
  /** Tokens [emitStartToken, emitEndToken) whose audio this chunk finally contributes to the stream. */
  emitStartToken: number;
  emitEndToken: number;
  /** Tokens up to `chunk.end` whose audio is not emitted yet (the next chunk renders or blends them). */
  holdBackTokens: number;
  /** Linear fade-in at the start of the emitted audio (context treatment), in samples. */
  fadeInSamples: number;
  /** Overlap-add only: the blend of the previous window's held-back audio into this window's. */
  crossfade?: CrossfadePlan;
}

export interface PlannedChunk {
  start: number;
  end: number;
  index?: number;
}

function checkChunk(chunk: PlannedChunk, isFinal: boolean, totalKnown: number): void {
  const { start, end } = chunk;
  if (![start, end, totalKnown].every(Number.isInteger) || start < 0 || end < start || end > totalKnown) {
    throw new RangeError(
      `chunk [${start}, ${end}) does not fit 0 <= start <= end <= tokens known (${totalKnown})`,
    );
  }
  if (isFinal && end !== totalKnown) {
    throw new RangeError(`the final chunk must end at the last token (${totalKnown}), not at ${end}`);
  }
}

/**
 * The plan for one chunk. `totalKnown` (tokens generated so far) is only checked, never used to look further
 * ahead than `end`: how many extra tokens happen to exist when a chunk is decoded depends on thread timing, and
 * a plan that used them would make the audio differ from run to run.
 */
export function planChunk(
  chunk: PlannedChunk,
  isFinal: boolean,
  totalKnown: number,
  treatmentInput: TreatmentConfig,
): ChunkPlan {
  const treatment = parseTreatmentConfig(treatmentInput);
  checkChunk(chunk, isFinal, totalKnown);
  const { start, end } = chunk;
  const info = { index: chunk.index ?? 0, start, end, final: isFinal };
  const span = (from: number, to: number) => (to - from) * SAMPLES_PER_TOKEN;

  switch (treatment.kind) {
    case 'none':
      return {
        chunk: info,
        decodeStart: start,
        decodeEnd: end,
        callDecoder: end > start,
        keepFromSample: 0,
        keepToSample: span(start, end),
        emitStartToken: start,
        emitEndToken: end,
        holdBackTokens: 0,
        fadeInSamples: 0,
      };

    case 'stateful':
      // The stateful decoder carries its own state and look-ahead hold-back; the emitted range is nominal
      // (its output may lag by the tokens it holds back, released by the final call).
      return {
        chunk: info,
        decodeStart: start,
        decodeEnd: end,
        callDecoder: end > start || isFinal,
        keepFromSample: 0,
        keepToSample: span(start, end),
        emitStartToken: start,
        emitEndToken: end,
        holdBackTokens: 0,
        fadeInSamples: 0,
      };

    case 'context': {
      // Token t's audio is right only once t+1..t+h are in the call, so a chunk emits up to end - h and the
      // next chunk re-renders those h tokens with their look-ahead; the final chunk has no future to wait for.
      const h = treatment.lookaheadTokens;
      const emitStartToken = Math.max(0, start - h);
      const emitEndToken = isFinal ? end : Math.max(emitStartToken, end - h);
      const emits = emitEndToken > emitStartToken;
      // Leading context makes the call's phase, look-ahead and start fade land on audio that is thrown away.
      const decodeStart = emits ? Math.max(0, emitStartToken - treatment.contextTokens) : end;
      const keepFromSample = emits ? span(decodeStart, emitStartToken) : 0;
      const keepToSample = emits ? span(decodeStart, emitEndToken) : 0;
      // No fade at the stream's start: the decoder's own start fade is already there, as offline.
      const fadeInSamples =
        emits && emitStartToken > 0
          ? Math.min(msToSamples(treatment.fadeMs), span(emitStartToken, emitEndToken))
          : 0;
      return {
        chunk: info,
        decodeStart,
        decodeEnd: end,
        callDecoder: emits,
        keepFromSample,
        keepToSample,
        emitStartToken,
        emitEndToken,
        holdBackTokens: end - emitEndToken,
        fadeInSamples,
      };
    }

    case 'overlap-add':
      return planOverlapAdd(info, treatment);
  }
}

/**
 * Overlap-add: window k decodes [start - overlap, end) (clamped at 0), so its first `overlap` tokens are the
 * previous window's last ones, which that window HELD BACK (non-final windows emit only up to end - overlap).
 * The two renderings of the shared tokens are merged: the previous window's audio up to the crossfade, the
 * blend, then this window's.
 *
 * Where the crossfade sits: at the END of the overlap, finishing exactly at 960 * start. The new window's
 * first 960 samples are the decoder's call-start pathology (480 zeroed, 480 faded in) and sit at the START of
 * the overlap; ending the crossfade at the overlap's end keeps them out of the blend whenever the crossfade is
 * at most (overlap - 1) tokens long (e.g. the 3-token / 50 ms default: 1200 of 1920 samples clear of the start
 * fade), and where it is longer they enter with the smallest incoming gain. The price is that the outgoing
 * window's last tokens lack their look-ahead, but their weight falls to zero as the window runs out, and
 * nothing after 960 * start comes from the previous window at all. A centred crossfade would blend in the
 * zeroed start samples at 3 overlap tokens and above, which is the click this treatment exists to remove.
 */
function planOverlapAdd(info: ChunkPlan['chunk'], treatment: OverlapAddTreatment): ChunkPlan {
  const { start, end, final } = info;
  const overlap = treatment.overlapTokens;
  const emitStartToken = Math.max(0, start - overlap);
  const emitEndToken = final ? end : Math.max(emitStartToken, end - overlap);
  const holdBackTokens = end - emitEndToken;
  if (end === start) {
    // An empty final chunk only releases the previous window's held-back audio: nothing new to decode.
    return {
      chunk: info,
      decodeStart: end,
      decodeEnd: end,
      callDecoder: false,
      keepFromSample: 0,
      keepToSample: 0,
      emitStartToken,
      emitEndToken,
      holdBackTokens,
      fadeInSamples: 0,
    };
  }
  const decodeStart = emitStartToken;
  const overlapSamples = (start - decodeStart) * SAMPLES_PER_TOKEN;
  const plan: ChunkPlan = {
    chunk: info,
    decodeStart,
    decodeEnd: end,
    callDecoder: true,
    keepFromSample: 0,
    keepToSample: (end - decodeStart) * SAMPLES_PER_TOKEN,
    emitStartToken,
    emitEndToken,
    holdBackTokens,
    fadeInSamples: 0,
  };
  if (start > 0) {
    const samples = Math.min(msToSamples(treatment.crossfadeMs), overlapSamples);
    plan.crossfade = { samples, shape: treatment.shape, position: start * SAMPLES_PER_TOKEN - samples };
  }
  return plan;
}

/** Plans for a whole chunk list (as `ChunkScheduler` cuts it); the last chunk must be the final one. */
export function planChunks(chunks: readonly Chunk[], treatment: TreatmentConfig): ChunkPlan[] {
  const total = chunks.at(-1)?.end ?? 0;
  return chunks.map((c) => planChunk(c, c.final, c.final ? c.end : total, treatment));
}

/** What one chunk added to the stream. */
export interface EmittedChunk {
  /** Samples this chunk appended, and where they sit in the stream. */
  audio: Float32Array;
  startSample: number;
  endSample: number;
  /**
   * Where this chunk's decoder audio takes over from the previous chunk's (the seam the boundary metrics
   * examine), or null when it has none: for overlap-add the crossfade's centre, otherwise the first emitted
   * sample when it is not the stream's first.
   */
  seamSample: number | null;
}

/**
 * Applies chunk plans to decoded audio, in order, and returns what each chunk emits. Holds the overlap-add
 * window's held-back audio between chunks. Used by `assembleStream` and by the real engine, so both join chunks
 * with the same code.
 */
export class StreamAssembler {
  readonly treatment: TreatmentConfig;
  private position = 0;
  /** Overlap-add: audio rendered for stream samples [position, position + pending.length), not yet emitted. */
  private pending = new Float32Array(0);
  private nextIndex = 0;
  private done = false;

  constructor(treatment: unknown) {
    this.treatment = parseTreatmentConfig(treatment);
  }

  /** Samples emitted so far. */
  get emittedSamples(): number {
    return this.position;
  }

  /** `decoded` is the decoder's output for the plan's span (ignored, and may be empty, when callDecoder is false). */
  accept(plan: ChunkPlan, decoded: Float32Array): EmittedChunk {
    if (this.done) throw new Error('StreamAssembler: chunk after the final chunk');
    if (plan.chunk.index !== this.nextIndex) {
      throw new Error(`StreamAssembler: expected chunk ${this.nextIndex}, got ${plan.chunk.index}`);
    }
    this.nextIndex++;
    this.done = plan.chunk.final;
    const expected = (plan.decodeEnd - plan.decodeStart) * SAMPLES_PER_TOKEN;
    if (plan.callDecoder && this.treatment.kind !== 'stateful' && decoded.length !== expected) {
      throw new Error(
        `StreamAssembler: chunk ${plan.chunk.index} decoded ${decoded.length} samples for tokens ` +
          `[${plan.decodeStart}, ${plan.decodeEnd}), expected ${expected}`,
      );
    }
    const startSample = this.position;
    let audio: Float32Array;
    let seamSample: number | null = null;

    if (this.treatment.kind === 'overlap-add') {
      const merged = this.mergeOverlap(plan, plan.callDecoder ? decoded : new Float32Array(0));
      const emitLength = (plan.emitEndToken - plan.emitStartToken) * SAMPLES_PER_TOKEN;
      audio = merged.slice(0, emitLength);
      this.pending = merged.slice(emitLength);
      if (plan.crossfade) seamSample = plan.crossfade.position + Math.floor(plan.crossfade.samples / 2);
    } else if (this.treatment.kind === 'stateful') {
      audio = plan.callDecoder ? decoded.slice() : new Float32Array(0);
    } else {
      audio = plan.callDecoder ? decoded.slice(plan.keepFromSample, plan.keepToSample) : new Float32Array(0);
      if (plan.fadeInSamples > 0) audio = fadeIn(audio, plan.fadeInSamples, 'linear');
    }
    if (this.treatment.kind !== 'overlap-add' && audio.length > 0 && startSample > 0)
      seamSample = startSample;
    if (this.treatment.kind !== 'stateful' && startSample !== plan.emitStartToken * SAMPLES_PER_TOKEN) {
      throw new Error(
        `StreamAssembler: chunk ${plan.chunk.index} starts at token ${plan.emitStartToken} but the stream is at sample ${startSample}`,
      );
    }
    this.position += audio.length;
    return { audio, startSample, endSample: this.position, seamSample };
  }

  /** Held-back audio of the previous window + this window, as one buffer starting at `position`. */
  private mergeOverlap(plan: ChunkPlan, decoded: Float32Array): Float32Array {
    const pending = this.pending;
    if (decoded.length === 0) return pending;
    const windowStart = plan.decodeStart * SAMPLES_PER_TOKEN;
    const seamEnd = plan.chunk.start * SAMPLES_PER_TOKEN;
    if (windowStart !== this.position || this.position + pending.length !== seamEnd) {
      throw new Error(
        `StreamAssembler: overlap window at sample ${windowStart} does not line up with the held-back audio ` +
          `[${this.position}, ${this.position + pending.length})`,
      );
    }
    const merged = decoded.slice();
    const fade = plan.crossfade ?? { samples: 0, shape: 'linear' as const, position: seamEnd };
    const fadeFrom = fade.position - windowStart;
    // Before the crossfade: the previous window, which the stream has been following so far.
    merged.set(pending.subarray(0, fadeFrom), 0);
    if (fade.samples > 0) {
      const blended = crossfade(
        pending.subarray(fadeFrom, fadeFrom + fade.samples),
        decoded.subarray(fadeFrom, fadeFrom + fade.samples),
        fade.samples,
        fade.shape,
      );
      merged.set(blended, fadeFrom);
    }
    return merged;
  }
}

export interface AssembledChunk {
  index: number;
  /** Token range [start, end) of the chunk as scheduled. */
  tokens: [number, number];
  /** Stream samples [startSample, endSample) this chunk emitted. */
  emitted: [number, number];
  /** Token span sent to the decoder, [start, end) (empty when not called). */
  decodedSpan: [number, number];
}

export interface AssembledStream {
  audio: Float32Array;
  chunks: AssembledChunk[];
  /** Seam samples where consecutive chunks' audio meet (see `EmittedChunk.seamSample`). */
  boundaries: number[];
  plans: ChunkPlan[];
}

/**
 * Synchronous reference: cuts `tokens` with the schedule, plans every chunk, decodes with `decode` and joins
 * the results. `decode(span, plan)` must return 960 samples per token of the span; for 'stateful' it must carry
 * the decoder state itself between calls, is called once per chunk in order (the final call possibly with an
 * empty span: `plan.chunk.final` tells it to flush what it holds back) and may return any number of samples.
 *
 * Chunks that emit no audio are left out of `chunks`, and a final chunk that only releases the previous
 * window's held-back audio (overlap-add) is merged into that window's record, so whenever every chunk holds
 * more tokens than the treatment holds back, `boundaries.length === chunks.length - 1`.
 */
export function assembleStream(
  tokens: readonly number[],
  scheduleConfig: unknown,
  treatmentConfig: unknown,
  decode: (span: number[], plan: ChunkPlan) => Float32Array,
): AssembledStream {
  const treatment = parseTreatmentConfig(treatmentConfig);
  const scheduler = new ChunkScheduler(scheduleConfig);
  const chunks = [...scheduler.push(tokens.length), ...scheduler.finish(tokens.length)];
  const plans = planChunks(chunks, treatment);
  const assembler = new StreamAssembler(treatment);
  const pieces: Float32Array[] = [];
  const records: AssembledChunk[] = [];
  const boundaries: number[] = [];
  for (const plan of plans) {
    const decoded = plan.callDecoder
      ? decode(tokens.slice(plan.decodeStart, plan.decodeEnd), plan)
      : new Float32Array(0);
    const out = assembler.accept(plan, decoded);
    pieces.push(out.audio);
    if (out.audio.length === 0 && !plan.callDecoder) continue;
    const previous = records.at(-1);
    if (!plan.callDecoder && previous) {
      previous.emitted[1] = out.endSample;
      continue;
    }
    if (out.audio.length === 0) continue;
    records.push({
      index: plan.chunk.index,
      tokens: [plan.chunk.start, plan.chunk.end],
      emitted: [out.startSample, out.endSample],
      decodedSpan: plan.callDecoder ? [plan.decodeStart, plan.decodeEnd] : [plan.decodeEnd, plan.decodeEnd],
    });
    if (out.seamSample !== null) boundaries.push(out.seamSample);
  }
  if (assembler.emittedSamples !== tokens.length * SAMPLES_PER_TOKEN) {
    throw new Error(
      `assembleStream: the stream has ${assembler.emittedSamples} samples for ${tokens.length} tokens ` +
        `(expected ${tokens.length * SAMPLES_PER_TOKEN}); a chunk's audio was lost or duplicated`,
    );
  }
  const audio = new Float32Array(assembler.emittedSamples);
  let offset = 0;
  for (const piece of pieces) {
    audio.set(piece, offset);
    offset += piece.length;
  }
  return { audio, chunks: records, boundaries, plans };
}
