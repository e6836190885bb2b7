import { describe, expect, it } from 'vitest';
import { TextSourceSchema } from '../../../src/contract/run-config.ts';
import {
  SplitterOptionsSchema,
  TextSourceOptionsSchema,
  streamSplitterOptions,
} from '../../../src/engine/text-source/options.ts';

function messages(input: unknown): string[] {
  const result = TextSourceOptionsSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('text source option schemas', () => {
  it('fills the documented defaults', () => {
    expect(TextSourceOptionsSchema.parse({ mode: 'sentences' })).toEqual({ mode: 'sentences', minChars: 10 });
    expect(TextSourceOptionsSchema.parse({ mode: 'segments' })).toEqual({
      mode: 'segments',
      preset: 'default',
      minChars: 30,
      maxChars: 100,
    });
    expect(TextSourceOptionsSchema.parse({ mode: 'segments', preset: 'fast' })).toMatchObject({
      minChars: 20,
      maxChars: 50,
    });
    expect(TextSourceOptionsSchema.parse({ mode: 'segments', preset: 'fast', maxChars: 60 })).toMatchObject({
      minChars: 20,
      maxChars: 60,
    });
    const stream = TextSourceOptionsSchema.parse({ mode: 'llm-stream' });
    expect(stream).toEqual({
      mode: 'llm-stream',
      tokensPerSecond: 20,
      jitterMs: 0,
      firstTokenDelayMs: 0,
      thresholdChars: 50,
      minChars: 20,
      seed: 0,
    });
    if (stream.mode !== 'llm-stream') throw new Error('unreachable');
    expect(streamSplitterOptions(stream)).toMatchObject({ mode: 'segments', minChars: 20, maxChars: 50 });
  });

  it('gives clear errors for bad values', () => {
    expect(messages({ mode: 'segments', minChars: 80, maxChars: 40 })).toEqual([
      "minChars: minChars (80) must not exceed maxChars (40) (preset 'default' supplies any value not given)",
    ]);
    expect(messages({ mode: 'segments', maxChars: 25 })).toEqual([
      "minChars: minChars (30) must not exceed maxChars (25) (preset 'default' supplies any value not given)",
    ]);
    expect(messages({ mode: 'segments', minChars: 2.5 })).toEqual([
      'minChars: minChars must be a whole number of characters',
    ]);
    expect(messages({ mode: 'sentences', minChars: -1 })).toEqual(['minChars: minChars must be at least 0']);
    expect(
      messages({ mode: 'llm-stream', tokensPerSecond: -5, jitterMs: -1, firstTokenDelayMs: -2 }),
    ).toEqual([
      'tokensPerSecond: tokensPerSecond must be greater than 0',
      'jitterMs: jitterMs must not be negative',
      'firstTokenDelayMs: firstTokenDelayMs must not be negative',
    ]);
    expect(messages({ mode: 'llm-stream', tokensPerSecond: 0 })).toEqual([
      'tokensPerSecond: tokensPerSecond must be greater than 0',
    ]);
    expect(messages({ mode: 'llm-stream', thresholdChars: 10, minChars: 20 })).toEqual([
      'minChars: minChars (20) must not exceed thresholdChars (10)',
    ]);
    expect(messages({ mode: 'segments', maxchars: 50 })).toEqual([': Unrecognized key: "maxchars"']);
    expect(messages({ mode: 'paragraphs' })).toHaveLength(1);
  });

  it('the splitter schema refuses llm-stream (it is a source, not a splitter mode)', () => {
    expect(SplitterOptionsSchema.safeParse({ mode: 'llm-stream' }).success).toBe(false);
  });

  it("accepts the run configuration's parsed text source values", () => {
    const configs = [
      { mode: 'whole' },
      { mode: 'sentences' },
      { mode: 'segments', minChars: 20, maxChars: 50 },
      { mode: 'llm-stream', tokensPerSecond: 30, jitterMs: 5, recordingPath: '/tmp/r.json' },
    ];
    for (const config of configs) {
      const fromContract = TextSourceSchema.parse(config);
      expect(TextSourceOptionsSchema.safeParse(fromContract).success).toBe(true);
    }
  });
});
