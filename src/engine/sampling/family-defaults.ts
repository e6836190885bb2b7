import type { ModelFamily } from '../models/graph-contract.ts';
import { parseSamplerSettings, type SamplerSettings } from './settings.ts';

/**
 * What a run generates with when its configuration leaves a setting unset: the family's upstream defaults, or the
 * public model cards' setting. The values are upstream's; test/engine/sampling/family-defaults.test.ts checks them
 * against a table quoted from resemble-ai/chatterbox with file and line.
 */

/** 'upstream': the family's PyTorch `generate()` defaults. 'model-card': greedy, repetition penalty 1.2, no CFG. */
export type SamplerPreset = 'upstream' | 'model-card';
export const SAMPLER_PRESET_IDS: readonly SamplerPreset[] = ['upstream', 'model-card'];

/** Everything a family's loop takes from the configuration besides text, voice and seed. */
export interface GenerationDefaults {
  sampler: SamplerSettings;
  exaggeration: number;
  maxNewTokens: number;
}

/** The sampler fields a configuration may leave unset (undefined = take the default). */
export type RequestedSampler = Partial<SamplerSettings> & { preset?: SamplerPreset };

export interface RequestedGeneration {
  sampler?: RequestedSampler;
  exaggeration?: number;
  maxNewTokens?: number;
}

/**
 * Upstream resemble-ai/chatterbox (commit 5de7a54): original = tts.py `ChatterboxTTS.generate()` + its
 * `t3.inference(max_new_tokens=1000)` call; multilingual = mtl_tts.py the same way; Turbo = tts_turbo.py
 * `generate()` + t3.py `inference_turbo(max_gen_len=1000)`. Upstream has no top-k for the original and
 * multilingual loops (0 = off here) and no min-p, guidance or exaggeration in Turbo's (0 = off).
 */
const ORIGINAL: GenerationDefaults = Object.freeze({
  sampler: sampler({
    temperature: 0.8,
    topK: 0,
    minP: 0.05,
    topP: 1,
    repetitionPenalty: 1.2,
    cfgWeight: 0.5,
  }),
  exaggeration: 0.5,
  maxNewTokens: 1000,
});

const UPSTREAM: Record<ModelFamily, GenerationDefaults> = {
  original: ORIGINAL,
  // mtl_tts.py's generate() has exactly tts.py's defaults (checked one by one at the commit above).
  multilingual: ORIGINAL,
  turbo: {
    sampler: sampler({
      temperature: 0.8,
      topK: 1000,
      minP: 0,
      topP: 0.95,
      repetitionPenalty: 1.2,
      cfgWeight: 0,
    }),
    exaggeration: 0,
    maxNewTokens: 1000,
  },
};

/**
 * The ONNX model cards' loops (onnx-community chatterbox-ONNX / chatterbox-multilingual-ONNX, ResembleAI
 * chatterbox-turbo-ONNX): argmax after a repetition penalty of 1.2, one batch row (no guidance). The rest is the
 * family's upstream value (unused by a greedy draw, or the same in the cards: exaggeration 0.5). The cards' token
 * limits (256 and 1024) are demo choices, not the model's: the family's 1000 stays.
 */
function modelCard(family: ModelFamily): GenerationDefaults {
  const base = UPSTREAM[family];
  return { ...base, sampler: { ...base.sampler, greedy: true, repetitionPenalty: 1.2, cfgWeight: 0 } };
}

function sampler(values: Omit<SamplerSettings, 'greedy'>): SamplerSettings {
  return Object.freeze(parseSamplerSettings({ ...values, greedy: false }));
}

export function familyDefaults(family: ModelFamily, preset: SamplerPreset = 'upstream'): GenerationDefaults {
  return preset === 'model-card' ? modelCard(family) : UPSTREAM[family];
}

const FAMILY_NAMES: Record<ModelFamily, string> = {
  original: 'original',
  multilingual: 'multilingual',
  turbo: 'Turbo',
};

/** Turbo's loop has no place for these (upstream tts_turbo.py warns that it ignores all three). */
const TURBO_UNUSED = {
  cfgWeight: 'Turbo has no classifier-free guidance',
  minP: "Turbo's sampler has no min-p",
  exaggeration: "Turbo's embed_tokens has no exaggeration input",
} as const;

export interface ResolvedGeneration extends GenerationDefaults {
  preset: SamplerPreset;
  /** One line per setting the configuration left unset, with the value it got and where that came from. */
  defaultsApplied: string[];
  /** One line per requested setting the family does not use, saying why (they are turned off). */
  ignored: string[];
}

/**
 * The settings a run of `family` really generates with: every value the configuration set, every unset one from
 * the preset's defaults for that family (the family is known only once the model is loaded), then Turbo's unused
 * settings turned off. Validated like any sampler settings (a bad explicit value throws SamplerSettingsError).
 */
export function resolveGeneration(family: ModelFamily, requested: RequestedGeneration): ResolvedGeneration {
  const preset = requested.sampler?.preset ?? 'upstream';
  const defaults = familyDefaults(family, preset);
  const source = `${FAMILY_NAMES[family]} ${preset === 'model-card' ? 'model-card preset' : 'upstream default'}`;
  const defaultsApplied: string[] = [];
  const pick = <T>(name: string, value: T | undefined, fallback: T): T => {
    if (value !== undefined) return value;
    defaultsApplied.push(`${name} ${String(fallback)} (${source})`);
    return fallback;
  };
  const asked = requested.sampler ?? {};
  const samplerKeys = Object.keys(defaults.sampler) as (keyof SamplerSettings)[];
  const merged = Object.fromEntries(
    samplerKeys.map((key) => [key, pick(key, asked[key], defaults.sampler[key])]),
  ) as SamplerSettings;
  const resolved: ResolvedGeneration = {
    preset,
    sampler: parseSamplerSettings(merged),
    exaggeration: pick('exaggeration', requested.exaggeration, defaults.exaggeration),
    maxNewTokens: pick('maxNewTokens', requested.maxNewTokens, defaults.maxNewTokens),
    defaultsApplied,
    ignored: [],
  };
  if (family !== 'turbo') return resolved;
  const unused = (name: keyof typeof TURBO_UNUSED, value: number) => {
    if (value > 0) resolved.ignored.push(`${name} ${value}: ${TURBO_UNUSED[name]}`);
  };
  unused('cfgWeight', resolved.sampler.cfgWeight);
  unused('minP', resolved.sampler.minP);
  unused('exaggeration', resolved.exaggeration);
  return {
    ...resolved,
    sampler: { ...resolved.sampler, cfgWeight: 0, minP: 0 },
    exaggeration: 0,
  };
}
