import fs from 'node:fs/promises';
import path from 'node:path';
import { sha256File } from '../file-hashes.ts';
import { MODEL_MANIFEST_FILE } from '../model-catalog.ts';
import {
  getManifest,
  hubConfig,
  hubFileUrl,
  loadManifests,
  MANIFESTS_DIR,
  planFiles,
  type ModelManifest,
} from '../manifests.ts';
import { DownloadError, fileSystemError } from './errors.ts';
import { fetchFile } from './fetch-file.ts';
import type { FileSink } from './file-sink.ts';
import { readLock, writeLock, type DownloadLock, type LockedFile } from './lock-file.ts';
import { preferredDtype } from './preferred-dtype.ts';

/**
 * Installs, checks and removes downloaded models under a models folder. A download lands in `<id>.downloading/`
 * and is renamed to `<id>/` only once every file is verified, so a half-downloaded model never looks complete;
 * running the download again resumes (finished files are kept, a `.part` continues with an HTTP Range request).
 */

export const STAGING_SUFFIX = '.downloading';

export interface ModelStoreOptions {
  modelsDir: string;
  /** Defaults to models/manifests in the project. */
  manifestsDir?: string | undefined;
  /** SEAMLAB_HUB_URL / HF_ENDPOINT / HF_TOKEN are read from here (default process.env). */
  env?: NodeJS.ProcessEnv | undefined;
}

export interface ModelDownloadProgress {
  id: string;
  /** Target path of the file in flight, relative to the model folder. */
  file: string;
  fileIndex: number;
  fileCount: number;
  fileBytes: number;
  fileTotal: number | undefined;
  /** Bytes of the whole model on disk so far, and the expected total (exact for files done, approximate ahead). */
  bytes: number;
  total: number;
  bytesPerSecond: number;
}

export interface DownloadModelOptions extends ModelStoreOptions {
  id: string;
  /** Use this manifest instead of looking `id` up (tests, custom models). */
  manifest?: ModelManifest | undefined;
  dtype?: string | undefined;
  /** Without `dtype`: the variant that suits this execution provider best (preferred-dtype.ts). */
  provider?: string | undefined;
  revision?: string | undefined;
  sink?: FileSink | undefined;
  maxAttempts?: number | undefined;
  retryDelayMs?: number | undefined;
  stallTimeoutMs?: number | undefined;
  onProgress?: ((progress: ModelDownloadProgress) => void) | undefined;
  signal?: AbortSignal | undefined;
}

export interface DownloadModelResult {
  id: string;
  path: string;
  status: 'downloaded' | 'already-installed';
  repo: string;
  revision: string;
  resolvedCommit: string | null;
  dtype: string;
  files: LockedFile[];
  /** Bytes received over the network by this call. */
  transferredBytes: number;
  /** Files kept from an earlier interrupted run, and files continued from a `.part`. */
  keptFiles: number;
  resumedFiles: number;
}

export async function downloadModel(options: DownloadModelOptions): Promise<DownloadModelResult> {
  const manifest = options.manifest ?? (await getManifest(options.id, options.manifestsDir ?? MANIFESTS_DIR));
  const id = checkId(options.id);
  const dtype =
    options.dtype ??
    (options.provider
      ? preferredDtype(options.provider, manifest.dtypes, manifest.defaultDtype)
      : manifest.defaultDtype);
  const revision = options.revision ?? manifest.revision;
  const plan = planFiles(manifest, dtype, revision);
  const hub = hubConfig(options.env);
  const finalDir = path.join(options.modelsDir, id);
  const stagingDir = finalDir + STAGING_SUFFIX;

  const sameSpec = (lock: DownloadLock) =>
    lock.repo === manifest.repo && lock.revision === revision && lock.dtype === dtype;

  if (await exists(finalDir)) {
    const installed = await readLock(finalDir);
    if (installed?.complete && sameSpec(installed))
      return {
        id,
        path: finalDir,
        status: 'already-installed',
        repo: installed.repo,
        revision: installed.revision,
        resolvedCommit: installed.resolvedCommit,
        dtype: installed.dtype,
        files: installed.files,
        transferredBytes: 0,
        keptFiles: installed.files.length,
        resumedFiles: 0,
      };
    const what = installed?.complete
      ? `is already installed as ${installed.repo}@${installed.revision} (${installed.dtype})`
      : 'already exists and is not a complete download';
    throw new DownloadError(
      'already-installed',
      `${finalDir} ${what}: run \`seamlab models remove ${id}\` first`,
    );
  }

  // A staging folder from another repo/revision/dtype holds files of the wrong set: start it afresh.
  const previous = await readLock(stagingDir);
  if (previous && !sameSpec(previous)) await fs.rm(stagingDir, { recursive: true, force: true });
  await makeDir(
    stagingDir,
    plan.reduce((sum, f) => sum + f.approxBytes, 0),
  );

  const lock: DownloadLock =
    previous && sameSpec(previous)
      ? previous
      : {
          version: 1,
          id,
          repo: manifest.repo,
          revision,
          resolvedCommit: null,
          dtype,
          hubUrl: hub.baseUrl,
          complete: false,
          startedAt: new Date().toISOString(),
          completedAt: null,
          files: [],
        };
  // Keep only entries of this plan whose file is still there with the recorded size.
  const kept: LockedFile[] = [];
  for (const entry of lock.files) {
    if (!plan.some((f) => f.target === entry.target && f.repoPath === entry.repoPath)) continue;
    const size = await fs
      .stat(path.join(stagingDir, entry.target))
      .then((s) => s.size)
      .catch(() => -1);
    if (size === entry.bytes) kept.push(entry);
  }
  lock.files = kept;
  const keptFiles = kept.length;
  await writeLock(stagingDir, lock);

  const started = Date.now();
  let transferredBytes = 0;
  let resumedFiles = 0;
  const doneBytes = () => lock.files.reduce((sum, f) => sum + f.bytes, 0);

  for (const [index, file] of plan.entries()) {
    if (lock.files.some((f) => f.target === file.target)) continue;
    const destination = path.join(stagingDir, ...file.target.split('/'));
    const ahead = plan
      .slice(index + 1)
      .filter((f) => !lock.files.some((l) => l.target === f.target))
      .reduce((sum, f) => sum + f.approxBytes, 0);
    await makeDir(path.dirname(destination), file.approxBytes + ahead);
    const before = doneBytes();
    const transferredBefore = transferredBytes;
    const result = await fetchFile({
      url: hubFileUrl(hub.baseUrl, manifest.repo, revision, file.repoPath),
      destination,
      expectedSha256: file.sha256,
      token: hub.token,
      sink: options.sink,
      maxAttempts: options.maxAttempts,
      retryDelayMs: options.retryDelayMs,
      stallTimeoutMs: options.stallTimeoutMs,
      bytesAfterThisFile: ahead,
      signal: options.signal,
      onProgress: (p) => {
        transferredBytes = transferredBefore + p.transferred;
        const seconds = Math.max((Date.now() - started) / 1000, 1e-3);
        options.onProgress?.({
          id,
          file: file.target,
          fileIndex: index,
          fileCount: plan.length,
          fileBytes: p.bytes,
          fileTotal: p.total,
          bytes: before + p.bytes,
          total: before + (p.total ?? file.approxBytes) + ahead,
          bytesPerSecond: transferredBytes / seconds,
        });
      },
    });
    transferredBytes = transferredBefore + result.transferred;
    if (result.resumedFrom > 0) resumedFiles += 1;
    lock.resolvedCommit ??= result.commit ?? null;
    lock.files.push({
      repoPath: file.repoPath,
      target: file.target,
      bytes: result.bytes,
      sha256: result.sha256,
      hashSource: file.sha256 ? 'pinned' : 'recorded',
    });
    await writeLock(stagingDir, lock);
  }

  lock.files.sort(
    (a, b) => plan.findIndex((f) => f.target === a.target) - plan.findIndex((f) => f.target === b.target),
  );
  lock.complete = true;
  lock.completedAt = new Date().toISOString();
  await writeLock(stagingDir, lock);
  await fs.rename(stagingDir, finalDir);
  return {
    id,
    path: finalDir,
    status: 'downloaded',
    repo: lock.repo,
    revision,
    resolvedCommit: lock.resolvedCommit,
    dtype,
    files: lock.files,
    transferredBytes,
    keptFiles,
    resumedFiles,
  };
}

export type FileCheck = 'ok' | 'missing' | 'size-mismatch' | 'checksum-mismatch';

export interface VerifyModelResult {
  id: string;
  path: string;
  ok: boolean;
  files: {
    target: string;
    status: FileCheck;
    expectedBytes: number;
    actualBytes: number | null;
    expectedSha256: string;
    actualSha256: string | null;
  }[];
}

/** Re-hashes every file of a downloaded model against its lock file. */
export async function verifyModel(options: ModelStoreOptions & { id: string }): Promise<VerifyModelResult> {
  const id = checkId(options.id);
  const folder = path.join(options.modelsDir, id);
  const lock = await readLock(folder);
  if (!lock?.complete) {
    const partial = await exists(folder + STAGING_SUFFIX);
    throw new DownloadError(
      'not-installed',
      partial
        ? `${id} is only partly downloaded: run \`seamlab models download ${id}\` to finish it`
        : `${id} is not a downloaded model in ${options.modelsDir} (no complete ${path.basename(folder)}/seamlab-download.json)`,
    );
  }
  const files: VerifyModelResult['files'] = [];
  for (const entry of lock.files) {
    const file = path.join(folder, ...entry.target.split('/'));
    const size = await fs
      .stat(file)
      .then((s) => s.size)
      .catch(() => null);
    const base = { target: entry.target, expectedBytes: entry.bytes, expectedSha256: entry.sha256 };
    if (size === null) {
      files.push({ ...base, status: 'missing', actualBytes: null, actualSha256: null });
      continue;
    }
    const actualSha256 = await sha256File(file);
    const status: FileCheck =
      size !== entry.bytes ? 'size-mismatch' : actualSha256 !== entry.sha256 ? 'checksum-mismatch' : 'ok';
    files.push({ ...base, status, actualBytes: size, actualSha256 });
  }
  return { id, path: folder, ok: files.every((f) => f.status === 'ok'), files };
}

/** Deletes `<id>/` and any `<id>.downloading/`; refuses folders Seamlab did not make. */
export async function removeModel(
  options: ModelStoreOptions & { id: string },
): Promise<{ removed: string[] }> {
  const id = checkId(options.id);
  const folder = path.join(options.modelsDir, id);
  const staging = folder + STAGING_SUFFIX;
  const removed: string[] = [];
  if (await exists(folder)) {
    const ours =
      (await readLock(folder)) !== undefined || (await exists(path.join(folder, MODEL_MANIFEST_FILE)));
    if (!ours)
      throw new DownloadError(
        'not-installed',
        `${folder} was not made by Seamlab (no seamlab-download.json or ${MODEL_MANIFEST_FILE}): delete it by hand if you mean to`,
      );
    await fs.rm(folder, { recursive: true, force: true });
    removed.push(folder);
  }
  if (await exists(staging)) {
    await fs.rm(staging, { recursive: true, force: true });
    removed.push(staging);
  }
  if (removed.length === 0)
    throw new DownloadError('not-installed', `${id} is not installed in ${options.modelsDir}`);
  return { removed };
}

export interface ModelListEntry {
  id: string;
  name: string;
  /** Hub repo for manifest models; null for generated fixtures. */
  repo: string | null;
  source: 'manifest' | 'fixture' | 'download';
  dtypes: string[];
  defaultDtype: string | null;
  /** Approximate download size of the default dtype (0 for local-only models). */
  approxBytes: number;
  installed: boolean;
  synthetic: boolean;
  /** A `<id>.downloading/` folder is waiting to be resumed. */
  partial: boolean;
  installedDtype: string | null;
  installedRevision: string | null;
  path: string | null;
}

/**
 * Every manifest with its install state, plus installed models that have no manifest: the generated fixture models
 * (`seamlab-model.json` says synthetic: true) and completed downloads of custom manifests.
 */
export async function listModelEntries(options: ModelStoreOptions): Promise<ModelListEntry[]> {
  const manifests = await loadManifests(options.manifestsDir ?? MANIFESTS_DIR);
  const entries: ModelListEntry[] = [];
  for (const m of manifests) {
    const folder = path.join(options.modelsDir, m.id);
    const lock = await readLock(folder);
    const installed = lock?.complete === true;
    entries.push({
      id: m.id,
      name: m.name,
      repo: m.repo,
      source: 'manifest',
      dtypes: m.dtypes,
      defaultDtype: m.defaultDtype,
      approxBytes: planFiles(m, m.defaultDtype, m.revision).reduce((sum, f) => sum + f.approxBytes, 0),
      installed,
      synthetic: false,
      partial: await exists(folder + STAGING_SUFFIX),
      installedDtype: installed ? lock.dtype : null,
      installedRevision: installed ? lock.revision : null,
      path: installed ? folder : null,
    });
  }
  const names = await fs.readdir(options.modelsDir, { withFileTypes: true }).catch(() => []);
  for (const dirent of names) {
    if (!dirent.isDirectory() || dirent.name.endsWith(STAGING_SUFFIX)) continue;
    if (manifests.some((m) => m.id === dirent.name)) continue;
    const folder = path.join(options.modelsDir, dirent.name);
    const synthetic = await readSynthetic(folder);
    const lock = await readLock(folder);
    if (!synthetic && !lock?.complete) continue;
    entries.push({
      id: dirent.name,
      name: synthetic ? `${dirent.name} (synthetic test model)` : dirent.name,
      repo: lock?.repo ?? null,
      source: synthetic ? 'fixture' : 'download',
      dtypes: lock ? [lock.dtype] : [],
      defaultDtype: lock?.dtype ?? null,
      approxBytes: 0,
      installed: true,
      synthetic,
      partial: false,
      installedDtype: lock?.dtype ?? null,
      installedRevision: lock?.revision ?? null,
      path: folder,
    });
  }
  return entries.sort((a, b) => a.id.localeCompare(b.id));
}

async function readSynthetic(folder: string): Promise<boolean> {
  try {
    const json = JSON.parse(await fs.readFile(path.join(folder, MODEL_MANIFEST_FILE), 'utf8')) as unknown;
    return (json as { synthetic?: unknown } | null)?.synthetic === true;
  } catch {
    return false;
  }
}

/** Model ids name folders: no separators, no dot-dot, nothing that escapes the models folder. */
function checkId(id: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(id) || id.endsWith(STAGING_SUFFIX))
    throw new DownloadError('not-installed', `"${id}" is not a valid model id`);
  return id;
}

async function makeDir(dir: string, neededBytes: number): Promise<void> {
  try {
    await fs.mkdir(dir, { recursive: true });
  } catch (error) {
    throw fileSystemError(error, dir, neededBytes) ?? error;
  }
}

async function exists(p: string): Promise<boolean> {
  return fs.stat(p).then(
    () => true,
    () => false,
  );
}
