export { SYNTHETIC_LABEL, runSidecar, type RunSidecar } from './sidecar.ts';
export { exportRun, exportPair, type ExportedFiles, type PairSidecar } from './run-export.ts';
export {
  SESSION_CSV_COLUMNS,
  csvField,
  exportSession,
  formatSessionCsv,
  sessionCsv,
  sessionJson,
} from './session-export.ts';
export {
  BUNDLE_FORMAT,
  BUNDLE_FORMAT_VERSION,
  exportBundle,
  importBundle,
  type BundleExportResult,
  type BundleImportReport,
} from './bundle.ts';
export { configDifferences } from './config-diff.ts';
export { zipFolder } from './zip.ts';
export { writeFileAtomic } from './files.ts';
