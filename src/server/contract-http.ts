import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  ContractError,
  createDispatcher,
  MAX_CONTRACT_FRAME_BYTES,
  type Envelope,
} from '../contract/index.ts';
import type { Engine } from '../engine/index.ts';
import { originAllowed, requestToken, tokenMatches } from './access.ts';

export interface HttpCallOptions {
  engine: Engine;
  token?: string;
  allowedOrigins?: readonly string[];
}

/**
 * One contract call over HTTP: `POST /api/call` with `{"method": ..., "params": ...}` as application/json,
 * answered with the same envelope the socket sends. The page uses it for its first screen's calls, which it sends
 * before its own code has finished loading (the socket's open event waits for that); scripts can use it too.
 * Same checks as the socket: token, and the Origin of a browser request must be this server's. Requiring
 * application/json makes a cross-site form or simple request impossible without a CORS preflight, which this
 * server never grants.
 */
export function contractHttpHandler(options: HttpCallOptions) {
  const dispatch = createDispatcher(options.engine.handlers);
  const reply = (response: ServerResponse, status: number, envelope: Envelope) => {
    response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    response.end(JSON.stringify(envelope));
  };
  const refuse = (response: ServerResponse, status: number, message: string) =>
    reply(response, status, {
      ok: false,
      error: new ContractError('invalid_request', message).toPayload(),
    });

  return (request: IncomingMessage, response: ServerResponse): void => {
    if (request.method !== 'POST') {
      response.setHeader('allow', 'POST');
      return refuse(response, 405, 'contract calls are POST requests');
    }
    if (!originAllowed(request, options.allowedOrigins)) return refuse(response, 403, 'origin not allowed');
    if (!tokenMatches(options.token, requestToken(request))) return refuse(response, 401, 'token required');
    if (!/^application\/json\b/i.test(request.headers['content-type'] ?? ''))
      return refuse(response, 415, 'send the call as application/json');
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_CONTRACT_FRAME_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    request.on('error', () => response.destroy());
    request.on('end', () => {
      if (tooLarge) return refuse(response, 413, `a call may be at most ${MAX_CONTRACT_FRAME_BYTES} bytes`);
      let call: { method?: unknown; params?: unknown };
      try {
        call = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof call;
        if (!call || typeof call !== 'object') throw new Error('not an object');
      } catch (error) {
        return refuse(response, 400, `malformed call: ${(error as Error).message}`);
      }
      void dispatch(call.method, call.params).then((envelope) => reply(response, 200, envelope));
    });
  };
}
