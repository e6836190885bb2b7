/**
 * What each model family does with a voice clip before its speech encoder, as upstream Chatterbox does it.
 *
 * Upstream `prepare_conditionals` (resemble-ai/chatterbox src/chatterbox/tts.py, mtl_tts.py, tts_turbo.py) feeds
 * three consumers from one clip: S3Gen's reference (mel features + prompt tokens) from the first DEC_COND_LEN =
 * 10 s at 24 kHz, the T3 conditioning tokens from the first ENC_COND_LEN of the 16 kHz clip (6 s; 15 s for Turbo),
 * and the voice-encoder speaker embedding from the whole clip. The ONNX export takes the clip as one input and
 * crops inside the graph (VladOS95-cyber/onnx_conversion_scripts chatterbox/chatterbox_to_onnx_conversion_script.py,
 * PrepareConditionalsModel.prepare_conditions_from_audio: `audio_values[..., :DEC_COND_LEN]` for speaker_features
 * and the decoder's prompt tokens, `ref_wav_16[..., :ENC_COND_LEN]` for the T3 tokens, and the CAMPPlus x-vector
 * `speaker_embeddings` from the uncropped clip). So the caller must hand over the whole clip: cutting it to 10 s
 * first changes the x-vector. Turbo additionally refuses clips of 5 s or less and scales the clip to -27 LUFS
 * before anything else (tts_turbo.py: `assert len(wav) / sr > 5.0`, `norm_loudness(wav, sr, target_lufs=-27)`).
 */
import type { ModelFamily } from '../models/graph-contract.ts';
import { normaliseLoudness } from '../audio/loudness.ts';
import { VOICE_SAMPLE_RATE, voiceIdOf, type Voice } from './load-voice.ts';

export interface VoicePromptRule {
  /** Seconds at the start of the clip the T3 conditioning tokens come from (ENC_COND_LEN / 16 kHz). */
  t3Seconds: number;
  /** Seconds at the start of the clip S3Gen's reference mel and prompt tokens come from (DEC_COND_LEN / 24 kHz). */
  s3genSeconds: number;
  /** A clip must be longer than this (seconds) or it is refused; 0 when any length is accepted. */
  minSeconds: number;
  /** Integrated loudness the clip is scaled to first, LUFS; null when left as it is. */
  targetLufs: number | null;
  /**
   * Import floor, seconds of sound (after trimming silence): Seamlab's, not upstream's. Below 1 s the speech
   * encoder has fewer than 25 prompt tokens (S3 tokens are 25 per second) and a handful of mel frames for the
   * decoder's reference and the x-vector, so a run cannot clone anything; such clips used to fail only at run time.
   */
  minImportSeconds: number;
  /** Import floor on the RMS level of the sound, dBFS (Seamlab's): quieter clips are mostly noise. */
  minLevelDbfs: number;
}

/** Upstream's constants per family, with the file each comes from. */
export const VOICE_PROMPT_RULES: Readonly<Record<ModelFamily, VoicePromptRule>> = {
  // tts.py: ENC_COND_LEN = 6 * S3_SR, DEC_COND_LEN = 10 * S3GEN_SR.
  original: {
    t3Seconds: 6,
    s3genSeconds: 10,
    minSeconds: 0,
    targetLufs: null,
    minImportSeconds: 1,
    minLevelDbfs: -50,
  },
  // mtl_tts.py: the same two constants.
  multilingual: {
    t3Seconds: 6,
    s3genSeconds: 10,
    minSeconds: 0,
    targetLufs: null,
    minImportSeconds: 1,
    minLevelDbfs: -50,
  },
  // tts_turbo.py: ENC_COND_LEN = 15 * S3_SR, DEC_COND_LEN = 10 * S3GEN_SR, the 5 s assert, target_lufs=-27.
  turbo: {
    t3Seconds: 15,
    s3genSeconds: 10,
    minSeconds: 5,
    targetLufs: -27,
    minImportSeconds: 5,
    minLevelDbfs: -50,
  },
};

/** The sample ranges of a prepared clip (24 kHz) that each part of the conditioning comes from. */
export interface ConditioningSpans {
  /** [0, n) samples at 24 kHz behind the T3 conditioning tokens. */
  t3: number;
  /** [0, n) samples behind S3Gen's reference mel features and prompt tokens. */
  s3gen: number;
  /** [0, n) samples behind the speaker x-vector: the whole clip. */
  speaker: number;
}

export function conditioningSpans(family: ModelFamily, sampleCount: number): ConditioningSpans {
  const rule = VOICE_PROMPT_RULES[family];
  const upTo = (seconds: number) => Math.min(sampleCount, seconds * VOICE_SAMPLE_RATE);
  return { t3: upTo(rule.t3Seconds), s3gen: upTo(rule.s3genSeconds), speaker: sampleCount };
}

/** Why `voice` cannot condition a model of `family`, as one sentence, or null when it can. */
/** The speech encoder's STFT reflect padding (samples at 24 kHz): a clip must be longer than this. */
export const MIN_ENCODER_SAMPLES = 720;

export function voicePromptRefusal(
  family: ModelFamily | null,
  voice: Pick<Voice, 'name' | 'durationS'>,
): string | null {
  // Every family's speech encoder reflect-pads the clip by 720 samples before its mel STFT (the conversion script's
  // `speaker_features`; model.md "Lengths"), and a reflect pad must be shorter than the input: onnxruntime fails
  // with "Pad reflect: pre-pad (720) exceeds maximum allowed" on anything shorter, so say so first.
  if (Math.round(voice.durationS * VOICE_SAMPLE_RATE) <= MIN_ENCODER_SAMPLES)
    return (
      `voice "${voice.name}" has ${voice.durationS.toFixed(3)} s of sound, but the speech encoder needs more than ` +
      `${MIN_ENCODER_SAMPLES} samples (${(MIN_ENCODER_SAMPLES / VOICE_SAMPLE_RATE) * 1000} ms: its STFT reflect-pads ` +
      `the clip by that much); record or choose a longer clip (about 10 s of speech works best)`
    );
  if (!family) return null;
  const { minSeconds } = VOICE_PROMPT_RULES[family];
  if (minSeconds > 0 && voice.durationS <= minSeconds)
    return (
      `voice "${voice.name}" has ${voice.durationS.toFixed(2)} s of sound, but a ${family} model needs a voice ` +
      `clip longer than ${minSeconds} s (upstream tts_turbo.py refuses shorter ones); record or choose a longer clip`
    );
  return null;
}

/** RMS level of `samples` in dBFS; -Infinity for silence. */
export function rmsDbfs(samples: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += samples[i]! * samples[i]!;
  return samples.length === 0 ? -Infinity : 10 * Math.log10(sum / samples.length);
}

/**
 * Why a loaded voice should not be imported for a model of `family` (the original family's floors when no model
 * is named), as one sentence with the numbers, or null. Checked at import so that a clip that can never work is
 * refused there, not at run time where retrying cannot help.
 */
export function voiceImportRefusal(
  family: ModelFamily | null,
  voice: Pick<Voice, 'name' | 'durationS' | 'samples24k'>,
): string | null {
  const which = family ?? 'original';
  const rule = VOICE_PROMPT_RULES[which];
  const level = rmsDbfs(voice.samples24k);
  if (!(level >= rule.minLevelDbfs))
    return (
      `voice "${voice.name}" is too quiet: its sound is at ${Number.isFinite(level) ? level.toFixed(1) : '-inf'} ` +
      `dBFS RMS, and the ${which} family needs at least ${rule.minLevelDbfs} dBFS; record it louder`
    );
  if (voice.durationS < rule.minImportSeconds)
    return (
      `voice "${voice.name}" has ${voice.durationS.toFixed(2)} s of sound, and the ${which} family needs at least ` +
      `${rule.minImportSeconds} s (about 10 s clones best); record or choose a longer clip`
    );
  return voicePromptRefusal(family, voice);
}

/**
 * The clip a family's speech encoder receives: the whole loaded clip, loudness-normalised for Turbo. The id is the
 * hash of the samples the encoder sees, so a normalised clip never shares a cache entry with the raw one. Throws
 * the refusal's message for a clip the family refuses.
 */
export function prepareVoicePrompt(voice: Voice, family: ModelFamily | null): Voice {
  const refusal = voicePromptRefusal(family, voice);
  if (refusal) throw new Error(refusal);
  const targetLufs = family ? VOICE_PROMPT_RULES[family].targetLufs : null;
  if (targetLufs === null) return voice;
  const { samples } = normaliseLoudness(voice.samples24k, VOICE_SAMPLE_RATE, targetLufs);
  return { ...voice, samples24k: samples, id: voiceIdOf(samples) };
}
