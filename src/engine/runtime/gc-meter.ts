import { PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';

/**
 * Garbage-collection pauses of the current thread (each worker thread has its own heap and its own `gc` entries),
 * from Node's `PerformanceObserver` for `gc` entries. Entries arrive asynchronously, so `msBetween` first lets
 * pending ones in (a macrotask turn) and takes what the observer still buffers.
 */
export class GcMeter {
  private readonly entries: { start: number; end: number }[] = [];
  private readonly observer: PerformanceObserver;
  /** Entries older than this are dropped (a long-lived worker must not grow without bound). */
  private readonly keepMs: number;

  constructor(keepMs = 10 * 60_000) {
    this.keepMs = keepMs;
    this.observer = new PerformanceObserver((list) => this.add(list.getEntries()));
    this.observer.observe({ entryTypes: ['gc'] });
  }

  private add(list: readonly PerformanceEntry[]): void {
    for (const e of list) this.entries.push({ start: e.startTime, end: e.startTime + e.duration });
    const horizon = performance.now() - this.keepMs;
    while (this.entries.length > 0 && this.entries[0]!.end < horizon) this.entries.shift();
  }

  /** GC time overlapping [start, end) (performance.now() instants), ms. */
  async msBetween(start: number, end: number): Promise<number> {
    await new Promise((resolve) => setImmediate(resolve));
    this.add(this.observer.takeRecords());
    return overlapMs(this.entries, start, end);
  }

  close(): void {
    this.observer.disconnect();
  }
}

/** Total length of the parts of `spans` that fall inside [start, end). */
export function overlapMs(
  spans: readonly { start: number; end: number }[],
  start: number,
  end: number,
): number {
  let total = 0;
  for (const s of spans) total += Math.max(0, Math.min(end, s.end) - Math.max(start, s.start));
  return total;
}
