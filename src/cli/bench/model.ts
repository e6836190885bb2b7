import { mean, median, quantile } from 'simple-statistics';
import {
  createEngine,
  defaultModelsDir,
  describeMachine,
  kvResidencyFor,
  kvResidencyReason,
  profileGeneration,
  synthesize,
} from '../../engine/index.ts';
import { nvidiaGpus } from './gpu-info.ts';
import type { BenchSuite } from './types.ts';

const TEXT =
  'Hello my big long beautiful world. Streaming speech has seams, and a good workbench lets you hear every one of them.';

/** The phrase TTFA and RTF are measured on: the seeds' first phrase, short enough for a first chunk to dominate. */
export const LATENCY_PHRASE = 'Hello my big long beautiful world';

/** Public numbers a real-model report is read against (issue 14). */
export const ANCHORS = {
  chatterboxStreamingRtx4090: {
    what: 'chatterbox-streaming (PyTorch) on an RTX 4090',
    ttfaS: 0.472,
    rtf: 0.499,
  },
  onnxruntimeCudaRtx3090: {
    what: "onnxruntime's CUDA provider with IO binding on an RTX 3090, one language-model step",
    lmStepMs: 7.2,
  },
} as const;

const FIXTURES = ['fixture', 'fixture-heavy', 'fixture-turbo'];

const round = (x: number) => Math.round(x * 1000) / 1000;

/**
 * Model runtime speed: per-step language-model time split into onnxruntime's own native run time (its profiler's
 * `model_run` events), the binding's copies (what JavaScript waits in `session.run` beyond the native run), garbage
 * collection (PerformanceObserver `gc` entries of the token worker) and the rest of the loop (tensors, sampling).
 * Without `--model` it runs the fixture models (harness numbers, not Chatterbox speed); with `--model <id>` and
 * `--provider <name>` it runs an installed model and adds TTFA and RTF on a fixed phrase beside public anchors.
 */
export const benchModel: BenchSuite = async ({ quick, workDir, log, model, providers, modelsDir }) => {
  const real = model !== undefined;
  const engine = createEngine({
    host: 'server',
    modelsDir: real ? (modelsDir ?? defaultModelsDir()) : workDir,
    databasePath: `${workDir}/bench.db`,
  });
  const repeats = quick ? 2 : 5;
  const runtime = { providers: providers ?? ['cpu'] };
  const results: Record<string, unknown> = {};
  try {
    for (const id of real ? [model] : FIXTURES) {
      // One warm-up run: session creation and first-run allocations are not steady-state speed.
      const warm = await synthesize(engine.context.models, {
        model: id,
        text: TEXT,
        runtime,
        sampler: { greedy: true, cfgWeight: 0 },
      });
      const stepMs: number[] = [];
      const stepRunMs: number[] = [];
      const stepGcMs: number[] = [];
      const decodePerToken: number[] = [];
      let generationBusy = 0;
      let generationRun = 0;
      let decodeBusy = 0;
      let decodeRun = 0;
      let tokens = 0;
      let guided = true;
      for (let i = 0; i < repeats; i++) {
        const r = await synthesize(engine.context.models, {
          model: id,
          text: TEXT,
          seed: i + 1,
          runtime,
          sampler: { cfgWeight: 0.5 },
        });
        for (const s of r.timings.steps) {
          stepMs.push(s.totalMs);
          stepRunMs.push(s.runMs);
          stepGcMs.push(s.gcMs ?? 0);
        }
        decodePerToken.push(r.timings.decodeRunMs / r.tokens.length);
        generationBusy += r.timings.generationWallMs;
        generationRun += r.timings.generationRunMs;
        decodeBusy += r.timings.decodeMs;
        decodeRun += r.timings.decodeRunMs;
        tokens += r.tokens.length;
        guided = r.sampler.cfgWeight > 0;
      }
      // A second pass with onnxruntime's profiler on: native run times, and the JS-side times of the same runs.
      const profiled = await profileGeneration(
        engine.context.models,
        { model: id, text: TEXT, seed: 1, runtime, sampler: { cfgWeight: 0.5 } },
        quick ? 1 : 3,
      );
      const profiledSteps = profiled.generations.flatMap((g) => g.steps);
      const nativeMs = median(profiled.lmNativeMs) + median(profiled.embedNativeMs);
      const profiledRunMs = median(profiledSteps.map((s) => s.runMs));
      const profiledTotalMs = median(profiledSteps.map((s) => s.totalMs));
      const profiledGcMs = mean(profiledSteps.map((s) => s.gcMs ?? 0));
      const busy = generationBusy + decodeBusy;
      const loaded = await engine.context.models.get(id, {
        providers: runtime.providers,
        intraOpThreads: 0,
        graphOptimizationLevel: 'all',
      });
      const lmProvider = warm.providers.language_model ?? 'unknown';
      results[id] = {
        synthetic: warm.synthetic,
        providers: warm.providers,
        kvResidency: { where: kvResidencyFor(lmProvider), why: kvResidencyReason(lmProvider) },
        dtypes: { graphs: loaded.report.variant.graphDtypes, kv: loaded.report.variant.kvDtype },
        runs: repeats,
        tokensPerRun: tokens / repeats,
        cfg: guided ? 'batch of 2 (cfgWeight 0.5)' : 'none: the family has no guidance (batch of 1)',
        lmStepMs: { median: median(stepMs), p90: quantile(stepMs, 0.9) },
        lmStepRunMs: { median: median(stepRunMs) },
        gcMsPerStep: { mean: mean(stepGcMs), p90: quantile(stepGcMs, 0.9) },
        // Medians per step of the profiled pass (profiling adds a little to the native time itself).
        stepSplitMs: {
          total: round(profiledTotalMs),
          nativeRun: round(nativeMs),
          bindingCopies: round(profiledRunMs - nativeMs),
          gcMean: round(profiledGcMs),
          loopOutsideRun: round(profiledTotalMs - profiledRunMs),
        },
        outsideNativeShare: round((profiledTotalMs - nativeMs) / profiledTotalMs),
        decoderMsPerToken: { median: median(decodePerToken) },
        harnessOverheadShare: (busy - generationRun - decodeRun) / busy,
        generationOverheadShare: (generationBusy - generationRun) / generationBusy,
        decodeOverheadShare: (decodeBusy - decodeRun) / decodeBusy,
      };
      if (real) {
        // Time to first audio and real-time factor of a streaming run with the default strategy.
        const latency = [];
        for (let i = 0; i < (quick ? 1 : 3); i++) {
          const out = await engine.context.runs.start(
            { model: id, text: LATENCY_PHRASE, seed: i + 1, runtime, noiseFloorRepeats: 0 },
            { save: false },
          ).done;
          latency.push(out.summary.metrics);
        }
        (results[id] as Record<string, unknown>).latency = {
          phrase: LATENCY_PHRASE,
          runs: latency.length,
          ttfaS: round(median(latency.map((m) => m.ttfaMs)) / 1000),
          rtf: round(median(latency.map((m) => m.rtf))),
        };
      }
      log(`  ${id}: ${JSON.stringify(results[id])}`);
    }
  } finally {
    await engine.close();
  }
  return {
    note: real
      ? 'an installed model: compare latency.ttfaS / rtf and lmStepMs with the anchors (same phrase length matters)'
      : 'fixture models are synthetic test models: these are harness and pipeline numbers, not Chatterbox speed',
    host: { ...describeMachine(), gpus: nvidiaGpus(), requestedProviders: runtime.providers },
    ...(real ? { anchors: ANCHORS } : {}),
    models: results,
  };
};
