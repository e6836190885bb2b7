import fs from 'node:fs';
import path from 'node:path';
import { createEngine } from '../../engine/index.ts';
import { startServer } from '../../server/index.ts';
import { RENDERER_DIR } from '../build-when-stale.ts';
import { findChromium, HEADLESS_CHROMIUM_FLAGS } from './chromium.ts';
import type { BenchSuite } from './types.ts';
import { seedRun, seedRuns } from './seeded-runs.ts';

const LONG_RUN_CHUNKS = 601; // 600 boundaries
const LONG_RUN_CHUNK_TOKENS = 25; // 1 s per chunk: 601 s ≈ 10 minutes
const LIBRARY_SIZE = 10_000;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const round = (ms: number) => Math.round(ms * 10) / 10;

/** In the page: the performance.now() at which `selector` first matched (polled every animation frame). */
function markWhen(selector: string, key: string): string {
  return `(() => {
    const check = () => {
      if (document.querySelector(${JSON.stringify(selector)})) { window[${JSON.stringify(key)}] = performance.now(); return; }
      requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  })();`;
}

// In-page measurements, as source text: this file is type-checked for Node, where the DOM does not exist.

/** Presses ] and resolves with the ms until the playhead clock shows the new position. */
const IN_PAGE_KEY_RESPONSE = `new Promise((resolve) => {
  const clock = document.querySelector('[data-testid="current-time"]');
  const before = clock.getAttribute('data-value');
  const start = performance.now();
  const check = () => clock.getAttribute('data-value') !== before ? resolve(performance.now() - start) : requestAnimationFrame(check);
  setTimeout(() => resolve(-1), 10000);
  window.dispatchEvent(new KeyboardEvent('keydown', { key: ']' }));
  requestAnimationFrame(check);
})`;

/** Clicks the TTFA header and resolves with the ms until the first row is another run (sorted by the database). */
const IN_PAGE_SORT = `new Promise((resolve) => {
  const firstId = () => document.querySelector('[data-testid="runs-row"]')?.getAttribute('data-id');
  const before = firstId();
  const start = performance.now();
  document.querySelector('[data-testid="sort-ttfa_ms"]').click();
  const check = () => (firstId() && firstId() !== before ? resolve(performance.now() - start) : requestAnimationFrame(check));
  setTimeout(() => resolve(-1), 10000);
  requestAnimationFrame(check);
})`;

/** Scrolls the table to the end and resolves with the ms until row `index` is loaded and drawn. */
function inPageScrollToRow(index: number): string {
  return `new Promise((resolve) => {
    const body = document.querySelector('.grid-body');
    const start = performance.now();
    body.scrollTo(0, body.scrollHeight);
    const check = () => document.querySelector('[data-testid="runs-row"][data-index="${index}"]') ? resolve(performance.now() - start) : requestAnimationFrame(check);
    setTimeout(() => resolve(-1), 10000);
    requestAnimationFrame(check);
  })`;
}

/**
 * `npm run bench -- ui`: the built workbench in headless Chromium (browser mode, like `npm start`). Measures
 * (1) opening a 10-minute run with 600 boundaries: navigation start to the waveform drawn with every marker
 * placed and the keys bound (the run screen's data-ready), then how long the first `]` takes to move the
 * playhead (-1 = it did not within 10 s); (2) opening the runs table over a 10 000-run library: navigation to the first rows and the total,
 * a database-side sort, and a jump to the last row. Times are ms from the page's navigation start.
 */
export const benchUi: BenchSuite = async ({ quick, workDir, log }) => {
  if (!fs.existsSync(path.join(RENDERER_DIR, 'index.html')))
    throw new Error(`the UI is not built (${RENDERER_DIR}): run \`npm run build\` first`);
  const executablePath = findChromium();
  if (!executablePath)
    throw new Error(
      'no Chromium or Chrome found: install one (apt-get install chromium) or set SEAMLAB_CHROMIUM',
    );
  const { chromium } = await import('playwright-core');

  const engine = createEngine({
    host: 'server',
    databasePath: path.join(workDir, 'bench-ui.db'),
    modelsDir: path.join(workDir, 'models'),
  });
  const store = engine.context.store();
  log(`[ui] seeding a ${LONG_RUN_CHUNKS - 1}-boundary run and ${LIBRARY_SIZE} library runs`);
  const seedStart = performance.now();
  const long = seedRun(store, 999_999, {
    chunks: LONG_RUN_CHUNKS,
    chunkTokens: LONG_RUN_CHUNK_TOKENS,
    createdAt: new Date(Date.UTC(2024, 0, 1)),
  });
  seedRuns(store, LIBRARY_SIZE - 1, { audioSamples: 240 });
  const seedMs = performance.now() - seedStart;

  const server = await startServer({ engine, host: '127.0.0.1', port: 0, staticDir: RENDERER_DIR });
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: HEADLESS_CHROMIUM_FLAGS,
  });
  const repeats = quick ? 1 : 5;
  try {
    const runView: { readyMs: number; keyMs: number; markers: number }[] = [];
    for (let i = 0; i < repeats; i++) {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      await page.addInitScript(markWhen('[data-testid="run-screen"][data-ready="true"]', '__readyAt'));
      await page.goto(`${server.url}#/runs/${long.id}`);
      await page.waitForFunction(() => (globalThis as { __readyAt?: number }).__readyAt !== undefined, null, {
        timeout: 120_000,
      });
      const readyMs = (await page.evaluate('window.__readyAt')) as number;
      const markers = await page.getByTestId('boundary-marker').count();
      const keyMs = (await page.evaluate(IN_PAGE_KEY_RESPONSE)) as number;
      runView.push({ readyMs, keyMs, markers });
      log(`[ui] run view #${i + 1}: ready ${round(readyMs)} ms, ${markers} markers, ] in ${round(keyMs)} ms`);
      await page.close();
    }

    const table: { firstRowsMs: number; sortMs: number; lastRowMs: number; total: number }[] = [];
    for (let i = 0; i < repeats; i++) {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      await page.addInitScript(markWhen('[data-testid="runs-row"]', '__rowsAt'));
      await page.addInitScript('localStorage.clear()');
      await page.goto(`${server.url}#/runs`);
      await page.waitForFunction(() => (globalThis as { __rowsAt?: number }).__rowsAt !== undefined, null, {
        timeout: 60_000,
      });
      const firstRowsMs = (await page.evaluate('window.__rowsAt')) as number;
      await page.locator('[data-testid="runs-total"][data-value]:not([data-value=""])').waitFor();
      const total = Number(await page.getByTestId('runs-total').getAttribute('data-value'));
      const sortMs = (await page.evaluate(IN_PAGE_SORT)) as number;
      const lastRowMs = (await page.evaluate(inPageScrollToRow(LIBRARY_SIZE - 1))) as number;
      table.push({ firstRowsMs, sortMs, lastRowMs, total });
      log(
        `[ui] runs table #${i + 1}: rows ${round(firstRowsMs)} ms, sort ${round(sortMs)} ms, last row ${round(lastRowMs)} ms`,
      );
      await page.close();
    }

    return {
      longRun: {
        durationS: (LONG_RUN_CHUNKS * LONG_RUN_CHUNK_TOKENS * 960) / 24_000,
        boundaries: LONG_RUN_CHUNKS - 1,
        markersRendered: runView[0]!.markers,
        timeToInteractiveMs: round(median(runView.map((r) => r.readyMs))),
        timeToInteractiveAllMs: runView.map((r) => round(r.readyMs)),
        nextBoundaryKeyMs: round(median(runView.map((r) => r.keyMs))),
      },
      runsTable: {
        runs: table[0]!.total,
        firstRowsMs: round(median(table.map((t) => t.firstRowsMs))),
        firstRowsAllMs: table.map((t) => round(t.firstRowsMs)),
        sortByMetricMs: round(median(table.map((t) => t.sortMs))),
        scrollToLastRowMs: round(median(table.map((t) => t.lastRowMs))),
      },
      seedMs: round(seedMs),
      // Which Chromium measured: a new version can change the figures (Chromium 156's toolbar pages did).
      browser: `Chromium ${browser.version()}`,
      note: 'ms from navigation start in headless Chromium; the run view is ready when the waveform is drawn, all markers are placed and the keys are bound',
    };
  } finally {
    await browser.close();
    await server.close();
    await engine.close();
  }
};
