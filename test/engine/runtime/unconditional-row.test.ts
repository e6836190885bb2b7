import fs from 'node:fs/promises';
import ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fixturePositionEmbedding } from '../../../src/engine/fixture/embed-tokens.ts';
import type { Conditioning } from '../../../src/engine/runtime/tensor-data.ts';
import {
  loadTextTokenizer,
  prepareOriginalPrompt,
  type PreparedPrompt,
} from '../../../src/engine/runtime/text-prompt.ts';
import { generateSpeechTokens, readKvLayout } from '../../../src/engine/runtime/token-generator.ts';
import { unconditionalTextRows } from '../../../src/engine/runtime/unconditional-row.ts';
import {
  encodeVoice,
  greedy,
  HIDDEN,
  openFixture,
  tempRoot,
  testVoice,
  type FixtureSessions,
} from '../fixture/fixture-harness.ts';

/**
 * Classifier-free guidance's unconditional row, numerically on the fixture, against upstream t3.py
 * (prepare_input_embeds, lines 112-118): there, the unconditional row's text rows ([START]..[STOP]) are the text
 * position embeddings alone, P[p]. The fixture's embed_tokens is T[id] + P[p] on text rows like the export's, and
 * its P is known in closed form (fixturePositionEmbedding), so upstream's row can be computed exactly here.
 */
let root: string;
let s: FixtureSessions;
let prompt: PreparedPrompt;
let conditioning: Conditioning;
const exaggeration = new ort.Tensor('float32', new Float32Array([0.5]), [1]);
const embed = async (feeds: Record<string, ort.Tensor>) =>
  (await s.embed.run(feeds)).inputs_embeds!.data as Float32Array;

beforeAll(async () => {
  root = await tempRoot();
  s = await openFixture(root, 'fixture');
  const tokenizer = loadTextTokenizer(await fs.readFile(`${s.dir}/tokenizer.json`, 'utf8'));
  prompt = prepareOriginalPrompt(tokenizer, 'Hello there, world.');
  const voice = await encodeVoice(s, testVoice(2));
  const float = (t: { data: unknown; dims: readonly number[] }) => ({
    data: new Float32Array(t.data as Float32Array),
    dims: [...t.dims],
  });
  conditioning = {
    audioFeatures: float(voice.audioFeatures),
    audioTokens: { data: voice.audioTokens, dims: [1, voice.audioTokens.length] },
    speakerEmbeddings: float(voice.speakerEmbeddings),
    speakerFeatures: float(voice.speakerFeatures),
  };
});
afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

const row = (data: Float32Array, r: number) => data.subarray(r * HIDDEN, (r + 1) * HIDDEN);
const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
};
const positionsOf = (p: PreparedPrompt) => Array.from(p.positionIds, Number);

describe('the unconditional CFG row', () => {
  test('spans [START]..[STOP] of the template, as upstream zeroes text_emb over the padded text', () => {
    const ids = Array.from(prompt.inputIds, Number);
    const [from, to] = prompt.guidanceSpan;
    expect(ids[from]).toBe(255); // [START]
    expect(ids[to - 1]).toBe(0); // [STOP]
    expect(to - from).toBe(prompt.textTokenCount + 2);
    // The exaggeration slot before and the two start-of-speech tokens after stay in both rows, as upstream's
    // conditioning (emotion_adv) and its BOS rows do.
    expect(ids.slice(0, from)).toEqual([6563]);
    expect(ids.slice(to)).toEqual([6561, 6561]);
  });

  test("the fixture's text rows are token part + position part, with the position part known exactly", async () => {
    // The same token at two positions differs by exactly the difference of the known position parts.
    const at = async (position: number) =>
      embed({
        input_ids: new ort.Tensor('int64', BigInt64Array.from([255n, 0n]), [1, 2]),
        position_ids: new ort.Tensor('int64', BigInt64Array.from([BigInt(position), 0n]), [1, 2]),
        exaggeration,
      });
    const [a, b] = [row(await at(3), 0), row(await at(17), 0)];
    const expected = fixturePositionEmbedding(3).map((v, h) => v - fixturePositionEmbedding(17)[h]!);
    expect(
      maxAbsDiff(
        a.map((v, h) => v - b[h]!),
        expected,
      ),
    ).toBeLessThan(1e-5);
  });

  test('matches upstream up to one constant vector: P[p_i] - mean_j P[p_j] on every text row', async () => {
    const [from, to] = prompt.guidanceSpan;
    const ours = await unconditionalTextRows(embed, prompt.positionIds, [from, to], exaggeration, HIDDEN);
    const positions = positionsOf(prompt).slice(from, to);
    expect(positions).toEqual(positions.map((_, i) => i)); // [START] at 0 ... [STOP] at n+1, as upstream
    const upstream = positions.map((p) => fixturePositionEmbedding(p));
    const mean = new Float32Array(HIDDEN).map(
      (_, h) => upstream.reduce((sum, u) => sum + u[h]!, 0) / upstream.length,
    );
    for (let i = 0; i < positions.length; i++) {
      // ours_i - upstream_i is the same vector (-mean) on every row ...
      const residual = row(ours, i).map((v, h) => v - upstream[i]![h]!);
      expect(
        maxAbsDiff(
          residual,
          mean.map((v) => -v),
        ),
      ).toBeLessThan(1e-5);
      // ... so the differences between rows are upstream's exactly.
      if (i > 0) {
        const oursStep = row(ours, i).map((v, h) => v - row(ours, i - 1)[h]!);
        const upstreamStep = upstream[i]!.map((v, h) => v - upstream[i - 1]![h]!);
        expect(maxAbsDiff(oursStep, upstreamStep)).toBeLessThan(1e-5);
      }
    }
    // No token content is left: two prompts of the same length give the same rows.
    const other = prepareOriginalPrompt(
      loadTextTokenizer(await fs.readFile(`${s.dir}/tokenizer.json`, 'utf8')),
      'Jolly good, my pal.',
    );
    expect(other.guidanceSpan[1] - other.guidanceSpan[0]).toBe(to - from);
    const otherRows = await unconditionalTextRows(
      embed,
      other.positionIds,
      other.guidanceSpan,
      exaggeration,
      HIDDEN,
    );
    expect(maxAbsDiff(otherRows, ours)).toBe(0);
  });

  test('the prefill holds the conditional row, and the unconditional row differs only on [START]..[STOP]', async () => {
    let firstFeeds: Record<string, ort.Tensor> | undefined;
    const languageModel = new Proxy(s.lm, {
      get(target, key, receiver) {
        if (key === 'run')
          return (feeds: Record<string, ort.Tensor>) => {
            firstFeeds ??= feeds;
            return target.run(feeds);
          };
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    const sessions = { embedTokens: s.embed, languageModel };
    let steps = 0;
    await generateSpeechTokens(
      sessions,
      readKvLayout(sessions),
      {
        inputIds: prompt.inputIds,
        positionIds: prompt.positionIds,
        guidanceSpan: prompt.guidanceSpan,
        conditioning,
        exaggeration: 0.5,
        cfgWeight: 0.5,
        maxNewTokens: 2,
      },
      {
        sampleNext: (cond, uncond) => {
          expect(uncond).toBeDefined();
          steps++;
          return greedy(cond);
        },
        onToken: () => undefined,
        isCancelled: () => false,
        waitForCredit: () => 0,
      },
    );
    expect(steps).toBeGreaterThan(0);
    const embeds = firstFeeds!.inputs_embeds!;
    const [batch, length] = embeds.dims as [number, number, number];
    expect(batch).toBe(2);
    const data = embeds.data as Float32Array;
    const condRows = conditioning.audioFeatures.dims[1]!;
    const cond = data.subarray(0, length * HIDDEN);
    const uncond = data.subarray(length * HIDDEN);
    // Conditional row: the voice's rows, then embed_tokens of the prompt as is.
    expect(maxAbsDiff(cond.subarray(0, condRows * HIDDEN), conditioning.audioFeatures.data)).toBe(0);
    const promptEmbeds = await embed({
      input_ids: new ort.Tensor('int64', prompt.inputIds, [1, prompt.inputIds.length]),
      position_ids: new ort.Tensor('int64', prompt.positionIds, [1, prompt.inputIds.length]),
      exaggeration,
    });
    expect(maxAbsDiff(cond.subarray(condRows * HIDDEN), promptEmbeds)).toBe(0);
    // Unconditional row: identical outside the span, position-only rows inside it.
    const [from, to] = prompt.guidanceSpan;
    const spanStart = (condRows + from) * HIDDEN;
    const spanEnd = (condRows + to) * HIDDEN;
    expect(maxAbsDiff(uncond.subarray(0, spanStart), cond.subarray(0, spanStart))).toBe(0);
    expect(maxAbsDiff(uncond.subarray(spanEnd), cond.subarray(spanEnd))).toBe(0);
    const expected = await unconditionalTextRows(embed, prompt.positionIds, [from, to], exaggeration, HIDDEN);
    expect(maxAbsDiff(uncond.subarray(spanStart, spanEnd), expected)).toBe(0);
  });
});
