import type { RunConfig } from '../../contract/index.ts';
import { GenerationControl } from '../runtime/generation-control.ts';
import { CancelledError, type GeneratedTokens } from '../runtime/model-runtime.ts';
import type { Conditioning } from '../runtime/tensor-data.ts';
import {
  planChunk,
  SAMPLES_PER_TOKEN,
  StreamAssembler,
  type ChunkPlan,
} from '../streaming/boundary-plans.ts';
import { chunkSizeAt, ChunkScheduler, type Chunk } from '../streaming/schedule.ts';
import type { ChunkDecoder } from './chunk-decoder.ts';
import { generationRequest, type GenerationSettings } from './family-support.ts';
import type { LoadedModel } from './model-pool.ts';

/** A chunk of one utterance after decoding and joining: what the stream gained, with its timings. */
export interface SynthesizedChunk {
  /** Index within the utterance (the run-wide index is assigned by the caller). */
  localIndex: number;
  plan: ChunkPlan;
  audio: Float32Array;
  /** Where this chunk's decoder audio takes over from the previous chunk's, in utterance samples; null if none. */
  seamSample: number | null;
  startSample: number;
  /** ms on the run clock */
  firstTokenAtMs: number;
  lastTokenAtMs: number;
  decodeStartAtMs: number;
  decodeEndAtMs: number;
  decodeRunMs: number;
  decodeBusyMs: number;
}

export interface SegmentSynthesis {
  tokens: number[];
  generation: GeneratedTokens;
  /** Wall time the token worker was busy on this utterance (its generation minus credit waits), ms. */
  tokenBusyMs: number;
  decodeBusyMs: number;
  decodeRunMs: number;
  generationStartAtMs: number;
}

export interface SegmentHooks {
  /** The run clock: ms since the request. */
  now(): number;
  signal: AbortSignal;
  onTokens(tokens: number[], firstIndex: number, atMs: number): void;
  /** The utterance's first token arrived (token events are batched: a batch's time is its last token's). */
  onFirstToken?(atMs: number): void;
  onChunk(chunk: SynthesizedChunk): void;
  /**
   * Chunks decoded so far in the whole run, and chunks this utterance starts at: used for the bounded queue
   * across utterances (the next utterance's tokens wait for the previous one's chunks like any other).
   */
  decodedChunks(): number;
  chunkDecoded(): void;
}

/** Tokens that chunk index `k` (0-based) ends at, under the schedule. */
function chunkEnd(schedule: RunConfig['schedule'], k: number): number {
  let end = 0;
  for (let i = 0; i <= k; i++) end += chunkSizeAt(schedule as never, i);
  return end;
}

/**
 * Synthesises one utterance: the token worker generates, chunks are cut by the schedule, each chunk is planned by
 * the boundary treatment, decoded in the decode worker and joined by the StreamAssembler, in order. `settings` are
 * the sampler and exaggeration the model's family really uses (family-support.ts generationSettings).
 *
 * Flow control is the bounded queue between the two workers: the token worker may generate up to the end of chunk
 * (decoded + depth) (parallel) or of chunk (decoded) (sequential), plus ONE token more. That one extra token is how
 * a chunk learns whether it is the utterance's last: a chunk is released to the decoder only once a later token,
 * or the stop token, exists. So the final chunk is never empty and never mistaken for a middle one, and the audio
 * does not depend on thread timing: both pipelines produce the same samples.
 */
export async function synthesizeSegment(
  model: LoadedModel,
  conditioning: Conditioning,
  text: string,
  config: RunConfig,
  settings: Pick<GenerationSettings, 'sampler' | 'exaggeration' | 'maxNewTokens'>,
  firstGlobalChunk: number,
  decoder: ChunkDecoder,
  hooks: SegmentHooks,
): Promise<SegmentSynthesis> {
  const depth = config.pipeline.kind === 'parallel' ? config.pipeline.queueDepth : 0;
  const control = new GenerationControl();
  const updateCredit = () => {
    const allowedLocalChunk = hooks.decodedChunks() + depth - firstGlobalChunk;
    control.grant(allowedLocalChunk < 0 ? 0 : chunkEnd(config.schedule, allowedLocalChunk) + 1);
  };
  updateCredit();
  const onAbort = () => control.cancel();
  hooks.signal.addEventListener('abort', onAbort, { once: true });

  const scheduler = new ChunkScheduler(config.schedule);
  const tokens: number[] = [];
  const tokenTimes: number[] = [];
  const held: Chunk[] = [];
  const queue: { chunk: Chunk; final: boolean }[] = [];
  let wake: (() => void) | undefined;
  let generationDone = false;
  let batchStart = 0;

  const flushTokenBatch = () => {
    if (tokens.length > batchStart) {
      hooks.onTokens(tokens.slice(batchStart), batchStart, tokenTimes.at(-1)!);
      batchStart = tokens.length;
    }
  };
  const release = (chunk: Chunk, final: boolean) => {
    queue.push({ chunk, final });
    flushTokenBatch();
    wake?.();
  };

  const generationStartAtMs = hooks.now();
  const generation = model.runtime
    .generate(
      generationRequest(text, conditioning, settings, config.seed, config.language),
      (event) => {
        tokens.push(event.token);
        tokenTimes.push(hooks.now());
        if (tokens.length === 1) hooks.onFirstToken?.(tokenTimes[0]!);
        // A held chunk is complete once a token beyond it exists.
        while (held.length > 0 && tokens.length > held[0]!.end) release(held.shift()!, false);
        for (const chunk of scheduler.push(1)) {
          if (tokens.length > chunk.end) release(chunk, false);
          else held.push(chunk);
        }
        if (tokens.length - batchStart >= 10) flushTokenBatch();
      },
      control,
    )
    .then(
      (result) => {
        const rest = scheduler.finish(tokens.length);
        const finalChunk = rest.pop()!;
        const pending = [...held, ...rest];
        held.length = 0;
        if (finalChunk.end === finalChunk.start && pending.length > 0) {
          // The utterance ended exactly at a chunk boundary: the last complete chunk is the final one.
          const last = pending.pop()!;
          for (const chunk of pending) release(chunk, false);
          release({ ...last, final: true }, true);
        } else {
          for (const chunk of pending) release(chunk, false);
          release(finalChunk, true);
        }
        flushTokenBatch();
        generationDone = true;
        wake?.();
        return result;
      },
      (error: unknown) => {
        generationDone = true;
        wake?.();
        throw error;
      },
    );
  // The decode loop below reports a generation failure through `generation`; never leave it unobserved.
  generation.catch(() => undefined);

  const assembler = new StreamAssembler(config.boundary);
  let decodeBusyMs = 0;
  let decodeRunMs = 0;
  let localIndex = 0;
  let finished = false;
  try {
    while (!finished) {
      if (queue.length === 0) {
        if (generationDone) {
          await generation; // rethrows a generation failure
          if (queue.length === 0) throw new Error('generation ended without a final chunk');
        } else {
          await new Promise<void>((resolve) => (wake = resolve));
          wake = undefined;
          continue;
        }
      }
      if (hooks.signal.aborted) throw new CancelledError();
      const { chunk, final } = queue.shift()!;
      const renumbered = { index: localIndex, start: chunk.start, end: chunk.end };
      const plan = planChunk(renumbered, final, final ? chunk.end : tokens.length, config.boundary);
      const decodeStartAtMs = hooks.now();
      let decoded: Float32Array = new Float32Array(0);
      let chunkRunMs = 0;
      if (plan.callDecoder) {
        const out = await decoder.decode(tokens.slice(plan.decodeStart, plan.decodeEnd), final);
        decoded = out.waveform;
        decodeBusyMs += out.busyMs;
        decodeRunMs += out.runMs;
        chunkRunMs = out.runMs;
      }
      const decodeEndAtMs = hooks.now();
      const emitted = assembler.accept(plan, decoded);
      hooks.onChunk({
        localIndex,
        plan,
        audio: emitted.audio,
        seamSample: emitted.seamSample,
        startSample: emitted.startSample,
        firstTokenAtMs: tokenTimes[chunk.start] ?? tokenTimes.at(-1) ?? decodeStartAtMs,
        lastTokenAtMs:
          tokenTimes[Math.max(chunk.start, chunk.end - 1)] ?? tokenTimes.at(-1) ?? decodeStartAtMs,
        decodeStartAtMs,
        decodeEndAtMs,
        decodeRunMs: chunkRunMs,
        decodeBusyMs: decodeEndAtMs - decodeStartAtMs,
      });
      localIndex++;
      hooks.chunkDecoded();
      updateCredit();
      finished = final;
    }
    const result = await generation;
    if (
      assembler.emittedSamples !== result.tokens.length * SAMPLES_PER_TOKEN &&
      config.boundary.kind !== 'stateful'
    ) {
      throw new Error(
        `the stream has ${assembler.emittedSamples} samples for ${result.tokens.length} tokens: a chunk was lost`,
      );
    }
    return {
      tokens,
      generation: result,
      tokenBusyMs: result.wallMs - result.waitMs,
      decodeBusyMs,
      decodeRunMs,
      generationStartAtMs,
    };
  } catch (error) {
    control.cancel();
    await generation.catch(() => undefined);
    throw error;
  } finally {
    hooks.signal.removeEventListener('abort', onAbort);
    await decoder.close();
  }
}
