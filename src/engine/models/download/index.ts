// Model management: manifests, download with resume and verification, verify, remove, list.
export {
  downloadModel,
  listModelEntries,
  removeModel,
  verifyModel,
  STAGING_SUFFIX,
  type DownloadModelOptions,
  type DownloadModelResult,
  type FileCheck,
  type ModelDownloadProgress,
  type ModelListEntry,
  type ModelStoreOptions,
  type VerifyModelResult,
} from './model-store.ts';
export { DownloadError, DOWNLOAD_ERROR_CODES, formatBytes, type DownloadErrorCode } from './errors.ts';
export { nodeFileSink, type FileSink } from './file-sink.ts';
export { LOCK_FILE, readLock, type DownloadLock, type LockedFile } from './lock-file.ts';
export { fetchFile, type FetchFileOptions, type FetchFileResult, type FileProgress } from './fetch-file.ts';
export {
  getManifest,
  hubConfig,
  hubFileUrl,
  loadManifests,
  MANIFESTS_DIR,
  parseManifest,
  planFiles,
  type HubConfig,
  type ManifestFile,
  type ModelManifest,
  type PlannedFile,
} from '../manifests.ts';
