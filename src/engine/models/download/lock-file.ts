import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

/**
 * `seamlab-download.json`, written into a model folder by the downloader: what was fetched from where, and the
 * sha256 of every file as downloaded. `complete: true` is what makes a folder count as installed; `verify`
 * re-hashes the files against it.
 */
export const LOCK_FILE = 'seamlab-download.json';

export const lockedFileSchema = z.strictObject({
  repoPath: z.string(),
  target: z.string(),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** 'pinned' = matched a hash from the manifest; 'recorded' = no hash was known, this is what arrived. */
  hashSource: z.enum(['pinned', 'recorded']),
});

export const downloadLockSchema = z.strictObject({
  version: z.literal(1),
  id: z.string(),
  repo: z.string(),
  revision: z.string(),
  /** The commit the hub resolved `revision` to (its X-Repo-Commit header), when it said. */
  resolvedCommit: z.string().nullable(),
  dtype: z.string(),
  hubUrl: z.string(),
  complete: z.boolean(),
  startedAt: z.string(),
  completedAt: z.string().nullable(),
  files: z.array(lockedFileSchema),
});

export type LockedFile = z.infer<typeof lockedFileSchema>;
export type DownloadLock = z.infer<typeof downloadLockSchema>;

/** The lock in `folder`, or undefined when there is none or it does not parse (a foreign or damaged folder). */
export async function readLock(folder: string): Promise<DownloadLock | undefined> {
  let text: string;
  try {
    text = await fs.readFile(path.join(folder, LOCK_FILE), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed = downloadLockSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Write-then-rename so a crash never leaves a half-written lock that reads as complete. */
export async function writeLock(folder: string, lock: DownloadLock): Promise<void> {
  const file = path.join(folder, LOCK_FILE);
  const temp = `${file}.tmp`;
  await fs.writeFile(temp, `${JSON.stringify(lock, null, 2)}\n`);
  await fs.rename(temp, file);
}
