import type { RunConfigInput, RunSummary } from '../../contract/index.ts';
import {
  createEngine,
  defaultModelsDir,
  spreadOf,
  SPREAD_DEFINITION,
  type Spread,
} from '../../engine/index.ts';
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

const median = (xs: number[]) => spreadOf(xs)?.median ?? Number.NaN;
/** Median with IQR and range, rounded for reading. */
const spread = (xs: number[]) => {
  const s = spreadOf(xs);
  if (!s) return null;
  const r = (x: number) => Math.round(x * 1000) / 1000;
  return Object.fromEntries(Object.entries(s).map(([k, v]) => [k, r(v)])) as unknown as Spread;
};

/**
 * Every strategy on the compute-weighted fixture, or with `--model <id>` (and `--provider`) on an installed model:
 * the stateful strategy then runs only when that model's decoder is cache-capable.
 */
export const benchStrategies: BenchSuite = async ({ quick, workDir, log, model, providers, modelsDir }) => {
  const engine = createEngine({
    host: 'server',
    modelsDir: model ? (modelsDir ?? defaultModelsDir()) : workDir,
    databasePath: `${workDir}/bench.db`,
  });
  const runtime = {
    providers: providers ?? ['cpu'],
    intraOpThreads: 0,
    graphOptimizationLevel: 'all' as const,
  };
  const mainModel = model ?? 'fixture-heavy';
  const repeats = quick ? 1 : 5;
  const rows: Record<string, unknown>[] = [];
  let cold: RunSummary | undefined;
  try {
    const base: RunConfigInput = {
      model: mainModel,
      runtime,
      text: TEXT,
      schedule: { kind: 'first-then-fixed', first: 10, tokens: 20 },
      sampler: { greedy: true, cfgWeight: 0 },
      noiseFloorRepeats: 0,
    };
    const stateful = model
      ? (await engine.context.models.get(model, runtime)).report.variant.statefulDecoder
      : true;
    // Cold: the first run of a fresh engine. It loads and warms its model before its clock starts (issue 13),
    // so its TTFA should match the warm runs' within their spread; warmupMs is what it waited outside the clock.
    cold = (await engine.context.runs.start({ ...base, boundary: { kind: 'none' } }, { save: false }).done)
      .summary;
    if (!model) await engine.context.models.warm('fixture-stateful');
    for (const [name, fixtureOverrides] of Object.entries(STRATEGIES)) {
      if (fixtureOverrides.boundary?.kind === 'stateful' && !stateful) {
        log(`  ${name}: skipped (${mainModel} has no cache-capable decoder)`);
        continue;
      }
      // An installed model replaces the fixture in every strategy (the stateful one included).
      const overrides = model ? { ...fixtureOverrides, model } : fixtureOverrides;
      const samples = [];
      for (let i = 0; i < repeats; i++) {
        const out = await engine.context.runs.start({ ...base, ...overrides }, { save: false }).done;
        samples.push(out.summary.metrics);
      }
      const parallel = overrides.pipeline?.kind === 'parallel';
      const wall = median(samples.map((m) => m.wallMs));
      const ideal = median(samples.map((m) => m.utilisation.idealWallMs));
      const row = {
        strategy: name,
        runs: repeats,
        ttfaMs: median(samples.map((m) => m.ttfaMs)),
        ttfaSpread: spread(samples.map((m) => m.ttfaMs)),
        rtf: median(samples.map((m) => m.rtf)),
        rtfSpread: spread(samples.map((m) => m.rtf)),
        wallMs: wall,
        wallSpread: spread(samples.map((m) => m.wallMs)),
        gapCount: median(samples.map((m) => m.playback.gapCount)),
        totalGapMs: median(samples.map((m) => m.playback.totalGapMs)),
        medianClickScore: samples[0]!.boundaries.medianClickScore,
        snrDbVsOffline: samples[0]!.quality.snrDb,
        harnessOverhead: median(samples.map((m) => m.harnessOverhead)),
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
  const warm = rows.find((r) => r.strategy === 'naive-sequential');
  const coldConditions = cold?.provenance.conditions;
  return {
    model: mainModel,
    providers: runtime.providers,
    spread: SPREAD_DEFINITION,
    coldVsWarm: {
      // Same configuration as naive-sequential: the first run of a fresh engine against its warm repeats.
      coldTtfaMs: cold?.metrics.ttfaMs ?? null,
      coldRtf: cold?.metrics.rtf ?? null,
      coldWaitedForWarmupMs: coldConditions?.warmupMs ?? null,
      cold: coldConditions?.cold ?? null,
      warmTtfaMs: warm?.ttfaMs ?? null,
      warmTtfaSpread: warm?.ttfaSpread ?? null,
    },
    note:
      'fixture-heavy is a synthetic test model whose LM step costs about one decoded token; timings show the ' +
      'pipeline and harness, not Chatterbox speed. idealBoundMs = max(token worker busy, decode worker busy). Times are medians over the repeats.',
    strategies: rows,
  };
};
