import { Worker, type Transferable } from 'node:worker_threads';
import { workerUrl, type WorkerName } from './worker-url.ts';
import type { WorkerReply, WorkerRequest } from './worker-protocol.ts';

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
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
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

  request<M extends keyof Methods & string>(
    method: M,
    payload: Parameters<Methods[M]>[0],
    transfer: Transferable[] = [],
  ): Promise<Awaited<ReturnType<Methods[M]>>> {
    const worker = this.ensureWorker();
    const id = this.nextId++;
    const message: WorkerRequest = { id, method, payload };
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.postMessage(message, transfer);
    });
  }

  /** Stops the worker; pending requests fail with WorkerCrashedError("terminated"). */
  async terminate(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    await worker.terminate();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(workerUrl(this.name), { workerData: this.workerData });
    worker.on('message', (reply: WorkerReply) => {
      const waiter = this.pending.get(reply.id);
      if (!waiter) return;
      this.pending.delete(reply.id);
      if (reply.ok) waiter.resolve(reply.result);
      else waiter.reject(Object.assign(new Error(reply.error.message), { name: reply.error.name }));
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
