import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import onnxProto from 'onnx-proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFixtureModel } from '../../../src/engine/fixture/index.ts';
import { assertValidModel, ModelContractError } from '../../../src/engine/models/validate-model.ts';
import { GenerationControl } from '../../../src/engine/runtime/generation-control.ts';
import {
  CancelledError,
  ModelRuntime,
  type GenerateRequest,
} from '../../../src/engine/runtime/model-runtime.ts';
import { DEFAULT_SESSION_SETTINGS } from '../../../src/engine/runtime/session-factory.ts';
import type { Conditioning } from '../../../src/engine/runtime/tensor-data.ts';
import { loadVoice } from '../../../src/engine/voices/load-voice.ts';
import { builtInVoicesDir } from '../../../src/engine/voices/voice-files.ts';
import { TEST_MODELS_DIR } from '../experiments/helpers.ts';

const SHORT = 'Hello my big long beautiful world.';
const LONG =
  'Hello my big long beautiful world. This sentence is a good deal longer, so the model should speak for longer too.';

let fixtureDir: string;
let runtime: ModelRuntime;
let conditioning: Conditioning;

function request(text: string, overrides: Partial<GenerateRequest> = {}): GenerateRequest {
  return {
    text,
    conditioning,
    sampler: {
      temperature: 0.8,
      topK: 0,
      topP: 1,
      minP: 0.05,
      repetitionPenalty: 1.2,
      cfgWeight: 0.5,
      greedy: false,
    },
    seed: 1,
    exaggeration: 0.5,
    maxNewTokens: 400,
    ...overrides,
  };
}

beforeAll(async () => {
  fixtureDir = await ensureFixtureModel(TEST_MODELS_DIR, 'fixture');
  runtime = new ModelRuntime(fixtureDir, DEFAULT_SESSION_SETTINGS);
  const voice = await loadVoice(path.join(builtInVoicesDir(), 'default.wav'));
  conditioning = await runtime.encodeVoice(voice.samples24k);
});

afterAll(async () => {
  await runtime?.close();
});

describe('model loading and validation', () => {
  it('the fixture passes the same contract check a real model must pass', async () => {
    const report = await assertValidModel(fixtureDir);
    expect(report.family).toBe('original');
    expect(report.variant.layers).toBe(30);
    expect(report.variant.kvDtype).toBe('float32');
  });

  it('a fixture with one renamed input fails with a message naming graph, tensor, expected and found', async () => {
    const copy = await fs.mkdtemp(path.join(os.tmpdir(), 'seamlab-renamed-'));
    try {
      await fs.cp(fixtureDir, copy, { recursive: true });
      const file = path.join(copy, 'onnx', 'embed_tokens.onnx');
      const model = onnxProto.onnx.ModelProto.decode(await fs.readFile(file));
      const input = model.graph!.input!.find((i) => i.name === 'position_ids')!;
      input.name = 'positions';
      for (const node of model.graph!.node!)
        node.input = node.input!.map((n) => (n === 'position_ids' ? 'positions' : n));
      await fs.writeFile(file, onnxProto.onnx.ModelProto.encode(model).finish());
      const failure = await assertValidModel(copy).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(ModelContractError);
      const problem = (failure as ModelContractError).problems.find((p) => p.tensor === 'position_ids');
      expect(problem?.graph).toBe('embed_tokens');
      expect((failure as Error).message).toMatch(/embed_tokens/);
      expect((failure as Error).message).toMatch(/position_ids/);
      expect((failure as Error).message).toMatch(/positions/);
    } finally {
      await fs.rm(copy, { recursive: true, force: true });
    }
  });
});

describe('generation in the token worker', () => {
  it('is bit-identical for the same seed and differs for another', async () => {
    const a = await runtime.generate(request(SHORT, { seed: 3 }), () => undefined);
    const b = await runtime.generate(request(SHORT, { seed: 3 }), () => undefined);
    const c = await runtime.generate(request(SHORT, { seed: 4 }), () => undefined);
    expect(a.tokens).toEqual(b.tokens);
    expect(a.tokens).not.toEqual(c.tokens);
    expect(a.stoppedBy).toBe('stop-token');
  });

  it('gives more tokens for a longer text and streams each token as it is sampled', async () => {
    const streamed: number[] = [];
    const short = await runtime.generate(
      request(SHORT, { sampler: { ...request(SHORT).sampler, greedy: true } }),
      (e) => streamed.push(e.token),
    );
    const long = await runtime.generate(
      request(LONG, { sampler: { ...request(LONG).sampler, greedy: true } }),
      () => undefined,
    );
    expect(streamed).toEqual(short.tokens);
    expect(long.tokens.length).toBeGreaterThan(short.tokens.length * 1.5);
    expect(short.steps.length).toBe(short.tokens.length); // one step per token after the prefill (the last samples the stop)
  });

  it('stops at max tokens', async () => {
    const out = await runtime.generate(request(LONG, { maxNewTokens: 5 }), () => undefined);
    expect(out.tokens.length).toBe(5);
    expect(out.stoppedBy).toBe('max-tokens');
  });

  it('cancellation stops within one step', async () => {
    const control = GenerationControl.unlimited();
    const seen: number[] = [];
    const pending = runtime.generate(
      request(LONG),
      (e) => {
        seen.push(e.index);
        if (e.index === 3) control.cancel();
      },
      control,
    );
    await expect(pending).rejects.toThrow(CancelledError);
    // The cancel lands while token 3 is being reported; at most the step already under way may finish.
    expect(Math.max(...seen)).toBeLessThanOrEqual(4);
  });

  it('waits for credit: the bounded queue between generation and decoding', async () => {
    const control = new GenerationControl();
    control.grant(4);
    const seen: number[] = [];
    const pending = runtime.generate(
      request(LONG),
      (e) => {
        seen.push(e.index);
        if (e.index === 3) setTimeout(() => control.grant(8), 50);
        if (e.index === 7) setTimeout(() => control.grant(Number.MAX_SAFE_INTEGER), 50);
      },
      control,
    );
    const out = await pending;
    expect(out.waitMs).toBeGreaterThan(0);
    expect(seen.length).toBe(out.tokens.length);
  });

  it('a killed worker is reported clearly and the next run succeeds', async () => {
    const pending = runtime.generate(request(LONG), (e) => {
      if (e.index === 2) void runtime.killWorker('token');
    });
    await expect(pending).rejects.toThrow(/token\.worker worker stopped unexpectedly/);
    const again = await runtime.generate(request(SHORT, { seed: 3 }), () => undefined);
    expect(again.stoppedBy).toBe('stop-token');
    expect(again.tokens.length).toBeGreaterThan(0);
  });
});

describe('decoding in the decode worker', () => {
  it('renders 960 samples per token of any span after the prompt', async () => {
    const { tokens } = await runtime.generate(request(SHORT), () => undefined);
    const whole = await runtime.decode(conditioning.audioTokens.data, tokens, conditioning);
    expect(whole.waveform.length).toBe(tokens.length * 960);
    const part = await runtime.decode(conditioning.audioTokens.data, tokens.slice(0, 5), conditioning);
    expect(part.waveform.length).toBe(5 * 960);
    expect(Math.max(...whole.waveform.map(Math.abs))).toBeGreaterThan(0.05);
  });
});

describe('variants and providers', () => {
  it('runs the fp16-KV variant', async () => {
    const dir = await ensureFixtureModel(TEST_MODELS_DIR, 'fixture-fp16kv');
    const fp16 = new ModelRuntime(dir, DEFAULT_SESSION_SETTINGS);
    try {
      const info = await fp16.tokenWorker();
      expect(info.kvLayout.dtype).toBe('float16');
      const out = await fp16.generate(request(SHORT), () => undefined);
      expect(out.stoppedBy).toBe('stop-token');
      expect(out.tokens.length).toBeGreaterThan(5);
    } finally {
      await fp16.close();
    }
  });

  it('falls back to cpu when a preferred provider cannot load, and records cpu', async () => {
    const fallback = new ModelRuntime(fixtureDir, {
      ...DEFAULT_SESSION_SETTINGS,
      providers: ['no-such-provider', 'cpu'],
    });
    try {
      const [token, decode] = await Promise.all([fallback.tokenWorker(), fallback.decodeWorker()]);
      expect(Object.values(token.providers)).toEqual(['cpu', 'cpu', 'cpu']);
      expect(decode.provider).toBe('cpu');
      expect(token.fallbacks.some((f) => f.provider === 'no-such-provider' && f.reason.length > 0)).toBe(
        true,
      );
    } finally {
      await fallback.close();
    }
  });
});
