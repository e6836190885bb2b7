import type { RunConfigInput } from '../../contract/index.ts';
import { createEngine } from '../../engine/index.ts';
import type { BenchSuite } from './types.ts';

const TEXT =
  'Hello my big long beautiful world. Streaming speech has seams, and a good workbench lets you hear every one of ' +
  'them, measure them, and make them go away.';

const OLA = { kind: 'overlap-add', overlapTokens: 3, crossfadeMs: 50, shape: 'hann' } as const;

/** The strategies of experiments.md, each on the compute-weighted fixture (LM step ~ decode of one token). */
const STRATEGIES: Record<string, Partial<RunConfigInput>> = {
  'naive-sequential': { boundary: { kind: 'none' } },
  'overlap-add-3-sequential': { boundary: OLA },
  'overlap-add-3-parallel': { boundary: OLA, pipeline: { kind: 'parallel', queueDepth: 2 } },
  'context-50-parallel': {
    boundary: { kind: 'context', contextTokens: 50, lookaheadTokens: 3, fadeMs: 20 },
    pipeline: { kind: 'parallel', queueDepth: 2 },
  },
  'stateful-parallel': {
    model: 'fixture-stateful',
    boundary: { kind: 'stateful' },
    pipeline: { kind: 'parallel', queueDepth: 2 },
  },
  'sentences-overlap-add-parallel': {
    textSource: { mode: 'sentences', minChars: 10 },
    boundary: OLA,
    pipeline: { kind: 'parallel', queueDepth: 2 },
  },
  'naive-gather-then-play': {
    boundary: { kind: 'none' },
    playback: { mode: 'gather-then-play', jitterBufferMs: 0 },
  },
};

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

export const benchStrategies: BenchSuite = async ({ quick, workDir, log }) => {
  const engine = createEngine({ host: 'server', modelsDir: workDir, databasePath: `${workDir}/bench.db` });
  const repeats = quick ? 1 : 3;
  const rows: Record<string, unknown>[] = [];
  try {
    const base: RunConfigInput = {
      model: 'fixture-heavy',
      text: TEXT,
      schedule: { kind: 'first-then-fixed', first: 10, tokens: 20 },
      sampler: { greedy: true, cfgWeight: 0 },
      noiseFloorRepeats: 0,
    };
    // Warm both models' sessions so the first strategy is not charged for loading.
    for (const model of ['fixture-heavy', 'fixture-stateful'])
      await engine.context.runs.start({ ...base, model }, { save: false }).done;
    for (const [name, overrides] of Object.entries(STRATEGIES)) {
      const samples = [];
      for (let i = 0; i < repeats; i++) {
        const out = await engine.context.runs.start(
          { ...base, model: 'fixture-heavy', ...overrides },
          { save: false },
        ).done;
        samples.push(out.summary.metrics);
      }
      const parallel = overrides.pipeline?.kind === 'parallel';
      const wall = mean(samples.map((m) => m.wallMs));
      const ideal = mean(samples.map((m) => m.utilisation.idealWallMs));
      const row = {
        strategy: name,
        runs: repeats,
        ttfaMs: mean(samples.map((m) => m.ttfaMs)),
        rtf: mean(samples.map((m) => m.rtf)),
        wallMs: wall,
        gapCount: mean(samples.map((m) => m.playback.gapCount)),
        totalGapMs: mean(samples.map((m) => m.playback.totalGapMs)),
        medianClickScore: samples[0]!.boundaries.medianClickScore,
        snrDbVsOffline: samples[0]!.quality.snrDb,
        harnessOverhead: mean(samples.map((m) => m.harnessOverhead)),
        ...(parallel
          ? {
              idealBoundMs: ideal,
              wallOverIdeal: wall / ideal,
              withinFifteenPercent: wall <= ideal * 1.15,
            }
          : {}),
      };
      log(`  ${JSON.stringify(row)}`);
      rows.push(row);
    }
  } finally {
    await engine.close();
  }
  return {
    note:
      'fixture-heavy is a synthetic test model whose LM step costs about one decoded token; timings show the ' +
      'pipeline and harness, not Chatterbox speed. idealBoundMs = max(token worker busy, decode worker busy).',
    strategies: rows,
  };
};
