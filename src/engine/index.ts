// The engine's public entry: main, server and cli import from here and nowhere deeper (lint enforces it).
export { createEngine, appVersion, type Engine, type EngineOptions } from './engine.ts';
export { defaultDatabasePath, defaultModelsDir, userDataDir, PROJECT_ROOT } from './paths.ts';
export { KNOWN_PROVIDERS } from './runtime/execution-providers.ts';
export * from './models/download/index.ts';
export { synthesize, type SynthesisResult } from './experiments/synthesize.ts';
export { profileGeneration, type ProfiledGeneration } from './experiments/profile-generation.ts';
export { describeMachine } from './runtime/machine.ts';
export { kvResidencyFor, kvResidencyReason } from './runtime/session-options.ts';
export { ModelPool, ModelNotFoundError, type LoadedModel } from './experiments/model-pool.ts';
export {
  runSelfCheck,
  SELF_CHECK_TEXT,
  SELF_CHECK_SEED,
  SELF_CHECK_VOICE,
} from './experiments/self-check.ts';
export { SELF_CHECK_FILE, type SelfCheckResult } from './models/self-check-file.ts';
export { FIXTURE_VARIANT_IDS } from './fixture/index.ts';
export { RunManager, type StartRunOptions, type StartedRun } from './experiments/run-manager.ts';
export { runExperiment, RunCancelledError, InvalidCombinationError } from './experiments/run-experiment.ts';
export { toContractEvent, type ExperimentEvent, type RunOutput } from './experiments/experiment-events.ts';
export {
  repeatReport,
  spreadOf,
  summarise,
  SPREAD_DEFINITION,
  type RepeatReport,
  type Spread,
} from './experiments/repeat-stats.ts';
export type { EngineContext } from './engine-context.ts';
export { writeWavFile, encodeWav, readWavFile } from './audio/wav.ts';
export {
  planSweep,
  parseSweepParam,
  configForRepeat,
  sweepTitle,
  findKnob,
  SWEEP_KNOBS,
  SweepGridError,
  type SweepPlan,
  type SweepParam,
  type SweepValue,
  type GridPoint,
} from './experiments/sweep-grid.ts';
export {
  runSweep,
  resumeSweep,
  createSweepRecord,
  loadSweepPlan,
  SweepNotFoundError,
  type SweepOutcome,
  type SweepRunnerDeps,
} from './experiments/sweep-runner.ts';
export {
  StreamingResampler,
  WireEncoder,
  NAMED_WIRE_FORMATS,
  bytesPerSample,
  encodeWireSamples,
  decodeWireBytes,
  type WireEncoding,
  type WireFormat,
  type WireFormatName,
  type WireEncoderOptions,
  type ResampleQuality,
} from './audio/telephony.ts';
export {
  simulatePlayback,
  type PlaybackChunk,
  type PlaybackOptions,
  type PlaybackReport,
} from './streaming/playback.ts';
export {
  SegmentSplitter,
  SPLITTER_LANGUAGES,
  ENGLISH_GOLDEN_RULES,
  LANGUAGE_GOLDEN_CASES,
  type LanguageGoldenCase,
  LlmStreamOptionsSchema,
  streamSplitterOptions,
  tokenizeLikeLlm,
  type SplitterOptionsInput,
  type TextSegment,
} from './text-source/index.ts';
export {
  openStore,
  RunStore,
  StoreError,
  StoreErrorCodes,
  RUN_COLUMNS,
  METRIC_COLUMNS,
  FilterOps,
  SYNTHETIC_LABEL,
  exportRun,
  exportPair,
  exportBundle,
  importBundle,
  exportSession,
  configDifferences,
  type OpenStoreOptions,
  type StoreErrorCode,
  type FieldCondition,
  type FilterOp,
  type FilterValue,
  type RunFilter,
  type RunSort,
  type ListRunsQuery,
  type ListRunsResult,
  type RunListRow,
  type StoredRun,
  type SamplePair,
  type BundleImportReport,
  type BundleExportResult,
} from './store/index.ts';
export { benchReportsDir, readModelBenchReport, saveBenchReport } from './bench-reports.ts';
