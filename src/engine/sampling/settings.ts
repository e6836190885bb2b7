import { z } from 'zod';

/**
 * Sampler settings, fully resolved. The schema's defaults are the original family's upstream `generate()` defaults
 * (temperature 0.8, min_p 0.05, top_p 1.0, repetition penalty 1.2, CFG weight 0.5; top-k off): a run's settings are
 * resolved per family by family-defaults.ts (resolveGeneration), where a configuration may leave any of them unset.
 */
export const samplerSettingsSchema = z.strictObject({
  /** 0 means greedy. */
  temperature: z
    .number()
    .min(0, 'temperature must be >= 0 (0 = greedy)')
    .max(10, 'temperature must be <= 10')
    .default(0.8),
  /** Keep the k most likely tokens; 0 = off. */
  topK: z.number().int('topK must be a whole number').min(0, 'topK must be >= 0 (0 = off)').default(0),
  /** Drop tokens whose probability is below minP x the top probability; 0 = off. */
  minP: z.number().min(0, 'minP must be in [0, 1]').max(1, 'minP must be in [0, 1]').default(0.05),
  /** Nucleus sampling; 1 = off. */
  topP: z.number().gt(0, 'topP must be in (0, 1]').max(1, 'topP must be in (0, 1]').default(1),
  /** > 1 discourages repeats (divides positive logits, multiplies negative ones); 1 = off. */
  repetitionPenalty: z
    .number()
    .gt(0, 'repetitionPenalty must be > 0 (1 = off)')
    .max(10, 'repetitionPenalty must be <= 10')
    .default(1.2),
  /** Classifier-free guidance weight w in cond + w * (cond - uncond); 0 = off. */
  cfgWeight: z
    .number()
    .min(0, 'cfgWeight must be >= 0 (0 = off)')
    .max(10, 'cfgWeight must be <= 10')
    .default(0.5),
  /** Argmax after guidance and repetition penalty, whatever the temperature. */
  greedy: z.boolean().default(false),
});

export type SamplerSettings = z.output<typeof samplerSettingsSchema>;
export type SamplerSettingsInput = z.input<typeof samplerSettingsSchema>;

/** The original family's upstream defaults (family-defaults.ts has every family's). */
export const UPSTREAM_DEFAULTS: Readonly<SamplerSettings> = Object.freeze(samplerSettingsSchema.parse({}));

/** What the public ONNX model cards run: greedy, repetition penalty 1.2, no guidance. */
export const MODEL_CARD_PRESET: Readonly<SamplerSettings> = Object.freeze(
  samplerSettingsSchema.parse({ greedy: true, repetitionPenalty: 1.2, cfgWeight: 0 }),
);

export class SamplerSettingsError extends Error {
  readonly issues: string[];

  constructor(issues: string[]) {
    super(`Invalid sampler settings: ${issues.join('; ')}`);
    this.name = 'SamplerSettingsError';
    this.issues = issues;
  }
}

/** Validates and fills defaults; throws SamplerSettingsError listing every invalid field. */
export function parseSamplerSettings(input: unknown = {}): SamplerSettings {
  const result = samplerSettingsSchema.safeParse(input);
  if (result.success) return result.data;
  throw new SamplerSettingsError(
    result.error.issues.map((issue) => {
      const where = issue.path.join('.');
      return where ? `${where}: ${issue.message}` : issue.message;
    }),
  );
}

/** True when the settings reduce to an argmax (no random draw is consumed). */
export function isGreedy(settings: SamplerSettings): boolean {
  return settings.greedy || settings.temperature === 0;
}
