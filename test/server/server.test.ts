import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CONTRACT_SOCKET_PATH, MAX_CONTRACT_FRAME_BYTES } from '../../src/contract/index.ts';
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

/** Opens a socket and resolves with the HTTP status of a refused upgrade, or 101 when it opened. */
function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, { headers });
    socket.on('open', () => {
      socket.close();
      resolve(101);
    });
    socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    socket.on('error', () => undefined);
  });
}

describe('browser-mode server', () => {
  it('refuses to bind a network address without a token', async () => {
    await expect(startServer({ engine: createTestEngine(), host: '0.0.0.0', port: 0 })).rejects.toThrow(
      /token/,
    );
  });

  it('requires the token on sockets when one is set', async () => {
    const server = await start({ host: '0.0.0.0', token: 's3cret' });
    const base = `ws://127.0.0.1:${server.port}${CONTRACT_SOCKET_PATH}`;
    expect(await upgradeStatus(base)).toBe(401);
    expect(await upgradeStatus(`${base}?token=wrong`)).toBe(401);
    expect(await upgradeStatus(`${base}?token=s3cret`)).toBe(101);
    expect(await upgradeStatus(base, { authorization: 'Bearer s3cret' })).toBe(101);
  });

  it('refuses sockets opened by pages of other origins', async () => {
    const server = await start();
    const url = `ws://127.0.0.1:${server.port}${CONTRACT_SOCKET_PATH}`;
    expect(await upgradeStatus(url, { origin: 'https://evil.example' })).toBe(403);
    expect(await upgradeStatus(url, { origin: `http://127.0.0.1:${server.port}` })).toBe(101);
    expect(await upgradeStatus(`ws://127.0.0.1:${server.port}/elsewhere`)).toBe(404);
  });

  it('serves the built renderer with SPA fallback, and explains when it is not built', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seamlab-static-'));
    fs.writeFileSync(path.join(dir, 'index.html'), '<title>Seamlab test</title>');
    const built = await start({ staticDir: dir });
    expect(await (await fetch(`${built.url}runs/42`)).text()).toContain('Seamlab test');
    const health = await fetch(`${built.url}api/health`);
    expect(await health.json()).toEqual({ ok: true });
    const bare = await start({ staticDir: path.join(dir, 'missing') });
    const response = await fetch(bare.url);
    expect(response.status).toBe(503);
    expect(await response.text()).toContain('npm run build');
  });

  it('serves a build that appears after start, and a rebuild with new file names, without a restart', async () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'seamlab-static-')), 'renderer');
    const server = await start({ staticDir: dir });
    const before = await fetch(server.url);
    expect(before.status).toBe(503);
    expect(before.headers.get('cache-control')).toBe('no-store');
    // The page reloads itself, so an open tab shows the UI once the build lands.
    expect(await before.text()).toMatch(/setTimeout\(\(\) => location\.reload\(\), \d+\)/);

    // What `electron-vite build` leaves: index.html naming hashed assets.
    const writeBuild = (asset: string, title: string) => {
      fs.mkdirSync(path.join(dir, 'assets'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'assets', asset), `console.log(${JSON.stringify(title)});`);
      fs.writeFileSync(
        path.join(dir, 'index.html'),
        `<title>${title}</title><script src="/assets/${asset}">`,
      );
    };
    writeBuild('index-aaaa.js', 'first build');
    expect(await (await fetch(`${server.url}runs/42`)).text()).toContain('first build');
    expect((await fetch(`${server.url}assets/index-aaaa.js`)).status).toBe(200);

    // A rebuild empties the folder (503 meanwhile) and writes other hashed names.
    fs.rmSync(dir, { recursive: true });
    expect((await fetch(server.url)).status).toBe(503);
    writeBuild('index-bbbb.js', 'second build');
    expect(await (await fetch(server.url)).text()).toContain('second build');
    expect((await fetch(`${server.url}assets/index-bbbb.js`)).status).toBe(200);
    expect((await fetch(`${server.url}assets/index-aaaa.js`)).status).toBe(404);
  });

  it('answers malformed frames with invalid_request and keeps the socket usable', async () => {
    const server = await start();
    const socket = new WebSocket(`ws://127.0.0.1:${server.port}${CONTRACT_SOCKET_PATH}`);
    const received: { type: string; id?: number | null }[] = [];
    socket.on('message', (data) => received.push(JSON.parse(String(data))));
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send('{not json');
    socket.send(JSON.stringify({ type: 'call', id: 'x' }));
    socket.send(
      JSON.stringify({ type: 'call', id: 3, method: 'engine.ping', params: { value: 'still here' } }),
    );
    await expect.poll(() => received.filter((m) => m.type === 'result')).toHaveLength(3);
    const results = received.filter((m) => m.type === 'result');
    expect(results[0]).toMatchObject({
      id: null,
      envelope: { ok: false, error: { code: 'invalid_request' } },
    });
    expect(results[1]).toMatchObject({ id: null, envelope: { error: { code: 'invalid_request' } } });
    expect(results[2]).toMatchObject({ id: 3, envelope: { ok: true, result: { value: 'still here' } } });
    socket.close();
  });

  it('closes a socket that sends an oversized frame (1009) instead of buffering it', async () => {
    const server = await start();
    const socket = new WebSocket(`ws://127.0.0.1:${server.port}${CONTRACT_SOCKET_PATH}`);
    await new Promise((resolve) => socket.once('open', resolve));
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    socket.send('x'.repeat(MAX_CONTRACT_FRAME_BYTES + 1));
    expect(await closed).toBe(1009);
  });
});
