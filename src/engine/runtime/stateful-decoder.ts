import ort from 'onnxruntime-node';
import { DECODER_STATE_INPUT_PREFIX, stateOutputName } from '../models/graph-contract.ts';
import type { FloatTensorData } from './tensor-data.ts';
import { feedBack, float16Tensor } from './float16-tensor.ts';

/**
 * Driver for a cache-capable conditional_decoder (contract: models/STATEFUL_DECODER.md). It hides the `cache_*`
 * state: the caller pushes speech tokens as they come and gets back the audio of every token whose look-ahead
 * is complete; the final push flushes the tokens held back.
 */

/** Tokens of look-ahead the decoder holds back (S3Gen's pre_lookahead_len). */
export const STATEFUL_LOOKAHEAD_TOKENS = 3;
/** Appended 3 times by the final push: any id outside the speech range 0..6560 means "end" (6562 = stop). */
export const STATEFUL_FLUSH_TOKEN = 6562n;
const SAMPLES_PER_TOKEN = 960;

export interface StatefulDecoderPrompt {
  /** The prompt's speech tokens (speech_encoder's audio_tokens): every call starts with them. */
  audioTokens: BigInt64Array;
  speakerEmbeddings: FloatTensorData;
  speakerFeatures: FloatTensorData;
}

export interface StatefulPushResult {
  /** 960 samples per token released by this call (possibly none), continuing the previous call's audio. */
  waveform: Float32Array;
  runMs: number;
}

export interface StatefulDecoder {
  /** Decodes `tokens` (after the prompt); `final` flushes the held-back look-ahead. No push after a final one. */
  push(tokens: BigInt64Array, final: boolean): Promise<StatefulPushResult>;
  /** Tokens whose audio has been returned so far. */
  readonly emittedTokens: number;
}

/** A decoder is stateful when it takes `cache_*` inputs. */
export function isStatefulDecoder(session: ort.InferenceSession): boolean {
  return session.inputNames.some((name) => name.startsWith(DECODER_STATE_INPUT_PREFIX));
}

/**
 * Initial state, from the graph's own metadata: zeros, with the first (batch) axis 1 when it is dynamic and every
 * other dynamic axis 0 (e.g. no held-back tokens yet).
 */
export function initialDecoderState(session: ort.InferenceSession): Record<string, ort.Tensor> {
  const state: Record<string, ort.Tensor> = {};
  for (const meta of session.inputMetadata) {
    if (!meta.name.startsWith(DECODER_STATE_INPUT_PREFIX)) continue;
    if (!meta.isTensor) throw new Error(`decoder state input "${meta.name}" is not a tensor`);
    const dims = meta.shape.map((d, axis) => (typeof d === 'number' && d >= 0 ? d : axis === 0 ? 1 : 0));
    const size = dims.reduce((a, b) => a * b, 1);
    state[meta.name] = zeros(meta.type, size, dims, meta.name);
  }
  return state;
}

function zeros(type: string, size: number, dims: number[], name: string): ort.Tensor {
  switch (type) {
    case 'float32':
      return new ort.Tensor('float32', new Float32Array(size), dims);
    case 'float16':
      return float16Tensor(new Uint16Array(size), dims);
    case 'int64':
      return new ort.Tensor('int64', new BigInt64Array(size), dims);
    case 'int32':
      return new ort.Tensor('int32', new Int32Array(size), dims);
    case 'bool':
      return new ort.Tensor('bool', new Uint8Array(size), dims);
    default:
      throw new Error(`decoder state input "${name}" has unsupported type ${type}`);
  }
}

export function createStatefulDecoder(
  session: ort.InferenceSession,
  prompt: StatefulDecoderPrompt,
): StatefulDecoder {
  if (!isStatefulDecoder(session)) throw new Error('conditional_decoder has no cache_* state inputs');
  // The stream emits whole tokens from the prompt's end on: that needs 2 P = T (prompt-alignment.ts does it).
  const promptFrames = prompt.speakerFeatures.dims[1];
  if (promptFrames !== 2 * prompt.audioTokens.length)
    throw new Error(
      `stateful decoder: the prompt is not aligned (${prompt.audioTokens.length} prompt tokens, ` +
        `${String(promptFrames)} prompt frames; 2 P = T is required: alignDecoderPrompt makes it so)`,
    );
  let state = initialDecoderState(session);
  let emitted = 0;
  let finished = false;
  let busy = false;
  const speakerEmbeddings = new ort.Tensor(
    'float32',
    prompt.speakerEmbeddings.data,
    prompt.speakerEmbeddings.dims,
  );
  const speakerFeatures = new ort.Tensor('float32', prompt.speakerFeatures.data, prompt.speakerFeatures.dims);

  return {
    get emittedTokens() {
      return emitted;
    },
    async push(tokens, final) {
      if (finished) throw new Error('stateful decoder: push after the final push');
      if (busy) throw new Error('stateful decoder: push while the previous push is still running');
      if (tokens.length === 0 && !final) return { waveform: new Float32Array(0), runMs: 0 };
      busy = true;
      try {
        const flush = final ? STATEFUL_LOOKAHEAD_TOKENS : 0;
        const ids = new BigInt64Array(prompt.audioTokens.length + tokens.length + flush);
        ids.set(prompt.audioTokens, 0);
        ids.set(tokens, prompt.audioTokens.length);
        ids.fill(STATEFUL_FLUSH_TOKEN, prompt.audioTokens.length + tokens.length);
        const feeds: Record<string, ort.Tensor> = {
          speech_tokens: new ort.Tensor('int64', ids, [1, ids.length]),
          speaker_embeddings: speakerEmbeddings,
          speaker_features: speakerFeatures,
          ...state,
        };
        const t0 = performance.now();
        const out = await session.run(feeds);
        const runMs = performance.now() - t0;
        const next: Record<string, ort.Tensor> = {};
        for (const name of Object.keys(state)) {
          const value = out[stateOutputName(name)];
          if (!value) throw new Error(`conditional_decoder returned no "${stateOutputName(name)}" output`);
          next[name] = feedBack(value);
        }
        const waveform = out.waveform;
        if (!waveform) throw new Error('conditional_decoder returned no "waveform" output');
        // Copy out of onnxruntime's buffer: the result may be transferred to another thread.
        const samples = new Float32Array(waveform.data as Float32Array);
        if (samples.length % SAMPLES_PER_TOKEN !== 0)
          throw new Error(`stateful decoder returned ${samples.length} samples, not a multiple of 960`);
        state = next;
        emitted += samples.length / SAMPLES_PER_TOKEN;
        finished = final;
        return { waveform: samples, runMs };
      } finally {
        busy = false;
      }
    },
  };
}
