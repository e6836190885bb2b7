import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost', '[::1]']);

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK.has(host) || host.startsWith('127.');
}

/** Fails fast on a configuration that would expose the engine to the network without a token. */
export function checkBindingPolicy(host: string, token: string | undefined): void {
  if (!isLoopbackHost(host) && !token) {
    throw new Error(
      `refusing to listen on ${host} without a token: anyone on the network could drive the engine. ` +
        'Pass --token <secret> (or set SEAMLAB_TOKEN), or bind 127.0.0.1.',
    );
  }
}

/** The token a request carries: `Authorization: Bearer <t>` or a `token` query parameter (for browsers). */
export function requestToken(request: IncomingMessage): string | undefined {
  const auth = request.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice('Bearer '.length).trim();
  const url = new URL(request.url ?? '/', 'http://placeholder');
  return url.searchParams.get('token') ?? undefined;
}

export function tokenMatches(expected: string | undefined, given: string | undefined): boolean {
  if (!expected) return true;
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Browsers attach Origin to WebSocket upgrades; only our own page may open the engine socket, so a web page
 * on another site cannot drive a local engine. Non-browser clients send no Origin and pass.
 */
export function originAllowed(request: IncomingMessage, extraOrigins: readonly string[] = []): boolean {
  const origin = request.headers.origin;
  if (!origin) return true;
  if (extraOrigins.includes(origin)) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}
