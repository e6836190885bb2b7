/**
 * Speech-encoder outputs per (voice, model), kept in memory and, when given a folder, on disk. The encoder is
 * the most expensive call per voice (hundreds of ms to seconds), and its output depends only on the voice's
 * samples and the encoder's weights, so it is computed once and reused across runs and restarts.
 *
 * Disk files are written atomically (temp file + rename), so a crash never leaves a half-written entry; a
 * damaged or foreign file is reported through `onWarning`, recomputed and overwritten, never fatal. A failed
 * disk write is also only a warning: the computed value is still returned and kept in memory.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Conditioning } from '../runtime/tensor-data.ts';
import { checkConditioning, decodeConditioning, encodeConditioning } from './conditioning-file.ts';

/** Runs the speech encoder on a voice's 24 kHz samples (the engine does that in a worker). */
export type ComputeConditioning = (samples24k: Float32Array) => Promise<Conditioning>;

export interface ConditioningCacheOptions {
  /** Folder for persistent entries; memory only when absent. Created on first write. */
  dir?: string;
  /** Entries kept in memory, least recently used dropped first; default 16 (one entry is a few hundred KB). */
  maxMemoryEntries?: number;
  /** Where non-fatal problems go; default console.warn. */
  onWarning?: (message: string) => void;
}

export interface ConditioningCacheStats {
  /** Served from memory (including callers that joined a computation already under way). */
  memoryHits: number;
  /** Loaded from a disk file. */
  diskHits: number;
  /** Computed by the callback. */
  misses: number;
}

export const CONDITIONING_FILE_EXTENSION = '.cond';

export class ConditioningCache {
  readonly dir: string | undefined;
  readonly maxMemoryEntries: number;
  private readonly onWarning: (message: string) => void;
  /** Insertion order doubles as recency order: a hit deletes and re-inserts its key. */
  private readonly memory = new Map<string, Promise<Conditioning>>();
  private readonly counts: ConditioningCacheStats = { memoryHits: 0, diskHits: 0, misses: 0 };

  constructor(options: ConditioningCacheOptions = {}) {
    this.dir = options.dir;
    this.maxMemoryEntries = Math.max(1, options.maxMemoryEntries ?? 16);
    this.onWarning = options.onWarning ?? ((message) => console.warn(message));
  }

  /**
   * The conditioning of `voice` under the model identified by `modelKey` (anything that changes when the
   * encoder's weights change, e.g. the model folder's file hashes). Concurrent calls for the same key share
   * one computation. The returned object is shared with the cache: do not mutate or transfer its buffers
   * (cloneConditioning first). A failing `compute` rejects this call and caches nothing.
   */
  get(
    voice: { id: string; samples24k: Float32Array },
    modelKey: string,
    compute: ComputeConditioning,
  ): Promise<Conditioning> {
    const key = `${voice.id}\n${modelKey}`;
    const cached = this.memory.get(key);
    if (cached) {
      this.counts.memoryHits++;
      this.memory.delete(key);
      this.memory.set(key, cached);
      return cached;
    }
    const pending = this.load(voice, modelKey, compute);
    this.memory.set(key, pending);
    pending.catch(() => {
      if (this.memory.get(key) === pending) this.memory.delete(key);
    });
    this.evict();
    return pending;
  }

  stats(): ConditioningCacheStats {
    return { ...this.counts };
  }

  /** Forgets the in-memory entries (disk files stay). */
  clearMemory(): void {
    this.memory.clear();
  }

  /** The disk file for an entry: voice id plus a short hash of the model key (model keys may hold any text). */
  filePath(voiceId: string, modelKey: string): string | undefined {
    if (!this.dir) return undefined;
    const model = createHash('sha256').update(modelKey).digest('hex').slice(0, 16);
    return path.join(this.dir, `${voiceId}-${model}${CONDITIONING_FILE_EXTENSION}`);
  }

  private async load(
    voice: { id: string; samples24k: Float32Array },
    modelKey: string,
    compute: ComputeConditioning,
  ): Promise<Conditioning> {
    const owner = { voiceId: voice.id, modelKey };
    const file = this.filePath(voice.id, modelKey);
    if (file) {
      const stored = await this.readFile(file, owner);
      if (stored) {
        this.counts.diskHits++;
        return stored;
      }
    }
    this.counts.misses++;
    const computed = await compute(voice.samples24k);
    checkConditioning(computed);
    if (file) await this.writeFile(file, encodeConditioning(computed, owner));
    return computed;
  }

  private async readFile(
    file: string,
    owner: { voiceId: string; modelKey: string },
  ): Promise<Conditioning | null> {
    let bytes: Uint8Array;
    try {
      bytes = await fs.readFile(file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR')
        this.onWarning(`conditioning cache: cannot read ${file} (${describe(error)}); recomputing`);
      return null;
    }
    try {
      return decodeConditioning(bytes, owner);
    } catch (error) {
      this.onWarning(`conditioning cache: ignoring ${file}: ${describe(error)}; recomputing`);
      return null;
    }
  }

  private async writeFile(file: string, bytes: Uint8Array): Promise<void> {
    const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    try {
      await fs.mkdir(path.dirname(file), { recursive: true });
      await fs.writeFile(tmp, bytes);
      await fs.rename(tmp, file);
    } catch (error) {
      await fs.rm(tmp, { force: true }).catch(() => undefined);
      this.onWarning(`conditioning cache: cannot write ${file} (${describe(error)}); kept in memory only`);
    }
  }

  private evict(): void {
    while (this.memory.size > this.maxMemoryEntries) {
      const oldest = this.memory.keys().next().value;
      if (oldest === undefined) break;
      this.memory.delete(oldest);
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
