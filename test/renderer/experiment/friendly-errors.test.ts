import { describe, expect, it } from 'vitest';
import { RunConfigSchema } from '../../../src/contract/index.ts';
import { friendlyFieldErrors } from '../../../src/renderer/src/experiment/friendly-errors.ts';

const errorsOf = (config: Record<string, unknown>) => {
  const parsed = RunConfigSchema.safeParse({ text: 'Hello.', ...config });
  if (parsed.success) throw new Error('expected the config to be refused');
  return friendlyFieldErrors(parsed.error.issues);
};

describe('friendly field errors of the Experiment form', () => {
  it('says a range problem with the field label, never the zod path or wording', () => {
    const errors = errorsOf({ boundary: { kind: 'overlap-add', overlapTokens: -1, crossfadeMs: 0 } });
    expect(errors['boundary.overlapTokens']).toBe('Overlap must be at least 0.');
    for (const message of Object.values(errors)) {
      expect(message).not.toMatch(/boundary\.|Too small|expected number/);
    }
  });

  it('says the cross-field rules in words', () => {
    expect(
      errorsOf({ boundary: { kind: 'overlap-add', overlapTokens: 1, crossfadeMs: 80 } })[
        'boundary.crossfadeMs'
      ],
    ).toBe('The crossfade must fit inside the overlap: at most 40 ms per overlap token.');
    expect(
      errorsOf({ textSource: { mode: 'segments', minChars: 50, maxChars: 20 } })['textSource.minChars'],
    ).toBe('Min segment must not be longer than max segment.');
  });

  it('keeps a hand-written reason (the model limit) and says whole numbers and empty text plainly', () => {
    expect(errorsOf({ maxNewTokens: 10_000 }).maxNewTokens).toMatch(
      /^Max new tokens: at most \d+ speech tokens/,
    );
    expect(errorsOf({ seed: 1.5 }).seed).toBe('Seed must be a whole number.');
    expect(errorsOf({ text: '   ' }).text).toBe('Text is empty');
  });
});
