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
