/**
 * Any audio file `audio-decode` understands (WAV, FLAC, MP3, Ogg Vorbis/Opus, M4A/AAC, AIFF, CAF, WebM, QOA,
 * AMR, WMA ...) to mono float32 at the file's own rate. Every failure becomes an AudioDecodeError whose message
 * names the file and the reason, e.g. `voice.mp3: not a decodable audio file (unknown audio format)`.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import decode from 'audio-decode';

export interface DecodedAudio {
  /** Mono samples (channels averaged), nominally -1..1. */
  samples: Float32Array;
  sampleRate: number;
  /** Channel count of the source, before the mixdown. */
  channels: number;
}

export class AudioDecodeError extends Error {
  /** The file name (or label) the error is about. */
  readonly file: string;
  /** The reason alone, without the file name. */
  readonly reason: string;

  constructor(file: string, message: string, reason: string) {
    super(message);
    this.name = 'AudioDecodeError';
    this.file = file;
    this.reason = reason;
  }

  static notDecodable(file: string, reason: string): AudioDecodeError {
    return new AudioDecodeError(file, `${file}: not a decodable audio file (${reason})`, reason);
  }
}

/** Averages channels into one. A single channel is returned as is (not copied). */
export function mixToMono(channels: readonly Float32Array[]): Float32Array {
  const [first] = channels;
  if (!first) return new Float32Array(0);
  if (channels.length === 1) return first;
  const length = Math.min(...channels.map((c) => c.length));
  const out = new Float32Array(length);
  for (const channel of channels) for (let i = 0; i < length; i++) out[i]! += channel[i]!;
  const scale = 1 / channels.length;
  for (let i = 0; i < length; i++) out[i]! *= scale;
  return out;
}

/**
 * Decodes bytes; `label` names the source in error messages (usually the file's base name). Empty input,
 * unknown formats, decoder failures, zero decoded samples (truncated or corrupt) and non-finite samples are
 * all reported as AudioDecodeError.
 */
export async function decodeAudioBytes(bytes: Uint8Array, label: string): Promise<DecodedAudio> {
  if (bytes.length === 0) throw AudioDecodeError.notDecodable(label, 'empty file');
  let decoded: { channelData: Float32Array[]; sampleRate: number };
  try {
    decoded = await decode(bytes);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw AudioDecodeError.notDecodable(label, reason.charAt(0).toLowerCase() + reason.slice(1));
  }
  const { channelData, sampleRate } = decoded;
  const samples = mixToMono(channelData);
  // audio-decode answers a truncated header or an undecodable stream with zero channels, not an error.
  if (channelData.length === 0 || samples.length === 0 || !(sampleRate > 0))
    throw AudioDecodeError.notDecodable(label, 'no audio samples: the file is truncated or corrupt');
  for (let i = 0; i < samples.length; i++)
    if (!Number.isFinite(samples[i]))
      throw AudioDecodeError.notDecodable(label, `sample ${i} is not a finite number: the file is corrupt`);
  return { samples, sampleRate, channels: channelData.length };
}

/** Reads and decodes a file. A file that cannot be read (missing, a folder, no permission) is an error too. */
export async function decodeAudioFile(filePath: string): Promise<DecodedAudio> {
  const label = path.basename(filePath);
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(filePath);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder' : (code ?? String(error));
    throw new AudioDecodeError(label, `${label}: cannot be read (${reason})`, reason);
  }
  return decodeAudioBytes(bytes, label);
}
