// The run store's public surface for the rest of the engine.
export { openStore, type OpenStoreOptions } from './open-store.ts';
export { RunStore } from './run-store.ts';
export { StoreError, StoreErrorCodes, type StoreErrorCode } from './errors.ts';
export { LATEST_SCHEMA_VERSION, MIGRATIONS, applyMigrations, type Migration } from './migrations/index.ts';
export { AudioKinds, type AudioKind } from './audio-blob.ts';
export { METRIC_COLUMNS, type MetricColumn } from './run-rows.ts';
export {
  FilterOps,
  RUN_COLUMNS,
  type FieldCondition,
  type FilterOp,
  type FilterValue,
  type ListRunsQuery,
  type ListRunsResult,
  type RunFilter,
  type RunListRow,
  type RunPage,
  type RunSort,
} from './list-runs.ts';
export type { AudioInfo, StoredPeaks } from './runs-read.ts';
export {
  DEFAULT_GROUP_METRICS,
  type GroupRunsQuery,
  type GroupRunsResult,
  type RunGroup,
} from './group-runs.ts';
export type { BeginRunOptions } from './runs-write.ts';
export type { CreatePairInput } from './pairs.ts';
export type { CreateSweepInput, SweepRunLink } from './sweeps.ts';
export * from './types.ts';
export * from './export/index.ts';
