import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineClient } from '../../src/contract/index.ts';
import { seedRuns, type SeededRun } from '../../src/cli/bench/seeded-runs.ts';
import { openStore } from '../../src/engine/store/index.ts';
import { launchBrowser } from './browser.ts';
import { connectClient } from './workbench-client.ts';
import { screenshotPath, startWorkbench, type StartedWorkbench } from './workbench.ts';

const COUNT = 250;

/** The runs table over a seeded library: database-side sort, filter and paging, selection, compare, delete + undo. */
describe('runs table (headless Chromium)', () => {
  let dir: string;
  let workbench: StartedWorkbench;
  let browser: Browser;
  let page: Page;
  let client: EngineClient;
  let seeded: SeededRun[];
  const errors: string[] = [];

  const total = async () => Number(await page.getByTestId('runs-total').getAttribute('data-value'));
  const waitTotal = (n: number) => expect.poll(total, { timeout: 10_000 }).toBe(n);
  const rowIds = () =>
    page.getByTestId('runs-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')!));
  const byId = (id: string) => seeded.find((r) => r.id === id)!;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seamlab-runs-e2e-'));
    const databasePath = path.join(dir, 'seeded.db');
    const store = openStore(databasePath);
    seeded = seedRuns(store, COUNT, { audioSamples: 24_000 });
    store.close();
    [workbench, browser] = await Promise.all([startWorkbench({ SEAMLAB_DB: databasePath }), launchBrowser()]);
    client = connectClient(workbench.url);
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${workbench.url}#/runs`);
    await page.getByTestId('runs-row').first().waitFor();
  }, 120_000);

  afterAll(async () => {
    client?.close();
    await browser?.close();
    await workbench?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lists every run, newest first, and loads further pages as it scrolls', async () => {
    expect(await total()).toBe(COUNT);
    const ids = await rowIds();
    expect(ids[0]).toBe(seeded.at(-1)!.id);
    expect(ids[1]).toBe(seeded.at(-2)!.id);
    expect(await page.getByTestId('synthetic-badge').first().textContent()).toBe('synthetic');
    await page.locator('.grid-body').evaluate((el) => el.scrollTo(0, el.scrollHeight));
    const last = page.locator(`[data-testid="runs-row"][data-index="${COUNT - 1}"]`);
    await last.waitFor();
    expect(await last.getAttribute('data-id')).toBe(seeded[0]!.id);
    await page.locator('.grid-body').evaluate((el) => el.scrollTo(0, 0));
  });

  it('sorts by a metric in the database, ascending then descending', async () => {
    const ttfas = seeded.map((r) => r.summary.metrics.ttfaMs);
    await page.getByTestId('sort-ttfa_ms').click();
    await page.locator('[data-testid="sort-ttfa_ms"][data-sorted="asc"]').waitFor();
    const firstFive = async () => (await rowIds()).slice(0, 5).map((id) => byId(id).summary.metrics.ttfaMs);
    await expect.poll(firstFive).toEqual([...ttfas].sort((a, b) => a - b).slice(0, 5));
    await page.getByTestId('sort-ttfa_ms').click();
    await page.locator('[data-testid="sort-ttfa_ms"][data-sorted="desc"]').waitFor();
    await expect.poll(async () => byId((await rowIds())[0]!).summary.metrics.ttfaMs).toBe(Math.max(...ttfas));
  });

  it('filters by a knob, by text and by tag', async () => {
    await page.getByTestId('condition-field').selectOption('config.boundary.overlapTokens');
    await page.getByTestId('condition-op').selectOption('>=');
    await page.getByTestId('condition-value').fill('3');
    await page.getByTestId('condition-add').click();
    const overlap3 = seeded.filter(
      (r) => r.config.boundary.kind === 'overlap-add' && r.config.boundary.overlapTokens >= 3,
    );
    await waitTotal(overlap3.length);
    for (const id of await rowIds()) expect(overlap3.some((r) => r.id === id)).toBe(true);

    await page.getByTestId('runs-search').fill('morning');
    const both = overlap3.filter((r) => r.config.text.includes('morning'));
    await waitTotal(both.length);
    expect(both.length).toBeGreaterThan(0);

    await page.getByRole('button', { name: 'clear all' }).click();
    await waitTotal(COUNT);

    const tagged = seeded[17]!.id;
    await client.call('runs.tag', { id: tagged, add: ['golden'] });
    await page.reload();
    await page.getByTestId('runs-row').first().waitFor();
    await page.getByTestId('tag-filter').selectOption('golden');
    await waitTotal(1);
    expect(await rowIds()).toEqual([tagged]);
    await page.getByRole('button', { name: 'clear all' }).click();
    await waitTotal(COUNT);
  });

  it('selects a range with shift-click and opens Compare with two runs', async () => {
    const boxes = page.getByTestId('select-row');
    await boxes.nth(0).click();
    await boxes.nth(4).click({ modifiers: ['Shift'] });
    expect(await page.locator('.grid-row.selected').count()).toBe(5);
    await page.getByRole('button', { name: 'clear', exact: true }).click();
    const ids = (await rowIds()).slice(0, 2);
    await boxes.nth(0).click();
    await boxes.nth(1).click();
    await page.getByTestId('compare-button').click();
    await page.waitForURL((url) => url.hash === `#/compare/${ids.join(',')}`);
    await page.locator('[data-testid="compare-screen"][data-ready="true"]').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('compare-lane').count()).toBe(2);
    await page.goBack();
    await page.getByTestId('runs-row').first().waitFor();
  });

  it('deletes with undo: rows vanish at once, Undo brings them back, and without Undo they are gone', async () => {
    const ids = (await rowIds()).slice(0, 3);
    for (let i = 0; i < 3; i++) await page.getByTestId('select-row').nth(i).click();
    await page.getByTestId('delete-button').click();
    await waitTotal(COUNT - 3);
    expect(await rowIds()).not.toContain(ids[0]);
    await page.getByTestId('undo-button').click();
    await waitTotal(COUNT);
    expect((await rowIds()).slice(0, 3)).toEqual(ids);
    expect((await client.call('runs.get', { id: ids[0]! })).run.id).toBe(ids[0]);

    await page.getByRole('button', { name: 'clear', exact: true }).click();
    await page.getByTestId('select-row').nth(0).click();
    await page.keyboard.press('Delete');
    await waitTotal(COUNT - 1);
    await page.getByTestId('undo-toast').waitFor({ state: 'detached', timeout: 15_000 });
    await expect
      .poll(
        () =>
          client.call('runs.get', { id: ids[0]! }).then(
            () => 'still there',
            (e: Error) => e.message,
          ),
        { timeout: 5000 },
      )
      .toMatch(/no run/);
  }, 60_000);

  it('looks right in light and dark', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.getByTestId('select-row').nth(1).click();
      await page.waitForTimeout(150);
      await page.evaluate('window.scrollTo(0, 0)');
      await page.screenshot({ path: screenshotPath(`runs-${scheme}`) });
      await page.getByTestId('select-row').nth(1).click();
    }
    expect(errors).toEqual([]);
  });
});
