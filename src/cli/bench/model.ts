import { median, quantile } from 'simple-statistics';
import { createEngine, synthesize } from '../../engine/index.ts';
import type { BenchSuite } from './types.ts';

const TEXT =
  'Hello my big long beautiful world. Streaming speech has seams, and a good workbench lets you hear every one of them.';

/**
 * Model runtime speed on the fixture models: per-step language-model time, decoder time per token, and the share
 * of the workers' busy time spent outside session.run (the harness: tensors, sampling, thread hand-offs).
 */
export const benchModel: BenchSuite = async ({ quick, workDir, log }) => {
  const engine = createEngine({ host: 'server', modelsDir: workDir, databasePath: `${workDir}/bench.db` });
  const repeats = quick ? 2 : 5;
  const results: Record<string, unknown> = {};
  try {
    // fixture-turbo: Turbo's loop (24 layers, position_ids, no guidance, so a batch of one).
    for (const model of ['fixture', 'fixture-heavy', 'fixture-turbo']) {
      // One warm-up run: session creation and first-run allocations are not steady-state speed.
      await synthesize(engine.context.models, { model, text: TEXT, sampler: { greedy: true, cfgWeight: 0 } });
      const stepMs: number[] = [];
      const stepRunMs: number[] = [];
      const decodePerToken: number[] = [];
      let generationBusy = 0;
      let generationRun = 0;
      let decodeBusy = 0;
      let decodeRun = 0;
      let tokens = 0;
      let guided = true;
      for (let i = 0; i < repeats; i++) {
        const r = await synthesize(engine.context.models, {
          model,
          text: TEXT,
          seed: i + 1,
          sampler: { cfgWeight: 0.5 },
        });
        for (const s of r.timings.steps) {
          stepMs.push(s.totalMs);
          stepRunMs.push(s.runMs);
        }
        decodePerToken.push(r.timings.decodeRunMs / r.tokens.length);
        generationBusy += r.timings.generationWallMs;
        generationRun += r.timings.generationRunMs;
        decodeBusy += r.timings.decodeMs;
        decodeRun += r.timings.decodeRunMs;
        tokens += r.tokens.length;
        guided = r.sampler.cfgWeight > 0;
      }
      const busy = generationBusy + decodeBusy;
      results[model] = {
        synthetic: true,
        runs: repeats,
        tokensPerRun: tokens / repeats,
        cfg: guided ? 'batch of 2 (cfgWeight 0.5)' : 'none: the family has no guidance (batch of 1)',
        lmStepMs: { median: median(stepMs), p90: quantile(stepMs, 0.9) },
        lmStepRunMs: { median: median(stepRunMs) },
        decoderMsPerToken: { median: median(decodePerToken) },
        harnessOverheadShare: (busy - generationRun - decodeRun) / busy,
        generationOverheadShare: (generationBusy - generationRun) / generationBusy,
        decodeOverheadShare: (decodeBusy - decodeRun) / decodeBusy,
      };
      log(`  ${model}: ${JSON.stringify(results[model])}`);
    }
  } finally {
    await engine.close();
  }
  return {
    note: 'fixture models are synthetic test models: these are harness and pipeline numbers, not Chatterbox speed',
    models: results,
  };
};
