/**
 * A voice is an audio file. Loading one gives the samples the speech encoder will see: mono, 24 kHz, leading and
 * trailing silence trimmed, and otherwise whole (up to MAX_VOICE_SECONDS). The whole clip matters: the ONNX speech
 * encoder crops the decoder's reference to the first 10 s and the T3 conditioning to the first 6 s itself, but
 * takes the speaker x-vector from everything it is given (voice-prompt.ts has the per-family rules and sources),
 * so cutting the clip to 10 s here would change the speaker embedding. A family may transform the clip further
 * before encoding (Turbo's loudness normalisation: prepareVoicePrompt).
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { decodeAudioFile } from '../audio/decode-audio-file.ts';
import { resample } from '../audio/resample.ts';

export const VOICE_SAMPLE_RATE = 24_000;
/**
 * Cap on the kept audio. Upstream has none; this one only keeps a mistaken hour-long file from stalling the
 * encoder, and is far above the 10 s the decoder's reference uses.
 */
export const MAX_VOICE_SECONDS = 60;
/** Upstream's DEC_COND_LEN: a clip this long fills the decoder's whole reference window. */
export const RECOMMENDED_VOICE_SECONDS = 10;
/** Below this the speaker embedding gets noticeably less reliable; such clips still load, with a warning. */
export const SHORT_VOICE_SECONDS = 3;

export interface Voice {
  /**
   * sha256 (hex) of `samples24k`'s bytes (float32 little-endian): the identity of what the encoder receives.
   * Hashing the prepared samples rather than the file means any change to decoding, resampling or trimming
   * yields a new id, so cached encoder outputs can never go stale; the price is that the same audio saved in
   * two formats gives two ids.
   */
  id: string;
  /** The file name without its extension. */
  name: string;
  samples24k: Float32Array;
  durationS: number;
  sourcePath: string;
  /** Length of the whole decoded file, before trimming. */
  sourceDurationS: number;
  /** Human-readable notes (short clip, clip cut to MAX_VOICE_SECONDS); empty when all is well. */
  warnings: string[];
}

export interface LoadVoiceOptions {
  /** Cap on the kept audio, seconds; default MAX_VOICE_SECONDS. */
  maxSeconds?: number;
}

/** Loads a voice file. Throws AudioDecodeError for undecodable files and an Error for silent ones. */
export async function loadVoice(filePath: string, options: LoadVoiceOptions = {}): Promise<Voice> {
  const maxSeconds = options.maxSeconds ?? MAX_VOICE_SECONDS;
  const decoded = await decodeAudioFile(filePath);
  const samples = await resample(decoded.samples, decoded.sampleRate, VOICE_SAMPLE_RATE);
  const label = path.basename(filePath);
  const sourceDurationS = samples.length / VOICE_SAMPLE_RATE;

  const sound = findSound(samples, VOICE_SAMPLE_RATE);
  if (!sound) throw new Error(`${label}: contains no audible sound (silent clip)`);
  const maxSamples = Math.round(maxSeconds * VOICE_SAMPLE_RATE);
  const end = Math.min(sound.end, sound.start + maxSamples);
  const samples24k = samples.slice(sound.start, end);
  const durationS = samples24k.length / VOICE_SAMPLE_RATE;

  const warnings: string[] = [];
  if (sound.end - sound.start > maxSamples)
    warnings.push(
      `${label}: ${formatSeconds(sourceDurationS)} long; only the first ${maxSeconds} s of sound are used`,
    );
  if (durationS < SHORT_VOICE_SECONDS)
    warnings.push(
      `${label}: only ${formatSeconds(durationS)} of sound; voices of ${SHORT_VOICE_SECONDS}-${RECOMMENDED_VOICE_SECONDS} s clone much better`,
    );

  return {
    id: voiceIdOf(samples24k),
    name: path.basename(filePath, path.extname(filePath)),
    samples24k,
    durationS,
    sourcePath: path.resolve(filePath),
    sourceDurationS,
    warnings,
  };
}

/** sha256 hex of the samples' float32 bytes (little-endian on every platform Node supports in practice). */
export function voiceIdOf(samples24k: Float32Array): string {
  return createHash('sha256')
    .update(new Uint8Array(samples24k.buffer, samples24k.byteOffset, samples24k.byteLength))
    .digest('hex');
}

/** A sample counts as sound above -40 dB relative to the clip's peak (and above -80 dBFS absolute). */
const RELATIVE_THRESHOLD = 0.01;
const ABSOLUTE_FLOOR = 1e-4;
/** Keep a little audio around the first and last loud samples so soft onsets and decays survive. */
const GUARD_SECONDS = 0.05;

/** The [start, end) range from the first to the last sound sample, widened by a guard; null when silent. */
export function findSound(samples: Float32Array, sampleRate: number): { start: number; end: number } | null {
  let peak = 0;
  for (let i = 0; i < samples.length; i++) peak = Math.max(peak, Math.abs(samples[i]!));
  if (peak < ABSOLUTE_FLOOR) return null;
  const threshold = peak * RELATIVE_THRESHOLD;
  let first = 0;
  while (Math.abs(samples[first]!) < threshold) first++;
  let last = samples.length - 1;
  while (Math.abs(samples[last]!) < threshold) last--;
  const guard = Math.round(GUARD_SECONDS * sampleRate);
  return { start: Math.max(0, first - guard), end: Math.min(samples.length, last + 1 + guard) };
}

function formatSeconds(s: number): string {
  return `${s.toFixed(1)} s`;
}
