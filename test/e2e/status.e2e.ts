import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './browser.ts';
import { saveBenchReport } from '../../src/engine/bench-reports.ts';
import { SAMPLE_REPORT } from '../engine/bench-report-sample.ts';
import { screenshotPath, shootBothSchemes, startWorkbench, type StartedWorkbench } from './workbench.ts';

describe('status screen (npm start, browser mode, headless Chromium)', () => {
  let workbench: StartedWorkbench;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    [workbench, browser] = await Promise.all([startWorkbench(), launchBrowser()]);
    page = await browser.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await workbench?.stop();
  });

  it('shows the engine status over the contract, with cpu marked as working', async () => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${workbench.url}#/status`);
    await page.getByTestId('status-screen').waitFor();
    expect(await page.getByTestId('transport').textContent()).toBe('browser mode');
    expect(await page.getByTestId('app-version').textContent()).toMatch(/^\d+\.\d+\.\d+/);
    expect(await page.getByTestId('ort-version').textContent()).toMatch(/^\d+\.\d+/);
    expect(await page.getByTestId('db-path').textContent()).toBe(workbench.databasePath);

    const cpu = page.locator('[data-provider="cpu"]');
    expect(await cpu.getAttribute('data-works')).toBe('true');
    expect(await cpu.textContent()).toContain('works');
    const listed = await page
      .locator('[data-provider]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-provider')));
    expect(listed).toEqual(expect.arrayContaining(['cuda', 'dml', 'coreml', 'webgpu', 'cpu']));
    const cuda = page.locator('[data-provider="cuda"]');
    expect(await cuda.getAttribute('data-works')).toMatch(/^(true|false)$/);

    await page.screenshot({ path: screenshotPath('status'), fullPage: true });
    expect(errors).toEqual([]);
  });

  it('shows the latest model bench report, or the command that makes one', async () => {
    await page.goto(`${workbench.url}#/status`);
    await page.getByTestId('bench-report-none').waitFor();
    expect(await page.getByTestId('bench-report-none').textContent()).toContain(
      'npx seamlab bench model --model <id> --provider cuda cpu',
    );
    saveBenchReport(path.join(workbench.dataDir, 'bench-reports'), 'model', SAMPLE_REPORT);
    await page.reload();
    const row = page.locator('[data-testid="bench-report"] tr[data-model="chatterbox"]');
    await row.waitFor();
    const cells = await row.locator('td').allTextContents();
    expect(cells).toEqual(['chatterbox', 'cuda', '9.5 ms', '7.1 · 1.9 · 0.2 ms', '0.410 s', '0.380']);
    expect(await page.getByTestId('bench-report-when').textContent()).toContain('NVIDIA H100');
    await shootBothSchemes(page, 'status-bench-report');
  });

  it('shows a clear error, not a blank page, when the engine goes away', async () => {
    await workbench.stop();
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.getByTestId('status-error').waitFor();
    expect(await page.getByTestId('status-error').textContent()).toContain('did not answer');
    await page.screenshot({ path: screenshotPath('status-engine-gone'), fullPage: true });
  });
});
