/**
 * Shared memory between the engine and the token worker: cancellation and flow control that work while the worker
 * is busy in its loop (a postMessage would wait until the loop yields).
 *
 *   [0] cancel:  1 = stop at the next step
 *   [2] exit:    1 = the worker thread must exit at the next step (a crash at a safe point: see ModelRuntime.killWorker)
 *   [1] credit:  how many speech tokens the worker may generate before it must wait. The engine raises it as chunks
 *                are decoded: that is the bounded queue between token generation and decoding (sequential pipeline:
 *                credit = end of the chunk being generated; parallel with depth d: d chunks ahead).
 */
export const UNLIMITED_CREDIT = 0x7fffffff;

export class GenerationControl {
  readonly buffer: SharedArrayBuffer;
  private readonly cells: Int32Array;

  constructor(buffer: SharedArrayBuffer = new SharedArrayBuffer(12)) {
    this.buffer = buffer;
    this.cells = new Int32Array(buffer);
  }

  static unlimited(): GenerationControl {
    const control = new GenerationControl();
    control.grant(UNLIMITED_CREDIT);
    return control;
  }

  cancel(): void {
    Atomics.store(this.cells, 0, 1);
    Atomics.notify(this.cells, 1);
  }

  /** Asks the worker thread to exit (process.exit) at its next step, as a crash would end it. */
  requestExit(): void {
    Atomics.store(this.cells, 2, 1);
    this.cancel();
  }

  get exitRequested(): boolean {
    return Atomics.load(this.cells, 2) === 1;
  }

  get cancelled(): boolean {
    return Atomics.load(this.cells, 0) === 1;
  }

  /** Allows generation up to `tokens` speech tokens in total (never lowers an earlier grant). */
  grant(tokens: number): void {
    const value = Math.min(tokens, UNLIMITED_CREDIT);
    if (value <= Atomics.load(this.cells, 1)) return;
    Atomics.store(this.cells, 1, value);
    Atomics.notify(this.cells, 1);
  }

  get credit(): number {
    return Atomics.load(this.cells, 1);
  }

  /**
   * Worker side: blocks until token number `index` (0-based) may be generated or the run is cancelled.
   * Returns the ms spent waiting. Atomics.wait is allowed in worker threads, never on the main thread.
   */
  waitForCredit(index: number): number {
    const started = performance.now();
    while (!this.cancelled) {
      const credit = Atomics.load(this.cells, 1);
      if (index < credit) break;
      Atomics.wait(this.cells, 1, credit, 100);
    }
    return performance.now() - started;
  }
}
