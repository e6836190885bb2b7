import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineClient, RunSummary } from '../../src/contract/index.ts';
import { launchBrowser } from './browser.ts';
import { connectClient, runToEnd } from './workbench-client.ts';
import { screenshotPath, startWorkbench, type StartedWorkbench } from './workbench.ts';

/** Compare: differences-only configuration, metric deltas, aligned waveforms, A/B switching that keeps position. */
describe('compare two runs (headless Chromium, fixture model)', () => {
  let workbench: StartedWorkbench;
  let browser: Browser;
  let page: Page;
  let client: EngineClient;
  let a: RunSummary;
  let b: RunSummary;
  const errors: string[] = [];

  const time = async () => Number(await page.getByTestId('current-time').getAttribute('data-value'));

  beforeAll(async () => {
    [workbench, browser] = await Promise.all([startWorkbench(), launchBrowser()]);
    client = connectClient(workbench.url);
    const text = 'Hello my big long beautiful world. It is a fine day to walk.';
    a = await runToEnd(client, { text, schedule: { kind: 'fixed', tokens: 20 } });
    b = await runToEnd(client, {
      text,
      schedule: { kind: 'fixed', tokens: 20 },
      boundary: { kind: 'overlap-add', overlapTokens: 3, crossfadeMs: 50, shape: 'hann' },
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${workbench.url}#/compare/${a.id},${b.id}`);
    await page.locator('[data-testid="compare-screen"][data-ready="true"]').waitFor({ timeout: 30_000 });
  }, 120_000);

  afterAll(async () => {
    client?.close();
    await browser?.close();
    await workbench?.stop();
  });

  it('shows both runs on one time axis, each with its own boundaries', async () => {
    const lanes = page.getByTestId('compare-lane');
    expect(await lanes.evaluateAll((els) => els.map((e) => e.getAttribute('data-id')))).toEqual([a.id, b.id]);
    for (const [i, run] of [a, b].entries()) {
      const times = await lanes
        .nth(i)
        .getByTestId('boundary-marker')
        .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-time'))));
      expect(times).toEqual(run.boundaries.map((x) => x.timeS));
      expect(times).toHaveLength(run.chunks.length - 1);
    }
    // Aligned: both waveforms span the same width for the same duration.
    const widths = await page
      .locator('.waveform')
      .evaluateAll((els) => els.map((e) => e.getBoundingClientRect().width));
    expect(new Set(widths).size).toBe(1);
  });

  it('lists only the knobs that differ, and metric deltas against A', async () => {
    const paths = await page
      .getByTestId('diff-row')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-path')));
    expect(paths).toEqual([
      'boundary.crossfadeMs',
      'boundary.kind',
      'boundary.overlapTokens',
      'boundary.shape',
    ]);
    const row = page.locator('[data-testid="metric-delta"][data-metric="click-max"]');
    const [valueA, valueB] = await row
      .locator('td.num')
      .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-value'))));
    expect(valueA).toBe(a.metrics.boundaries.maxClickScore);
    expect(valueB).toBe(b.metrics.boundaries.maxClickScore);
    const verdict = await row.getByTestId('delta').getAttribute('data-verdict');
    expect(verdict).toBe(valueB! < valueA! ? 'better' : valueB! > valueA! ? 'worse' : 'same');
    // Clicks are shown as excess over the reference first, and the table says so.
    const excess = page.locator('[data-testid="metric-delta"][data-metric="click-excess-max"]');
    const [excessA] = await excess
      .locator('td.num')
      .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-value'))));
    expect(excessA).toBe(a.metrics.boundaries.maxExcessClickScore);
    expect(await page.getByTestId('metric-deltas-note').textContent()).toContain(
      'excess over the offline reference',
    );
    // "show all" lists every knob of the config, the differing four among them.
    const summary = await page.getByText(/knobs differ/).textContent();
    const [, differ, total] = /(\d+) of (\d+) knobs differ/.exec(summary ?? '')!;
    expect(Number(differ)).toBe(4);
    expect(Number(total)).toBeGreaterThan(10);
    await page.getByText('show all').click();
    expect(await page.getByTestId('diff-row').count()).toBe(Number(total));
    const allPaths = await page
      .getByTestId('diff-row')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-path')));
    expect(allPaths).toEqual(expect.arrayContaining([...paths, 'textSource.mode']));
    await page.getByText('show all').click();
    expect(await page.getByTestId('diff-row').count()).toBe(4);
  });

  it('switches A/B while playing without losing the position', async () => {
    expect(await page.getByTestId('compare-lane').nth(0).getAttribute('data-active')).toBe('true');
    await page.keyboard.press(' ');
    await expect.poll(time, { timeout: 10_000 }).toBeGreaterThan(0.3);
    const before = await time();
    await page.keyboard.press('2');
    await page.locator('[data-testid="compare-lane"][data-active="true"]').nth(0).waitFor();
    expect(await page.getByTestId('compare-lane').nth(1).getAttribute('data-active')).toBe('true');
    const after = await time();
    expect(after).toBeGreaterThanOrEqual(before);
    expect(after - before).toBeLessThan(0.5);
    await expect.poll(time, { timeout: 10_000 }).toBeGreaterThan(after + 0.1);
    await page.getByTestId('lane-A').click();
    expect(await page.getByTestId('compare-lane').nth(0).getAttribute('data-active')).toBe('true');
    await page.keyboard.press(' ');
    const paused = await time();
    await page.waitForTimeout(150);
    expect(await time()).toBe(paused);
    expect(paused).toBeGreaterThan(after);
  });

  it('looks right in light and dark', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.locator('[data-testid="compare-screen"][data-ready="true"]').waitFor();
      await page.waitForTimeout(400);
      await page.evaluate('window.scrollTo(0, 0)');
      await page.screenshot({ path: screenshotPath(`compare-${scheme}`), fullPage: true });
    }
    expect(errors).toEqual([]);
  });
});
