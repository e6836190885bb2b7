import type { FloatTensorData } from './tensor-data.ts';
import { MEL_FRAMES_PER_TOKEN } from './export-arithmetic.ts';

export interface DecoderPrompt {
  audioTokens: BigInt64Array;
  speakerFeatures: FloatTensorData;
}

export interface AlignedPrompt extends DecoderPrompt {
  /** Prompt tokens dropped from the end (0 when the voice was already aligned). */
  droppedTokens: number;
  /** Prompt mel frames dropped from the end. */
  droppedFrames: number;
}

/**
 * Makes the decoder prompt agree with itself: 2 P = T, so the stock decoder returns exactly 960 samples per new
 * token and the prompt's last frame ends where the first new token starts.
 *
 * The export's framings disagree for most clip lengths (export-arithmetic.ts: 2P - T is 0, 1 or 2). Upstream
 * `S3Gen.embed_ref` (resemble-ai/chatterbox `models/s3gen/s3gen.py`, "Make sure mel_len = 2 * stoken_len") cuts the
 * tokens to T // 2 and keeps all T frames. For odd T that leaves 2P = T - 1: upstream then returns 480 samples
 * fewer than 960 N and its last prompt frame covers half of the first new token. Seamlab also drops that odd last
 * frame, so 2P = T holds for every clip (the one place it differs from upstream; listed in the README).
 * Trimming happens at the end of both, as upstream does, and only ever shortens the longer one.
 */
export function alignDecoderPrompt(prompt: DecoderPrompt): AlignedPrompt {
  const dims = prompt.speakerFeatures.dims;
  if (dims.length !== 3 || dims[0] !== 1)
    throw new Error(`speaker_features must be [1, frames, bins], got [${dims.join(', ')}]`);
  const frames = dims[1]!;
  const bins = dims[2]!;
  const tokens = prompt.audioTokens.length;
  const keptTokens = Math.min(tokens, Math.floor(frames / MEL_FRAMES_PER_TOKEN));
  const keptFrames = keptTokens * MEL_FRAMES_PER_TOKEN;
  if (keptTokens === 0)
    throw new Error(
      `the voice prompt is too short for the decoder: ${tokens} prompt tokens and ${frames} prompt frames ` +
        '(a clip of at least 40 ms is needed)',
    );
  if (keptTokens === tokens && keptFrames === frames)
    return { ...prompt, droppedTokens: 0, droppedFrames: 0 };
  return {
    audioTokens: prompt.audioTokens.slice(0, keptTokens),
    speakerFeatures: {
      data: prompt.speakerFeatures.data.slice(0, keptFrames * bins),
      dims: [1, keptFrames, bins],
    },
    droppedTokens: tokens - keptTokens,
    droppedFrames: frames - keptFrames,
  };
}
