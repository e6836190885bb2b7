import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { integratedLoudness } from '../../../src/engine/audio/loudness.ts';
import { writeWavFile } from '../../../src/engine/audio/wav.ts';
import { loadVoice, type Voice } from '../../../src/engine/voices/load-voice.ts';
import {
  conditioningSpans,
  prepareVoicePrompt,
  VOICE_PROMPT_RULES,
  voicePromptRefusal,
} from '../../../src/engine/voices/voice-prompt.ts';
import { sox } from '../audio/signals.ts';

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'seamlab-voice-prompt-'));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

/** A voiced-looking tone with a syllable-rate envelope, seconds long, at 24 kHz. */
function tone(seconds: number, amplitude = 0.5): Float32Array {
  const out = new Float32Array(Math.round(seconds * 24_000));
  for (let i = 0; i < out.length; i++) {
    const t = i / 24_000;
    out[i] = amplitude * (0.6 + 0.4 * Math.sin(2 * Math.PI * 4 * t)) * Math.sin(2 * Math.PI * 220 * t);
  }
  return out;
}

describe('VOICE_PROMPT_RULES (upstream prepare_conditionals constants)', () => {
  it('matches tts.py / mtl_tts.py (6 s, 10 s) and tts_turbo.py (15 s, 10 s, > 5 s, -27 LUFS)', () => {
    // tts.py and mtl_tts.py: ENC_COND_LEN = 6 * S3_SR, DEC_COND_LEN = 10 * S3GEN_SR.
    // tts_turbo.py: ENC_COND_LEN = 15 * S3_SR, DEC_COND_LEN = 10 * S3GEN_SR,
    //   assert len(s3gen_ref_wav) / _sr > 5.0, norm_loudness(..., target_lufs=-27).
    expect(VOICE_PROMPT_RULES.original).toMatchObject({
      t3Seconds: 6,
      s3genSeconds: 10,
      minSeconds: 0,
      targetLufs: null,
    });
    expect(VOICE_PROMPT_RULES.multilingual).toEqual(VOICE_PROMPT_RULES.original);
    expect(VOICE_PROMPT_RULES.turbo).toMatchObject({
      t3Seconds: 15,
      s3genSeconds: 10,
      minSeconds: 5,
      targetLufs: -27,
    });
  });

  it('crops per family: T3 and S3Gen from the start, the speaker x-vector from the whole clip', () => {
    const n = 24_000 * 20;
    expect(conditioningSpans('original', n)).toEqual({ t3: 144_000, s3gen: 240_000, speaker: n });
    expect(conditioningSpans('multilingual', n)).toEqual({ t3: 144_000, s3gen: 240_000, speaker: n });
    expect(conditioningSpans('turbo', n)).toEqual({ t3: 360_000, s3gen: 240_000, speaker: n });
    // A clip shorter than a window is used whole by it.
    expect(conditioningSpans('turbo', 24_000 * 7)).toEqual({ t3: 168_000, s3gen: 168_000, speaker: 168_000 });
  });
});

describe('the clip each family encodes', () => {
  it('original/multilingual: a 14 s clip reaches the encoder whole (the export crops 6 s and 10 s itself)', async () => {
    const file = path.join(dir, 'fourteen.wav');
    await writeWavFile(file, tone(14), 24_000);
    const voice = await loadVoice(file);
    // Trimming keeps the 14 s of sound; nothing is cut at 10 s any more, so the x-vector sees all of it.
    expect(voice.durationS).toBeCloseTo(14, 2);
    expect(voice.warnings).toEqual([]);
    for (const family of ['original', 'multilingual'] as const) {
      const prepared = prepareVoicePrompt(voice, family);
      expect(prepared.samples24k).toBe(voice.samples24k);
      expect(prepared.id).toBe(voice.id);
    }
  });

  it('Turbo: a real espeak-ng clip is scaled to -27 LUFS, with a new id for the new samples', async () => {
    const raw = path.join(dir, 'espeak.wav');
    const file = path.join(dir, 'espeak-loud.wav');
    execFileSync('espeak-ng', [
      '-w',
      raw,
      'The quick brown fox jumps over the lazy dog, and then it runs back home across the quiet field.',
    ]);
    sox(raw, file, 'gain', '-n', '-1'); // peak-normalised: far louder than -27 LUFS
    const voice = await loadVoice(file);
    expect(voice.durationS).toBeGreaterThan(5);
    const before = integratedLoudness(voice.samples24k, 24_000);
    expect(before).toBeGreaterThan(-20);
    const prepared = prepareVoicePrompt(voice, 'turbo');
    expect(Math.abs(integratedLoudness(prepared.samples24k, 24_000) + 27)).toBeLessThan(0.05);
    expect(prepared.samples24k).toHaveLength(voice.samples24k.length);
    expect(prepared.id).not.toBe(voice.id);
    expect(prepared.id).toMatch(/^[0-9a-f]{64}$/);
    // The original samples are untouched (they may be cached and shared).
    expect(integratedLoudness(voice.samples24k, 24_000)).toBe(before);
  });

  it('Turbo refuses clips of 5 s or less with a message naming the voice, its length and the limit', () => {
    const short: Voice = {
      id: 'x',
      name: 'brief',
      samples24k: tone(4.2),
      durationS: 4.2,
      sourcePath: '/tmp/brief.wav',
      sourceDurationS: 6,
      warnings: [],
    };
    const message =
      'voice "brief" has 4.20 s of sound, but a turbo model needs a voice clip longer than 5 s ' +
      '(upstream tts_turbo.py refuses shorter ones); record or choose a longer clip';
    expect(voicePromptRefusal('turbo', short)).toBe(message);
    expect(() => prepareVoicePrompt(short, 'turbo')).toThrow(message);
    // Exactly 5 s is refused too (upstream asserts > 5.0); just over is accepted.
    expect(voicePromptRefusal('turbo', { name: 'five', durationS: 5 })).toMatch(/has 5\.00 s of sound/);
    expect(voicePromptRefusal('turbo', { name: 'more', durationS: 5.01 })).toBeNull();
    // The other families take any length.
    expect(voicePromptRefusal('original', short)).toBeNull();
    expect(voicePromptRefusal('multilingual', short)).toBeNull();
    expect(prepareVoicePrompt(short, 'original')).toBe(short);
  });

  it('every family refuses a clip the speech encoder cannot pad (720 samples or fewer, 30 ms)', () => {
    for (const family of ['original', 'multilingual', 'turbo', null] as const) {
      expect(voicePromptRefusal(family, { name: 'click', durationS: 0.01 })).toBe(
        'voice "click" has 0.010 s of sound, but the speech encoder needs more than 720 samples (30 ms: its ' +
          'STFT reflect-pads the clip by that much); record or choose a longer clip (about 10 s of speech works best)',
      );
      expect(voicePromptRefusal(family, { name: 'edge', durationS: 720 / 24000 })).toMatch(
        /needs more than 720/,
      );
    }
    expect(voicePromptRefusal('original', { name: 'ok', durationS: 721 / 24000 })).toBeNull();
  });
});
