import fs from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineClient } from '../../src/contract/index.ts';
import { decodeWav } from '../../src/engine/audio/wav.ts';
import { launchBrowser } from './browser.ts';
import { connectClient, runToEnd } from './workbench-client.ts';
import { shootSizesAndSchemes, startWorkbench, type StartedWorkbench } from './workbench.ts';

/**
 * Issue 16 items 7 and 8 in headless Chromium: a run exported as a zip download (no folder on the engine's
 * machine), the live panel of a run just started in view at 1024x700, the theme toggle, and no CSP error on load.
 */
describe('export download, layout, themes and CSP (headless Chromium, fixture model)', () => {
  let workbench: StartedWorkbench;
  let browser: Browser;
  let page: Page;
  let client: EngineClient;
  const errors: string[] = [];

  beforeAll(async () => {
    [workbench, browser] = await Promise.all([startWorkbench(), launchBrowser()]);
    page = await browser.newPage({ viewport: { width: 1024, height: 700 }, acceptDownloads: true });
    page.on('pageerror', (error) => errors.push(error.message));
    client = connectClient(workbench.url);
  });

  afterAll(async () => {
    client?.close();
    await browser?.close();
    await workbench?.stop();
  });

  const shootSizes = (name: string) => shootSizesAndSchemes(page, name, 300);

  it('logs no Content-Security-Policy error when any screen loads', async () => {
    const fresh = await browser.newPage();
    const console: string[] = [];
    fresh.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') console.push(message.text());
    });
    const violations: string[] = [];
    await fresh.exposeFunction('reportViolation', (text: string) => violations.push(text));
    // Chromium fires securitypolicyviolation for every refusal, including ones the page's code catches.
    await fresh.addInitScript(
      "document.addEventListener('securitypolicyviolation', (e) => window.reportViolation(e.violatedDirective + ' ' + e.blockedURI))",
    );
    for (const route of ['#/', '#/runs', '#/pairs', '#/listening', '#/sweeps', '#/status']) {
      await fresh.goto(`${workbench.url}${route}`);
      await fresh.locator('.app-main > *').first().waitFor();
      await fresh.waitForTimeout(300);
    }
    await fresh.close();
    expect(violations).toEqual([]);
    expect(
      console.filter((text) => /Content.Security.Policy|Refused to|script-src|default-src/i.test(text)),
    ).toEqual([]);
  });

  it('keeps the live panel of a run just started in view at 1024x700', async () => {
    await page.goto(`${workbench.url}#/`);
    await page.evaluate('localStorage.clear()');
    await page.reload();
    await page.getByTestId('experiment-screen').waitFor();
    await page.getByTestId('run-button').click();
    const liveRun = page.getByTestId('live-run');
    await liveRun.waitFor();
    await expect
      .poll(async () => {
        const box = await liveRun.boundingBox();
        return box !== null && box.y >= 0 && box.y + 40 <= 700;
      })
      .toBe(true);
    await page.locator('[data-testid="live-status"][data-state="finished"]').waitFor({ timeout: 60_000 });
    const heading = await liveRun.getByRole('heading', { name: 'Live run' }).boundingBox();
    expect(heading!.y).toBeGreaterThanOrEqual(0);
    expect(heading!.y).toBeLessThan(700);
    await shootSizes('experiment-live-run');
  });

  it('switches themes (persisted), and the computed colours follow', async () => {
    const background = () => page.evaluate<string>('getComputedStyle(document.body).backgroundColor');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.getByTestId('theme-dark').click();
    expect(await background()).toBe('rgb(20, 22, 26)');
    await page.reload();
    await page.getByTestId('experiment-screen').waitFor();
    expect(await background()).toBe('rgb(20, 22, 26)');
    expect(await page.getByTestId('theme-dark').getAttribute('aria-checked')).toBe('true');
    // A forced light theme wins over a dark OS; "system" follows the OS again.
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.getByTestId('theme-light').click();
    expect(await background()).toBe('rgb(246, 247, 249)');
    await page.getByTestId('theme-system').click();
    expect(await background()).toBe('rgb(20, 22, 26)');
    expect(await page.evaluate("localStorage.getItem('seamlab.theme')")).toBeNull();
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('downloads a run as a zip of decodable WAVs and its JSON sidecar', async () => {
    const run = await runToEnd(client, { text: 'Export me as a zip, please.' });
    await page.goto(`${workbench.url}#/runs/${run.id}`);
    const button = page.getByTestId('export-button');
    await button.waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    expect(download.suggestedFilename()).toBe(`seamlab-run-${run.id.slice(0, 8)}.zip`);
    const file = path.join(workbench.dataDir, download.suggestedFilename());
    await download.saveAs(file);
    const zip = unzipSync(new Uint8Array(fs.readFileSync(file)));
    expect(Object.keys(zip).sort()).toEqual([
      `run-${run.id}.json`,
      `run-${run.id}.reference.wav`,
      `run-${run.id}.stream.wav`,
    ]);
    const sidecar = JSON.parse(new TextDecoder().decode(zip[`run-${run.id}.json`])) as {
      run: { id: string };
      synthetic: boolean;
      audio: { kind: string; file?: string; sampleCount: number }[];
    };
    expect(sidecar.run.id).toBe(run.id);
    expect(sidecar.synthetic).toBe(true);
    for (const kind of ['stream', 'reference']) {
      const wav = decodeWav(zip[`run-${run.id}.${kind}.wav`]!);
      const listed = sidecar.audio.find((a) => a.kind === kind)!;
      expect(listed.file).toBe(`run-${run.id}.${kind}.wav`);
      expect(wav.sampleRate).toBe(24000);
      expect(wav.channels[0]!.length).toBe(listed.sampleCount);
    }
    await page
      .getByTestId('export-button-message')
      .getByText(/Downloaded seamlab-run-/)
      .waitFor();
    await shootSizes('run-view-export');

    const other = await runToEnd(client, { text: 'Export me as a zip, please.', seed: 7 });
    await client.call('pairs.create', { runA: run.id, runB: other.id, label: 'export pair' });
    await page.goto(`${workbench.url}#/pairs`);
    const card = page.getByTestId('pair-card').first();
    await card.getByTestId('export-pair').click();
    await card.getByText(/Downloaded seamlab-pair-.*\.zip: /).waitFor();
    await shootSizes('pairs-export');
    expect(errors).toEqual([]);
  });
});
