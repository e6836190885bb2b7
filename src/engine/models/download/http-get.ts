import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';

/**
 * GET with redirects, on node:http(s) rather than fetch: when a connection drops, fetch (undici) discards body
 * bytes it had already received but not yet handed over, whereas an IncomingMessage delivers every byte that
 * arrived before reporting the error, so a resume continues from exactly what reached the disk.
 */
export async function httpGet(
  url: string,
  headers: Record<string, string>,
  signal: AbortSignal,
  maxRedirects = 10,
): Promise<IncomingMessage> {
  let current = new URL(url);
  let sent = { ...headers };
  for (let hop = 0; ; hop++) {
    const response = await request(current, sent, signal);
    const location = response.headers.location;
    if (!location || ![301, 302, 303, 307, 308].includes(response.statusCode ?? 0)) return response;
    response.resume();
    if (hop >= maxRedirects) throw new Error(`too many redirects fetching ${url}`);
    const next = new URL(location, current);
    // The hub redirects large files to a CDN: never hand the token to another origin.
    if (next.origin !== current.origin) {
      const { authorization: _dropped, ...rest } = sent;
      sent = rest;
    }
    current = next;
  }
}

function request(url: URL, headers: Record<string, string>, signal: AbortSignal): Promise<IncomingMessage> {
  const client = url.protocol === 'https:' ? https : url.protocol === 'http:' ? http : undefined;
  if (!client) return Promise.reject(new Error(`unsupported URL ${url.href}`));
  return new Promise((resolve, reject) => {
    const req = client.get(url, { headers, signal }, resolve);
    req.on('error', reject);
  });
}
