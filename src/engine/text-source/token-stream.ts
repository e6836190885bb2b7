import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';

/**
 * A recorded (or synthesised) LLM token stream. File format (JSON): an array of tokens in arrival order,
 *
 *   [{ "t": 0, "text": "Hello" }, { "t": 48.5, "text": " world" }, { "t": 97, "text": "." }]
 *
 * `t` is the arrival time in ms since the request (finite, >= 0, non-decreasing); `text` is the token's text
 * exactly as it arrived (leading spaces included). The stream's text is the concatenation of all `text`s.
 */
export const RecordedTokenSchema = z.strictObject({
  t: z.number({ error: 't must be a finite number of ms' }).min(0, 't must not be negative'),
  text: z.string({ error: 'text must be a string' }),
});
export type RecordedToken = z.infer<typeof RecordedTokenSchema>;

export const RecordedStreamSchema = z.array(RecordedTokenSchema).superRefine((tokens, ctx) => {
  for (let k = 1; k < tokens.length; k++) {
    const prev = tokens[k - 1]?.t ?? 0;
    const t = tokens[k]?.t ?? 0;
    if (t < prev) {
      ctx.addIssue({
        code: 'custom',
        path: [k, 't'],
        message: `t (${t}) is earlier than the token before (${prev})`,
      });
    }
  }
});

/** Read and validate a recorded stream file. */
export async function loadRecordedStream(path: string): Promise<RecordedToken[]> {
  const raw: unknown = JSON.parse(await readFile(path, 'utf8'));
  const parsed = RecordedStreamSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`invalid recorded stream ${path}: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

const PIECE = /'(?:s|t|re|ve|m|ll|d)\b| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+/gu;
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]/u;

/**
 * Split a text into word-piece-like tokens the way an LLM streams it (GPT-style pre-tokenisation: a word with
 * its leading space, numbers, punctuation runs, whitespace), cutting long words into pieces of 4 letters,
 * numbers into 3 digits, and unspaced scripts into single characters. Joining the tokens gives the text back.
 */
export function tokenizeLikeLlm(text: string): string[] {
  const tokens: string[] = [];
  for (const [piece] of text.matchAll(PIECE)) {
    const lead = piece.startsWith(' ') ? 1 : 0;
    const body = piece.slice(lead);
    const size = /^\p{N}/u.test(body)
      ? 3
      : UNSPACED.test(body)
        ? 1
        : /^\p{L}/u.test(body)
          ? 4
          : body.length || 1;
    const chars = Array.from(body); // keep astral characters whole
    if (chars.length <= size) {
      tokens.push(piece);
      continue;
    }
    for (let k = 0; k < chars.length; k += size) {
      tokens.push((k === 0 && lead ? ' ' : '') + chars.slice(k, k + size).join(''));
    }
  }
  return tokens;
}

export interface TokenTiming {
  tokensPerSecond: number;
  jitterMs: number;
  firstTokenDelayMs: number;
  seed: number;
}

/**
 * Arrival times for tokens: token k nominally arrives at firstTokenDelayMs + k * 1000 / tokensPerSecond; jitter
 * delays each one by a uniform random extra in [0, jitterMs) from a seeded xoroshiro128+, and a token never
 * arrives before the one ahead of it (a network delays, it does not reorder).
 */
export function scheduleTokens(tokens: readonly string[], timing: TokenTiming): RecordedToken[] {
  const rng = xoroshiro128plus(timing.seed);
  const period = 1000 / timing.tokensPerSecond;
  let previous = 0;
  return tokens.map((text, k) => {
    const jitter = timing.jitterMs > 0 ? uniformFloat64(rng) * timing.jitterMs : 0;
    const t = Math.max(previous, timing.firstTokenDelayMs + k * period + jitter);
    previous = t;
    return { t, text };
  });
}

/** A synthetic LLM stream of `text`. */
export function synthesizeTokenStream(text: string, timing: TokenTiming): RecordedToken[] {
  return scheduleTokens(tokenizeLikeLlm(text), timing);
}
