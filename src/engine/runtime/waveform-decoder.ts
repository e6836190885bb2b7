import ort from 'onnxruntime-node';
import { decoderOutputSamples } from './export-arithmetic.ts';
import type { FloatTensorData } from './tensor-data.ts';

export interface DecodeInput {
  /** Prompt tokens followed by the span to render: the stock decoder needs the prompt prefix on every call. */
  speechTokens: BigInt64Array;
  speakerEmbeddings: FloatTensorData;
  speakerFeatures: FloatTensorData;
  /** How many of `speechTokens` are the prompt (P); the rest are the span. */
  promptTokens: number;
}

export interface DecodeOutput {
  /** (2 (P + N) - T) x 480 samples, 24 kHz mono: 960 per span token once the prompt is aligned (2P = T). */
  waveform: Float32Array;
  runMs: number;
}

/** One stock conditional_decoder call (inside the decode worker). */
export async function decodeWaveform(
  session: ort.InferenceSession,
  input: DecodeInput,
): Promise<DecodeOutput> {
  const feeds = {
    speech_tokens: new ort.Tensor('int64', input.speechTokens, [1, input.speechTokens.length]),
    speaker_embeddings: new ort.Tensor('float32', input.speakerEmbeddings.data, input.speakerEmbeddings.dims),
    speaker_features: new ort.Tensor('float32', input.speakerFeatures.data, input.speakerFeatures.dims),
  };
  const t0 = performance.now();
  const out = await session.run(feeds);
  const runMs = performance.now() - t0;
  const waveform = out.waveform;
  if (!waveform) throw new Error('conditional_decoder returned no "waveform" output');
  const span = input.speechTokens.length - input.promptTokens;
  const expected = decoderOutputSamples(input.promptTokens, input.speakerFeatures.dims[1]!, span);
  // Never assume 960 per token from a real export: check the arithmetic it is known to follow.
  if (waveform.data.length !== expected)
    throw new Error(
      `conditional_decoder returned ${waveform.data.length} samples for ${input.promptTokens} prompt tokens, ` +
        `${input.speakerFeatures.dims[1]} prompt frames and ${span} new tokens; the export's arithmetic ` +
        `(2 (P + N) - T) x 480 gives ${expected}`,
    );
  // Copy out of onnxruntime's buffer: the result is transferred to another thread.
  return { waveform: new Float32Array(waveform.data as Float32Array), runMs };
}
