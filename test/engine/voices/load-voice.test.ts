import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AudioDecodeError } from '../../../src/engine/audio/decode-audio-file.ts';
import { decodeWav, writeWavFile } from '../../../src/engine/audio/wav.ts';
import { findSound, loadVoice, voiceIdOf } from '../../../src/engine/voices/load-voice.ts';
import { builtInVoicesDir } from '../../../src/engine/voices/voice-files.ts';
import { dominantTone, sox } from '../audio/signals.ts';

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'seamlab-voice-'));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

/** Silence, then a 220 Hz "voiced" tone with a syllable-rate envelope, then silence. */
function clip(sampleRate: number, leadS: number, soundS: number, tailS: number): Float32Array {
  const lead = Math.round(leadS * sampleRate);
  const sound = Math.round(soundS * sampleRate);
  const out = new Float32Array(lead + sound + Math.round(tailS * sampleRate));
  for (let i = 0; i < sound; i++) {
    const t = i / sampleRate;
    const envelope = 0.6 + 0.4 * Math.sin(2 * Math.PI * 4 * t);
    out[lead + i] = 0.5 * envelope * Math.sin(2 * Math.PI * 220 * t);
  }
  return out;
}

describe('loadVoice', () => {
  it('resamples to 24 kHz, trims silence (keeping a 50 ms guard) and hashes the samples', async () => {
    const file = path.join(dir, 'Alice Smith.wav');
    await writeWavFile(file, clip(44100, 0.5, 4, 0.7), 44100);
    const voice = await loadVoice(file);
    expect(voice.name).toBe('Alice Smith');
    expect(voice.sourcePath).toBe(path.resolve(file));
    expect(voice.sourceDurationS).toBeCloseTo(5.2, 3);
    // 4 s of sound plus 50 ms either side (the onset at 0.5 s starts at zero amplitude, so a sample or two more).
    expect(voice.durationS).toBeGreaterThan(4.09);
    expect(voice.durationS).toBeLessThan(4.11);
    expect(voice.samples24k).toHaveLength(Math.round(voice.durationS * 24000));
    expect(dominantTone(voice.samples24k, 24000, 12000, 16384).frequency).toBeCloseTo(220, 0);
    expect(voice.warnings).toEqual([]);
    const expectedId = createHash('sha256').update(new Uint8Array(voice.samples24k.buffer)).digest('hex');
    expect(voice.id).toBe(expectedId);
    expect(voiceIdOf(voice.samples24k)).toBe(expectedId);
  });

  it('gives the same id for the same file and a different id for different audio', async () => {
    const a = path.join(dir, 'a.wav');
    const b = path.join(dir, 'b.wav');
    const samples = clip(24000, 0.1, 3.5, 0.1);
    await writeWavFile(a, samples, 24000);
    samples[30000] = samples[30000]! + 0.01;
    await writeWavFile(b, samples, 24000);
    const [a1, a2, b1] = await Promise.all([loadVoice(a), loadVoice(a), loadVoice(b)]);
    expect(a1.id).toBe(a2.id);
    expect(a1.id).not.toBe(b1.id);
    expect(a1.id).toMatch(/^[0-9a-f]{64}$/);
  });

  it('keeps at most 60 s from the first sound, and says so', async () => {
    const file = path.join(dir, 'long.flac');
    const wav = path.join(dir, 'long-source.wav');
    await writeWavFile(wav, clip(22050, 1, 64, 0), 22050);
    sox(wav, file);
    const voice = await loadVoice(file);
    expect(voice.samples24k).toHaveLength(60 * 24000);
    expect(voice.durationS).toBe(60);
    // Starts 50 ms before the sound, i.e. at 0.95 s of the source: the first 1200 samples are silence.
    expect(Math.max(...voice.samples24k.subarray(0, 1150).map(Math.abs))).toBeLessThan(1e-3);
    expect(Math.max(...voice.samples24k.subarray(1300, 2400).map(Math.abs))).toBeGreaterThan(0.1);
    expect(voice.warnings).toEqual([expect.stringMatching(/^long\.flac: 65\.0 s long; only the first 60 s/)]);

    const shorter = await loadVoice(file, { maxSeconds: 6 });
    expect(shorter.durationS).toBe(6);
  });

  it('warns about clips with less than 3 s of sound but still loads them', async () => {
    const file = path.join(dir, 'short.wav');
    await writeWavFile(file, clip(24000, 0.2, 1.5, 0.2), 24000);
    const voice = await loadVoice(file);
    expect(voice.durationS).toBeCloseTo(1.6, 2);
    expect(voice.warnings).toEqual([expect.stringMatching(/^short\.wav: only 1\.6 s of sound/)]);
  });

  it('refuses silent clips and undecodable files with clear errors', async () => {
    const silent = path.join(dir, 'silent.wav');
    await writeWavFile(silent, new Float32Array(48000), 24000);
    await expect(loadVoice(silent)).rejects.toThrow(/^silent\.wav: contains no audible sound/);

    const bogus = path.join(dir, 'bogus.mp3');
    await fs.writeFile(bogus, 'ID3 but not really an mp3');
    const error = await loadVoice(bogus).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AudioDecodeError);
    expect((error as Error).message).toMatch(/^bogus\.mp3: not a decodable audio file/);
  });

  it('findSound uses a threshold 40 dB under the peak', () => {
    const samples = new Float32Array(1000);
    samples[100] = 0.004; // -48 dB under the peak: not sound
    samples[300] = 0.02; // -34 dB: sound
    samples[500] = 1;
    samples[700] = 0.011;
    expect(findSound(samples, 1000)).toEqual({ start: 250, end: 751 });
    expect(findSound(new Float32Array(10).fill(5e-5), 1000)).toBeNull();
  });
});

describe('the default voice', () => {
  const file = path.join(builtInVoicesDir(), 'default.wav');

  it('is a small 24 kHz mono 16-bit WAV of 3-10 s that loads without warnings', async () => {
    const bytes = await fs.readFile(file);
    expect(bytes.length).toBeLessThan(300 * 1024);
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    expect([
      view.getUint16(20, true),
      view.getUint16(22, true),
      view.getUint32(24, true),
      view.getUint16(34, true),
    ]).toEqual([1, 1, 24000, 16]);
    const wav = decodeWav(bytes);
    const seconds = wav.channels[0]!.length / 24000;
    expect(seconds).toBeGreaterThan(3);
    expect(seconds).toBeLessThan(10);
    const voice = await loadVoice(file);
    expect(voice.name).toBe('default');
    expect(voice.warnings).toEqual([]);
    expect(voice.durationS).toBeGreaterThan(3);
  });
});
