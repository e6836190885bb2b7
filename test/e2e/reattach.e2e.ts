import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineClient } from '../../src/contract/index.ts';
import { launchBrowser } from './browser.ts';
import { connectClient, startStalledRun } from './workbench-client.ts';
import { screenshotPath, startWorkbench, type StartedWorkbench } from './workbench.ts';

/**
 * A run keeps going in the engine when the page reloads: the Experiment screen re-attaches to it (runs.active),
 * shows it as running with its Cancel button and keeps Run disabled, and Cancel stops it.
 */
describe('re-attaching to a run in flight (headless Chromium, fixture model)', () => {
  let workbench: StartedWorkbench;
  let browser: Browser;
  let page: Page;
  let client: EngineClient;

  beforeAll(async () => {
    [workbench, browser] = await Promise.all([startWorkbench(), launchBrowser()]);
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    client = connectClient(workbench.url);
    await page.goto(`${workbench.url}#/`);
    await page.getByTestId('experiment-screen').waitFor();
  });

  afterAll(async () => {
    client?.close();
    await browser?.close();
    await workbench?.stop();
  });

  it('a reload mid-run re-attaches to the run, and its Cancel button cancels it', async () => {
    const runId = await startStalledRun(client);

    await page.reload();
    const live = page.getByTestId('live-run');
    await live.waitFor({ timeout: 30_000 });
    expect(await live.getAttribute('data-run-id')).toBe(runId);
    await page.locator('[data-testid="live-status"][data-state="running"]').waitFor();
    await page.getByTestId('reattached').waitFor();
    expect(await page.getByTestId('run-button').isDisabled()).toBe(true);
    await page.screenshot({ path: screenshotPath('reattached-run') });

    await page.getByTestId('cancel-button').click();
    await page.locator('[data-testid="live-status"][data-state="cancelled"]').waitFor({ timeout: 30_000 });
    expect((await client.call('runs.active', {})).runs).toEqual([]);
    expect((await client.call('runs.get', { id: runId })).run.status).toBe('cancelled');
    expect(await page.getByTestId('run-button').isDisabled()).toBe(false);
  });
});
