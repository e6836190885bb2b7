import fs from 'node:fs/promises';
import type ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  decoderOutputSamples,
  promptMelFrames,
  promptTokenCount,
} from '../../../src/engine/runtime/export-arithmetic.ts';
import { alignDecoderPrompt } from '../../../src/engine/runtime/prompt-alignment.ts';
import {
  alignVoice,
  decode,
  encodeVoice,
  openFixture,
  speechTokens,
  tempRoot,
  testVoice,
  type FixtureSessions,
} from '../fixture/fixture-harness.ts';

/**
 * Clip lengths worked out by hand from the conversion script (VladOS95-cyber/onnx_conversion_scripts
 * chatterbox/chatterbox_to_onnx_conversion_script.py):
 * - T, `PrepareConditionalsModel.mel_spectrogram`: reflect pad 720 + 720, stft(n_fft 1920, hop 480, center=False):
 *   frames = (L + 1440 - 1920) // 480 + 1 over the `audio_values[..., :DEC_COND_LEN]` crop (240000 samples).
 * - P, `self.s3(self.resampler(ref_wav_24))`: torchaudio Resample(24000, 16000) keeps ceil(2L/3) samples,
 *   `S3Tokenizer.log_mel_spectrogram` stft(n_fft 400, hop 160, centred) gives 1 + L16 // 160 frames and drops the
 *   last (`stft[..., :-1, :]`), `AudioEncoderV2` conv1 and conv2 (kernel 3, stride 2, padding 1) each map
 *   x -> (x - 1) // 2 + 1.
 */
const HAND_WORKED = [
  // L, T, L16, M, P
  { samples: 1_000, frames: 2, at16k: 667, mel16k: 4, tokens: 1 }, // 667 / 160 = 4.2
  { samples: 48_000, frames: 100, at16k: 32_000, mel16k: 200, tokens: 50 }, // 2 s: agree
  { samples: 48_238, frames: 100, at16k: 32_159, mel16k: 200, tokens: 50 }, // 96476 / 3 = 32158.7
  { samples: 48_239, frames: 100, at16k: 32_160, mel16k: 201, tokens: 51 }, // one sample more: a new token
  { samples: 48_300, frames: 100, at16k: 32_200, mel16k: 201, tokens: 51 }, // 2P - T = 2
  { samples: 48_500, frames: 101, at16k: 32_334, mel16k: 202, tokens: 51 }, // 2P - T = 1 (odd T)
  { samples: 36_000, frames: 75, at16k: 24_000, mel16k: 150, tokens: 38 }, // 1.5 s: 150 / 4 = 37.5
  { samples: 300_000, frames: 500, at16k: 160_000, mel16k: 1_000, tokens: 250 }, // cropped to 10 s
] as const;

describe('the export arithmetic', () => {
  test.each(HAND_WORKED)('a clip of $samples samples: T = $frames, P = $tokens', (c) => {
    const cropped = Math.min(c.samples, 240_000);
    expect(Math.floor((cropped + 1440 - 1920) / 480) + 1).toBe(c.frames);
    expect(Math.ceil((2 * cropped) / 3)).toBe(c.at16k);
    expect(Math.floor(c.at16k / 160)).toBe(c.mel16k);
    const afterConv1 = Math.floor((c.mel16k - 1) / 2) + 1;
    expect(Math.floor((afterConv1 - 1) / 2) + 1).toBe(c.tokens);
    expect(promptMelFrames(c.samples)).toBe(c.frames);
    expect(promptTokenCount(c.samples)).toBe(c.tokens);
  });

  test('over one 40 ms period 2P - T is 0 for about a quarter, 1 for a half and 2 for a quarter of lengths', () => {
    const counts = [0, 0, 0];
    for (let r = 0; r < 960; r++) {
      const samples = 48_000 + r;
      const excess = 2 * promptTokenCount(samples) - promptMelFrames(samples);
      counts[excess]! += 1;
    }
    expect(counts).toEqual([239, 480, 241]);
  });

  test('the decoder returns (2 (P + N) - T) x 480 samples', () => {
    expect(decoderOutputSamples(50, 100, 7)).toBe(7 * 960);
    expect(decoderOutputSamples(51, 100, 7)).toBe(7 * 960 + 960);
    expect(decoderOutputSamples(51, 101, 7)).toBe(7 * 960 + 480);
  });
});

describe('alignDecoderPrompt (upstream S3Gen.embed_ref, plus the odd frame)', () => {
  const features = (frames: number) => ({
    data: Float32Array.from({ length: frames * 80 }, (_, i) => i),
    dims: [1, frames, 80],
  });
  const tokens = (count: number) => BigInt64Array.from({ length: count }, (_, i) => BigInt(i));

  test('2P > T: the extra tokens are cut from the end, as upstream does', () => {
    const aligned = alignDecoderPrompt({ audioTokens: tokens(51), speakerFeatures: features(100) });
    expect([...aligned.audioTokens]).toEqual([...tokens(50)]);
    expect(aligned.speakerFeatures.dims).toEqual([1, 100, 80]);
    expect([aligned.droppedTokens, aligned.droppedFrames]).toEqual([1, 0]);
  });

  test('odd T: tokens cut to T // 2 (upstream) and the last frame dropped too, so 2P = T', () => {
    const aligned = alignDecoderPrompt({ audioTokens: tokens(51), speakerFeatures: features(101) });
    expect(aligned.audioTokens).toHaveLength(50);
    expect(aligned.speakerFeatures.dims).toEqual([1, 100, 80]);
    expect([...aligned.speakerFeatures.data]).toEqual([...features(100).data]);
    expect([aligned.droppedTokens, aligned.droppedFrames]).toEqual([1, 1]);
  });

  test('an aligned prompt is returned as it is; an empty one is refused with the counts', () => {
    const prompt = { audioTokens: tokens(50), speakerFeatures: features(100) };
    const aligned = alignDecoderPrompt(prompt);
    expect(aligned.audioTokens).toBe(prompt.audioTokens);
    expect(() => alignDecoderPrompt({ audioTokens: tokens(1), speakerFeatures: features(1) })).toThrow(
      /1 prompt tokens and 1 prompt frames/,
    );
  });
});

describe('the fixture follows the export arithmetic', () => {
  let root: string;
  let fixture: FixtureSessions;
  beforeAll(async () => {
    root = await tempRoot();
    fixture = await openFixture(root, 'fixture');
  });
  afterAll(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  // 24 lengths spread over one 40 ms period (960 samples), from 1 s on.
  const lengths = Array.from({ length: 24 }, (_, k) => 24_000 + k * 40 + (k % 7));

  test('speech_encoder gives T and P of the export; the decoder strips T frames, fades, and aligns to 960 N', async () => {
    const tokens = speechTokens(6, 11);
    const excesses = new Set<number>();
    for (const samples of lengths) {
      const voice = await encodeVoice(fixture, testVoice(samples / 24_000));
      const T = voice.speakerFeatures.dims[1]!;
      const P = voice.audioTokens.length;
      expect([samples, T, P]).toEqual([samples, promptMelFrames(samples), promptTokenCount(samples)]);
      excesses.add(2 * P - T);
      const raw = await decode(fixture.decoder, voice, tokens);
      expect(raw).toHaveLength(decoderOutputSamples(P, T, tokens.length));
      // The export's trim_fade: 480 zeros, then (cos(linspace(pi, 0, 480)) + 1) / 2.
      expect(raw.subarray(0, 480).every((v) => v === 0)).toBe(true);
      const aligned = await decode(fixture.decoder, alignVoice(voice), tokens);
      expect(aligned).toHaveLength(960 * tokens.length);
    }
    expect([...excesses].sort()).toEqual([0, 1, 2]);
  });

  test('clips longer than 10 s are cropped for T and P', async () => {
    const voice = await encodeVoice(fixture, testVoice(10.5));
    expect([voice.speakerFeatures.dims[1], voice.audioTokens.length]).toEqual([500, 250]);
  });

  test('the speaker embedding sees the whole clip, the conditioning rows only its first 6 s', async () => {
    const base = testVoice(12);
    const changedLate = base.slice();
    for (let i = 11 * 24_000; i < changedLate.length; i++) changedLate[i] = 0.5 * Math.sin(i * 0.3);
    const a = await encodeVoice(fixture, base);
    const b = await encodeVoice(fixture, changedLate);
    const same = (x: ort.Tensor, y: ort.Tensor) =>
      (x.data as Float32Array).every((v, i) => v === (y.data as Float32Array)[i]);
    expect(same(a.speakerEmbeddings, b.speakerEmbeddings)).toBe(false);
    expect(same(a.audioFeatures, b.audioFeatures)).toBe(true);
    expect(same(a.speakerFeatures, b.speakerFeatures)).toBe(true);
  });
});
