import { Worker, type Transferable } from 'node:worker_threads';
import { workerUrl, type WorkerName } from './worker-url.ts';
import type { WorkerMessage, WorkerRequest } from './worker-protocol.ts';

/** Stack of each engine worker thread, MB (see ensureWorker). */
export const WORKER_STACK_MB = 16;

export class WorkerCrashedError extends Error {
  constructor(workerName: string, cause: string) {
    super(
      `the ${workerName} worker stopped unexpectedly (${cause}); it will be restarted for the next request`,
    );
    this.name = 'WorkerCrashedError';
  }
}

/**
 * Owns one worker thread: numbered requests, replies matched by id, and clear failure of every pending request
 * when the thread dies. A dead worker is replaced lazily on the next request, so a crash never needs an app
 * restart. onnxruntime sessions live only inside such workers because `session.run()` blocks its thread.
 */
export class WorkerHost<Methods extends Record<string, (payload: never) => unknown>> {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (v: unknown) => void; reject: (e: Error) => void; onEvent?: (event: unknown) => void }
  >();
  private readonly name: WorkerName;
  private readonly workerData: unknown;

  constructor(name: WorkerName, workerData?: unknown) {
    this.name = name;
    this.workerData = workerData;
  }

  get running(): boolean {
    return this.worker !== undefined;
  }

  /** Thread id of the live worker (for tests and diagnostics), or undefined when none runs. */
  get threadId(): number | undefined {
    return this.worker?.threadId;
  }

  /**
   * Sends one request; `onEvent` receives what the worker streams while handling it (for example token batches).
   * `transfer` lists buffers to move to the worker instead of copying them.
   */
  request<M extends keyof Methods & string>(
    method: M,
    payload: Parameters<Methods[M]>[0],
    options: { transfer?: Transferable[]; onEvent?: (event: unknown) => void } = {},
  ): Promise<Awaited<ReturnType<Methods[M]>>> {
    const worker = this.ensureWorker();
    const id = this.nextId++;
    const message: WorkerRequest = { id, method, payload };
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, onEvent: options.onEvent });
      worker.postMessage(message, options.transfer ?? []);
    });
  }

  /** Requests still waiting for an answer (the worker may be inside onnxruntime for one of them). */
  get busy(): boolean {
    return this.pending.size > 0;
  }

  /**
   * Resolves once no request is pending (or after `timeoutMs`). Terminating a worker while onnxruntime is inside
   * session.run aborts the whole process (the native call returns into a torn-down thread), so shutdown waits here
   * after cancelling, and only then terminates.
   */
  async idle(timeoutMs: number): Promise<boolean> {
    const until = performance.now() + timeoutMs;
    while (this.pending.size > 0 && performance.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return this.pending.size === 0;
  }

  /** Resolves when the current worker thread has exited (at once when none runs). */
  exited(): Promise<void> {
    const worker = this.worker;
    if (!worker) return Promise.resolve();
    return new Promise((resolve) => worker.once('exit', () => resolve()));
  }

  /** Stops the worker; pending requests fail with WorkerCrashedError("terminated"). Only call it when idle. */
  async terminate(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    await worker.terminate();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    // onnxruntime-node recurses once per character of the process's command line while it creates a session
    // (~250 bytes of stack each): in a worker's default 4 MB stack a 16 KB command line (`seamlab run --text` with
    // 16 000 characters) overflowed it and the process died of SIGSEGV without a word. 16 MB leaves room for
    // 64 KB; the main thread's 8 MB already allowed 20 000 characters. test/cli/long-text.test.ts.
    const worker = new Worker(workerUrl(this.name), {
      workerData: this.workerData,
      resourceLimits: { stackSizeMb: WORKER_STACK_MB },
    });
    worker.on('message', (message: WorkerMessage) => {
      const waiter = this.pending.get(message.id);
      if (!waiter) return;
      if (message.kind === 'event') {
        waiter.onEvent?.(message.event);
        return;
      }
      this.pending.delete(message.id);
      if (message.ok) waiter.resolve(message.result);
      else waiter.reject(Object.assign(new Error(message.error.message), { name: message.error.name }));
    });
    const onDeath = (cause: string) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      const error = new WorkerCrashedError(this.name, cause);
      for (const [, waiter] of this.pending) waiter.reject(error);
      this.pending.clear();
    };
    worker.on('error', (error) => onDeath(error.message));
    worker.on('exit', (code) => onDeath(code === 1 ? 'terminated' : `exit code ${code}`));
    this.worker = worker;
    return worker;
  }
}
