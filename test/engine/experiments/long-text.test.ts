import { afterAll, describe, expect, it } from 'vitest';
import { T3_LIMITS, RunConfigSchema } from '../../../src/contract/index.ts';
import { measureTextBudget } from '../../../src/engine/experiments/text-budget.ts';
import { assertTextFits, TextTooLongError } from '../../../src/engine/runtime/text-prompt.ts';
import { runExperiment } from '../../../src/engine/experiments/run-experiment.ts';
import { config, run, testPool, TEXT } from './helpers.ts';

const pool = testPool();
afterAll(() => pool.close());

// The fixture's tokenizer is one token per character for plain lowercase letters (and '.' is added at the end).
const letters = (n: number) => 'a'.repeat(n);

describe("T3's limits (issue 16: 20 000 characters in whole mode grew the engine to 18 GB)", () => {
  it('are upstream t3_config.py: 2048 text tokens, 4096 speech tokens per utterance', () => {
    expect(T3_LIMITS).toEqual({ maxTextTokens: 2048, maxSpeechTokens: 4096 });
    const tooMany = RunConfigSchema.safeParse({ text: 'x', maxNewTokens: 4097 });
    expect(tooMany.success).toBe(false);
    expect(tooMany.error?.issues[0]?.message).toMatch(/at most 4096 speech tokens per utterance/);
  });

  it('refuse a prompt past the text context, with the count, the limit and what to do', () => {
    const prompt = (textTokenCount: number) => ({
      normalizedText: '',
      inputIds: new BigInt64Array(0),
      positionIds: new BigInt64Array(0),
      textSpan: [0, textTokenCount] as [number, number],
      guidanceSpan: [0, textTokenCount] as [number, number],
      textTokenCount,
    });
    expect(assertTextFits(prompt(2048)).textTokenCount).toBe(2048);
    expect(() => assertTextFits(prompt(2049))).toThrow(TextTooLongError);
    expect(() => assertTextFits(prompt(2049))).toThrow(
      /2049 tokens .* at most 2048 text tokens per utterance .* "sentences" or "segments" text source/,
    );
  });

  it('counts with the model tokenizer: the last fitting length fits, one more token does not', async () => {
    const model = await pool.get('fixture', RunConfigSchema.parse({ text: 'x' }).runtime);
    const fits = await measureTextBudget(model.dir, model.report.family, letters(2047), 'en');
    expect(fits).toMatchObject({ textTokens: 2048, fits: true, message: null });
    const over = await measureTextBudget(model.dir, model.report.family, letters(2048), 'en');
    expect(over).toMatchObject({ textTokens: 2049, maxTextTokens: 2048, fits: false });
  });

  it('a whole-mode run of 20 000 characters fails at once with the reason; sentences mode runs', async () => {
    const events: string[] = [];
    const longText = 'Hello there my friend. '.repeat(869).trim();
    expect(longText.length).toBeGreaterThan(19_900);
    await expect(
      run(pool, { text: longText, textSource: { mode: 'whole' } }, (e) => events.push(e.type)),
    ).rejects.toThrow(/at most 2048 text tokens per utterance/);
    // Refused before the first token: no prefill over 20 000 positions ran.
    expect(events).not.toContain('tokens');
    const pieces = await run(pool, {
      text: 'Hello there my friend. '.repeat(3),
      textSource: { mode: 'sentences', minChars: 10 },
      maxNewTokens: 40,
    });
    expect(pieces.summary.stopReason).toBe('stop-token');
  }, 120_000);

  it('records max-tokens as the stop reason when generation is cut before the stop token', async () => {
    const cut = await run(pool, { text: TEXT, maxNewTokens: 5 });
    expect(cut.summary.metrics.tokens).toBe(5);
    expect(cut.summary.stopReason).toBe('max-tokens');
  }, 60_000);

  it("stops a run of many utterances at the run's token budget, skipping the rest of the text", async () => {
    const text = 'Hello there my friend. It is a fine day. We walk to the sea. The sea is calm.';
    const whole = await run(pool, { text, textSource: { mode: 'sentences', minChars: 10 } });
    expect(whole.summary.stopReason).toBe('stop-token');
    expect(whole.summary.metrics.tokens).toBeGreaterThan(40);
    const bounded = await runExperiment(
      pool,
      config({ text, textSource: { mode: 'sentences', minChars: 10 } }),
      {
        runId: 'budget',
        maxRunSpeechTokens: 40,
      },
    );
    expect(bounded.summary.metrics.tokens).toBe(40);
    expect(bounded.summary.stopReason).toBe('run-token-limit');
    // What it holds in memory is the budget's audio: 960 samples per token.
    expect(bounded.stream.length).toBeLessThanOrEqual(40 * 960);
  }, 120_000);
});
