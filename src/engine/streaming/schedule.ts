import { z } from 'zod';

/**
 * Chunk schedules: how many speech tokens go into each decoded chunk (experiments.md, axis 2). While streaming,
 * the utterance's length is unknown, so a schedule is a rule "chunk i holds size(i) tokens" and the scheduler
 * cuts chunks as tokens arrive; only `finish` learns the total and closes the last, usually partial, chunk.
 *
 * The last chunk is never dropped, whatever remains (public servers lose the tail when fewer tokens remain than
 * a chunk): `finish` ALWAYS returns a final chunk, which is empty when the tokens divided evenly. An empty final
 * chunk still matters: boundary treatments that hold audio back (overlap-add, context look-ahead, stateful
 * decoders) flush it there.
 */

const MAX_CHUNK_TOKENS = 4096;

const chunkSize = (name: string) =>
  z
    .number({ error: `${name} must be a number of speech tokens` })
    .int(`${name} must be a whole number of tokens`)
    .min(1, `${name} must be at least 1 token`)
    .max(MAX_CHUNK_TOKENS, `${name} must be at most ${MAX_CHUNK_TOKENS} tokens`);

export const FixedScheduleSchema = z.object({ kind: z.literal('fixed'), tokens: chunkSize('tokens') });

export const FirstThenFixedScheduleSchema = z.object({
  kind: z.literal('first-then-fixed'),
  first: chunkSize('first'),
  tokens: chunkSize('tokens'),
});

/**
 * Growing chunks, in one of two forms: an explicit list whose last size repeats (CosyVoice2: 25, 50, 100, 100,
 * ...), or a geometric rule: `start`, multiplied by `factor` per chunk, capped at `max`.
 */
export const GrowingScheduleSchema = z
  .object({
    kind: z.literal('growing'),
    sizes: z
      .array(chunkSize('each size'))
      .min(1, 'sizes needs at least one chunk size')
      .max(64, 'sizes takes at most 64 entries (the last one repeats)')
      .optional(),
    start: chunkSize('start').optional(),
    factor: z
      .number({ error: 'factor must be a number' })
      .min(1, 'factor must be at least 1 (1 keeps the size fixed)')
      .max(16, 'factor must be at most 16')
      .optional(),
    max: chunkSize('max').optional(),
  })
  .superRefine((s, ctx) => {
    const factorKeys = (['start', 'factor', 'max'] as const).filter((k) => s[k] !== undefined);
    if (s.sizes !== undefined) {
      if (factorKeys.length > 0) {
        ctx.addIssue({
          code: 'custom',
          message: `a growing schedule takes either sizes or start/factor/max, not both (got sizes and ${factorKeys.join(', ')})`,
          path: [factorKeys[0]!],
        });
      }
      return;
    }
    if (factorKeys.length === 0) {
      ctx.addIssue({
        code: 'custom',
        message: 'a growing schedule needs sizes (e.g. [25, 50, 100]) or start, factor and max',
        path: ['sizes'],
      });
      return;
    }
    for (const k of ['start', 'factor', 'max'] as const) {
      if (s[k] === undefined) {
        ctx.addIssue({ code: 'custom', message: `the factor form needs ${k} as well`, path: [k] });
      }
    }
    if (s.start !== undefined && s.max !== undefined && s.max < s.start) {
      ctx.addIssue({ code: 'custom', message: 'max must not be below start', path: ['max'] });
    }
  });

export const ScheduleConfigSchema = z.discriminatedUnion('kind', [
  FixedScheduleSchema,
  FirstThenFixedScheduleSchema,
  GrowingScheduleSchema,
]);

export type FixedSchedule = z.infer<typeof FixedScheduleSchema>;
export type FirstThenFixedSchedule = z.infer<typeof FirstThenFixedScheduleSchema>;
export type GrowingSchedule = z.infer<typeof GrowingScheduleSchema>;
export type ScheduleConfig = z.infer<typeof ScheduleConfigSchema>;

/** Parses a schedule config, throwing one readable message (every problem, with its field) when it is invalid. */
export function parseScheduleConfig(input: unknown): ScheduleConfig {
  const result = ScheduleConfigSchema.safeParse(input);
  if (!result.success) throw new Error(`Invalid chunk schedule:\n${z.prettifyError(result.error)}`);
  return result.data;
}

/** Number of tokens chunk `index` (0-based) holds under `config` (a validated config). */
export function chunkSizeAt(config: ScheduleConfig, index: number): number {
  if (!Number.isInteger(index) || index < 0) throw new RangeError(`chunk index must be >= 0, got ${index}`);
  switch (config.kind) {
    case 'fixed':
      return config.tokens;
    case 'first-then-fixed':
      return index === 0 ? config.first : config.tokens;
    case 'growing': {
      if (config.sizes !== undefined) return config.sizes[Math.min(index, config.sizes.length - 1)]!;
      const start = config.start!;
      const max = config.max!;
      // Exponentiate rather than multiply step by step so a size never depends on rounding earlier ones; the
      // cap also stops the power from overflowing on long utterances.
      const size = Math.round(start * Math.pow(config.factor!, index));
      return Math.max(1, Math.min(max, Number.isFinite(size) ? size : max));
    }
  }
}

/** A chunk of the utterance's generated speech tokens: indices [start, end). */
export interface Chunk {
  index: number;
  start: number;
  end: number;
  /** True only for the chunk `finish` closes: the utterance ends with it (it may be empty). */
  final: boolean;
}

/**
 * Cuts a token stream into chunks as tokens arrive. `push`/`pushToken` report newly generated tokens and
 * return the chunks they completed; `finish(total)` closes the stream and returns the remaining chunks, the
 * last of which is the final one (never dropped, possibly partial or empty).
 */
export class ChunkScheduler {
  readonly config: ScheduleConfig;
  private available = 0;
  private nextStart = 0;
  private nextIndex = 0;
  private finished = false;

  constructor(config: unknown) {
    this.config = parseScheduleConfig(config);
  }

  /** Tokens reported so far. */
  get tokenCount(): number {
    return this.available;
  }

  /** Chunks returned so far. */
  get chunkCount(): number {
    return this.nextIndex;
  }

  /** `count` more tokens exist (count >= 0). Returns the chunks that became complete, in order. */
  push(count: number): Chunk[] {
    if (this.finished) throw new Error('ChunkScheduler: push after finish');
    if (!Number.isInteger(count) || count < 0) {
      throw new RangeError(`ChunkScheduler: push needs a whole number of tokens >= 0, got ${count}`);
    }
    this.available += count;
    return this.cutCompleteChunks();
  }

  /** One more token exists. */
  pushToken(): Chunk[] {
    return this.push(1);
  }

  /**
   * The stream ended with `total` tokens (defaults to the count pushed; it may not be less). Returns any chunks
   * the extra tokens completed and, last, the final chunk [lastEnd, total), which is empty when the tokens
   * divided evenly into chunks.
   */
  finish(total: number = this.available): Chunk[] {
    if (this.finished) throw new Error('ChunkScheduler: finish called twice');
    if (!Number.isInteger(total) || total < this.available) {
      throw new RangeError(
        `ChunkScheduler: finish(total) needs a whole number >= the ${this.available} tokens already pushed, got ${total}`,
      );
    }
    const chunks = this.push(total - this.available);
    this.finished = true;
    chunks.push({ index: this.nextIndex++, start: this.nextStart, end: total, final: true });
    this.nextStart = total;
    return chunks;
  }

  private cutCompleteChunks(): Chunk[] {
    const chunks: Chunk[] = [];
    for (;;) {
      const end = this.nextStart + chunkSizeAt(this.config, this.nextIndex);
      if (end > this.available) return chunks;
      chunks.push({ index: this.nextIndex++, start: this.nextStart, end, final: false });
      this.nextStart = end;
    }
  }
}

/** All chunks of an utterance of `total` tokens, as a stream would cut them (the last one is final). */
export function chunksFor(config: unknown, total: number): Chunk[] {
  return new ChunkScheduler(config).finish(total);
}
