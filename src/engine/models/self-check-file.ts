import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * Where the first-load self-check (experiments/self-check.ts) keeps its result: `seamlab-self-check.json` beside
 * the model's graphs, keyed by a fingerprint of the model's files, so a replaced model is checked again.
 */
export const SELF_CHECK_FILE = 'seamlab-self-check.json';
export const SELF_CHECK_VERSION = 1;

export interface SelfCheckInvariant {
  /** Stable name, e.g. `prompt-framing`. */
  name: string;
  ok: boolean;
  /** What was measured, in words and numbers. */
  detail: string;
}

export interface SelfCheckResult {
  version: number;
  modelId: string;
  family: string | null;
  synthetic: boolean;
  /** sha256 over the model's file hashes: which model bytes this result is about. */
  fingerprint: string;
  checkedAt: string;
  text: string;
  seed: number;
  voice: string;
  ok: boolean;
  invariants: SelfCheckInvariant[];
}

/** sha256 over the sorted file hashes of a model. */
export function modelFingerprint(fileHashes: Record<string, string>): string {
  const lines = Object.entries(fileHashes)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([file, hash]) => `${file}:${hash}`);
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}

/** Writes the result beside the model (temp file + rename). */
export async function storeSelfCheck(dir: string, check: SelfCheckResult): Promise<void> {
  const file = path.join(dir, SELF_CHECK_FILE);
  const temp = `${file}.${process.pid}.tmp`;
  await fs.writeFile(temp, `${JSON.stringify(check, null, 2)}\n`);
  await fs.rename(temp, file);
}

/** The stored result of the model in `dir`, or null when there is none (or it is unreadable). */
export async function readSelfCheck(dir: string): Promise<SelfCheckResult | null> {
  try {
    const parsed = JSON.parse(await fs.readFile(path.join(dir, SELF_CHECK_FILE), 'utf8')) as SelfCheckResult;
    return parsed.version === SELF_CHECK_VERSION && Array.isArray(parsed.invariants) ? parsed : null;
  } catch {
    return null;
  }
}
