import { parentPort } from 'node:worker_threads';

export interface WorkerRequest {
  id: number;
  method: string;
  payload: unknown;
}

/** Worker -> owner messages: the final reply to a request, or an event streamed while it runs. */
export type WorkerMessage =
  | { id: number; kind: 'reply'; ok: true; result: unknown }
  | { id: number; kind: 'reply'; ok: false; error: { name: string; message: string } }
  | { id: number; kind: 'event'; event: unknown };

/** A value plus the buffers to move (not copy) to the other thread. */
export class Transfer<T> {
  readonly value: T;
  readonly buffers: ArrayBuffer[];
  constructor(value: T, buffers: ArrayBuffer[]) {
    this.value = value;
    this.buffers = buffers;
  }
}

/** What a handler can do besides returning: stream events to the request's owner. */
export interface RequestContext {
  emit(event: unknown, buffers?: ArrayBuffer[]): void;
}

export type WorkerHandler = (payload: never, context: RequestContext) => unknown;

/**
 * Worker side of WorkerHost. Requests are handled as they arrive; a handler that awaits (for example between
 * onnxruntime steps) lets later messages in, which is how a worker stays responsive to its owner.
 */
export function serveWorker(handlers: Record<string, WorkerHandler>): void {
  const port = parentPort;
  if (!port) throw new Error('serveWorker must run inside a worker thread');
  port.on('message', async (request: WorkerRequest) => {
    const handler = handlers[request.method];
    const context: RequestContext = {
      emit(event, buffers = []) {
        port.postMessage({ id: request.id, kind: 'event', event } satisfies WorkerMessage, buffers);
      },
    };
    try {
      if (!handler) throw new Error(`unknown worker method ${request.method}`);
      const result = await handler(request.payload as never, context);
      const [value, buffers] = result instanceof Transfer ? [result.value, result.buffers] : [result, []];
      port.postMessage(
        { id: request.id, kind: 'reply', ok: true, result: value } satisfies WorkerMessage,
        buffers,
      );
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error));
      port.postMessage({
        id: request.id,
        kind: 'reply',
        ok: false,
        error: { name: e.name, message: e.message },
      } satisfies WorkerMessage);
    }
  });
}
