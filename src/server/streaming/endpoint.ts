import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { RunConfigInput } from '../../contract/index.ts';
import type { ResampleQuality } from '../../engine/index.ts';
import { AdmissionGate } from './admission.ts';
import { DEFAULT_STREAMING_PRESET } from './default-preset.ts';
import { serveStreamSocket, type StreamConnection } from './stream-connection.ts';
import type { StreamRunner } from './stream-request.ts';

export interface StreamingOptions {
  /** Runs requests; the server passes its engine's RunManager. */
  runner: StreamRunner;
  /** Runs synthesising at once (default 4) and runs waiting for a slot before `busy` (default 32). */
  maxConcurrentRuns?: number;
  maxQueuedRuns?: number;
  /** Open streaming sockets; more are refused with HTTP 503 (default 256). */
  maxConnections?: number;
  /** Larger messages get a message_too_large error (default 256 KiB). */
  maxMessageBytes?: number;
  /** Larger messages close the socket with 1009 without being buffered (default 1 MiB). */
  maxPayloadBytes?: number;
  /** Incremental text per request (default 100,000 characters). */
  maxIncrementalChars?: number;
  /** Unsent bytes in a socket's buffer before frames wait (default 256 KiB). */
  highWaterBytes?: number;
  /** Frames waiting for a slow reader before its request is cancelled and the socket closed (default 16 MiB). */
  maxQueuedBytesPerSocket?: number;
  /** The strategy a request gets when it names none (default: DEFAULT_STREAMING_PRESET). */
  preset?: Partial<RunConfigInput>;
  /** Model and voice when a request names none (default: the run configuration's defaults). */
  model?: string;
  voice?: string;
  /** Execution provider settings for every served run (not settable by clients). */
  runtime?: RunConfigInput['runtime'];
  /**
   * libsamplerate converter for pcm16_16k and mulaw_8k (default 'medium': 121 dB SNR, passband to 90% of the
   * output's Nyquist, so the telephone band's 3.4 kHz survives at 8 kHz; about 6 ms per first chunk on a loaded
   * 2-core machine). 'fastest' (97 dB, 80%) costs about a sixth of that.
   */
  resampleQuality?: ResampleQuality;
  /** Record served runs in the store (default true). */
  save?: boolean;
}

export interface StreamingStats {
  connections: number;
  activeRuns: number;
  queuedRuns: number;
  requests: { done: number; cancelled: number; failed: number };
  /** Worst case over every connection so far: bytes waiting in our queue, and in a socket's own buffer. */
  maxQueuedBytes: number;
  maxBufferedBytes: number;
}

export interface StreamingEndpoint {
  /** Completes a WebSocket upgrade for STREAM_SOCKET_PATH (the caller has checked origin and token). */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  stats(): StreamingStats;
  /** Stops every request and closes every streaming socket. */
  close(): void;
}

export function createStreamingEndpoint(options: StreamingOptions): StreamingEndpoint {
  const gate = new AdmissionGate({
    maxActive: options.maxConcurrentRuns ?? 4,
    maxQueued: options.maxQueuedRuns ?? 32,
  });
  const maxConnections = options.maxConnections ?? 256;
  const sockets = new WebSocketServer({ noServer: true, maxPayload: options.maxPayloadBytes ?? 1024 * 1024 });
  const connections = new Set<StreamConnection>();
  const requests = { done: 0, cancelled: 0, failed: 0 };
  const worst = { maxQueuedBytes: 0, maxBufferedBytes: 0 };
  const limits = {
    maxMessageBytes: options.maxMessageBytes ?? 256 * 1024,
    maxIncrementalChars: options.maxIncrementalChars ?? 100_000,
    highWaterBytes: options.highWaterBytes ?? 256 * 1024,
    maxQueuedBytes: options.maxQueuedBytesPerSocket ?? 16 * 1024 * 1024,
  };
  const defaults = {
    preset: options.preset ?? DEFAULT_STREAMING_PRESET,
    model: options.model,
    voice: options.voice,
    runtime: options.runtime,
  };

  const remember = (connection: StreamConnection) => {
    worst.maxQueuedBytes = Math.max(worst.maxQueuedBytes, connection.stats.maxQueuedBytes);
    worst.maxBufferedBytes = Math.max(worst.maxBufferedBytes, connection.stats.maxBufferedBytes);
  };

  return {
    handleUpgrade(request, socket, head) {
      if (connections.size >= maxConnections) {
        socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      sockets.handleUpgrade(request, socket, head, (ws) => {
        const connection = serveStreamSocket(ws, {
          runner: options.runner,
          gate,
          defaults,
          limits,
          save: options.save ?? true,
          resampleQuality: options.resampleQuality ?? 'medium',
          onRequestEnd: (outcome) => requests[outcome]++,
        });
        connections.add(connection);
        ws.on('close', () => {
          remember(connection);
          connections.delete(connection);
        });
      });
    },
    stats() {
      for (const connection of connections) remember(connection);
      return {
        connections: connections.size,
        activeRuns: gate.active,
        queuedRuns: gate.queued,
        requests: { ...requests },
        ...worst,
      };
    },
    close() {
      for (const connection of connections) connection.stop();
      for (const client of sockets.clients) client.terminate();
      sockets.close();
    },
  };
}
