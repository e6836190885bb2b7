import type { BoundaryRecord, ChunkRecord, RunConfig, RunSummary } from '../../contract/index.ts';
import { MAX_RUN_SPEECH_TOKENS } from '../../contract/model-limits.ts';
import { CancelledError } from '../runtime/model-runtime.ts';
import { SAMPLES_PER_TOKEN } from '../streaming/boundary-plans.ts';
import { openTextSource, type Clock, type TextSourceOptionsInput } from '../text-source/index.ts';
import { statefulChunkDecoder, stockChunkDecoder } from './chunk-decoder.ts';
import type { ExperimentEvent, RunOutput } from './experiment-events.ts';
import { familyRefusal, generationSettings } from './family-support.ts';
import { voicePromptRefusal } from '../voices/voice-prompt.ts';
import type { ModelPool } from './model-pool.ts';
import { buildProvenance } from './provenance.ts';
import { clockStartConditions } from './run-conditions.ts';
import { computeRunMetrics, measureBoundaries, SAMPLE_RATE, type Seam } from './run-metrics.ts';
import { synthesizeSegment } from './segment-synthesis.ts';

export class RunCancelledError extends Error {
  readonly code = 'cancelled';
  readonly atMs: number;
  constructor(atMs: number) {
    super('the run was cancelled');
    this.name = 'RunCancelledError';
    this.atMs = atMs;
  }
}

/** A configuration the model cannot run (e.g. the stateful treatment on a stock decoder). */
export class InvalidCombinationError extends Error {
  readonly code = 'invalid_combination';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidCombinationError';
  }
}

export interface RunHooks {
  runId: string;
  signal?: AbortSignal;
  onEvent?: (event: ExperimentEvent) => void;
  /** The clock runs are timed with (ms, monotonic); performance.now() unless a test scripts time. */
  clock?: () => number;
  /** Speech tokens the whole run may generate (default MAX_RUN_SPEECH_TOKENS; tests set a small one). */
  maxRunSpeechTokens?: number;
  /** The clock a live LLM stream's text arrives on; the real clock unless a test controls when text arrives. */
  textClock?: Clock;
}

function textSourceOptions(config: RunConfig): TextSourceOptionsInput {
  const source = config.textSource;
  switch (source.mode) {
    case 'whole':
      return { mode: 'whole' };
    case 'sentences':
      return { mode: 'sentences', minChars: source.minChars };
    case 'segments':
      return { mode: 'segments', minChars: source.minChars, maxChars: source.maxChars };
    case 'llm-stream':
      return {
        mode: 'llm-stream',
        tokensPerSecond: source.tokensPerSecond,
        jitterMs: source.jitterMs,
        firstTokenDelayMs: source.firstTokenDelayMs,
        thresholdChars: source.thresholdChars,
        ...(source.recordingPath ? { recordingPath: source.recordingPath } : {}),
      } as TextSourceOptionsInput;
  }
}

/**
 * One run, end to end, in the direction data flows: text source -> token generation (token worker) -> chunk
 * decoding (decode worker) -> boundary treatment -> audio stream -> metrics. Every step is reported as an event;
 * the result carries the stream, its offline reference and the metrics. Text segments (sentences, LLM-stream
 * segments) are separate utterances synthesised one after another (the pipelines differ within an utterance),
 * each with its own chunk schedule and decoder state; where two utterances meet is a boundary too.
 */
export async function runExperiment(
  models: ModelPool,
  config: RunConfig,
  hooks: RunHooks,
): Promise<RunOutput> {
  const readClock = hooks.clock ?? (() => performance.now());
  const t0 = readClock();
  const now = () => readClock() - t0;
  const runId = hooks.runId;
  const emit = (event: ExperimentEvent) => hooks.onEvent?.(event);
  const abort = new AbortController();
  const onAbort = () => abort.abort();
  if (hooks.signal?.aborted) throw new RunCancelledError(0);
  hooks.signal?.addEventListener('abort', onAbort, { once: true });

  try {
    // Loading and warming the model (first inference) are never inside a run's clock; the run records if it waited.
    const warmth = await models.ensureWarm(config.model, config.runtime, config.voice);
    const [model, voice] = await Promise.all([
      models.get(config.model, config.runtime),
      models.resolveVoice(config.voice),
    ]);
    const [tokenInfo, decodeInfo] = await Promise.all([
      model.runtime.tokenWorker(),
      model.runtime.decodeWorker(),
    ]);
    if (config.boundary.kind === 'stateful' && !decodeInfo.stateful) {
      throw new InvalidCombinationError(
        `model "${model.id}" has a stock conditional_decoder (no cache_* state inputs), so the stateful ` +
          'treatment cannot run on it; use a cache-capable export (e.g. the fixture-stateful model) or the ' +
          '"context" treatment, which re-decodes context instead of carrying state',
      );
    }
    const refusal = familyRefusal(model, config.language) ?? voicePromptRefusal(model.report.family, voice);
    if (refusal) throw new InvalidCombinationError(refusal);
    const conditioning = await model.conditioning(voice);
    // What the family's loop really uses: every utterance generates with it, and the provenance says what it set aside.
    const settings = generationSettings(model.report.family, config);
    const provenance = {
      ...buildProvenance(model, tokenInfo, decodeInfo, voice, settings),
      conditions: clockStartConditions(warmth),
    };
    const startedAt = new Date().toISOString();
    // Time spent loading the model and the voice is not the run's: the clock restarts here.
    const loadMs = now();
    const clock = () => now() - loadMs;
    emit({ type: 'started', runId, config, provenance, startedAt });

    const chunks: ChunkRecord[] = [];
    const streamPieces: Float32Array[] = [];
    const seams: Seam[] = [];
    const segmentTokens: number[][] = [];
    let streamSamples = 0;
    let decodedChunks = 0;
    let textReadyMs = -1;
    let firstTokenMs = -1;
    let tokenBusyMs = 0;
    let tokenRunMs = 0;
    let paddingTokens = 0;
    let droppedTokens = 0;
    let decodeBusyMs = 0;
    let decodeRunMs = 0;

    const source = openTextSource({
      text: config.text,
      options: textSourceOptions(config),
      language: config.language,
      signal: abort.signal,
      ...(hooks.textClock ? { clock: hooks.textClock } : {}),
    });
    let segmentIndex = 0;
    // Utterances whose generation hit maxNewTokens before the stop token: the run's stop reason says so.
    let utterancesCutShort = 0;
    // The run's own token budget bounds the audio it holds in memory (model-limits.ts MAX_RUN_SPEECH_TOKENS).
    const runBudget = hooks.maxRunSpeechTokens ?? MAX_RUN_SPEECH_TOKENS;
    let runTokens = 0;
    let budgetSpent = false;
    for await (const segment of source) {
      if (abort.signal.aborted) throw new CancelledError();
      if (runTokens >= runBudget) {
        budgetSpent = true;
        break;
      }
      const segmentNo = segmentIndex++;
      if (textReadyMs < 0) textReadyMs = segment.readyAt;
      emit({ type: 'text', runId, segment: segmentNo, text: segment.text, atMs: segment.readyAt });
      const segmentStartSample = streamSamples;
      const firstGlobalChunk = decodedChunks;
      let segmentHasAudio = false;
      const decoder =
        config.boundary.kind === 'stateful'
          ? statefulChunkDecoder(model, conditioning)
          : stockChunkDecoder(model, conditioning);
      const result = await synthesizeSegment(
        model,
        conditioning,
        segment.text,
        config,
        // The run's token budget caps the last utterances' limit (the family's resolved maxNewTokens otherwise).
        runTokens + settings.maxNewTokens > runBudget
          ? { ...settings, maxNewTokens: runBudget - runTokens }
          : settings,
        firstGlobalChunk,
        decoder,
        {
          now: clock,
          signal: abort.signal,
          decodedChunks: () => decodedChunks,
          chunkDecoded: () => {
            decodedChunks++;
          },
          onFirstToken: (atMs) => {
            if (firstTokenMs < 0) firstTokenMs = atMs;
          },
          onTokens: (tokens, firstIndex, atMs) => {
            emit({ type: 'tokens', runId, segment: segmentNo, firstIndex, tokens, atMs });
          },
          onChunk: (c) => {
            // A chunk whose audio is all held back (context look-ahead) adds nothing to the stream: not a chunk.
            if (c.audio.length === 0) return;
            const sampleStart = streamSamples;
            streamSamples += c.audio.length;
            streamPieces.push(c.audio);
            if (!segmentHasAudio && sampleStart > 0) seams.push({ sample: sampleStart, segmentJoin: true });
            else if (c.seamSample !== null)
              seams.push({ sample: segmentStartSample + c.seamSample, segmentJoin: false });
            segmentHasAudio = true;
            const emittedAtMs = clock();
            const record: ChunkRecord = {
              index: chunks.length,
              segment: segmentNo,
              tokenStart: c.plan.emitStartToken,
              tokenEnd: c.plan.emitEndToken,
              decodedStart: c.plan.callDecoder ? c.plan.decodeStart : c.plan.decodeEnd,
              decodedEnd: c.plan.decodeEnd,
              sampleStart,
              sampleEnd: streamSamples,
              firstTokenAtMs: c.firstTokenAtMs,
              lastTokenAtMs: c.lastTokenAtMs,
              decodeStartAtMs: c.decodeStartAtMs,
              decodeEndAtMs: c.decodeEndAtMs,
              emittedAtMs,
              tokenGenerationMs: Math.max(0, c.lastTokenAtMs - c.firstTokenAtMs),
              decodeMs: c.decodeRunMs,
              queueWaitMs: Math.max(0, c.decodeStartAtMs - c.lastTokenAtMs),
              audioMs: (c.audio.length / SAMPLE_RATE) * 1000,
            };
            chunks.push(record);
            emit({ type: 'chunk', runId, chunk: record, audio: c.audio, sampleRate: SAMPLE_RATE });
          },
        },
      );
      segmentTokens.push(result.tokens);
      tokenBusyMs += result.tokenBusyMs;
      tokenRunMs += result.generation.runMs;
      paddingTokens += result.generation.paddingTokens;
      droppedTokens += result.generation.droppedTokens;
      if (result.generation.stoppedBy === 'max-tokens') utterancesCutShort += 1;
      runTokens += result.tokens.length;
      if (result.generation.stoppedBy === 'max-tokens' && runTokens >= runBudget) budgetSpent = true;
      decodeBusyMs += result.decodeBusyMs;
      decodeRunMs += result.decodeRunMs;
    }
    const wallMs = clock();

    const stream = concat(streamPieces);
    // The offline reference: each utterance's tokens decoded in one call, joined as the stream joins them.
    const reference = await decodeOffline(model, conditioning, segmentTokens);
    const repeats: Float32Array[] = [];
    for (let i = 0; i < config.noiseFloorRepeats; i++) {
      repeats.push(await decodeOffline(model, conditioning, segmentTokens));
      // A deterministic decoder gives the same samples every time: one repeat proves it.
      if (i === 0 && sameSamples(repeats[0]!, reference)) break;
    }
    const boundaries: BoundaryRecord[] = measureBoundaries(stream, reference, seams);
    for (const boundary of boundaries) emit({ type: 'boundary', runId, boundary });
    const tokenCount = segmentTokens.reduce((n, t) => n + t.length, 0);
    const metrics = computeRunMetrics(config, chunks, boundaries, stream, reference, repeats, {
      textReadyMs: Math.max(0, textReadyMs),
      firstTokenMs: Math.max(0, firstTokenMs),
      wallMs,
      tokenCount,
      paddingTokens,
      droppedTokens,
      tokenBusyMs,
      tokenRunMs,
      decodeBusyMs,
      decodeRunMs,
    });
    const summary: RunSummary = {
      id: runId,
      createdAt: startedAt,
      status: 'finished',
      config,
      provenance,
      chunks,
      boundaries,
      metrics,
      sampleRate: SAMPLE_RATE,
      stopReason: budgetSpent ? 'run-token-limit' : utterancesCutShort > 0 ? 'max-tokens' : 'stop-token',
    };
    return {
      summary,
      stream,
      reference,
      referenceRepeats: repeats.filter((r) => !sameSamples(r, reference)),
    };
  } catch (error) {
    if (abort.signal.aborted || error instanceof CancelledError) throw new RunCancelledError(now());
    throw error;
  } finally {
    hooks.signal?.removeEventListener('abort', onAbort);
  }
}

async function decodeOffline(
  model: Awaited<ReturnType<ModelPool['get']>>,
  conditioning: Awaited<ReturnType<Awaited<ReturnType<ModelPool['get']>>['conditioning']>>,
  segments: readonly number[][],
): Promise<Float32Array> {
  const pieces: Float32Array[] = [];
  for (const tokens of segments) {
    if (tokens.length === 0) continue;
    const { waveform } = await model.runtime.decode(conditioning.audioTokens.data, tokens, conditioning);
    // The runtime aligns the prompt and checks the export's arithmetic, so this holds for any voice length;
    // a mismatch is a bug to report, never something to cut or pad away.
    if (waveform.length !== tokens.length * SAMPLES_PER_TOKEN)
      throw new Error(
        `offline reference: the decoder returned ${waveform.length} samples for ${tokens.length} tokens ` +
          `(expected ${tokens.length * SAMPLES_PER_TOKEN})`,
      );
    pieces.push(waveform);
  }
  return concat(pieces);
}

function concat(pieces: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(pieces.reduce((n, piece) => n + piece.length, 0));
  let offset = 0;
  for (const piece of pieces) {
    out.set(piece, offset);
    offset += piece.length;
  }
  return out;
}

function sameSamples(a: Float32Array, b: Float32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
