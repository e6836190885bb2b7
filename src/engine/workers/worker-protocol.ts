import { parentPort } from 'node:worker_threads';

export interface WorkerRequest {
  id: number;
  method: string;
  payload: unknown;
}

export type WorkerReply =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: { name: string; message: string } };

/** Reply plus the buffers to move (not copy) back to the owner thread. */
export class Transfer<T> {
  readonly value: T;
  readonly buffers: ArrayBuffer[];
  constructor(value: T, buffers: ArrayBuffer[]) {
    this.value = value;
    this.buffers = buffers;
  }
}

/** Worker side of WorkerHost: dispatches requests to handlers, one at a time, in arrival order. */
export function serveWorker(handlers: Record<string, (payload: never) => unknown>): void {
  const port = parentPort;
  if (!port) throw new Error('serveWorker must run inside a worker thread');
  port.on('message', async (request: WorkerRequest) => {
    const handler = handlers[request.method];
    try {
      if (!handler) throw new Error(`unknown worker method ${request.method}`);
      const result = await handler(request.payload as never);
      if (result instanceof Transfer) {
        port.postMessage(
          { id: request.id, ok: true, result: result.value } satisfies WorkerReply,
          result.buffers,
        );
      } else {
        port.postMessage({ id: request.id, ok: true, result } satisfies WorkerReply);
      }
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error));
      port.postMessage({
        id: request.id,
        ok: false,
        error: { name: e.name, message: e.message },
      } satisfies WorkerReply);
    }
  });
}
