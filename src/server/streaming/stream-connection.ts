import type { RawData, WebSocket } from 'ws';
import type { ResampleQuality } from '../../engine/index.ts';
import type { AdmissionGate } from './admission.ts';
import { FrameSender, type SenderStats } from './frame-sender.ts';
import { parseClientMessage, StreamProtocolError, type ClientMessage } from './protocol.ts';
import { resolveRequest, type RequestDefaults } from './request-config.ts';
import { errorPayload, StreamRequest, type StreamRunner } from './stream-request.ts';

export interface ConnectionLimits {
  /** Messages above this are answered with message_too_large (the socket's hard limit closes it with 1009). */
  maxMessageBytes: number;
  maxIncrementalChars: number;
  highWaterBytes: number;
  maxQueuedBytes: number;
}

export interface StreamConnectionDeps {
  runner: StreamRunner;
  gate: AdmissionGate;
  defaults: RequestDefaults;
  limits: ConnectionLimits;
  save: boolean;
  resampleQuality: ResampleQuality;
  onRequestEnd?: (outcome: 'done' | 'cancelled' | 'failed') => void;
}

export interface StreamConnection {
  readonly stats: SenderStats;
  /** Stops the request in flight (server shutdown). */
  stop(): void;
}

function messageBytes(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((n, b) => n + b.length, 0);
  return data.byteLength;
}

/** Serves the streaming protocol on one socket: one request at a time, errors answered, socket kept usable. */
export function serveStreamSocket(socket: WebSocket, deps: StreamConnectionDeps): StreamConnection {
  let active: StreamRequest | undefined;
  let overflowed = false;
  const sender = new FrameSender(socket, {
    highWaterBytes: deps.limits.highWaterBytes,
    maxQueuedBytes: deps.limits.maxQueuedBytes,
    onOverflow: () => {
      if (overflowed) return;
      overflowed = true;
      // The engine cannot be paused and the reader is not keeping up: give up on it instead of buffering a
      // whole run. The error goes straight into the socket (the queue is what is being abandoned).
      const error = new StreamProtocolError(
        'slow_reader',
        `the client is reading audio slower than it is produced (over ${deps.limits.maxQueuedBytes} bytes ` +
          'waiting): request cancelled',
      );
      active?.fail(error);
      if (socket.readyState === socket.OPEN) {
        socket.send(JSON.stringify({ error: errorPayload(error) }));
        socket.close(1008, 'slow reader');
      }
    },
  });
  const reply = (code: string, message: string) => sender.sendJson({ error: { code, message } });

  const requireIncremental = (what: string): StreamRequest => {
    if (!active) throw new StreamProtocolError('no_request', `${what} without a request in flight`);
    if (!active.incremental || active.closed)
      throw new StreamProtocolError(
        'request_in_progress',
        `${what} only applies to incremental text (text_chunk)`,
      );
    return active;
  };

  const begin = (request: () => StreamRequest) => {
    if (active) {
      throw new StreamProtocolError(
        'request_in_progress',
        'this socket already has a request in flight: wait for its done (or cancel it)',
      );
    }
    active = request();
  };

  const requestDeps = {
    runner: deps.runner,
    gate: deps.gate,
    sender,
    save: deps.save,
    maxIncrementalChars: deps.limits.maxIncrementalChars,
    resampleQuality: deps.resampleQuality,
    onFinish: (request: StreamRequest, outcome: 'done' | 'cancelled' | 'failed') => {
      if (active === request) active = undefined;
      deps.onRequestEnd?.(outcome);
    },
  };

  const handle = (message: ClientMessage, receivedAt: number) => {
    switch (message.kind) {
      case 'generate': {
        const resolved = resolveRequest(message.options, deps.defaults, message.text);
        begin(
          () =>
            new StreamRequest(
              resolved,
              { kind: 'whole', text: resolved.config.text },
              requestDeps,
              receivedAt,
            ),
        );
        return;
      }
      case 'text_chunk': {
        if (!active) {
          const resolved = resolveRequest(message.options, deps.defaults);
          begin(() => new StreamRequest(resolved, { kind: 'incremental' }, requestDeps, receivedAt));
        } else {
          requireIncremental('text_chunk');
          if (Object.keys(message.options).length > 0)
            throw new StreamProtocolError(
              'invalid_request',
              'options go on the first text_chunk of a request only',
            );
        }
        const request = active!;
        request.pushText(message.text);
        if (message.flush) request.flushText();
        if (message.end) request.endText();
        return;
      }
      case 'flush':
        requireIncremental('flush').flushText();
        return;
      case 'end':
        requireIncremental('end').endText();
        return;
      case 'cancel':
        if (!active) throw new StreamProtocolError('no_request', 'cancel without a request in flight');
        active.cancel();
        return;
    }
  };

  socket.on('message', (data, isBinary) => {
    const receivedAt = performance.now();
    const size = messageBytes(data);
    if (size > deps.limits.maxMessageBytes) {
      reply(
        'message_too_large',
        `a message may be at most ${deps.limits.maxMessageBytes} bytes; this one is ${size}`,
      );
      return;
    }
    if (isBinary) {
      reply('invalid_request', 'binary frames are not part of the protocol: send JSON text frames');
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(String(data));
    } catch (error) {
      reply('invalid_json', `not JSON: ${(error as Error).message}`);
      return;
    }
    try {
      handle(parseClientMessage(json), receivedAt);
    } catch (error) {
      const payload = errorPayload(error);
      reply(payload.code, payload.message);
    }
  });
  socket.on('close', () => active?.disconnect());
  // ws reports protocol violations (e.g. a frame over maxPayload, closed with 1009) as 'error'; unhandled, that
  // would crash the server.
  socket.on('error', () => undefined);

  return {
    stats: sender.stats,
    stop: () => active?.disconnect(),
  };
}
