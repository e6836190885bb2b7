import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RENDERER_DIR } from '../../src/cli/build-when-stale.ts';
import { createEngine, type Engine } from '../../src/engine/index.ts';
import { startServer, type RunningServer } from '../../src/server/index.ts';
import { launchBrowser } from './browser.ts';
import { screenshotPath, shootBothSchemes } from './workbench.ts';

// Issue 16, item 2: browser mode showed its 503 page until the server was restarted, even after `npm run build`.
// The server here starts before its renderer folder exists; the build output then appears (copied from the real
// `npm run build` output, as electron-vite would write it) and the open tab must show the workbench by itself.
describe('browser mode picks up a build that appears after the server started (headless Chromium)', () => {
  let dataDir: string;
  let staticDir: string;
  let engine: Engine;
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(RENDERER_DIR, 'index.html')))
      throw new Error(`no build in ${RENDERER_DIR}: run \`npm run build\` first (npm run test:e2e does)`);
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'seamlab-e2e-build-'));
    process.env.SEAMLAB_DATA_DIR = dataDir;
    staticDir = path.join(dataDir, 'out', 'renderer');
    engine = createEngine({ host: 'server', databasePath: path.join(dataDir, 'seamlab.db') });
    [server, browser] = await Promise.all([startServer({ engine, port: 0, staticDir }), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await engine?.close();
    delete process.env.SEAMLAB_DATA_DIR;
  });

  it('shows the 503 page, then the workbench once the build lands, without a restart or a manual reload', async () => {
    const page = await browser.newPage({ viewport: { width: 1024, height: 700 } });
    const response = await page.goto(`${server.url}#/status`);
    expect(response?.status()).toBe(503);
    expect(await page.locator('h1').textContent()).toBe('The workbench UI is not built yet');
    expect(await page.textContent('body')).toContain('npm run build');
    for (const size of [
      { width: 1440, height: 900 },
      { width: 1024, height: 700 },
    ]) {
      await page.setViewportSize(size);
      await shootBothSchemes(page, `browser-mode-not-built-${size.width}x${size.height}`);
    }

    // The build output appears: assets first, index.html last, as a build finishes.
    fs.mkdirSync(staticDir, { recursive: true });
    for (const entry of fs.readdirSync(RENDERER_DIR)) {
      if (entry !== 'index.html')
        fs.cpSync(path.join(RENDERER_DIR, entry), path.join(staticDir, entry), { recursive: true });
    }
    fs.copyFileSync(path.join(RENDERER_DIR, 'index.html'), path.join(staticDir, 'index.html'));

    // No page.reload(): the 503 page reloads itself and the same server now serves the UI and the engine.
    await page.getByTestId('status-screen').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('transport').textContent()).toBe('browser mode');
    expect(await page.locator('[data-provider="cpu"]').getAttribute('data-works')).toBe('true');
    await page.screenshot({ path: screenshotPath('browser-mode-built') });
    await page.close();
  });
});
