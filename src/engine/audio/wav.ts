/**
 * WAV writing and reading through `wavefile`. Writing is mono (the engine's audio is mono 24 kHz float32);
 * reading accepts any channel count of integer PCM or IEEE float and returns float channels in -1..1.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import wavefile from 'wavefile';
import { float32ToInt16 } from './pcm.ts';

export const WavSampleFormats = { pcm16: 'pcm16', float32: 'float32' } as const;
export type WavSampleFormat = keyof typeof WavSampleFormats;

export interface WavAudio {
  sampleRate: number;
  /** One Float32Array per channel, samples nominally in -1..1. */
  channels: Float32Array[];
}

/**
 * Mono float samples to WAV bytes. `pcm16` clips to -1..1 and rounds (see pcm.ts); `float32` stores the samples
 * exactly, so reading it back is bit-exact.
 */
export function encodeWav(
  samples: Float32Array,
  sampleRate: number,
  format: WavSampleFormat = 'pcm16',
): Uint8Array {
  if (!Number.isInteger(sampleRate) || sampleRate <= 0) throw new Error(`invalid sample rate ${sampleRate}`);
  const wav = new wavefile.WaveFile();
  if (format === 'float32') wav.fromScratch(1, sampleRate, '32f', samples);
  else wav.fromScratch(1, sampleRate, '16', float32ToInt16(samples));
  return wav.toBuffer();
}

/** Writes atomically (temp file + rename) so a reader never sees half a WAV. */
export async function writeWavFile(
  filePath: string,
  samples: Float32Array,
  sampleRate: number,
  format: WavSampleFormat = 'pcm16',
): Promise<void> {
  const bytes = encodeWav(samples, sampleRate, format);
  await fs.mkdir(path.dirname(filePath), { recursive: true });
  const tmp = `${filePath}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    await fs.writeFile(tmp, bytes);
    await fs.rename(tmp, filePath);
  } catch (error) {
    await fs.rm(tmp, { force: true });
    throw error;
  }
}

// Integer PCM full-scale divisors by wavefile's bitDepth code; float codes need no scaling.
const INTEGER_SCALE: Record<string, { scale: number; offset: number }> = {
  '8': { scale: 128, offset: 128 }, // 8-bit WAV is unsigned
  '16': { scale: 32768, offset: 0 },
  '24': { scale: 8388608, offset: 0 },
  '32': { scale: 2147483648, offset: 0 },
};
const FLOAT_DEPTHS = new Set(['32f', '64']);

/** Parses WAV bytes (integer PCM 8/16/24/32-bit or float 32/64-bit). Throws on anything else. */
export function decodeWav(bytes: Uint8Array): WavAudio {
  const wav = new wavefile.WaveFile();
  wav.fromBuffer(bytes);
  const fmt = wav.fmt as { numChannels: number; sampleRate: number };
  const bitDepth = wav.bitDepth;
  const integer = INTEGER_SCALE[bitDepth];
  if (!integer && !FLOAT_DEPTHS.has(bitDepth)) throw new Error(`unsupported WAV sample format "${bitDepth}"`);
  const raw = wav.getSamples(false, Float64Array) as unknown as Float64Array | Float64Array[];
  const rawChannels = fmt.numChannels === 1 ? [raw as Float64Array] : (raw as Float64Array[]);
  const channels = rawChannels.map((ch) => {
    const out = new Float32Array(ch.length);
    if (integer) for (let i = 0; i < ch.length; i++) out[i] = ((ch[i] ?? 0) - integer.offset) / integer.scale;
    else out.set(ch);
    return out;
  });
  return { sampleRate: fmt.sampleRate, channels };
}

export async function readWavFile(filePath: string): Promise<WavAudio> {
  return decodeWav(await fs.readFile(filePath));
}
