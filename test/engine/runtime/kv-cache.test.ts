import ort from 'onnxruntime-node';
import { describe, expect, test, vi } from 'vitest';
import { KvCache, releaseTensor } from '../../../src/engine/runtime/kv-cache.ts';
import {
  generateSpeechTokens,
  type GenerationHooks,
  type GeneratorSessions,
  type KvLayout,
} from '../../../src/engine/runtime/token-generator.ts';

/**
 * The device path cannot run here (no GPU, no WebGPU adapter), so a fake language model stands in for one whose
 * session keeps present.* on the device: its present tensors are `gpu-buffer` fakes with a dispose spy, exactly the
 * parts of onnxruntime's Tensor the loop touches (location, dims, type, dispose).
 */
interface FakeDeviceTensor {
  type: 'float32';
  dims: number[];
  location: 'gpu-buffer';
  dispose: ReturnType<typeof vi.fn>;
  id: number;
}

const LAYERS = 2;
const VOCAB = 8194;
const HIDDEN = 4;
const layout: KvLayout = {
  layers: LAYERS,
  heads: 1,
  headDim: 2,
  dtype: 'float32',
  lmTakesPositionIds: false,
  embedTakesPositions: false,
};

function fakeSessions(options: { failAtRun?: number } = {}) {
  const made: FakeDeviceTensor[] = [];
  const feedsSeen: Record<string, unknown>[] = [];
  let runs = 0;
  const languageModel = {
    run: async (feeds: Record<string, unknown>) => {
      runs += 1;
      if (runs === options.failAtRun) throw new Error('device lost');
      feedsSeen.push(feeds);
      const out: Record<string, unknown> = {
        logits: new ort.Tensor('float32', new Float32Array(VOCAB), [1, 1, VOCAB]),
      };
      for (let layer = 0; layer < LAYERS; layer += 1)
        for (const kind of ['key', 'value']) {
          const t: FakeDeviceTensor = {
            type: 'float32',
            dims: [1, 1, runs, 2],
            location: 'gpu-buffer',
            dispose: vi.fn(),
            id: made.length,
          };
          made.push(t);
          out[`present.${layer}.${kind}`] = t;
        }
      return out;
    },
  };
  const embedTokens = {
    run: async () => ({ inputs_embeds: new ort.Tensor('float32', new Float32Array(HIDDEN), [1, 1, HIDDEN]) }),
  };
  const sessions = { languageModel, embedTokens } as unknown as GeneratorSessions;
  return { sessions, made, feedsSeen };
}

const input = {
  inputIds: BigInt64Array.from([1n, 2n, 3n]),
  positionIds: BigInt64Array.from([0n, 1n, 2n]),
  textSpan: [1, 2] as [number, number],
  guidanceSpan: [0, 3] as [number, number],
  conditioning: {
    audioFeatures: { data: new Float32Array(2 * HIDDEN), dims: [1, 2, HIDDEN] },
    audioTokens: { data: new BigInt64Array(1), dims: [1, 1] },
    speakerEmbeddings: { data: new Float32Array(1), dims: [1, 1] },
    speakerFeatures: { data: new Float32Array(1), dims: [1, 1, 1] },
  },
  exaggeration: 0.5,
  cfgWeight: 0,
  maxNewTokens: 50,
};

function scriptedHooks(tokens: number[], overrides: Partial<GenerationHooks> = {}): GenerationHooks {
  let step = 0;
  return {
    sampleNext: () => tokens[step++] ?? 6562,
    onToken: () => undefined,
    isCancelled: () => false,
    waitForCredit: () => 0,
    ...overrides,
  };
}

const disposeCounts = (made: FakeDeviceTensor[]) => made.map((t) => t.dispose.mock.calls.length);

describe('device-resident KV (fake gpu-buffer tensors)', () => {
  test('present.* are fed back as past_key_values as the very same device tensors, never copied', async () => {
    const { sessions, made, feedsSeen } = fakeSessions();
    await generateSpeechTokens(sessions, layout, input, scriptedHooks([10, 11, 12]));
    // Run 2 reads run 1's present tensors, run 3 reads run 2's.
    for (let run = 1; run < feedsSeen.length; run += 1)
      for (let layer = 0; layer < LAYERS; layer += 1)
        expect(feedsSeen[run]![`past_key_values.${layer}.key`]).toBe(
          made[(run - 1) * 2 * LAYERS + layer * 2],
        );
  });

  test('every device tensor is disposed exactly once when generation stops on its own', async () => {
    const { sessions, made } = fakeSessions();
    const result = await generateSpeechTokens(sessions, layout, input, scriptedHooks([10, 11, 12]));
    expect(result.stoppedBy).toBe('stop-token');
    expect(made.length).toBe(4 * 2 * LAYERS);
    expect(disposeCounts(made)).toEqual(made.map(() => 1));
  });

  test('replaced device tensors are disposed as soon as the next step has read them', async () => {
    const { sessions, made } = fakeSessions();
    let disposedBeforeStep3: number[] = [];
    let step = 0;
    const hooks = scriptedHooks([10, 11, 12], {
      sampleNext: () => {
        step += 1;
        if (step === 3) disposedBeforeStep3 = disposeCounts(made);
        return [10, 11, 12][step - 1] ?? 6562;
      },
    });
    await generateSpeechTokens(sessions, layout, input, hooks);
    // At the third sample run 1's presents (read by run 2) are gone; run 2's and run 3's are alive.
    expect(disposedBeforeStep3).toEqual([...Array(4).fill(1), ...Array(8).fill(0)]);
  });

  test('a cancelled generation disposes every device tensor it made', async () => {
    const { sessions, made } = fakeSessions();
    let polls = 0;
    const result = await generateSpeechTokens(
      sessions,
      layout,
      input,
      scriptedHooks([10, 11, 12, 13, 14], { isCancelled: () => ++polls > 3 }),
    );
    expect(result.stoppedBy).toBe('cancelled');
    expect(made.length).toBeGreaterThan(0);
    expect(disposeCounts(made)).toEqual(made.map(() => 1));
  });

  test('an error in the sampler or in a run still disposes every device tensor', async () => {
    const failing = fakeSessions();
    let samples = 0;
    const hooks = scriptedHooks([], {
      sampleNext: () => {
        if (++samples === 3) throw new Error('sampler exploded');
        return 10;
      },
    });
    await expect(generateSpeechTokens(failing.sessions, layout, input, hooks)).rejects.toThrow(
      'sampler exploded',
    );
    expect(disposeCounts(failing.made)).toEqual(failing.made.map(() => 1));

    const lost = fakeSessions({ failAtRun: 3 });
    await expect(
      generateSpeechTokens(lost.sessions, layout, input, scriptedHooks([10, 11, 12])),
    ).rejects.toThrow('device lost');
    expect(lost.made.length).toBe(2 * 2 * LAYERS);
    expect(disposeCounts(lost.made)).toEqual(lost.made.map(() => 1));
  });
});

describe('releaseTensor', () => {
  test('detaches a host tensor that owns its whole buffer, so its memory is returned at once', () => {
    const t = new ort.Tensor('float32', new Float32Array(16), [16]);
    const buffer = (t.data as Float32Array).buffer;
    releaseTensor(t);
    expect(buffer.byteLength).toBe(0);
  });

  test('leaves views into a larger buffer and empty tensors alone', () => {
    const whole = new Float32Array(32);
    const view = new ort.Tensor('float32', whole.subarray(0, 16), [16]);
    releaseTensor(view);
    expect(whole.buffer.byteLength).toBe(128);
    expect(() => releaseTensor(new ort.Tensor('float32', new Float32Array(0), [0]))).not.toThrow();
  });

  test('disposes a device tensor instead of touching its data', () => {
    const dispose = vi.fn();
    releaseTensor({ type: 'float32', dims: [1], location: 'gpu-buffer', dispose });
    expect(dispose).toHaveBeenCalledTimes(1);
  });
});

describe('KvCache', () => {
  test('names the missing present output and disposes the device outputs it was handed', () => {
    const cache = new KvCache({}, 1);
    const dispose = vi.fn();
    const key = { type: 'float32' as const, dims: [1], location: 'gpu-buffer' as const, dispose };
    expect(() => cache.advance({ 'present.0.key': key })).toThrow(
      'language_model returned no "present.0.value"',
    );
    expect(dispose).toHaveBeenCalledTimes(1);
  });
});
