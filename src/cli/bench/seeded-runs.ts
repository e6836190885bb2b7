import { randomUUID } from 'node:crypto';
import {
  RunConfigSchema,
  type RunConfig,
  type RunProvenance,
  type RunSummary,
} from '../../contract/index.ts';
import type { EngineContext } from '../../engine/index.ts';

type Store = ReturnType<EngineContext['store']>;

const SAMPLE_RATE = 24_000;
const TEXTS = [
  'Hello my big long beautiful world',
  'The morning light spilled across the valley.',
  'We walked on, talking quietly about nothing at all.',
  'Streaming speech has to start before the sentence is known.',
];

export interface SeededRun {
  id: string;
  config: RunConfig;
  summary: RunSummary;
}

function provenance(): RunProvenance {
  return {
    model: {
      id: 'fixture',
      family: 'chatterbox',
      synthetic: true,
      statefulDecoder: false,
      kvDtype: 'float32',
      fileHashes: { 'conditional_decoder.onnx': '0123456789abcdef' },
    },
    providers: { language_model: 'cpu', conditional_decoder: 'cpu' },
    appVersion: '0.1.0',
    onnxruntimeVersion: '1.30.0',
    nodeVersion: process.version,
    machine: { platform: process.platform, arch: process.arch, cpus: 1, cpuModel: 'seeded', memoryGb: 1 },
    voice: { id: 'default', name: 'default' },
    ignoredSettings: [],
    defaultsApplied: [],
  };
}

/** A voiced, speech-like test signal (harmonics under an envelope), with a phase jump at every boundary. */
export function seededAudio(samples: number, boundaries: readonly number[], seed: number): Float32Array {
  const out = new Float32Array(samples);
  let jump = 0;
  let next = 0;
  for (let i = 0; i < samples; i++) {
    if (next < boundaries.length && i >= boundaries[next]!) {
      jump += 1.3 + seed * 0.01;
      next++;
    }
    const t = i / SAMPLE_RATE;
    const f0 = 120 + 20 * Math.sin(2 * Math.PI * 0.7 * t);
    const envelope = 0.35 + 0.25 * Math.sin(2 * Math.PI * 2.1 * t) ** 2;
    const phase = 2 * Math.PI * f0 * t + jump;
    out[i] = envelope * (Math.sin(phase) + 0.4 * Math.sin(2 * phase) + 0.2 * Math.sin(3 * phase));
  }
  return out;
}

function variedConfig(index: number, chunkTokens: number): RunConfig {
  const overlap = index % 5;
  return RunConfigSchema.parse({
    text: TEXTS[index % TEXTS.length],
    seed: index,
    schedule: { kind: 'fixed', tokens: chunkTokens },
    boundary:
      overlap === 0
        ? { kind: 'none' }
        : {
            kind: 'overlap-add',
            overlapTokens: overlap,
            crossfadeMs: Math.min(40, overlap * 40),
            shape: 'hann',
          },
    pipeline: index % 2 ? { kind: 'parallel', queueDepth: 2 } : { kind: 'sequential' },
  });
}

export interface SeededRunShape {
  chunks?: number;
  chunkTokens?: number;
  /** Samples per chunk; defaults to chunkTokens x 960 (25 tokens/s at 24 kHz). */
  chunkSamples?: number;
  /** The run's knobs; by default varied with `index` (overlap 0..4, both pipelines). */
  config?: RunConfig;
  createdAt?: Date;
}

/**
 * One finished run's summary: `chunks` chunks of `chunkTokens` tokens with deterministic, varied knobs and
 * metrics. The library the UI and store benchmarks and the runs-table e2e test work on.
 */
export function seededRunSummary(index: number, options: SeededRunShape = {}): SeededRun {
  const chunks = options.chunks ?? 4;
  const chunkTokens = options.chunkTokens ?? 25;
  const chunkSamples = options.chunkSamples ?? chunkTokens * 960;
  const config = options.config ?? variedConfig(index, chunkTokens);
  const overlap = config.boundary.kind === 'overlap-add' ? config.boundary.overlapTokens : 0;
  const id = randomUUID();
  const totalSamples = chunks * chunkSamples;
  const chunkRecords = Array.from({ length: chunks }, (_, i) => {
    const start = 200 + i * 700;
    return {
      index: i,
      segment: 0,
      tokenStart: i * chunkTokens,
      tokenEnd: (i + 1) * chunkTokens,
      decodedStart: Math.max(0, i * chunkTokens - overlap),
      decodedEnd: (i + 1) * chunkTokens,
      sampleStart: i * chunkSamples,
      sampleEnd: (i + 1) * chunkSamples,
      firstTokenAtMs: start,
      lastTokenAtMs: start + 500,
      decodeStartAtMs: start + 510,
      decodeEndAtMs: start + 600,
      emittedAtMs: start + 600,
      tokenGenerationMs: 500,
      decodeMs: 90,
      queueWaitMs: 10,
      audioMs: (chunkSamples / SAMPLE_RATE) * 1000,
    };
  });
  const boundaries = Array.from({ length: chunks - 1 }, (_, i) => ({
    index: i,
    sample: (i + 1) * chunkSamples,
    timeS: ((i + 1) * chunkSamples) / SAMPLE_RATE,
    segmentJoin: false,
    clickScore: 1 + ((index * 7 + i * 3) % 90) / 10,
    referenceClickScore: 1.2,
    excessClickScore: 1 + ((index * 7 + i * 3) % 90) / 10 - 1.2,
    fluxJump: 1.5,
    hfBurst: 1.1,
    dEDb: -1.5,
    dF0Hz: 12,
    snrDbLocal: 20,
    lsdDbLocal: 1,
  }));
  const clicks = boundaries.map((b) => b.clickScore).sort((a, b) => a - b);
  const ttfaMs = 300 + ((index * 37) % 900);
  const wallMs = 800 + ((index * 53) % 4000);
  const audioMs = (totalSamples / SAMPLE_RATE) * 1000;
  const summary: RunSummary = {
    id,
    createdAt: (options.createdAt ?? new Date(Date.UTC(2025, 0, 1) + index * 60_000)).toISOString(),
    status: 'finished',
    config,
    provenance: provenance(),
    chunks: chunkRecords,
    boundaries,
    sampleRate: SAMPLE_RATE,
    metrics: {
      ttfaMs,
      stages: { textReadyMs: 0, firstTokenMs: 150, firstChunkDecodedMs: ttfaMs, firstSampleMs: ttfaMs },
      wallMs,
      audioMs,
      rtf: wallMs / audioMs,
      tokens: chunks * chunkTokens,
      paddingTokens: 0,
      droppedTokens: 0,
      playback: {
        mode: 'realtime',
        jitterBufferMs: 0,
        startMs: ttfaMs,
        gapCount: index % 4,
        totalGapMs: (index % 4) * 120,
        longestGapMs: index % 4 ? 120 : 0,
      },
      utilisation: { tokenWorker: 0.7, decodeWorker: 0.3, idealWallMs: wallMs * 0.7 },
      harnessOverhead: 0.01,
      boundaries: {
        count: boundaries.length,
        medianClickScore: clicks.length ? clicks[Math.floor(clicks.length / 2)]! : null,
        maxClickScore: clicks.at(-1) ?? null,
        audibleClicks: clicks.filter((c) => c > 5).length,
        medianExcessClickScore: clicks.length ? clicks[Math.floor(clicks.length / 2)]! - 1.2 : null,
        maxExcessClickScore: clicks.length ? clicks.at(-1)! - 1.2 : null,
      },
      quality: {
        snrDb: 10 + (index % 20),
        identical: false,
        lsdDb: 1 + (index % 7) / 10,
        mcdDb: 0.5,
        noiseFloorSnrDb: null,
        significant: null,
      },
    },
  };
  return { id, config, summary };
}

/**
 * Saves one seeded run. `audioSamples` caps the stored audio (the runs table never reads it; a 10 000-run
 * library with real-length audio would be gigabytes).
 */
export function seedRun(
  store: Store,
  index: number,
  options: SeededRunShape & { audioSamples?: number } = {},
): SeededRun {
  const run = seededRunSummary(index, options);
  const { summary } = run;
  const totalSamples = summary.chunks.at(-1)?.sampleEnd ?? 0;
  const stored = Math.min(totalSamples, options.audioSamples ?? totalSamples);
  store.beginRun(run.id, run.config, summary.provenance);
  store.finishRun(run.id, summary, {
    stream: seededAudio(
      stored,
      summary.boundaries.map((b) => b.sample),
      index,
    ),
    reference: seededAudio(stored, [], index),
  });
  return run;
}

/** `count` runs in one transaction per 500 (a 10 000-run library seeds in seconds). */
export function seedRuns(store: Store, count: number, options: { audioSamples?: number } = {}): SeededRun[] {
  const runs: SeededRun[] = [];
  for (let start = 0; start < count; start += 500) {
    store.db.transaction(() => {
      for (let i = start; i < Math.min(count, start + 500); i++) runs.push(seedRun(store, i, options));
    })();
  }
  return runs;
}
