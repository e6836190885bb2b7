import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeWav, encodeWav, readWavFile, writeWavFile } from '../../../src/engine/audio/wav.ts';
import { sox } from './signals.ts';

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'seamlab-wav-'));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

// Values that are not representable in 16 bits, plus extremes, subnormals and out-of-range samples.
const awkward = new Float32Array([
  0,
  0.1,
  -0.3333333,
  1e-7,
  1.5e-42,
  -1,
  1,
  1.25,
  -2,
  Math.PI / 10,
  0.123456789,
]);

describe('WAV', () => {
  it('float32 round trip is bit-exact, through a file too', async () => {
    const bytes = encodeWav(awkward, 24000, 'float32');
    const back = decodeWav(bytes);
    expect(back.sampleRate).toBe(24000);
    expect(back.channels).toHaveLength(1);
    expect(new Uint8Array(back.channels[0]!.buffer)).toEqual(new Uint8Array(awkward.buffer));

    const file = path.join(dir, 'sub', 'float.wav');
    await writeWavFile(file, awkward, 16000, 'float32');
    const fromFile = await readWavFile(file);
    expect(fromFile.sampleRate).toBe(16000);
    expect(fromFile.channels[0]).toEqual(awkward);
    expect((await fs.readdir(path.dirname(file))).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('16-bit PCM writes a canonical header and reads back within one quantisation step, clipped', () => {
    const bytes = encodeWav(awkward, 24000, 'pcm16');
    expect(bytes.length).toBe(44 + 2 * awkward.length);
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    expect(new TextDecoder().decode(bytes.subarray(0, 4))).toBe('RIFF');
    expect(view.getUint16(20, true)).toBe(1); // PCM
    expect(view.getUint16(22, true)).toBe(1); // mono
    expect(view.getUint32(24, true)).toBe(24000);
    expect(view.getUint16(34, true)).toBe(16);
    const back = decodeWav(bytes).channels[0]!;
    for (let i = 0; i < awkward.length; i++) {
      const expected = Math.max(-1, Math.min(32767 / 32768, awkward[i]!));
      expect(Math.abs(back[i]! - expected)).toBeLessThanOrEqual(0.5 / 32768);
    }
  });

  it('reads stereo 24-bit files written by another tool as float channels', async () => {
    const file = path.join(dir, 'stereo24.wav');
    sox(
      '-n',
      '-r',
      '22050',
      '-c',
      '2',
      '-b',
      '24',
      file,
      'synth',
      '0.1',
      'sine',
      '440',
      'sine',
      '880',
      'vol',
      '0.5',
    );
    const wav = await readWavFile(file);
    expect(wav.sampleRate).toBe(22050);
    expect(wav.channels).toHaveLength(2);
    expect(wav.channels[0]).toHaveLength(2205);
    const maxAbs = (c: Float32Array): number => c.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
    expect(maxAbs(wav.channels[0]!)).toBeCloseTo(0.5, 2);
    expect(maxAbs(wav.channels[1]!)).toBeCloseTo(0.5, 2);
  });

  it('rejects bytes that are not a WAV file and invalid rates', () => {
    expect(() => decodeWav(new TextEncoder().encode('not a wave file at all'))).toThrow();
    expect(() => encodeWav(new Float32Array(4), 0)).toThrow(/sample rate/);
  });
});
