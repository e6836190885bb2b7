import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ExperimentEvent } from '../../../src/engine/experiments/experiment-events.ts';
import { InvalidCombinationError } from '../../../src/engine/experiments/run-experiment.ts';
import { synthesize } from '../../../src/engine/experiments/synthesize.ts';
import { FIXTURE_LANGUAGES } from '../../../src/engine/fixture/index.ts';
import { assertValidModel } from '../../../src/engine/models/validate-model.ts';
import { ensureFixtureModel } from '../../../src/engine/fixture/index.ts';
import { fixtureStopPoint, run, testPool, TEST_MODELS_DIR } from './helpers.ts';

const pool = testPool();
afterAll(() => pool.close());

const SAMPLES_PER_TOKEN = 960;
const MODEL = 'fixture-multilingual';
const SHORT = 'Bonjour le monde.';
const LONG = 'Bonjour le monde, ceci est une phrase nettement plus longue que la premiere.';

async function tokensOf(
  input: Parameters<typeof run>[1],
): Promise<{ tokens: number[]; samples: number; chunks: number }> {
  const tokens: number[] = [];
  const out = await run(pool, input, (event: ExperimentEvent) => {
    if (event.type === 'tokens') tokens.push(...event.tokens);
  });
  expect(out.summary.metrics.tokens).toBe(tokens.length);
  return { tokens, samples: out.stream.length, chunks: out.summary.chunks.length };
}

describe('runExperiment on the multilingual fixture', () => {
  it('is a valid model of the multilingual family, marked synthetic', async () => {
    const dir = await ensureFixtureModel(TEST_MODELS_DIR, MODEL);
    const report = await assertValidModel(dir);
    expect(report.family).toBe('multilingual');
    expect(report.problems).toEqual([]);
    expect(report.variant.layers).toBe(30);
    const manifest = JSON.parse(await fs.readFile(path.join(dir, 'seamlab-model.json'), 'utf8')) as object;
    expect(manifest).toMatchObject({ synthetic: true, family: 'multilingual' });
  });

  it('generates deterministically for a seed, stops on its own, and longer text gives more tokens', async () => {
    const base = { model: MODEL, language: 'fr', schedule: { kind: 'fixed' as const, tokens: 7 } };
    const short = await tokensOf({ ...base, text: SHORT });
    const again = await tokensOf({ ...base, text: SHORT });
    const long = await tokensOf({ ...base, text: LONG });
    expect(again.tokens).toEqual(short.tokens);
    // The fixture stops after 1.25 x text tokens (one per character plus the tag): well below the 1000 limit.
    expect(short.tokens.length).toBe(fixtureStopPoint(SHORT.length + 1));
    expect(long.tokens.length).toBe(fixtureStopPoint(LONG.length + 1));
    expect(long.tokens.length).toBeGreaterThan(short.tokens.length);
    for (const out of [short, long]) {
      expect(out.tokens.every((t) => t >= 0 && t < 6561)).toBe(true);
      expect(out.chunks).toBe(Math.ceil(out.tokens.length / 7));
      expect(out.samples).toBe(out.tokens.length * SAMPLES_PER_TOKEN);
    }
  });

  it('the language tag is part of the prompt: another language gives other tokens for the same text', async () => {
    const base = { model: MODEL, text: SHORT, schedule: { kind: 'fixed' as const, tokens: 7 } };
    const fr = await tokensOf({ ...base, language: 'fr' });
    const de = await tokensOf({ ...base, language: 'de' });
    expect(de.tokens.length).toBe(fr.tokens.length);
    expect(de.tokens).not.toEqual(fr.tokens);
  });

  it('refuses a language the tokenizer has no tag for, naming it and the available ones', async () => {
    const refused = run(pool, { model: MODEL, language: 'it' });
    await expect(refused).rejects.toThrow(InvalidCombinationError);
    await expect(refused).rejects.toThrow(`language "it"`);
    await expect(refused).rejects.toThrow(FIXTURE_LANGUAGES.join(', '));
    await expect(synthesize(pool, { model: MODEL, text: SHORT, language: 'it' })).rejects.toThrow(
      InvalidCombinationError,
    );
  });

  it('the original family is English only: another language is refused', async () => {
    const refused = run(pool, { model: 'fixture', language: 'fr' });
    await expect(refused).rejects.toThrow(InvalidCombinationError);
    await expect(refused).rejects.toThrow(/original \(English-only\) family.*"fr"/);
  });

  it('synthesize (the offline path) runs the family too: 960 samples per token', async () => {
    const out = await synthesize(pool, {
      model: MODEL,
      text: SHORT,
      language: 'es',
      sampler: { greedy: true, cfgWeight: 0.5 },
    });
    expect(out.synthetic).toBe(true);
    expect(out.stoppedBy).toBe('stop-token');
    expect(out.tokens.length).toBe(fixtureStopPoint(SHORT.length + 1));
    expect(out.audio.length).toBe(out.tokens.length * SAMPLES_PER_TOKEN);
  });
});
