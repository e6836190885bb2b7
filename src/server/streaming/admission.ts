import { StreamProtocolError } from './protocol.ts';

export interface AdmissionLimits {
  /** Runs synthesising at once. The model's two workers serve one request each at a time, so more in flight
   * only interleaves them; a small number keeps each client's first audio early. */
  maxActive: number;
  /** Runs waiting for a slot; beyond this a request is refused with `busy`. */
  maxQueued: number;
}

export type Release = () => void;

/**
 * A counting semaphore with a bounded FIFO queue. acquire() resolves with a release function once a slot is free,
 * rejects at once with `busy` when the queue is full, and leaves the queue when its signal aborts.
 */
export class AdmissionGate {
  readonly limits: AdmissionLimits;
  private activeCount = 0;
  private readonly waiting: { grant: () => void }[] = [];

  constructor(limits: AdmissionLimits) {
    if (!(limits.maxActive >= 1)) throw new Error('maxActive must be at least 1');
    if (!(limits.maxQueued >= 0)) throw new Error('maxQueued must not be negative');
    this.limits = limits;
  }

  get active(): number {
    return this.activeCount;
  }

  get queued(): number {
    return this.waiting.length;
  }

  acquire(signal?: AbortSignal): Promise<Release> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.activeCount < this.limits.maxActive) {
      this.activeCount++;
      return Promise.resolve(this.releaser());
    }
    if (this.waiting.length >= this.limits.maxQueued) {
      return Promise.reject(
        new StreamProtocolError(
          'busy',
          `the server is busy: ${this.activeCount} requests are synthesising and ${this.waiting.length} are ` +
            'queued (the limits); try again shortly',
        ),
      );
    }
    return new Promise<Release>((resolve, reject) => {
      const entry = {
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve(this.releaser());
        },
      };
      const onAbort = () => {
        const at = this.waiting.indexOf(entry);
        if (at >= 0) this.waiting.splice(at, 1);
        reject(signal!.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(entry);
    });
  }

  private releaser(): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      // The slot passes straight to the next in line, so the active count never dips and overshoots.
      if (next) next.grant();
      else this.activeCount--;
    };
  }
}
