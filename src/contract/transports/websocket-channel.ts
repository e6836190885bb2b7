import { ContractError } from '../errors.ts';
import type { ClientChannel } from '../client.ts';
import { ServerFrameSchema, type ClientFrame } from '../wire.ts';

/** The subset of the WHATWG WebSocket this channel uses (browser WebSocket, or `ws` in Node tests). */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open' | 'close' | 'error', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

const OPEN = 1;

/**
 * The browser-mode transport: contract calls as JSON frames over one WebSocket. Calls made before the socket
 * opens are queued; when it closes, every pending call fails with transport_closed.
 */
export function websocketChannel(socket: WebSocketLike): ClientChannel {
  let nextId = 1;
  let closed = false;
  const pending = new Map<number, { resolve: (envelope: unknown) => void; reject: (error: Error) => void }>();
  const queued: string[] = [];
  const eventListeners = new Set<(event: string, payload: unknown) => void>();

  socket.addEventListener('open', () => {
    for (const frame of queued.splice(0)) socket.send(frame);
  });
  socket.addEventListener('message', ({ data }) => {
    if (typeof data !== 'string') return;
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      return;
    }
    const frame = ServerFrameSchema.safeParse(json);
    if (!frame.success) return;
    if (frame.data.type === 'event') {
      for (const listener of eventListeners) listener(frame.data.event, frame.data.payload);
      return;
    }
    const id = frame.data.id;
    if (id === null) return; // a reply to a frame the server could not even parse; nothing waits for it
    const waiter = pending.get(id);
    if (waiter) {
      pending.delete(id);
      waiter.resolve(frame.data.envelope);
    }
  });
  const failAll = () => {
    closed = true;
    for (const [, waiter] of pending) {
      waiter.reject(new ContractError('transport_closed', 'the connection to the engine was closed'));
    }
    pending.clear();
  };
  socket.addEventListener('close', failAll);
  socket.addEventListener('error', failAll);

  return {
    request(method, params) {
      if (closed)
        return Promise.reject(
          new ContractError('transport_closed', 'the connection to the engine is closed'),
        );
      const id = nextId++;
      const frame: ClientFrame = { type: 'call', id, method, params };
      const text = JSON.stringify(frame);
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        if (socket.readyState === OPEN) socket.send(text);
        else queued.push(text);
      });
    },
    onEvent(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    close() {
      eventListeners.clear();
      socket.close(1000, 'client closed');
      failAll();
    },
  };
}
