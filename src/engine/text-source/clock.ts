/**
 * Time for the text sources, injectable so that tests run instantly and deterministically. Times are in ms on
 * the clock's own timeline (only differences matter).
 */
export interface Clock {
  now(): number;
  /** Resolve once now() >= deadline (at once if it already is); reject with the signal's reason on abort. */
  sleepUntil(deadline: number, signal?: AbortSignal): Promise<void>;
}

/** The wall clock: really waits. */
export const realClock: Clock = {
  now: () => performance.now(),
  sleepUntil(deadline, signal) {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason as Error);
        return;
      }
      let timer: ReturnType<typeof setTimeout> | undefined;
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason as Error);
      };
      // Timers may fire a fraction of a millisecond early by performance.now(): re-arm until really due.
      const arm = () => {
        const left = deadline - performance.now();
        if (left <= 0) {
          signal?.removeEventListener('abort', onAbort);
          resolve();
          return;
        }
        timer = setTimeout(arm, Math.ceil(left));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      arm();
    });
  },
};

/**
 * A fake clock whose time jumps straight to each deadline it is asked to sleep until: a single timeline for one
 * sleeper (the source), so readings are exact and nothing really waits. `advance` moves it by hand.
 */
export class VirtualClock implements Clock {
  private time: number;

  constructor(start = 0) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  advance(ms: number): void {
    this.time += ms;
  }

  sleepUntil(deadline: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason as Error);
    if (deadline > this.time) this.time = deadline;
    return Promise.resolve();
  }
}
