import os from 'node:os';
import path from 'node:path';
import { RunConfigSchema, type RunConfig, type RunConfigInput } from '../../../src/contract/index.ts';
import type { ExperimentEvent, RunOutput } from '../../../src/engine/experiments/experiment-events.ts';
import { ModelPool } from '../../../src/engine/experiments/model-pool.ts';
import { runExperiment, type RunHooks } from '../../../src/engine/experiments/run-experiment.ts';
export { maxAbsDiff } from '../fixture/fixture-harness.ts';
import { builtInVoicesDir } from '../../../src/engine/voices/voice-files.ts';

/**
 * Generated fixture models are shared by every test file through one folder: ensureFixtureModel writes
 * atomically, so parallel test files never see half a model, and each variant is generated once.
 */
export const TEST_MODELS_DIR = path.join(os.tmpdir(), 'seamlab-test-models');

export function testPool(): ModelPool {
  return new ModelPool({ modelsDir: TEST_MODELS_DIR, voiceDirs: [builtInVoicesDir()] });
}

export const TEXT = 'Hello my big long beautiful world. Seams, be gone today.';

export function config(input: Partial<RunConfigInput> = {}): RunConfig {
  return RunConfigSchema.parse({
    text: TEXT,
    sampler: { greedy: true, cfgWeight: 0 },
    noiseFloorRepeats: 0,
    ...input,
  });
}

let nextId = 0;

export async function run(
  pool: ModelPool,
  input: Partial<RunConfigInput> = {},
  onEvent?: (event: ExperimentEvent) => void,
  hooks: Omit<RunHooks, 'runId' | 'onEvent'> = {},
): Promise<RunOutput> {
  return runExperiment(pool, config(input), { ...hooks, runId: `test-${++nextId}`, onEvent });
}

/**
 * Where the fixture language model stops for a prompt of `textTokens` text tokens: round(1.25 x text tokens), with
 * ONNX Round's half-to-even rule.
 */
export function fixtureStopPoint(textTokens: number): number {
  const x = 1.25 * textTokens;
  return x % 1 === 0.5 ? 2 * Math.round(x / 2) : Math.round(x);
}
