import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedRun, seedRuns, type SeededRun } from '../../src/cli/bench/seeded-runs.ts';
import { openStore } from '../../src/engine/store/index.ts';
import { launchBrowser } from './browser.ts';
import { startWorkbench, type StartedWorkbench } from './workbench.ts';

/**
 * Opening the app on a run or on the runs table: the first screen's data is asked for once, by the page's first
 * script over HTTP while the UI's code loads, and the screen uses that answer (not a second call on the socket).
 */
describe("start-up (headless Chromium): the first screen's calls go out before the UI has loaded", () => {
  let dir: string;
  let workbench: StartedWorkbench;
  let browser: Browser;
  let run: SeededRun;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seamlab-startup-e2e-'));
    const databasePath = path.join(dir, 'seeded.db');
    const store = openStore(databasePath);
    run = seedRun(store, 7, { chunks: 12, chunkTokens: 25 });
    seedRuns(store, 30, { audioSamples: 240 });
    store.close();
    [workbench, browser] = await Promise.all([startWorkbench({ SEAMLAB_DB: databasePath }), launchBrowser()]);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await workbench?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Opens `hash` in a fresh page, recording the methods called over HTTP and over the contract socket. */
  async function open(
    hash: string,
    ready: string,
  ): Promise<{ page: Page; http: string[]; socket: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const http: string[] = [];
    const socket: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/api/call'))
        http.push((JSON.parse(request.postData() ?? '{}') as { method: string }).method);
    });
    page.on('websocket', (ws) =>
      ws.on('framesent', (frame) => {
        if (typeof frame.payload !== 'string') return;
        const call = JSON.parse(frame.payload) as { method: string; params?: { kind?: string } };
        socket.push(call.params?.kind ? `${call.method}:${call.params.kind}` : call.method);
      }),
    );
    await page.goto(`${workbench.url}${hash}`);
    await page.locator(ready).first().waitFor({ timeout: 30_000 });
    return { page, http, socket };
  }

  it('a run: the run and its envelope come from the early calls, and the run view shows them', async () => {
    const { page, http, socket } = await open(
      `#/runs/${run.id.slice(0, 8)}`,
      '[data-testid="run-screen"][data-ready="true"]',
    );
    expect(http.sort()).toEqual(['runs.get', 'runs.peaks']);
    expect(socket).not.toContain('runs.get');
    expect(socket).not.toContain('runs.peaks:stream'); // the reference's envelope comes later, over the socket
    expect(await page.getByTestId('boundary-marker').count()).toBe(11);
    await page.close();
  });

  it('the runs table: the head of the first page comes from the early call, the rest over the socket', async () => {
    const { page, http, socket } = await open('#/runs', '[data-testid="runs-row"]');
    expect(http).toEqual(['runs.list']);
    expect(await page.getByTestId('runs-total').getAttribute('data-value')).toBe('31');
    await expect.poll(() => socket.filter((m) => m === 'runs.list').length).toBe(1); // the rest of page 0 only
    await page.close();
  });

  it('other screens make no early call', async () => {
    const { page, http } = await open('#/status', '[data-testid="status-screen"], h2');
    expect(http).toEqual([]);
    await page.close();
  });
});
