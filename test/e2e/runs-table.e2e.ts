import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedRuns, type SeededRun } from '../../src/cli/bench/seeded-runs.ts';
import { openStore } from '../../src/engine/store/index.ts';
import { launchBrowser } from './browser.ts';
import {
  shootBothSchemes,
  shootSizesAndSchemes,
  startWorkbench,
  type StartedWorkbench,
} from './workbench.ts';

const COUNT = 120;

/**
 * Issue 16 item 5, each problem as reported: search missed strategy names, no column chooser, grouping or saved
 * views, "created" cut at the minute, metric columns past the right edge at 1440 px.
 */
describe('runs table: search, columns, grouping, views (headless Chromium)', () => {
  let dir: string;
  let workbench: StartedWorkbench;
  let browser: Browser;
  let page: Page;
  let seeded: SeededRun[];
  const errors: string[] = [];

  const total = async () => Number(await page.getByTestId('runs-total').getAttribute('data-value'));
  const waitTotal = (n: number) => expect.poll(total, { timeout: 10_000 }).toBe(n);
  const headers = () =>
    page
      .locator('[data-testid^="sort-"]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!));
  const openRuns = async () => {
    await page.goto(`${workbench.url}#/runs`);
    await page.getByTestId('runs-row').first().waitFor();
  };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seamlab-runs-table-e2e-'));
    const databasePath = path.join(dir, 'seeded.db');
    const store = openStore(databasePath);
    seeded = seedRuns(store, COUNT, { audioSamples: 2400 });
    store.close();
    [workbench, browser] = await Promise.all([startWorkbench({ SEAMLAB_DB: databasePath }), launchBrowser()]);
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('pageerror', (error) => errors.push(error.message));
    await openRuns();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await workbench?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the default columns fit 1440 px: no sideways scrolling, every header inside the table', async () => {
    // In-page source text: this file is type-checked for Node, where the DOM does not exist.
    const fit = (await page.evaluate(`(() => {
      const body = document.querySelector('.grid-body');
      const table = document.querySelector('[data-testid="runs-table"]').getBoundingClientRect();
      const heads = [...document.querySelectorAll('[data-testid^="sort-"]')].map((h) => h.getBoundingClientRect());
      return {
        bodyOverflow: body.scrollWidth - body.clientWidth,
        pageOverflow: document.documentElement.scrollWidth - window.innerWidth,
        rightmost: Math.max(...heads.map((h) => h.right)),
        tableRight: table.right,
        clippedHeaders: [...document.querySelectorAll('[data-testid^="sort-"]')]
          .filter((h) => h.scrollWidth > h.clientWidth)
          .map((h) => h.textContent),
      };
    })()`)) as {
      bodyOverflow: number;
      pageOverflow: number;
      rightmost: number;
      tableRight: number;
      clippedHeaders: string[];
    };
    // Every header reads in full ("engine TTFA ms" was cut to "engine ...").
    expect(fit.clippedHeaders).toEqual([]);
    expect(fit.bodyOverflow).toBeLessThanOrEqual(0);
    expect(fit.pageOverflow).toBeLessThanOrEqual(0);
    expect(fit.rightmost).toBeLessThanOrEqual(fit.tableRight);
    // The key metrics are among them.
    expect(await headers()).toEqual(
      expect.arrayContaining(['sort-ttfa_ms', 'sort-rtf', 'sort-max_excess_click_score', 'sort-snr_db']),
    );
  });

  it('"created" shows seconds, and the full timestamp on hover', async () => {
    const cell = page.getByTestId('created-cell').first();
    await cell.hover();
    expect(await cell.textContent()).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    // The tooltip ends with the stored UTC timestamp; the cell is that instant in local time, to the second
    // (browser and test share the machine's time zone).
    const iso = /\((\d{4}-\d{2}-\d{2}T[\d:.]+Z)\)$/.exec((await cell.getAttribute('title')) ?? '')?.[1];
    expect(iso).toBeDefined();
    const d = new Date(iso!);
    const two = (n: number) => String(n).padStart(2, '0');
    expect(await cell.textContent()).toBe(
      `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`,
    );
    // Not clipped: the text is as wide as it needs to be inside its cell.
    expect(await cell.evaluate((el) => el.parentElement!.scrollWidth <= el.parentElement!.clientWidth)).toBe(
      true,
    );
  });

  it('search finds strategy names and knob values: "overlap" lists the overlap-add runs', async () => {
    const overlapAdd = seeded.filter((r) => r.config.boundary.kind === 'overlap-add');
    expect(overlapAdd.length).toBeGreaterThan(0);
    expect(seeded.some((r) => r.config.text.toLowerCase().includes('overlap'))).toBe(false);
    await page.getByTestId('runs-search').fill('overlap');
    await waitTotal(overlapAdd.length);
    await page.getByTestId('runs-search').fill('parallel');
    await waitTotal(seeded.filter((r) => r.config.pipeline.kind === 'parallel').length);
    await page.getByTestId('runs-search').fill('');
    await waitTotal(COUNT);
  });

  it('the column chooser adds and removes columns', async () => {
    await page.locator('[data-testid="column-chooser"] > summary').click();
    expect(await headers()).not.toContain('sort-wall_ms');
    await page.getByTestId('column-toggle-wall_ms').check();
    await expect.poll(headers).toContain('sort-wall_ms');
    await page.getByTestId('column-toggle-tags').uncheck();
    await expect.poll(headers).not.toContain('sort-tags');
    await page.locator('[data-testid="column-chooser"] > summary').click();
  });

  it('groups by a knob: one row per value with its run count; a group opens its runs', async () => {
    await page.getByTestId('group-by').selectOption('config.boundary.overlapTokens');
    await page.getByTestId('runs-group').first().waitFor();
    const groups = await page
      .getByTestId('runs-group')
      .evaluateAll((els) =>
        els.map((e) => [e.getAttribute('data-value'), Number(e.getAttribute('data-count'))]),
      );
    const expected = new Map<string, number>();
    for (const r of seeded) {
      const key = r.config.boundary.kind === 'overlap-add' ? String(r.config.boundary.overlapTokens) : 'null';
      expected.set(key, (expected.get(key) ?? 0) + 1);
    }
    expect(new Map(groups as [string, number][])).toEqual(expected);
    // A few columns: at 1024 px they fit, no header or mean cut and nothing to scroll sideways.
    await page.setViewportSize({ width: 1024, height: 700 });
    await expect
      .poll(() =>
        page.getByTestId('runs-groups').evaluate((table) => ({
          sideways: [...table.querySelectorAll('.grid-head, .grid-body')].some(
            (el) => el.scrollWidth > el.clientWidth,
          ),
          cut: [...table.querySelectorAll('.grid-head > div, .grid-row > div')]
            .filter((cell) => cell.scrollWidth > cell.clientWidth)
            .map((cell) => cell.textContent),
        })),
      )
      .toEqual({ sideways: false, cut: [] });
    await page.setViewportSize({ width: 1440, height: 900 });
    await shootSizesAndSchemes(page, 'runs-table-grouped', 200);
    await page.locator('[data-testid="runs-group"][data-value="3"]').click();
    await waitTotal(expected.get('3')!);
    await page.getByTestId('runs-row').first().waitFor();
    await page.getByRole('button', { name: 'clear all' }).click();
    await waitTotal(COUNT);
  });

  it('a saved view (columns, sort, filter, grouping) restores after a reload', async () => {
    await page.getByTestId('runs-search').fill('morning');
    const morning = seeded.filter((r) => r.config.text.includes('morning')).length;
    await waitTotal(morning);
    await page.getByTestId('sort-ttfa_ms').click();
    await page.locator('[data-testid="sort-ttfa_ms"][data-sorted="asc"]').waitFor();
    await page.getByTestId('view-name').fill('morning by TTFA');
    await page.getByTestId('view-save').click();

    // Change everything the view holds, then reload.
    await page.getByTestId('runs-search').fill('');
    await waitTotal(COUNT);
    await page.locator('[data-testid="column-chooser"] > summary').click();
    await page.getByTestId('column-toggle-wall_ms').uncheck();
    await page.locator('[data-testid="column-chooser"] > summary').click();
    await page.getByTestId('group-by').selectOption('pipeline_kind');
    await page.reload();
    await page.getByTestId('runs-group').first().waitFor();

    await page.getByTestId('view-select').selectOption('morning by TTFA');
    await page.getByTestId('runs-row').first().waitFor();
    await waitTotal(morning);
    expect(await page.getByTestId('runs-search').inputValue()).toBe('morning');
    expect(await headers()).toContain('sort-wall_ms');
    expect(await headers()).not.toContain('sort-tags');
    expect(await page.locator('[data-testid="sort-ttfa_ms"]').getAttribute('data-sorted')).toBe('asc');
    expect(await page.getByTestId('group-by').inputValue()).toBe('');
  });

  it('looks right in both themes at 1440x900 and 1024x700', async () => {
    await page.getByTestId('runs-search').fill('');
    await waitTotal(COUNT);
    await shootBothSchemes(page, 'runs-table-1440');
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.waitForTimeout(200);
    await shootBothSchemes(page, 'runs-table-1024');
    // Narrower than the columns: the table scrolls sideways inside itself, its header following the rows.
    const pageOverflow = (await page.evaluate(
      'document.documentElement.scrollWidth - window.innerWidth',
    )) as number;
    await page.locator('.grid-body').evaluate((el) => {
      el.scrollLeft = 200;
    });
    expect(pageOverflow).toBeLessThanOrEqual(0);
    expect(await page.locator('.grid-body').evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
    await expect
      .poll(() => page.locator('.grid-head-scroll').evaluate((el) => el.scrollLeft))
      .toBe(await page.locator('.grid-body').evaluate((el) => el.scrollLeft));
    expect(errors).toEqual([]);
  });
});
