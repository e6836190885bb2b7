import { describe, expect, it } from 'vitest';
import type { ModelPool } from '../../../src/engine/experiments/model-pool.ts';
import { runExperiment } from '../../../src/engine/experiments/run-experiment.ts';
import type { GeneratedTokens, TokenEvent } from '../../../src/engine/runtime/model-runtime.ts';
import { config } from './helpers.ts';

const SAMPLES_PER_TOKEN = 960;

/**
 * A model runtime whose time is scripted: token i arrives at `tokenAtMs(i)` on the run clock and every decoder
 * call takes `decodeMs`. Nothing else advances the clock, so each TTFA stage has one exact expected value.
 */
function scriptedPool(script: { tokens: number; tokenAtMs: (i: number) => number; decodeMs: number }) {
  let now = 0;
  const clock = () => now;
  const conditioning = {
    audioFeatures: { data: new Float32Array(1024), dims: [1, 1, 1024] },
    audioTokens: { data: new BigInt64Array([1n, 2n]), dims: [1, 2] },
    speakerEmbeddings: { data: new Float32Array(192), dims: [1, 192] },
    speakerFeatures: { data: new Float32Array(80), dims: [1, 1, 80] },
  };
  const runtime = {
    workerIdentity: '1:2',
    tokenWorker: async () => ({
      providers: { language_model: 'cpu' },
      fallbacks: [],
      kvLayout: { dtype: 'float32' },
      loadMs: 0,
    }),
    decodeWorker: async () => ({
      provider: 'cpu',
      fallbacks: [],
      inputNames: [],
      stateful: false,
      loadMs: 0,
    }),
    async generate(_request: unknown, onToken: (e: TokenEvent) => void): Promise<GeneratedTokens> {
      const tokens: number[] = [];
      for (let i = 0; i < script.tokens; i++) {
        now = script.tokenAtMs(i);
        tokens.push(100 + i);
        onToken({ token: 100 + i, index: i, atMs: now });
      }
      return {
        tokens,
        paddingTokens: 0,
        droppedTokens: 0,
        stoppedBy: 'stop-token',
        prefillMs: 0,
        steps: [],
        runMs: 0,
        waitMs: 0,
        wallMs: now,
        normalizedText: 'scripted',
        promptLength: 2,
      };
    },
    async decode(_prompt: BigInt64Array, span: readonly number[]) {
      now += script.decodeMs;
      const waveform = new Float32Array(span.length * SAMPLES_PER_TOKEN);
      for (let i = 0; i < waveform.length; i++)
        waveform[i] = 0.3 * Math.sin((2 * Math.PI * 150 * i) / 24_000);
      return { waveform, runMs: script.decodeMs };
    },
  };
  const model = {
    id: 'scripted',
    dir: '/nowhere',
    report: { family: 'original', languages: [] },
    synthetic: true,
    fileHashes: {},
    runtime,
    conditioning: async () => conditioning,
  };
  const pool = {
    ensureWarm: async () => ({ cold: false, waitedMs: 0 }),
    get: async () => model,
    resolveVoice: async () => ({ id: 'scripted-voice', name: 'scripted' }),
  } as unknown as ModelPool;
  return { pool, clock };
}

describe('TTFA stages come from their own events', () => {
  it('first token, first chunk decoded and first sample are exact on a scripted runtime', async () => {
    // 30 tokens, the first at 120 ms and then one every 20 ms (the 10th at 300 ms, the last at 700 ms);
    // every decode takes 40 ms. Fixed chunks of 10 tokens, sequential pipeline, no boundary treatment.
    const { pool, clock } = scriptedPool({ tokens: 30, tokenAtMs: (i) => 120 + 20 * i, decodeMs: 40 });
    const out = await runExperiment(
      pool,
      config({
        schedule: { kind: 'fixed', tokens: 10 },
        boundary: { kind: 'none' },
        playback: { mode: 'realtime', jitterBufferMs: 0 },
      }),
      { runId: 'scripted', clock },
    );
    const m = out.summary.metrics;
    expect(m.stages.textReadyMs).toBe(0);
    // The first token's own time: not the first token batch's (the 10th token, 300 ms).
    expect(m.stages.firstTokenMs).toBe(120);
    // The scripted token worker finishes at 700 ms; the first chunk's decode then takes 40 ms.
    expect(out.summary.chunks[0]!.firstTokenAtMs).toBe(120);
    expect(out.summary.chunks[0]!.lastTokenAtMs).toBe(300);
    expect(out.summary.chunks[0]!.decodeStartAtMs).toBe(700);
    expect(m.stages.firstChunkDecodedMs).toBe(740);
    expect(m.stages.firstSampleMs).toBe(740);
    expect(m.ttfaMs).toBe(740);
    // Three chunks decoded back to back.
    expect(out.summary.chunks.map((c) => c.emittedAtMs)).toEqual([740, 780, 820]);
  });

  it('a later first token moves only the first-token stage', async () => {
    const { pool, clock } = scriptedPool({ tokens: 12, tokenAtMs: (i) => 555 + 3 * i, decodeMs: 7 });
    const out = await runExperiment(
      pool,
      config({ schedule: { kind: 'fixed', tokens: 20 }, boundary: { kind: 'none' } }),
      { runId: 'scripted-2', clock },
    );
    const m = out.summary.metrics;
    expect(m.stages.firstTokenMs).toBe(555);
    // One chunk (12 tokens < 20): decoded after the last token (555 + 33 = 588) in 7 ms.
    expect(m.stages.firstChunkDecodedMs).toBe(595);
    expect(m.stages.firstSampleMs).toBe(595);
  });
});
