import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineClient } from '../../src/contract/index.ts';
import { launchBrowser } from './browser.ts';
import { connectClient } from './workbench-client.ts';
import { shootBothSchemes, startWorkbench, type StartedWorkbench } from './workbench.ts';

/**
 * The Sweeps screen in browser mode with the fixture model: a sweep over overlap tokens 0..4 defined in the form,
 * run with live progress, plotted (one point per grid point), and a plotted point opens its run.
 */
describe('sweeps screen (headless Chromium, fixture model)', () => {
  let workbench: StartedWorkbench;
  let browser: Browser;
  let page: Page;
  let client: EngineClient;
  const errors: string[] = [];

  beforeAll(async () => {
    [workbench, browser] = await Promise.all([startWorkbench(), launchBrowser()]);
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on('pageerror', (error) => errors.push(error.message));
    client = connectClient(workbench.url);
  });

  afterAll(async () => {
    client?.close();
    await browser?.close();
    await workbench?.stop();
  });

  const shoot = (name: string) => shootBothSchemes(page, name, 150); // canvases re-read the theme on the scheme change

  it('refuses an invalid grid in place, naming the point and the problem', async () => {
    await page.goto(`${workbench.url}#/sweeps`);
    await page.getByTestId('sweep-form').waitFor();
    await page.getByTestId('sweep-boundary').selectOption('overlap-add');
    await page.getByTestId('knob1').selectOption('crossfade-ms');
    await page.getByTestId('values1').fill('40,200');
    await page.getByTestId('sweep-problems').waitFor();
    expect(await page.getByTestId('sweep-problems').textContent()).toContain(
      'grid point 2 of 2 (boundary.crossfadeMs=200): boundary.crossfadeMs: crossfadeMs must fit inside the overlap',
    );
    expect(await page.getByTestId('start-sweep').isDisabled()).toBe(true);
    await shoot('sweeps-invalid-grid');
  });

  it('runs a sweep over overlap tokens 0..4, plots 5 points, and a point opens its run', async () => {
    await page.goto(`${workbench.url}#/sweeps`);
    await page.getByTestId('sweep-boundary').selectOption('');
    await page.getByTestId('sweep-text').fill('Hello my big long beautiful world.');
    await page.getByTestId('knob1').selectOption('overlap');
    await page.getByTestId('values1').fill('0..4');
    await page.getByTestId('sweep-repeats').fill('1');
    await expect.poll(() => page.getByTestId('sweep-total').textContent()).toBe('5');
    await shoot('sweeps-form');

    await page.getByTestId('start-sweep').click();
    await page.waitForURL(/#\/sweeps\/[0-9a-f-]{36}$/);
    const sweepId = page.url().split('/').at(-1)!;
    await page.locator('[data-testid="sweep-view"][data-state="finished"]').waitFor({ timeout: 90_000 });
    expect(await page.getByTestId('sweep-progress').textContent()).toBe('5 / 5 runs');

    // The plot has exactly one point per grid point, and the table one finished run per point.
    const plot = page.getByTestId('sweep-plot');
    await expect.poll(() => plot.getAttribute('data-points')).toBe('5');
    expect(await page.locator('[data-testid="sweep-row"][data-status="finished"]').count()).toBe(5);
    expect(await page.getByTestId('sweep-parallel').getAttribute('data-points')).toBe('5');
    expect(await page.getByTestId('sweep-view').getByTestId('synthetic-badge').textContent()).toBe(
      'synthetic test model',
    );

    // What the plot shows is what the engine stored.
    const stored = await client.call('sweeps.get', { sweepId });
    expect(stored.rows.map((r) => r.point['boundary.overlapTokens'])).toEqual([0, 1, 2, 3, 4]);
    const clicks = stored.rows.map((r) => r.metrics!.medianClickScore!);
    expect(clicks[1]).toBeLessThan(clicks[0]!); // one overlapping token already smooths the naive seam
    // The plot shows the excess click score by default, and says so.
    expect(await page.getByTestId('sweep-plot-quantity').textContent()).toContain(
      'Median excess click score',
    );
    await shoot('sweeps-view');

    // Click the third plotted point (overlap 2): its run opens.
    const pixels = JSON.parse((await plot.getAttribute('data-point-pixels'))!) as [number, number][];
    expect(pixels).toHaveLength(5);
    const box = (await plot.boundingBox())!;
    await page.mouse.click(box.x + pixels[2]![0], box.y + pixels[2]![1]);
    await page.waitForURL(/#\/runs\/[0-9a-f-]{36}$/);
    expect(page.url().split('/').at(-1)).toBe(stored.rows[2]!.runId);

    // The list shows the finished sweep.
    await page.goto(`${workbench.url}#/sweeps`);
    await page.getByTestId('sweep-list').getByText('overlap 0..4').waitFor();
    expect(errors).toEqual([]);
  });

  it('cancels a running sweep and resumes it to the end; repeats show their spread', async () => {
    const { sweepId } = await client.call('sweeps.start', {
      base: { text: 'Hello my big long beautiful world.', schedule: { tokens: 10 } },
      params: ['overlap=0..1'],
      repeats: 2,
      varySeed: true,
    });
    await page.goto(`${workbench.url}#/sweeps/${sweepId}`);
    await page.getByTestId('cancel-sweep').click();
    await page.locator('[data-testid="sweep-view"][data-state="cancelled"]').waitFor({ timeout: 60_000 });
    const done = Number((await page.getByTestId('sweep-progress').textContent())!.split(' / ')[0]);
    expect(done).toBeLessThan(4);
    await shoot('sweeps-cancelled');
    await page.getByTestId('resume-sweep').click();
    await page.locator('[data-testid="sweep-view"][data-state="finished"]').waitFor({ timeout: 90_000 });
    expect(await page.getByTestId('sweep-progress').textContent()).toBe('4 / 4 runs');
    expect(await page.locator('[data-testid="sweep-row"][data-status="finished"]').count()).toBe(4);
    // Two grid points, each the mean of two repeats (seeds 1 and 2).
    await expect.poll(() => page.getByTestId('sweep-plot').getAttribute('data-points')).toBe('2');
    expect(await page.getByTestId('sweep-parallel').getAttribute('data-points')).toBe('4');
    await page.getByTestId('sweep-metric').selectOption('ttfaMs');
    await shoot('sweeps-repeats');
    expect(errors).toEqual([]);
  });
});
