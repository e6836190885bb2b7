import { describe, expect, it } from 'vitest';
import { RunConfigSchema } from '../../src/contract/index.ts';

describe('RunConfig.language', () => {
  it('defaults to en, so existing configs stay valid', () => {
    expect(RunConfigSchema.parse({ text: 'Hello.' }).language).toBe('en');
    expect(RunConfigSchema.parse({ text: 'Hello.', language: 'fr' }).language).toBe('fr');
  });

  it('must be a two-letter lowercase ISO 639-1 code', () => {
    for (const bad of ['EN', 'eng', 'e', '', 'en-US']) {
      const parsed = RunConfigSchema.safeParse({ text: 'Hello.', language: bad });
      expect(parsed.success).toBe(false);
      if (!parsed.success) expect(parsed.error.issues[0]!.path).toEqual(['language']);
    }
  });
});
