import type { AudioKind, RunStore, StoredAudio } from '../store/index.ts';

/** Decoded audio kept for repeated requests (a long run arrives in pieces); about 4 × 10 minutes of float32. */
const CACHE_BYTES = 256 * 1024 * 1024;

/**
 * Stored audio by (run, kind, repeat), read and checksum-verified once, then served from memory while the UI
 * fetches it piece by piece. Least recently used entries go first.
 */
export class AudioCache {
  private readonly entries = new Map<string, StoredAudio>();

  get(store: RunStore, id: string, kind: AudioKind, repeatIndex: number): StoredAudio | undefined {
    const key = `${id}\n${kind}\n${repeatIndex}`;
    const cached = this.entries.get(key);
    if (cached) {
      this.entries.delete(key);
      this.entries.set(key, cached);
      return cached;
    }
    const audio = store.getAudio(id, kind, repeatIndex);
    if (!audio) return undefined;
    this.entries.set(key, audio);
    let bytes = [...this.entries.values()].reduce((sum, a) => sum + a.samples.byteLength, 0);
    for (const [oldKey, old] of this.entries) {
      if (bytes <= CACHE_BYTES || oldKey === key) break;
      this.entries.delete(oldKey);
      bytes -= old.samples.byteLength;
    }
    return audio;
  }

  /** Drops a run's audio (it was deleted). */
  forget(id: string): void {
    for (const key of [...this.entries.keys()]) if (key.startsWith(`${id}\n`)) this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}

/** Min/max of `samples` over `buckets` equal spans, interleaved [max0, min0, max1, min1, ...]. */
export function minMaxPeaks(samples: Float32Array, buckets: number): Float32Array {
  const count = Math.max(1, Math.min(buckets, samples.length));
  const peaks = new Float32Array(count * 2);
  for (let b = 0; b < count; b++) {
    const start = Math.floor((b * samples.length) / count);
    const end = Math.max(start + 1, Math.floor(((b + 1) * samples.length) / count));
    let max = -Infinity;
    let min = Infinity;
    for (let i = start; i < end; i++) {
      const v = samples[i]!;
      if (v > max) max = v;
      if (v < min) min = v;
    }
    peaks[b * 2] = samples.length ? max : 0;
    peaks[b * 2 + 1] = samples.length ? min : 0;
  }
  return peaks;
}
