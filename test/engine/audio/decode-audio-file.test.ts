import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AudioDecodeError,
  decodeAudioBytes,
  decodeAudioFile,
  mixToMono,
} from '../../../src/engine/audio/decode-audio-file.ts';
import { writeWavFile } from '../../../src/engine/audio/wav.ts';
import { dominantTone, peak, sine, sox } from './signals.ts';

let dir: string;
/** 1 s stereo, 44.1 kHz: left a 440 Hz tone at 0.4, right a 440 Hz tone at 0.2 (so the mono mix is 0.3). */
let stereoWav: string;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'seamlab-decode-'));
  stereoWav = path.join(dir, 'stereo.wav');
  sox(
    '-n',
    '-r',
    '44100',
    '-c',
    '2',
    '-b',
    '16',
    stereoWav,
    'synth',
    '1',
    'sine',
    '440',
    'remix',
    '1v0.4',
    '1v0.2',
  );
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function expectDecodeError(promise: Promise<unknown>, message: RegExp): Promise<AudioDecodeError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AudioDecodeError);
  expect((error as Error).message).toMatch(message);
  return error as AudioDecodeError;
}

describe('decodeAudioFile', () => {
  it('mixes a stereo WAV down to mono by averaging the channels', async () => {
    const audio = await decodeAudioFile(stereoWav);
    expect(audio.sampleRate).toBe(44100);
    expect(audio.channels).toBe(2);
    expect(audio.samples).toHaveLength(44100);
    expect(peak(audio.samples)).toBeCloseTo(0.3, 3);
    expect(dominantTone(audio.samples, 44100, 0, 16384).frequency).toBeCloseTo(440, 0);
  });

  it('decodes FLAC losslessly (same samples as the WAV it was made from)', async () => {
    const flac = path.join(dir, 'voice.flac');
    sox(stereoWav, flac);
    const [fromFlac, fromWav] = await Promise.all([decodeAudioFile(flac), decodeAudioFile(stereoWav)]);
    expect(fromFlac.sampleRate).toBe(44100);
    expect(fromFlac.channels).toBe(2);
    expect(fromFlac.samples).toHaveLength(44100);
    let worst = 0;
    for (let i = 0; i < fromWav.samples.length; i++)
      worst = Math.max(worst, Math.abs(fromFlac.samples[i]! - fromWav.samples[i]!));
    // Same integers; the FLAC decoder scales by 1/32767 where the WAV one uses 1/32768 (relative 3e-5).
    expect(worst).toBeLessThan(1.5e-5);
  });

  it('decodes MP3 (lossy: same tone, level and about the same length)', async () => {
    const mp3 = path.join(dir, 'voice.mp3');
    sox(stereoWav, '-C', '128', mp3);
    const audio = await decodeAudioFile(mp3);
    expect(audio.sampleRate).toBe(44100);
    expect(audio.channels).toBe(2);
    // MP3 adds encoder delay and pads to whole frames (1152 samples): a little longer, never shorter.
    expect(audio.samples.length).toBeGreaterThanOrEqual(44100);
    expect(audio.samples.length).toBeLessThan(44100 + 4 * 1152);
    const tone = dominantTone(audio.samples, 44100, 8192, 16384);
    expect(tone.frequency).toBeCloseTo(440, 0);
    // LAME itself lowers this tone by about 5% (sox's own decode of the file peaks at 0.381 for 0.400 in).
    expect(Math.abs(tone.amplitude - 0.3)).toBeLessThan(0.03);
  });

  it('decodes a mono 16 kHz WAV written by wav.ts', async () => {
    const file = path.join(dir, 'mono16k.wav');
    await writeWavFile(file, sine(1000, 16000, 0.25, 0.5), 16000);
    const audio = await decodeAudioFile(file);
    expect([audio.sampleRate, audio.channels, audio.samples.length]).toEqual([16000, 1, 4000]);
    expect(peak(audio.samples)).toBeCloseTo(0.5, 3);
  });

  it('names the file and the reason for unsupported, empty, truncated and missing files', async () => {
    const text = path.join(dir, 'notes.mp3');
    await fs.writeFile(text, 'these are my notes, not audio');
    const unknown = await expectDecodeError(
      decodeAudioFile(text),
      /^notes\.mp3: not a decodable audio file \(/,
    );
    expect(unknown.file).toBe('notes.mp3');
    expect(unknown.reason).toMatch(/unknown audio format/i);

    const empty = path.join(dir, 'empty.wav');
    await fs.writeFile(empty, new Uint8Array(0));
    await expectDecodeError(
      decodeAudioFile(empty),
      /^empty\.wav: not a decodable audio file \(empty file\)$/,
    );

    // A FLAC cut inside its header decodes to nothing: reported, not returned as zero samples.
    const flac = path.join(dir, 'cut.flac');
    sox(stereoWav, flac);
    const cut = path.join(dir, 'cut-short.flac');
    await fs.writeFile(cut, (await fs.readFile(flac)).subarray(0, 100));
    await expectDecodeError(
      decodeAudioFile(cut),
      /^cut-short\.flac: not a decodable audio file \(no audio samples/,
    );

    await expectDecodeError(
      decodeAudioFile(path.join(dir, 'missing.wav')),
      /^missing\.wav: cannot be read \(no such file\)$/,
    );
    await expectDecodeError(decodeAudioFile(dir), /cannot be read \(is a folder\)$/);
  });

  it('survives corrupted bytes: either decodes finite samples or throws AudioDecodeError, never anything else', async () => {
    const sources = [stereoWav, path.join(dir, 'c.flac'), path.join(dir, 'c.mp3')];
    sox(stereoWav, sources[1]!);
    sox(stereoWav, sources[2]!);
    for (const source of sources) {
      const bytes = await fs.readFile(source);
      for (const stride of [3, 7, 101]) {
        const damaged = Uint8Array.from(bytes);
        for (let i = 64; i < damaged.length; i += stride) damaged[i] = damaged[i]! ^ 0x5a;
        let audio;
        try {
          audio = await decodeAudioBytes(damaged, path.basename(source));
        } catch (error) {
          expect(error).toBeInstanceOf(AudioDecodeError);
          continue;
        }
        expect(audio.samples.every(Number.isFinite)).toBe(true);
      }
    }
    // Arbitrary bytes are refused outright.
    const garbage = new Uint8Array(4096).map((_, i) => (i * 7919) % 251);
    await expectDecodeError(
      decodeAudioBytes(garbage, 'noise.bin'),
      /^noise\.bin: not a decodable audio file/,
    );
  });
});

describe('mixToMono', () => {
  it('averages channels, truncating to the shortest, and passes mono through', () => {
    const left = new Float32Array([1, 0.5, -1, 0.25]);
    const right = new Float32Array([0, 0.5, 1]);
    expect(mixToMono([left, right])).toEqual(new Float32Array([0.5, 0.5, 0]));
    expect(mixToMono([left])).toBe(left);
    expect(mixToMono([])).toHaveLength(0);
  });
});
