import { afterEach, describe, expect, it } from 'vitest';
import { CONTRACT_HTTP_PATH, MAX_CONTRACT_FRAME_BYTES } from '../../src/contract/index.ts';
import { startServer, type RunningServer } from '../../src/server/index.ts';
import { createTestEngine } from '../contract/test-engine.ts';

const running: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

async function start(options: Partial<Parameters<typeof startServer>[0]> = {}) {
  const server = await startServer({ engine: createTestEngine(), port: 0, ...options });
  running.push(server);
  return server;
}

const json = { 'content-type': 'application/json' };

async function call(url: string, body: unknown, headers: Record<string, string> = json) {
  const response = await fetch(url, {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, envelope: (await response.json()) as Record<string, unknown> };
}

describe('contract calls over HTTP (POST /api/call)', () => {
  it('answers a call with the same envelope as the socket, errors included', async () => {
    const server = await start();
    const url = new URL(CONTRACT_HTTP_PATH, server.url).href;
    const ok = await call(url, { method: 'engine.ping', params: { value: 'hi' } });
    expect(ok.status).toBe(200);
    expect(ok.envelope).toMatchObject({ ok: true, result: { value: 'hi' } });
    // A handler failure and a contract-violating result are reported, never passed on.
    const failed = await call(url, { method: 'engine.ping', params: { value: 'explode' } });
    expect(failed.envelope).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('kaboom') },
    });
    const lie = await call(url, { method: 'engine.ping', params: { value: 'lie' } });
    expect(lie.envelope).toMatchObject({ ok: false, error: { code: 'invalid_response' } });
    const unknown = await call(url, { method: 'engine.nope', params: {} });
    expect(unknown.envelope).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    const invalid = await call(url, { method: 'engine.ping', params: { value: 7 } });
    expect(invalid.envelope).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
  });

  it('refuses what is not a JSON POST, malformed JSON and oversized calls with their status', async () => {
    const server = await start();
    const url = new URL(CONTRACT_HTTP_PATH, server.url).href;
    const get = await fetch(url);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    // A cross-site "simple" request (text/plain needs no CORS preflight) is refused.
    const plain = await call(
      url,
      { method: 'engine.ping', params: { value: 'x' } },
      { 'content-type': 'text/plain' },
    );
    expect(plain.status).toBe(415);
    const malformed = await call(url, '{"method": ');
    expect(malformed.status).toBe(400);
    expect(malformed.envelope).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/malformed/) },
    });
    const huge = await call(url, {
      method: 'engine.ping',
      params: { value: 'x'.repeat(MAX_CONTRACT_FRAME_BYTES) },
    });
    expect(huge.status).toBe(413);
  });

  it('requires the token when one is set, and refuses pages of other origins', async () => {
    const server = await start({ host: '0.0.0.0', token: 's3cret' });
    const base = `http://127.0.0.1:${server.port}${CONTRACT_HTTP_PATH}`;
    const ping = { method: 'engine.ping', params: { value: 'hi' } };
    expect((await call(base, ping)).status).toBe(401);
    expect((await call(`${base}?token=wrong`, ping)).status).toBe(401);
    expect((await call(`${base}?token=s3cret`, ping)).status).toBe(200);
    expect((await call(base, ping, { ...json, authorization: 'Bearer s3cret' })).status).toBe(200);
    const foreign = await call(`${base}?token=s3cret`, ping, { ...json, origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    const own = await call(`${base}?token=s3cret`, ping, {
      ...json,
      origin: `http://127.0.0.1:${server.port}`,
    });
    expect(own.status).toBe(200);
  });
});
