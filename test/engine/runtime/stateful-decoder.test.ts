import fs from 'node:fs/promises';
import ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildConditionalDecoder } from '../../../src/engine/fixture/conditional-decoder.ts';
import { resolveFixtureOptions } from '../../../src/engine/fixture/options.ts';
import {
  createStatefulDecoder,
  isStatefulDecoder,
  type StatefulDecoderPrompt,
} from '../../../src/engine/runtime/stateful-decoder.ts';
import {
  alignVoice,
  concat,
  decode,
  encodeVoice,
  maxAbsDiff,
  openFixture,
  openGraph,
  speechTokens,
  tempRoot,
  testVoice,
  type FixtureSessions,
  type Voice,
} from '../fixture/fixture-harness.ts';

const T = 960;
const N = 41;
const tokens = speechTokens(N, 3);
let root: string;
let stateful: FixtureSessions;
let stock: ort.InferenceSession;
let voice: Voice;
let prompt: StatefulDecoderPrompt;
let offline: Float32Array;

beforeAll(async () => {
  root = await tempRoot();
  stateful = await openFixture(root, 'fixture-stateful');
  stock = await openGraph((await openFixture(root, 'fixture')).dir, 'conditional_decoder');
  // 1.5 s: T = 75 frames, P = 38 tokens (export-arithmetic.ts); the engine aligns that to 37 / 74 first.
  voice = alignVoice(await encodeVoice(stateful, testVoice(1.5)));
  prompt = promptOf(voice);
  offline = await streamed(stateful.decoder, [N]);
});
afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

function promptOf(v: Voice): StatefulDecoderPrompt {
  return {
    audioTokens: v.audioTokens,
    speakerEmbeddings: {
      data: v.speakerEmbeddings.data as Float32Array,
      dims: [...v.speakerEmbeddings.dims],
    },
    speakerFeatures: { data: v.speakerFeatures.data as Float32Array, dims: [...v.speakerFeatures.dims] },
  };
}

/** Pushes `tokens` in chunks of the given sizes (cycled), then a final flush with no tokens. */
async function streamed(session: ort.InferenceSession, sizes: number[], finalWithTokens = false) {
  const decoder = createStatefulDecoder(session, prompt);
  const parts: Float32Array[] = [];
  let at = 0;
  for (let k = 0; at < N; k++) {
    const size = Math.min(sizes[k % sizes.length]!, N - at);
    const last = finalWithTokens && at + size === N;
    parts.push(
      (await decoder.push(BigInt64Array.from(tokens.slice(at, at + size).map(BigInt)), last)).waveform,
    );
    at += size;
    if (last) break;
  }
  if (!finalWithTokens) parts.push((await decoder.push(new BigInt64Array(0), true)).waveform);
  expect(decoder.emittedTokens).toBe(N);
  return concat(parts);
}

describe('stateful decoder driver (fixture-stateful)', () => {
  test('isStatefulDecoder tells the cache-capable graph from the stock one', () => {
    expect(isStatefulDecoder(stateful.decoder)).toBe(true);
    expect(isStatefulDecoder(stock)).toBe(false);
    expect(() => createStatefulDecoder(stock, prompt)).toThrow('no cache_* state inputs');
  });

  test('one offline push equals the stock decoder, with the look-ahead released by the flush', async () => {
    expect(offline).toHaveLength(N * T);
    expect(maxAbsDiff(offline, await decode(stock, voice, tokens))).toBeLessThan(1e-6);
  });

  test.each([[[1]], [[2]], [[3]], [[4]], [[7, 1, 13, 2]], [[25, 16]], [[5]]])(
    'chunks %j with the state carried equal the offline decode',
    async (sizes) => {
      const audio = await streamed(stateful.decoder, sizes);
      expect(audio).toHaveLength(N * T);
      expect(maxAbsDiff(audio, offline)).toBeLessThan(1e-5);
    },
  );

  test('the final push may carry tokens', async () => {
    expect(maxAbsDiff(await streamed(stateful.decoder, [10, 9], true), offline)).toBeLessThan(1e-5);
  });

  test('output lags by the 3 held-back tokens; the fade happens once, at the stream start', async () => {
    const decoder = createStatefulDecoder(stateful.decoder, prompt);
    const ids = BigInt64Array.from(tokens.map(BigInt));
    expect((await decoder.push(ids.slice(0, 2), false)).waveform).toHaveLength(0);
    const first = (await decoder.push(ids.slice(2, 10), false)).waveform;
    expect(first).toHaveLength(7 * T);
    for (let i = 0; i < 480; i++) expect(first[i]).toBe(0);
    const second = (await decoder.push(ids.slice(10, 20), false)).waveform;
    expect(second).toHaveLength(10 * T);
    // No fade at the second call's start: it continues the stream.
    expect(Math.max(...second.subarray(0, 480).map(Math.abs))).toBeGreaterThan(0.02);
    expect(decoder.emittedTokens).toBe(17);
    const flushed = (await decoder.push(new BigInt64Array(0), true)).waveform;
    expect(flushed).toHaveLength(3 * T);
    await expect(decoder.push(ids.slice(0, 1), false)).rejects.toThrow('after the final push');
  });

  test('a stock decoder decoding the same chunks separately does not equal the offline decode', async () => {
    const parts = [];
    for (let at = 0; at < N; at += 10) parts.push(await decode(stock, voice, tokens.slice(at, at + 10)));
    expect(maxAbsDiff(concat(parts), offline)).toBeGreaterThan(0.05);
  });

  test('with decoderNoise, noise indexed by absolute sample keeps chunked == offline', async () => {
    const bytes = buildConditionalDecoder(
      resolveFixtureOptions({ statefulDecoder: true, decoderNoise: 0.01 }),
    );
    const noisy = await ort.InferenceSession.create(bytes, {
      executionProviders: ['cpu'],
      logSeverityLevel: 3,
    });
    const whole = await streamed(noisy, [N]);
    expect(maxAbsDiff(whole, offline, T, N * T)).toBeGreaterThan(0.005);
    expect(maxAbsDiff(await streamed(noisy, [3, 8]), whole)).toBeLessThan(1e-5);
  });
});
