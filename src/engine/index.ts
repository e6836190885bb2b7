// The engine's public entry: main, server and cli import from here and nowhere deeper (lint enforces it).
export { createEngine, appVersion, type Engine, type EngineOptions } from './engine.ts';
export { defaultDatabasePath, defaultModelsDir, userDataDir, PROJECT_ROOT } from './paths.ts';
export { KNOWN_PROVIDERS } from './runtime/execution-providers.ts';
export * from './models/download/index.ts';
export { synthesize, type SynthesisResult } from './experiments/synthesize.ts';
export { ModelPool, ModelNotFoundError, type LoadedModel } from './experiments/model-pool.ts';
export { RunManager, type StartRunOptions, type StartedRun } from './experiments/run-manager.ts';
export { runExperiment, RunCancelledError, InvalidCombinationError } from './experiments/run-experiment.ts';
export { toContractEvent, type ExperimentEvent, type RunOutput } from './experiments/experiment-events.ts';
export type { EngineContext } from './engine-context.ts';
export { writeWavFile, encodeWav, readWavFile } from './audio/wav.ts';
