import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { CONTRACT_HTTP_PATH, CONTRACT_SOCKET_PATH, MAX_CONTRACT_FRAME_BYTES } from '../contract/index.ts';
import { contractHttpHandler } from './contract-http.ts';
import type { Engine } from '../engine/index.ts';
import { checkBindingPolicy, originAllowed, requestToken, tokenMatches } from './access.ts';
import { serveContractSocket } from './contract-socket.ts';
import { rendererHandler } from './renderer-files.ts';
import {
  createStreamingEndpoint,
  type StreamingEndpoint,
  type StreamingOptions,
} from './streaming/endpoint.ts';
import { STREAM_SOCKET_PATH } from './streaming/protocol.ts';

export interface ServerOptions {
  engine: Engine;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Required when host is not loopback; then every socket must present it. */
  token?: string;
  /**
   * The built renderer (out/renderer), looked up per request: while it is missing the server answers a 503 page
   * that explains how to build it, and a build that appears later is served without a restart.
   */
  staticDir?: string;
  /** Origins besides the server's own allowed to open sockets (e.g. the vite dev server). */
  allowedOrigins?: string[];
  /** Limits and defaults of the streaming endpoint (/ws/generate); its runner defaults to the engine's runs. */
  streaming?: Partial<StreamingOptions>;
}

export interface RunningServer {
  url: string;
  port: number;
  host: string;
  /** The streaming endpoint (/ws/generate): its counters and limits at work. */
  streaming: StreamingEndpoint;
  close(): Promise<void>;
}

/**
 * Browser mode: serves the built renderer and the contract socket on one port. Static files are public (they
 * are the open-source UI); the engine itself is reachable only through sockets that pass the token and
 * origin checks.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  checkBindingPolicy(host, options.token);
  const serveRenderer = rendererHandler(options.staticDir);
  const serveCall = contractHttpHandler(options);

  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://placeholder');
    if (url.pathname === '/api/health') {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ ok: true }));
      return;
    }
    if (url.pathname === CONTRACT_HTTP_PATH) return serveCall(request, response);
    serveRenderer(request, response);
  });

  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_CONTRACT_FRAME_BYTES });
  // The seeds' streaming TTS protocol, served by the same engine: every request becomes stored runs.
  const streaming = createStreamingEndpoint({ runner: options.engine.context.runs, ...options.streaming });
  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', 'http://placeholder');
    const refuse = (status: number, reason: string) => {
      socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (url.pathname !== CONTRACT_SOCKET_PATH && url.pathname !== STREAM_SOCKET_PATH)
      return refuse(404, 'Not Found');
    if (!originAllowed(request, options.allowedOrigins)) return refuse(403, 'Forbidden');
    if (!tokenMatches(options.token, requestToken(request))) return refuse(401, 'Unauthorized');
    if (url.pathname === STREAM_SOCKET_PATH) return streaming.handleUpgrade(request, socket, head);
    sockets.handleUpgrade(request, socket, head, (ws) => serveContractSocket(ws, options.engine));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}/`,
    port: address.port,
    host,
    streaming,
    async close() {
      streaming.close();
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
