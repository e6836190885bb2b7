import { z } from 'zod';
import { T3_LIMITS } from './model-limits.ts';

/**
 * One run's full configuration: every axis of experiments.md. It lives in the contract because the UI, the CLI and
 * the streaming server all build it; the engine validates it with these same schemas. Every numeric knob is
 * sweepable, and every combination of axes is valid (a stateful boundary on a stock decoder is refused by the
 * engine with a clear reason, since only the model can tell).
 */

export const TextSourceSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('whole') }),
  z.object({ mode: z.literal('sentences'), minChars: z.number().int().min(0).max(1000).default(10) }),
  z
    .object({
      mode: z.literal('segments'),
      minChars: z.number().int().min(1).max(2000).default(30),
      maxChars: z.number().int().min(1).max(4000).default(100),
    })
    .refine((s) => s.minChars <= s.maxChars, {
      message: 'minChars must not exceed maxChars',
      path: ['minChars'],
    }),
  z.object({
    mode: z.literal('llm-stream'),
    tokensPerSecond: z.number().positive().max(10_000).default(20),
    jitterMs: z.number().min(0).max(10_000).default(0),
    firstTokenDelayMs: z.number().min(0).max(60_000).default(0),
    /** Segment size threshold in characters (experiments.md: about 50). */
    thresholdChars: z.number().int().min(1).max(2000).default(50),
    /** A recorded stream ([{t, text}] JSON) to replay instead of synthesising one from `text`. */
    recordingPath: z.string().optional(),
  }),
]);
export type TextSourceConfig = z.infer<typeof TextSourceSchema>;

export const ScheduleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('fixed'), tokens: z.number().int().min(1).max(4096).default(25) }),
  z.object({
    kind: z.literal('first-then-fixed'),
    first: z.number().int().min(1).max(4096).default(12),
    tokens: z.number().int().min(1).max(4096).default(25),
  }),
  z.object({
    kind: z.literal('growing'),
    sizes: z.array(z.number().int().min(1).max(4096)).min(1).max(64).default([25, 50, 100]),
  }),
]);
export type ScheduleConfig = z.infer<typeof ScheduleSchema>;

export const CrossfadeShapeSchema = z.enum(['linear', 'equal-power', 'hann', 'hamming']);

export const BoundarySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  z
    .object({
      kind: z.literal('overlap-add'),
      overlapTokens: z.number().int().min(0).max(8).default(3),
      crossfadeMs: z.number().min(0).max(320).default(50),
      shape: CrossfadeShapeSchema.default('hann'),
    })
    .refine((b) => b.crossfadeMs <= b.overlapTokens * 40, {
      message: 'crossfadeMs must fit inside the overlap (overlapTokens x 40 ms)',
      path: ['crossfadeMs'],
    }),
  z.object({
    kind: z.literal('context'),
    contextTokens: z.number().int().min(0).max(4096).default(50),
    lookaheadTokens: z.number().int().min(0).max(3).default(3),
    fadeMs: z.number().min(0).max(200).default(20),
  }),
  z.object({ kind: z.literal('stateful') }),
]);
export type BoundaryConfig = z.infer<typeof BoundarySchema>;

export const PipelineSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('sequential') }),
  z.object({ kind: z.literal('parallel'), queueDepth: z.number().int().min(1).max(64).default(2) }),
]);
export type PipelineConfig = z.infer<typeof PipelineSchema>;

export const PlaybackSchema = z.object({
  mode: z.enum(['realtime', 'gather-then-play']).default('realtime'),
  jitterBufferMs: z.number().min(0).max(60_000).default(0),
});

/**
 * Which defaults fill the sampler settings a configuration leaves unset, once the model's family is known:
 * `upstream` = the family's upstream `generate()` defaults (original and multilingual: temperature 0.8, min-p 0.05,
 * top-p 1, repetition penalty 1.2, CFG 0.5; Turbo: temperature 0.8, top-k 1000, top-p 0.95, repetition penalty 1.2);
 * `model-card` = what the public ONNX model cards run (greedy, repetition penalty 1.2, no CFG).
 */
export const SAMPLER_PRESETS = [
  { id: 'upstream', label: 'upstream defaults', description: "the family's upstream generate() defaults" },
  {
    id: 'model-card',
    label: 'model card',
    description: 'greedy, repetition penalty 1.2, no CFG (as the ONNX model cards run)',
  },
] as const;
export const SamplerPresetSchema = z.enum(['upstream', 'model-card']);
export type SamplerPreset = z.infer<typeof SamplerPresetSchema>;

/**
 * Every setting is optional: unset means "the preset's value for this model's family" (resolved by the engine, and
 * listed in the run's provenance). Stored runs from before presets set every field, so they read unchanged.
 */
export const SamplerSchema = z.object({
  preset: SamplerPresetSchema.default('upstream'),
  temperature: z.number().min(0).max(5).optional(),
  topK: z.number().int().min(0).max(100_000).optional(),
  topP: z.number().gt(0).max(1).optional(),
  minP: z.number().min(0).max(1).optional(),
  repetitionPenalty: z.number().gt(0).max(10).optional(),
  cfgWeight: z.number().min(0).max(10).optional(),
  /** Argmax after guidance and repetition penalty, whatever the temperature (the model cards' setting). */
  greedy: z.boolean().optional(),
});

export const RuntimeSchema = z.object({
  providers: z.array(z.string()).min(1).default(['cpu']),
  intraOpThreads: z.number().int().min(0).max(256).default(0),
  graphOptimizationLevel: z.enum(['disabled', 'basic', 'extended', 'all']).default('all'),
});

export const RunConfigSchema = z.object({
  model: z.string().min(1).default('fixture'),
  /** A voice id from the voice library, or a path to an audio file. */
  voice: z.string().min(1).default('default'),
  text: z.string().trim().min(1, 'text is empty').max(20_000),
  /**
   * ISO 639-1 code of the text's language. The multilingual family needs its `[xx]` tag in the tokenizer; the
   * original family is English only.
   */
  language: z
    .string()
    .regex(/^[a-z]{2}$/, 'language must be a two-letter lowercase ISO 639-1 code, e.g. "en"')
    .default('en'),
  textSource: TextSourceSchema.default({ mode: 'whole' }),
  schedule: ScheduleSchema.default({ kind: 'fixed', tokens: 25 }),
  boundary: BoundarySchema.default({ kind: 'none' }),
  pipeline: PipelineSchema.default({ kind: 'sequential' }),
  playback: PlaybackSchema.default({ mode: 'realtime', jitterBufferMs: 0 }),
  sampler: SamplerSchema.default(SamplerSchema.parse({})),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .default(1),
  /** Unset: the family's default (0.5; Turbo has no exaggeration). */
  exaggeration: z.number().min(0).max(2).optional(),
  /**
   * Per utterance; unset: the family's default (1000 for every family). Bounded by T3's speech position embedding
   * (model-limits.ts), which also bounds its KV cache.
   */
  maxNewTokens: z
    .number()
    .int()
    .min(1)
    .max(T3_LIMITS.maxSpeechTokens, {
      message: `at most ${T3_LIMITS.maxSpeechTokens} speech tokens per utterance: Chatterbox's T3 has no position for more (upstream t3_config.py max_speech_tokens)`,
    })
    .optional(),
  runtime: RuntimeSchema.default(RuntimeSchema.parse({})),
  /** Repeat the offline decode this many times to measure the noise floor of decoders with internal noise. */
  noiseFloorRepeats: z.number().int().min(0).max(10).default(2),
});
export type RunConfig = z.infer<typeof RunConfigSchema>;
export type RunConfigInput = z.input<typeof RunConfigSchema>;
