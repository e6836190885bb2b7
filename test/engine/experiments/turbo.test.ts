import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ExperimentEvent } from '../../../src/engine/experiments/experiment-events.ts';
import { writeWavFile } from '../../../src/engine/audio/wav.ts';
import { InvalidCombinationError } from '../../../src/engine/experiments/run-experiment.ts';
import { synthesize } from '../../../src/engine/experiments/synthesize.ts';
import { ensureFixtureModel } from '../../../src/engine/fixture/index.ts';
import { assertValidModel } from '../../../src/engine/models/validate-model.ts';
import { TextTokenizer } from '../../../src/engine/text-frontend/index.ts';
import { fixtureStopPoint, run, testPool, TEST_MODELS_DIR } from './helpers.ts';

const pool = testPool();
afterAll(() => pool.close());

const SAMPLES_PER_TOKEN = 960;
const SILENCE = 4299;
const MODEL = 'fixture-turbo';
const SHORT = 'Hello there, the world.';
const LONG = 'Hello there, the world is a much longer sentence [laugh] than the first one was.';

async function textTokenCount(text: string): Promise<number> {
  const dir = await ensureFixtureModel(TEST_MODELS_DIR, MODEL);
  const tokenizer = await TextTokenizer.fromFile(path.join(dir, 'tokenizer.json'));
  return tokenizer.encodeTurboText(text).length;
}

async function tokensOf(input: Parameters<typeof run>[1]) {
  const tokens: number[] = [];
  const out = await run(pool, input, (event: ExperimentEvent) => {
    if (event.type === 'tokens') tokens.push(...event.tokens);
  });
  expect(out.summary.metrics.tokens).toBe(tokens.length);
  return { tokens, samples: out.stream.length, out };
}

describe('the Turbo family on the Turbo fixture', () => {
  it('is a valid model of the Turbo family, 24 layers, marked synthetic', async () => {
    const dir = await ensureFixtureModel(TEST_MODELS_DIR, MODEL);
    const report = await assertValidModel(dir);
    expect([report.family, report.variant.layers, report.problems]).toEqual(['turbo', 24, []]);
    const manifest = JSON.parse(await fs.readFile(path.join(dir, 'seamlab-model.json'), 'utf8')) as object;
    expect(manifest).toMatchObject({ synthetic: true, family: 'turbo' });
  });

  it('generates deterministically, stops on its own, and decodes [generated, 4299 x 3]', async () => {
    const base = { model: MODEL, schedule: { kind: 'fixed' as const, tokens: 7 } };
    const short = await tokensOf({ ...base, text: SHORT });
    const again = await tokensOf({ ...base, text: SHORT });
    const long = await tokensOf({ ...base, text: LONG });
    expect(again.tokens).toEqual(short.tokens);
    // The fixture stops after 1.25 x text tokens of the GPT-2 tokenizer (the template's end tokens not counted):
    // only right when the loop lays out Turbo's position_ids as the model card does.
    const expected = [
      fixtureStopPoint(await textTokenCount(SHORT)),
      fixtureStopPoint(await textTokenCount(LONG)),
    ];
    expect([short.tokens.length - 3, long.tokens.length - 3]).toEqual(expected);
    for (const { tokens, samples, out } of [short, long]) {
      expect(tokens.slice(-3)).toEqual([SILENCE, SILENCE, SILENCE]);
      expect(tokens.every((t) => t >= 0 && t < 6561)).toBe(true);
      // The silence tokens are decoded like any other: their 120 ms are part of the stream.
      expect(samples).toBe(tokens.length * SAMPLES_PER_TOKEN);
      expect(out.summary.chunks.at(-1)!.tokenEnd).toBe(tokens.length);
      expect(out.summary.provenance.model.family).toBe('turbo');
      expect([out.summary.metrics.paddingTokens, out.summary.metrics.droppedTokens]).toEqual([3, 0]);
    }
  });

  it('another seed samples another sequence; the same seed repeats it', async () => {
    const base = { model: MODEL, text: SHORT, sampler: { temperature: 1.5, cfgWeight: 0 } };
    const a = await tokensOf({ ...base, seed: 1 });
    const b = await tokensOf({ ...base, seed: 2 });
    const a2 = await tokensOf({ ...base, seed: 1 });
    expect(a2.tokens).toEqual(a.tokens);
    expect(b.tokens).not.toEqual(a.tokens);
  });

  it('guidance, min-p and exaggeration are set aside and recorded, not fed to graphs that lack them', async () => {
    const plain = await tokensOf({
      model: MODEL,
      text: SHORT,
      exaggeration: 0,
      sampler: { greedy: true, cfgWeight: 0, minP: 0 },
    });
    const asked = await tokensOf({
      model: MODEL,
      text: SHORT,
      exaggeration: 1.5,
      sampler: { greedy: true, cfgWeight: 2, minP: 0.2 },
    });
    expect(asked.tokens).toEqual(plain.tokens);
    expect(plain.out.summary.provenance.ignoredSettings).toEqual([]);
    expect(asked.out.summary.provenance.ignoredSettings).toEqual([
      'cfgWeight 2: Turbo has no classifier-free guidance',
      "minP 0.2: Turbo's sampler has no min-p",
      "exaggeration 1.5: Turbo's embed_tokens has no exaggeration input",
    ]);
    // The original family uses them all, so nothing is reported.
    const original = await run(pool, {
      model: 'fixture',
      text: SHORT,
      exaggeration: 1.5,
      sampler: { greedy: true, cfgWeight: 0.5, minP: 0.2 },
    });
    expect(original.summary.provenance.ignoredSettings).toEqual([]);
  });

  it('every boundary treatment and both pipelines stream the same tokens, silence tail included', async () => {
    const reference = await tokensOf({ model: MODEL, text: LONG });
    const variants = [
      {
        boundary: { kind: 'overlap-add' as const, overlapTokens: 3 },
        pipeline: { kind: 'parallel' as const },
      },
      {
        boundary: { kind: 'context' as const, contextTokens: 10 },
        pipeline: { kind: 'sequential' as const },
      },
      { schedule: { kind: 'growing' as const, sizes: [4, 8, 16] } },
    ];
    for (const variant of variants) {
      const out = await tokensOf({ model: MODEL, text: LONG, ...variant });
      expect(out.tokens).toEqual(reference.tokens);
      expect(out.samples).toBe(out.tokens.length * SAMPLES_PER_TOKEN);
    }
  });

  it('sentence-level chunking ends every utterance with its own silence tail', async () => {
    const text = `${SHORT} ${LONG}`;
    const tokenEvents: { segment: number; tokens: number[] }[] = [];
    const out = await run(pool, { model: MODEL, text, textSource: { mode: 'sentences' } }, (event) => {
      if (event.type === 'tokens') tokenEvents.push({ segment: event.segment, tokens: event.tokens });
    });
    const bySegment = [0, 1].map((segment) =>
      tokenEvents.filter((e) => e.segment === segment).flatMap((e) => e.tokens),
    );
    for (const tokens of bySegment) expect(tokens.slice(-3)).toEqual([SILENCE, SILENCE, SILENCE]);
    expect(out.summary.metrics.paddingTokens).toBe(6);
    expect(out.stream.length).toBe(out.summary.metrics.tokens * SAMPLES_PER_TOKEN);
  });

  it('Turbo is English-only: another language is refused before any work', async () => {
    const refused = run(pool, { model: MODEL, language: 'fr' });
    await expect(refused).rejects.toThrow(InvalidCombinationError);
    await expect(refused).rejects.toThrow(/Turbo \(English-only\) family.*"fr"/);
  });

  it('a voice of 5 s or less is refused before any work, in both paths (upstream tts_turbo.py asserts > 5 s)', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'seamlab-turbo-voice-'));
    try {
      const voice = path.join(dir, 'four-seconds.wav');
      const samples = Float32Array.from(
        { length: 4 * 24_000 },
        (_, i) => 0.3 * Math.sin((2 * Math.PI * 220 * i) / 24_000),
      );
      await writeWavFile(voice, samples, 24_000);
      const events: ExperimentEvent[] = [];
      const refused = run(pool, { model: MODEL, voice }, (event) => events.push(event));
      await expect(refused).rejects.toThrow(InvalidCombinationError);
      await expect(refused).rejects.toThrow(
        /voice "four-seconds" has 4\.\d\d s of sound, but a turbo model needs a voice clip longer than 5 s/,
      );
      expect(events.filter((e) => e.type === 'started')).toEqual([]);
      await expect(synthesize(pool, { model: MODEL, text: SHORT, voice })).rejects.toThrow(/longer than 5 s/);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('synthesize (the offline path) decodes the padded tokens in one call', async () => {
    const out = await synthesize(pool, { model: MODEL, text: SHORT, sampler: { greedy: true } });
    expect(out.stoppedBy).toBe('stop-token');
    expect(out.paddingTokens).toBe(3);
    expect(out.tokens.slice(-3)).toEqual([SILENCE, SILENCE, SILENCE]);
    expect(out.tokens.length - 3).toBe(fixtureStopPoint(await textTokenCount(SHORT)));
    expect(out.audio.length).toBe(out.tokens.length * SAMPLES_PER_TOKEN);
    // Unset settings take Turbo's own defaults (no guidance, min-p or exaggeration), so nothing is set aside.
    expect(out.ignoredSettings).toEqual([]);
    expect(out.sampler).toMatchObject({ topK: 1000, topP: 0.95, cfgWeight: 0, minP: 0, greedy: true });
  });
});
