import { describe, expect, test } from 'vitest';
import { RunConfigSchema } from '../../../src/contract/index.ts';
import {
  familyDefaults,
  resolveGeneration,
  SamplerSettingsError,
} from '../../../src/engine/sampling/index.ts';

/**
 * Each family's defaults, quoted from upstream resemble-ai/chatterbox at commit 5de7a54aa4e5e2baadb0182dde554908b48b85c2
 * (file:line of each value in the comment beside it). Upstream has no top-k in the original/multilingual loop
 * (Seamlab's 0 = off) and no min-p, guidance or exaggeration in Turbo's (tts_turbo.py:290-291 warns it ignores them).
 */
const UPSTREAM = {
  original: {
    temperature: 0.8, // src/chatterbox/tts.py:217  temperature=0.8
    minP: 0.05, // src/chatterbox/tts.py:212  min_p=0.05
    topP: 1.0, // src/chatterbox/tts.py:213  top_p=1.0
    repetitionPenalty: 1.2, // src/chatterbox/tts.py:211  repetition_penalty=1.2
    cfgWeight: 0.5, // src/chatterbox/tts.py:216  cfg_weight=0.5
    exaggeration: 0.5, // src/chatterbox/tts.py:215  exaggeration=0.5
    maxNewTokens: 1000, // src/chatterbox/tts.py:249  max_new_tokens=1000
    topK: 0,
  },
  multilingual: {
    temperature: 0.8, // src/chatterbox/mtl_tts.py:287  temperature=0.8
    minP: 0.05, // src/chatterbox/mtl_tts.py:289  min_p=0.05
    topP: 1.0, // src/chatterbox/mtl_tts.py:290  top_p=1.0
    repetitionPenalty: 1.2, // src/chatterbox/mtl_tts.py:288  repetition_penalty=1.2
    cfgWeight: 0.5, // src/chatterbox/mtl_tts.py:286  cfg_weight=0.5
    exaggeration: 0.5, // src/chatterbox/mtl_tts.py:285  exaggeration=0.5
    maxNewTokens: 1000, // src/chatterbox/mtl_tts.py:328  max_new_tokens=1000
    topK: 0,
  },
  turbo: {
    temperature: 0.8, // src/chatterbox/tts_turbo.py:281  temperature=0.8
    topK: 1000, // src/chatterbox/tts_turbo.py:282  top_k=1000
    topP: 0.95, // src/chatterbox/tts_turbo.py:277  top_p=0.95
    repetitionPenalty: 1.2, // src/chatterbox/tts_turbo.py:275  repetition_penalty=1.2
    minP: 0, // src/chatterbox/tts_turbo.py:276  min_p=0.00
    cfgWeight: 0, // src/chatterbox/tts_turbo.py:280  cfg_weight=0.0
    exaggeration: 0, // src/chatterbox/tts_turbo.py:279  exaggeration=0.0
    maxNewTokens: 1000, // src/chatterbox/models/t3/t3.py:394  max_gen_len=1000
  },
} as const;

const FAMILIES = ['original', 'multilingual', 'turbo'] as const;

describe('family defaults', () => {
  test.each(FAMILIES)('%s: the upstream defaults, value by value', (family) => {
    const { temperature, topK, minP, topP, repetitionPenalty, cfgWeight, exaggeration, maxNewTokens } =
      UPSTREAM[family];
    expect(familyDefaults(family)).toEqual({
      sampler: { temperature, topK, minP, topP, repetitionPenalty, cfgWeight, greedy: false },
      exaggeration,
      maxNewTokens,
    });
  });

  test.each(FAMILIES)('%s: a config that sets nothing gets them, and provenance lists each one', (family) => {
    const config = RunConfigSchema.parse({ text: 'hi' });
    const resolved = resolveGeneration(family, config);
    const expected = UPSTREAM[family];
    expect(resolved.sampler).toMatchObject({ temperature: expected.temperature, topK: expected.topK });
    expect(resolved.exaggeration).toBe(expected.exaggeration);
    expect(resolved.preset).toBe('upstream');
    const name = family === 'turbo' ? 'Turbo' : family;
    expect(resolved.defaultsApplied).toContain(`temperature 0.8 (${name} upstream default)`);
    expect(resolved.defaultsApplied).toContain(`maxNewTokens 1000 (${name} upstream default)`);
    // Every sampler field plus exaggeration and maxNewTokens came from the defaults; nothing was set aside.
    expect(resolved.defaultsApplied).toHaveLength(9);
    expect(resolved.ignored).toEqual([]);
  });

  test('what a config sets wins over the defaults and is not listed as a default', () => {
    const resolved = resolveGeneration('turbo', {
      sampler: { topK: 50, temperature: 0.5 },
      maxNewTokens: 300,
    });
    expect(resolved.sampler).toMatchObject({ topK: 50, temperature: 0.5, topP: 0.95 });
    expect(resolved.maxNewTokens).toBe(300);
    expect(resolved.defaultsApplied.map((line) => line.split(' ')[0])).not.toContain('topK');
    expect(resolved.defaultsApplied).toContain('topP 0.95 (Turbo upstream default)');
  });

  test('Turbo turns off guidance, min-p and exaggeration a config asked for, and says so', () => {
    const resolved = resolveGeneration('turbo', { sampler: { cfgWeight: 0.7, minP: 0.1 }, exaggeration: 1 });
    expect(resolved.sampler).toMatchObject({ cfgWeight: 0, minP: 0 });
    expect(resolved.exaggeration).toBe(0);
    expect(resolved.ignored).toEqual([
      'cfgWeight 0.7: Turbo has no classifier-free guidance',
      "minP 0.1: Turbo's sampler has no min-p",
      "exaggeration 1: Turbo's embed_tokens has no exaggeration input",
    ]);
  });

  test.each(FAMILIES)(
    '%s: the model-card preset is greedy with repetition penalty 1.2 and no CFG',
    (family) => {
      const resolved = resolveGeneration(family, { sampler: { preset: 'model-card' } });
      expect(resolved.preset).toBe('model-card');
      expect(resolved.sampler).toMatchObject({ greedy: true, repetitionPenalty: 1.2, cfgWeight: 0 });
      expect(resolved.defaultsApplied).toContain(
        `greedy true (${family === 'turbo' ? 'Turbo' : family} model-card preset)`,
      );
      // A setting the config gives still wins over the preset.
      const sampled = resolveGeneration(family, { sampler: { preset: 'model-card', greedy: false } });
      expect(sampled.sampler.greedy).toBe(false);
    },
  );

  test('an invalid explicit value is refused by name', () => {
    expect(() => resolveGeneration('original', { sampler: { topP: 0 } })).toThrow(SamplerSettingsError);
    expect(() => resolveGeneration('original', { sampler: { topP: 0 } })).toThrow(/topP/);
  });

  test('a stored run from before presets (every field set, no preset) reads unchanged', () => {
    const old = RunConfigSchema.parse({
      text: 'hi',
      exaggeration: 0.5,
      maxNewTokens: 1000,
      sampler: {
        temperature: 0.8,
        topK: 0,
        topP: 1,
        minP: 0.05,
        repetitionPenalty: 1.2,
        cfgWeight: 0.5,
        greedy: false,
      },
    });
    expect(old.sampler.preset).toBe('upstream');
    const resolved = resolveGeneration('original', old);
    expect(resolved.defaultsApplied).toEqual([]);
    expect(resolved.sampler).toEqual(familyDefaults('original').sampler);
  });
});
