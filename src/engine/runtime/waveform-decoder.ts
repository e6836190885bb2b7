import ort from 'onnxruntime-node';
import type { FloatTensorData } from './tensor-data.ts';

export interface DecodeInput {
  /** Prompt tokens followed by the span to render: the stock decoder needs the prompt prefix on every call. */
  speechTokens: BigInt64Array;
  speakerEmbeddings: FloatTensorData;
  speakerFeatures: FloatTensorData;
}

export interface DecodeOutput {
  /** 960 samples per non-prompt token, 24 kHz mono. */
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
  // Copy out of onnxruntime's buffer: the result is transferred to another thread.
  return { waveform: new Float32Array(waveform.data as Float32Array), runMs };
}
