import ort from 'onnxruntime-node';
import { float16Tensor } from './float16-tensor.ts';
import { KvCache, releaseTensor } from './kv-cache.ts';
import type { Conditioning } from './tensor-data.ts';
import { SPEECH_VOCAB, STOP_OF_SPEECH } from './speech-tokens.ts';
import { unconditionalTextRows } from './unconditional-row.ts';

/** The two language-model graphs the loop drives, opened in this (worker) thread. */
export interface GeneratorSessions {
  embedTokens: ort.InferenceSession;
  languageModel: ort.InferenceSession;
}

export interface KvLayout {
  layers: number;
  heads: number;
  headDim: number;
  /** Read from the session's input metadata, never assumed (fp16 exports use float16 KV). */
  dtype: 'float32' | 'float16';
  /** Turbo's language model takes position_ids; the original family's does not. */
  lmTakesPositionIds: boolean;
  /** Turbo's embed_tokens takes input_ids only. */
  embedTakesPositions: boolean;
}

export interface GenerationInput {
  /** Prompt ids from the text front-end (template applied). */
  inputIds: BigInt64Array;
  /** Prefill position ids, same length as inputIds. */
  positionIds: BigInt64Array;
  /**
   * [start, end) of inputIds whose token embeddings the unconditional row drops for classifier-free guidance
   * ([START]..[STOP], as upstream t3.py): they become position-only rows (unconditional-row.ts).
   */
  guidanceSpan: [number, number];
  conditioning: Conditioning;
  exaggeration: number;
  /** > 0 runs a batch of two (conditional, unconditional) every step. */
  cfgWeight: number;
  maxNewTokens: number;
  /**
   * Tokens appended to the speech tokens once generation stops on its own (stop token or max tokens; not when
   * cancelled), emitted like generated ones: Turbo's three silence tokens (model.md), empty for the other families.
   */
  tailTokens?: readonly number[];
}

/** One generation step after the prefill. */
export interface StepTiming {
  /** Wall time of the whole step (embed + LM + sampling + bookkeeping), ms, without flow-control waits. */
  totalMs: number;
  /** Time inside session.run calls, ms. */
  runMs: number;
  /** Garbage-collection pauses of this thread during the step, ms (when the caller measures them). */
  gcMs?: number;
}

export interface GenerationResult {
  /** Speech tokens to decode, in order: the generated ones (ids < 6561) followed by the tail tokens. */
  tokens: number[];
  /** How many of `tokens` are the appended tail (Turbo's silence padding), not sampled. */
  paddingTokens: number;
  /**
   * Sampled ids outside the speech vocabulary (>= 6561, other than the stop token): fed back to the language model
   * like any other but never decoded (upstream filters `speech_tokens < 6561` before S3Gen).
   */
  droppedTokens: number;
  stoppedBy: 'stop-token' | 'max-tokens' | 'cancelled';
  /** From the start to the first token sampled (embedding, conditioning rows, the prompt through the LM). */
  prefillMs: number;
  /** Every later step (one token each). */
  steps: StepTiming[];
  /** Sum of time inside session.run (prefill and steps), ms: the rest of the busy time is harness overhead. */
  runMs: number;
  /** Time blocked waiting for credit (the decoder was behind): not generation time. */
  waitMs: number;
  wallMs: number;
  /** Garbage-collection pauses of this thread from start to end, ms (when the caller measures them). */
  gcMs?: number;
}

export interface GenerationHooks {
  /** Chooses the next token from the last logits row(s). */
  sampleNext(cond: Float32Array, uncond: Float32Array | undefined, generated: readonly number[]): number;
  /**
   * Called for every speech token as soon as it is sampled (not the stop token, nor ids outside the speech
   * vocabulary), then for each tail token.
   */
  onToken(token: number, index: number, atMs: number): void;
  /** Polled once per step; true stops the loop at once. */
  isCancelled(): boolean;
  /** Blocks until the token with this index may be generated (flow control); returns ms waited. */
  waitForCredit(index: number): number;
  /**
   * Garbage-collection time of this thread between two `performance.now()` instants, ms (gc-meter.ts). Asked once
   * generation ended, when the observer has seen every collection.
   */
  gcMsBetween?(start: number, end: number): Promise<number> | number;
}

/** Reads the KV layout from the language model's own input metadata. */
export function readKvLayout(sessions: GeneratorSessions): KvLayout {
  const pastKeys = sessions.languageModel.inputMetadata.filter((m) =>
    /^past_key_values\.\d+\.key$/.test(m.name),
  );
  const first = pastKeys[0];
  if (!first || !first.isTensor) throw new Error('language_model has no past_key_values.N.key inputs');
  const shape = first.shape;
  const heads = typeof shape[1] === 'number' ? shape[1] : 16;
  const headDim = typeof shape[3] === 'number' ? shape[3] : 64;
  const dtype = first.type === 'float16' ? 'float16' : 'float32';
  return {
    layers: pastKeys.length,
    heads,
    headDim,
    dtype,
    lmTakesPositionIds: sessions.languageModel.inputNames.includes('position_ids'),
    embedTakesPositions: sessions.embedTokens.inputNames.includes('position_ids'),
  };
}

function emptyKv(layout: KvLayout, batch: number): Record<string, ort.Tensor> {
  const feeds: Record<string, ort.Tensor> = {};
  const dims = [batch, layout.heads, 0, layout.headDim];
  for (let layer = 0; layer < layout.layers; layer += 1) {
    for (const kind of ['key', 'value']) {
      feeds[`past_key_values.${layer}.${kind}`] =
        layout.dtype === 'float16'
          ? float16Tensor(new Uint16Array(0), dims)
          : new ort.Tensor('float32', new Float32Array(0), dims);
    }
  }
  return feeds;
}

/** Repeats a [1, ...] float tensor's data `batch` times along the first axis. */
function repeatBatch(data: Float32Array, batch: number): Float32Array {
  if (batch === 1) return data;
  const out = new Float32Array(data.length * batch);
  for (let b = 0; b < batch; b += 1) out.set(data, b * data.length);
  return out;
}

/**
 * The autoregressive loop of model.md ("Generation loop"): prefill with the voice's conditioning rows prepended,
 * then one token per step with the KV cache fed back, until the stop token or max tokens. Runs inside the token
 * worker; every token is handed to `onToken` the moment it is sampled so decoding can start early.
 */
export async function generateSpeechTokens(
  sessions: GeneratorSessions,
  layout: KvLayout,
  input: GenerationInput,
  hooks: GenerationHooks,
): Promise<GenerationResult> {
  const started = performance.now();
  const batch = input.cfgWeight > 0 ? 2 : 1;
  let runMs = 0;
  const run = async (session: ort.InferenceSession, feeds: Record<string, ort.Tensor>) => {
    const t0 = performance.now();
    const out = await session.run(feeds);
    runMs += performance.now() - t0;
    return out;
  };
  const exaggeration = new ort.Tensor('float32', new Float32Array([input.exaggeration]), [1]);

  // Prefill embeddings: [audio_features ; embed(prompt)] per batch row; the unconditional row has its text zeroed.
  const promptLength = input.inputIds.length;
  const embedFeeds: Record<string, ort.Tensor> = {
    input_ids: new ort.Tensor('int64', input.inputIds, [1, promptLength]),
  };
  if (layout.embedTakesPositions) {
    embedFeeds.position_ids = new ort.Tensor('int64', input.positionIds, [1, promptLength]);
    embedFeeds.exaggeration = exaggeration;
  }
  const promptEmbeds = (await run(sessions.embedTokens, embedFeeds)).inputs_embeds!;
  const hidden = promptEmbeds.dims[2]!;
  const cond = input.conditioning.audioFeatures;
  const condRows = cond.dims[1]!;
  const prefillLength = condRows + promptLength;
  const prefill = new Float32Array(batch * prefillLength * hidden);
  const promptData = promptEmbeds.data as Float32Array;
  for (let b = 0; b < batch; b += 1) {
    const rowStart = b * prefillLength * hidden;
    prefill.set(cond.data, rowStart);
    prefill.set(promptData, rowStart + condRows * hidden);
  }
  if (batch === 2) {
    const [from, to] = input.guidanceSpan;
    const rowStart = prefillLength * hidden + (condRows + from) * hidden;
    if (layout.embedTakesPositions) {
      const embed = async (feeds: Record<string, ort.Tensor>) =>
        (await run(sessions.embedTokens, feeds)).inputs_embeds!.data as Float32Array;
      prefill.set(
        await unconditionalTextRows(embed, input.positionIds, [from, to], exaggeration, hidden),
        rowStart,
      );
    } else {
      // A graph without position inputs (Turbo's) has no position part to keep; upstream runs no guidance there.
      prefill.fill(0, rowStart, rowStart + (to - from) * hidden);
    }
  }

  const kv = new KvCache(emptyKv(layout, batch), layout.layers);
  let feeds: Record<string, ort.Tensor> = {
    inputs_embeds: new ort.Tensor('float32', prefill, [batch, prefillLength, hidden]),
    attention_mask: new ort.Tensor('int64', new BigInt64Array(batch * prefillLength).fill(1n), [
      batch,
      prefillLength,
    ]),
    ...kv.feeds(),
  };
  if (layout.lmTakesPositionIds) {
    const positions = new BigInt64Array(batch * prefillLength);
    for (let b = 0; b < batch; b += 1)
      for (let i = 0; i < prefillLength; i += 1) positions[b * prefillLength + i] = BigInt(i);
    feeds.position_ids = new ort.Tensor('int64', positions, [batch, prefillLength]);
  }

  const tokens: number[] = [];
  /** Every sampled id but the stop token (what the language model has seen, and what repetition is judged on). */
  const history: number[] = [];
  let droppedTokens = 0;
  const steps: StepTiming[] = [];
  let prefillMs = 0;
  let totalLength = prefillLength;
  let stoppedBy: GenerationResult['stoppedBy'] = 'max-tokens';

  let waitMs = 0;
  // Step inputs reused every step instead of allocated (issue 14): the mask is all ones, so one buffer sized for the
  // longest possible context serves every step as a view; the new position and token ids are rewritten in place
  // (each session.run has returned before they change).
  const maskOnes = new BigInt64Array(batch * (prefillLength + input.maxNewTokens)).fill(1n);
  const stepPositions = new BigInt64Array(batch);
  const nextInputId = new BigInt64Array(1);
  const nextEmbedPosition = new BigInt64Array(1);
  /** [start, end) of every recorded step, for attributing garbage collections once generation has ended. */
  const stepSpans: [number, number][] = [];
  /** A run's outputs whose present.* the cache has not taken yet: released if the loop ends before it does. */
  let unconsumed: Record<string, ort.Tensor> | undefined;
  try {
    for (let step = 0; step < input.maxNewTokens; step += 1) {
      waitMs += hooks.waitForCredit(tokens.length);
      if (hooks.isCancelled()) {
        stoppedBy = 'cancelled';
        break;
      }
      const stepStart = performance.now();
      const runBefore = runMs;
      const out = await run(sessions.languageModel, feeds);
      unconsumed = out;
      const logits = out.logits!;
      const [, seq, vocab] = logits.dims as [number, number, number];
      const data = logits.data as Float32Array;
      const condRow = data.subarray((seq - 1) * vocab, seq * vocab);
      const uncondRow = batch === 2 ? data.subarray((seq + seq - 1) * vocab, (seq + seq) * vocab) : undefined;
      const token = hooks.sampleNext(condRow, uncondRow, history);
      // Step 0 is the prefill (the whole prompt through the LM); its cost is reported apart from the per-token steps.
      const recordStep = () => {
        const end = performance.now();
        if (step === 0) prefillMs = end - started - waitMs;
        else {
          steps.push({ totalMs: end - stepStart, runMs: runMs - runBefore });
          stepSpans.push([stepStart, end]);
        }
      };

      if (token === STOP_OF_SPEECH) {
        stoppedBy = 'stop-token';
        recordStep();
        break;
      }
      history.push(token);
      if (token < SPEECH_VOCAB) {
        tokens.push(token);
        hooks.onToken(token, tokens.length - 1, performance.now() - started);
      } else droppedTokens += 1;

      // Next step: embed the new token at position step + 1, grow the mask, feed present back as past.
      nextInputId[0] = BigInt(token);
      const nextEmbedFeeds: Record<string, ort.Tensor> = {
        input_ids: new ort.Tensor('int64', nextInputId, [1, 1]),
      };
      if (layout.embedTakesPositions) {
        nextEmbedPosition[0] = BigInt(step + 1);
        nextEmbedFeeds.position_ids = new ort.Tensor('int64', nextEmbedPosition, [1, 1]);
        nextEmbedFeeds.exaggeration = exaggeration;
      }
      const tokenEmbeds = (await run(sessions.embedTokens, nextEmbedFeeds)).inputs_embeds!;
      totalLength += 1;
      kv.advance(out);
      unconsumed = undefined;
      const next: Record<string, ort.Tensor> = {
        inputs_embeds: new ort.Tensor('float32', repeatBatch(tokenEmbeds.data as Float32Array, batch), [
          batch,
          1,
          hidden,
        ]),
        attention_mask: new ort.Tensor('int64', maskOnes.subarray(0, batch * totalLength), [
          batch,
          totalLength,
        ]),
        ...kv.feeds(),
      };
      if (layout.lmTakesPositionIds) {
        stepPositions.fill(BigInt(totalLength - 1));
        next.position_ids = new ort.Tensor('int64', stepPositions, [batch, 1]);
      }
      feeds = next;
      recordStep();
    }
  } finally {
    // Stop, cancel or error: nothing of this generation's KV may outlive it (device memory above all).
    if (unconsumed)
      for (const [name, tensor] of Object.entries(unconsumed))
        if (name.startsWith('present.')) releaseTensor(tensor);
    kv.dispose();
  }
  const tail = stoppedBy === 'cancelled' ? [] : (input.tailTokens ?? []);
  for (const token of tail) {
    tokens.push(token);
    hooks.onToken(token, tokens.length - 1, performance.now() - started);
  }
  const wallMs = performance.now() - started;
  let gcMs: number | undefined;
  if (hooks.gcMsBetween) {
    for (let i = 0; i < steps.length; i += 1) steps[i]!.gcMs = await hooks.gcMsBetween(...stepSpans[i]!);
    gcMs = await hooks.gcMsBetween(started, started + wallMs);
  }
  return {
    tokens,
    paddingTokens: tail.length,
    droppedTokens,
    stoppedBy,
    prefillMs,
    steps,
    runMs,
    waitMs,
    wallMs,
    ...(gcMs === undefined ? {} : { gcMs }),
  };
}
