import { z } from 'zod';

/**
 * Options for the text sources and the streaming splitter, validated with zod. The field names match the run
 * configuration's `TextSourceSchema` (src/contract/run-config.ts) so that the run configuration can embed these
 * schemas (or hand its parsed value straight to them); the extras here (`preset`, `seed`, llm-stream `minChars`)
 * are optional with defaults.
 */

/** Segment length presets in characters (experiments.md: seed defaults 30/100, a faster setting 20/50). */
export const SEGMENT_PRESETS = {
  default: { minChars: 30, maxChars: 100 },
  fast: { minChars: 20, maxChars: 50 },
} as const;
export type SegmentPreset = keyof typeof SEGMENT_PRESETS;

/** The seeds merge sentence fragments under 10 characters into their neighbour. */
export const DEFAULT_SENTENCE_MIN_CHARS = 10;
/** experiments.md: the live-stream segmenter emits on punctuation or a size threshold of about 50 characters. */
export const DEFAULT_STREAM_THRESHOLD_CHARS = 50;

const int = (name: string, min: number, max: number) =>
  z
    .number({ error: `${name} must be a number` })
    .int(`${name} must be a whole number of characters`)
    .min(min, `${name} must be at least ${min}`)
    .max(max, `${name} must be at most ${max}`);

const nonNegativeMs = (name: string, max: number) =>
  z
    .number({ error: `${name} must be a number` })
    .min(0, `${name} must not be negative`)
    .max(max, `${name} must be at most ${max} ms`);

export const WholeOptionsSchema = z.strictObject({ mode: z.literal('whole') });

export const SentencesOptionsSchema = z.strictObject({
  mode: z.literal('sentences'),
  /** Sentences shorter than this (characters, trimmed) are merged into the following one. */
  minChars: int('minChars', 0, 1000).default(DEFAULT_SENTENCE_MIN_CHARS),
});

export const SegmentsOptionsSchema = z
  .strictObject({
    mode: z.literal('segments'),
    /** Supplies minChars/maxChars where they are not given. */
    preset: z.enum(['default', 'fast']).default('default'),
    minChars: int('minChars', 1, 2000).optional(),
    maxChars: int('maxChars', 1, 4000).optional(),
  })
  .transform(({ mode, preset, minChars, maxChars }) => ({
    mode,
    preset,
    minChars: minChars ?? SEGMENT_PRESETS[preset].minChars,
    maxChars: maxChars ?? SEGMENT_PRESETS[preset].maxChars,
  }))
  .superRefine((o, ctx) => {
    if (o.minChars > o.maxChars) {
      ctx.addIssue({
        code: 'custom',
        path: ['minChars'],
        message: `minChars (${o.minChars}) must not exceed maxChars (${o.maxChars}) (preset '${o.preset}' supplies any value not given)`,
      });
    }
  });

export const LlmStreamOptionsSchema = z
  .strictObject({
    mode: z.literal('llm-stream'),
    /** Nominal token rate. */
    tokensPerSecond: z
      .number({ error: 'tokensPerSecond must be a number' })
      .positive('tokensPerSecond must be greater than 0')
      .max(10_000, 'tokensPerSecond must be at most 10000')
      .default(20),
    /** Each token is delayed by a uniform random extra in [0, jitterMs] (seeded), never reordering tokens. */
    jitterMs: nonNegativeMs('jitterMs', 10_000).default(0),
    /** Time before the first token arrives. */
    firstTokenDelayMs: nonNegativeMs('firstTokenDelayMs', 60_000).default(0),
    /** The segmenter's maximum segment length (segments mode maxChars). */
    thresholdChars: int('thresholdChars', 1, 2000).default(DEFAULT_STREAM_THRESHOLD_CHARS),
    /** The segmenter's minimum segment length; default 40% of thresholdChars (20 for 50, the "fast" preset). */
    minChars: int('minChars', 1, 2000).optional(),
    /** Seed of the jitter RNG. */
    seed: z.number().int('seed must be an integer').default(0),
    /** A recorded stream (JSON `[{ "t": ms, "text": "tok" }, ...]`) to replay instead of synthesising one. */
    recordingPath: z.string().min(1, 'recordingPath must not be empty').optional(),
  })
  .transform((o) => ({ ...o, minChars: o.minChars ?? Math.max(1, Math.round(o.thresholdChars * 0.4)) }))
  .superRefine((o, ctx) => {
    if (o.minChars > o.thresholdChars) {
      ctx.addIssue({
        code: 'custom',
        path: ['minChars'],
        message: `minChars (${o.minChars}) must not exceed thresholdChars (${o.thresholdChars})`,
      });
    }
  });

/** Options of the streaming splitter (SegmentSplitter). */
export const SplitterOptionsSchema = z.discriminatedUnion('mode', [
  WholeOptionsSchema,
  SentencesOptionsSchema,
  SegmentsOptionsSchema,
]);
export type SplitterOptionsInput = z.input<typeof SplitterOptionsSchema>;
export type SplitterOptions = z.output<typeof SplitterOptionsSchema>;

/** Options of a text source (openTextSource): the splitter modes plus the simulated live LLM stream. */
export const TextSourceOptionsSchema = z.discriminatedUnion('mode', [
  WholeOptionsSchema,
  SentencesOptionsSchema,
  SegmentsOptionsSchema,
  LlmStreamOptionsSchema,
]);
export type TextSourceOptionsInput = z.input<typeof TextSourceOptionsSchema>;
export type TextSourceOptions = z.output<typeof TextSourceOptionsSchema>;
export type LlmStreamOptions = z.output<typeof LlmStreamOptionsSchema>;

/** The segments-mode splitter options an llm-stream source segments its arriving text with. */
export function streamSplitterOptions(o: LlmStreamOptions): SplitterOptions {
  return { mode: 'segments', preset: 'fast', minChars: o.minChars, maxChars: o.thresholdChars };
}
