import fs from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  generateSpeechTokens,
  readKvLayout,
  type GenerationHooks,
  type GenerationInput,
} from '../../../src/engine/runtime/token-generator.ts';
import type { Conditioning } from '../../../src/engine/runtime/tensor-data.ts';
import { prepareOriginalPrompt, loadTextTokenizer } from '../../../src/engine/runtime/text-prompt.ts';
import {
  encodeVoice,
  generate,
  greedy,
  openFixture,
  promptIds,
  tempRoot,
  testVoice,
  type FixtureSessions,
} from '../fixture/fixture-harness.ts';

/**
 * The engine's own loop (token-generator.ts) on the fixture's sessions, with hooks that stand in for a sampler that
 * picks ids a real model can produce but the fixture never would.
 */
let root: string;
let s: FixtureSessions;
let input: GenerationInput;
beforeAll(async () => {
  root = await tempRoot();
  s = await openFixture(root, 'fixture');
  const voice = await encodeVoice(s, testVoice(2));
  const float = (t: { data: unknown; dims: readonly number[] }) => ({
    data: new Float32Array(t.data as Float32Array),
    dims: [...t.dims],
  });
  const conditioning: Conditioning = {
    audioFeatures: float(voice.audioFeatures),
    audioTokens: { data: voice.audioTokens, dims: [1, voice.audioTokens.length] },
    speakerEmbeddings: float(voice.speakerEmbeddings),
    speakerFeatures: float(voice.speakerFeatures),
  };
  const tokenizer = loadTextTokenizer(await fs.readFile(`${s.dir}/tokenizer.json`, 'utf8'));
  const prompt = prepareOriginalPrompt(tokenizer, 'Hello there, world.');
  input = {
    inputIds: prompt.inputIds,
    positionIds: prompt.positionIds,
    guidanceSpan: prompt.guidanceSpan,
    conditioning,
    exaggeration: 0.5,
    cfgWeight: 0,
    maxNewTokens: 200,
  };
});
afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

function hooks(pick: (step: number, logits: Float32Array) => number, cancelAt = Infinity) {
  const emitted: { token: number; index: number }[] = [];
  const seen: number[][] = [];
  let step = 0;
  const h: GenerationHooks = {
    sampleNext(cond, _uncond, generated) {
      seen.push([...generated]);
      return pick(step++, cond);
    },
    onToken: (token, index) => emitted.push({ token, index }),
    isCancelled: () => emitted.length >= cancelAt,
    waitForCredit: () => 0,
  };
  return { h, emitted, seen };
}

const sessions = () => ({ embedTokens: s.embed, languageModel: s.lm });

describe('generateSpeechTokens', () => {
  test('ids outside the speech vocabulary are fed back but never emitted or decoded', async () => {
    const plain = hooks((_, logits) => greedy(logits));
    const reference = await generateSpeechTokens(sessions(), readKvLayout(sessions()), input, plain.h);
    // Step 3 samples 6563 (an id a real model can emit, e.g. the exaggeration slot) instead of its greedy pick.
    const odd = hooks((step, logits) => (step === 3 ? 6563 : greedy(logits)));
    const result = await generateSpeechTokens(sessions(), readKvLayout(sessions()), input, odd.h);
    expect(result.droppedTokens).toBe(1);
    expect(result.tokens).not.toContain(6563);
    expect(odd.emitted.map((e) => e.token)).toEqual(result.tokens);
    // Indices stay contiguous over the speech tokens.
    expect(odd.emitted.map((e) => e.index)).toEqual(result.tokens.map((_, i) => i));
    // The language model saw it (the repetition history holds it), and the first three tokens are unchanged.
    expect(odd.seen.at(-1)).toContain(6563);
    expect(result.tokens.slice(0, 3)).toEqual(reference.tokens.slice(0, 3));
    expect(reference.droppedTokens).toBe(0);
    expect(reference.paddingTokens).toBe(0);
  });

  test('tail tokens follow the generated ones when it stops on its own, and not when cancelled', async () => {
    const tail = [4299, 4299, 4299];
    const done = hooks((_, logits) => greedy(logits));
    const result = await generateSpeechTokens(
      sessions(),
      readKvLayout(sessions()),
      { ...input, tailTokens: tail },
      done.h,
    );
    expect(result.stoppedBy).toBe('stop-token');
    expect(result.paddingTokens).toBe(3);
    expect(result.tokens.slice(-3)).toEqual(tail);
    expect(done.emitted.map((e) => e.token)).toEqual(result.tokens);

    const capped = hooks((_, logits) => greedy(logits));
    const short = await generateSpeechTokens(
      sessions(),
      readKvLayout(sessions()),
      { ...input, tailTokens: tail, maxNewTokens: 5 },
      capped.h,
    );
    expect([short.stoppedBy, short.tokens.length]).toEqual(['max-tokens', 8]);

    const cancelled = hooks((_, logits) => greedy(logits), 4);
    const stopped = await generateSpeechTokens(
      sessions(),
      readKvLayout(sessions()),
      { ...input, tailTokens: tail },
      cancelled.h,
    );
    expect([stopped.stoppedBy, stopped.paddingTokens, stopped.tokens.length]).toEqual(['cancelled', 0, 4]);
  });
});

describe('generateSpeechTokens on the CPU path (reused step buffers, each replaced KV released at once)', () => {
  test('every logits row and token is bit-identical to the plain loop of model.md', async () => {
    const voice = await encodeVoice(s, testVoice(2));
    const textIds = Array.from(input.inputIds.slice(2, -3), Number);
    expect(promptIds(textIds)).toEqual(Array.from(input.inputIds, Number));
    const reference = await generate(s, voice, textIds, { maxNewTokens: 60 });

    const rows: Float32Array[] = [];
    const engine = hooks((_, logits) => {
      rows.push(logits.slice());
      return greedy(logits);
    });
    const result = await generateSpeechTokens(
      sessions(),
      readKvLayout(sessions()),
      { ...input, maxNewTokens: 60 },
      engine.h,
    );
    expect(result.tokens).toEqual(reference.tokens);
    expect(rows.length).toBe(reference.lastLogits.length);
    rows.forEach((row, i) =>
      expect(Buffer.from(row.buffer).equals(Buffer.from(reference.lastLogits[i]!.buffer))).toBe(true),
    );
  });

  test('reports the garbage-collection time the caller measures, per step and in all', async () => {
    const asked: [number, number][] = [];
    const h = {
      ...hooks((_, logits) => greedy(logits)).h,
      gcMsBetween: (start: number, end: number) => {
        asked.push([start, end]);
        return 0.5;
      },
    };
    const result = await generateSpeechTokens(
      sessions(),
      readKvLayout(sessions()),
      { ...input, maxNewTokens: 6 },
      h,
    );
    expect(result.steps.map((step) => step.gcMs)).toEqual(result.steps.map(() => 0.5));
    expect(result.gcMs).toBe(0.5);
    // One question per step, then one for the whole generation; every step lies inside the generation's span.
    expect(asked.length).toBe(result.steps.length + 1);
    const [from, to] = asked.at(-1)!;
    for (const [start, end] of asked.slice(0, -1))
      expect(start >= from && end <= to && end > start).toBe(true);
  });
});
