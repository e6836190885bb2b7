import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineClient, RunSummary } from '../../src/contract/index.ts';
import { launchBrowser } from './browser.ts';
import { connectClient, runToEnd, startStalledRun } from './workbench-client.ts';
import { screenshotPath, shootBothSchemes, startWorkbench, type StartedWorkbench } from './workbench.ts';

/** The run view: every boundary marked where the engine put it, keyboard navigation, loop, A/B, annotations. */
/** Redrawing after a zoom key can wait behind what a freshly opened view still loads (reference audio, charts). */
const DRAW_WAIT = { timeout: 10_000 };

describe('run view (headless Chromium, fixture model)', () => {
  let workbench: StartedWorkbench;
  let browser: Browser;
  let page: Page;
  let client: EngineClient;
  let run: RunSummary;
  const errors: string[] = [];

  const time = async () => Number(await page.getByTestId('current-time').getAttribute('data-value'));

  beforeAll(async () => {
    [workbench, browser] = await Promise.all([startWorkbench(), launchBrowser()]);
    client = connectClient(workbench.url);
    run = await runToEnd(client, {
      text: 'Hello my big long beautiful world. It is a fine day to walk.',
      textSource: { mode: 'sentences', minChars: 10 },
      boundary: { kind: 'overlap-add', overlapTokens: 3, crossfadeMs: 50, shape: 'hann' },
      schedule: { kind: 'fixed', tokens: 20 },
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${workbench.url}#/runs/${run.id}`);
    await page.locator('[data-testid="run-screen"][data-ready="true"]').waitFor({ timeout: 30_000 });
  }, 120_000);

  afterAll(async () => {
    client?.close();
    await browser?.close();
    await workbench?.stop();
  });

  it('marks every boundary at its stored time, shades the crossfades and shows the metrics with units', async () => {
    expect(run.boundaries.length).toBeGreaterThanOrEqual(3);
    const markers = await page.getByTestId('boundary-marker').evaluateAll((els) =>
      els.map((e) => ({
        time: Number(e.getAttribute('data-time')),
        index: Number(e.getAttribute('data-index')),
      })),
    );
    expect(markers).toHaveLength(run.chunks.length - 1);
    expect(markers.map((m) => m.time)).toEqual(run.boundaries.map((b) => b.timeS));
    expect(markers.map((m) => m.index)).toEqual(run.boundaries.map((b) => b.index));
    const chunkJoins = run.boundaries.filter((b) => !b.segmentJoin).length;
    expect(await page.getByTestId('span-crossfade').count()).toBe(chunkJoins);
    expect(run.boundaries.some((b) => b.segmentJoin)).toBe(true);

    const ttfa = page.getByTestId('metric-ttfa');
    expect(Number(await ttfa.getAttribute('data-value'))).toBe(run.metrics.ttfaMs);
    expect(await ttfa.textContent()).toContain('ms');
    expect(await page.getByTestId('metric-snr').textContent()).toContain('dB');
    // Each metric carries its contract definition; clicks are shown relative to the reference too.
    expect(await ttfa.getAttribute('title')).toContain('first audio sample the engine produced');
    expect(await page.getByTestId('metric-click-excess-max').getAttribute('data-value')).toBe(
      String(run.metrics.boundaries.maxExcessClickScore ?? ''),
    );
    expect(Number(await page.getByTestId('metric-gaps').getAttribute('data-value'))).toBe(
      run.metrics.playback.gapCount,
    );
    expect(await page.getByTestId('boundary-row').count()).toBe(run.boundaries.length);
    expect(await page.getByTestId('excess-click').first().textContent()).toBe(
      run.boundaries[0]!.excessClickScore!.toFixed(2),
    );
    expect(await page.getByTestId('synthetic-badge').first().textContent()).toBe('synthetic test model');
  });

  it('jumps between boundaries with ] and [ (and n / p)', async () => {
    const times = run.boundaries.map((b) => b.timeS);
    expect(await time()).toBe(0);
    await page.keyboard.press(']');
    expect(await time()).toBeCloseTo(times[0]!, 6);
    await page.keyboard.press(']');
    expect(await time()).toBeCloseTo(times[1]!, 6);
    await page.keyboard.press('n');
    expect(await time()).toBeCloseTo(times[2]!, 6);
    await page.keyboard.press('[');
    expect(await time()).toBeCloseTo(times[1]!, 6);
    await page.keyboard.press('p');
    expect(await time()).toBeCloseTo(times[0]!, 6);
    // Past the last boundary, ] stays put; a row click jumps too.
    for (let i = 0; i < times.length + 2; i++) await page.keyboard.press(']');
    expect(await time()).toBeCloseTo(times.at(-1)!, 6);
    await page.getByTestId('boundary-row').nth(1).click();
    expect(await time()).toBeCloseTo(times[1]!, 6);
  });

  it('loops ±250 ms around the current boundary and clears the loop with Escape', async () => {
    await page.keyboard.press('l');
    const loop = page.getByTestId('loop-region');
    await loop.waitFor();
    expect(await page.getByTestId('loop-button').getAttribute('class')).toContain('active');
    await page.keyboard.press('Escape');
    await loop.waitFor({ state: 'detached' });
  });

  it('plays and pauses with Space, and switches to the offline reference with R at the same position', async () => {
    await page.keyboard.press('[');
    const start = await time();
    await page.keyboard.press(' ');
    await expect.poll(time, { timeout: 10_000 }).toBeGreaterThan(start + 0.1);
    const beforeSwitch = await time();
    await page.keyboard.press('r');
    await page.locator('[data-testid="play-reference"].active').waitFor();
    // The switch keeps the position: playback goes on from where the stream was, not from the start.
    expect(await time()).toBeGreaterThanOrEqual(beforeSwitch);
    await page.keyboard.press(' ');
    const paused = await time();
    await page.waitForTimeout(200);
    expect(await time()).toBe(paused);
    expect(paused).toBeGreaterThan(start);
    await page.getByTestId('play-stream').click();
  });

  it('saves tags and notes on the run', async () => {
    await page.getByTestId('tag-input').fill('crossfade, keeper');
    await page.getByTestId('tag-input').press('Enter');
    await page.getByTestId('run-tag').nth(1).waitFor();
    await page.getByTestId('note-input').fill('Boundary 1 is clean.');
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.getByTestId('run-note').waitFor();
    const stored = await client.call('runs.get', { id: run.id });
    expect(stored.tags).toEqual(['crossfade', 'keeper']);
    expect(stored.notes.map((n) => n.body)).toEqual(['Boundary 1 is clean.']);
  });

  it('draws the samples themselves, as lines and dots, when S zooms to sample level', async () => {
    const waveform = page.getByTestId('run-waveform');
    await page.keyboard.press('0');
    await expect.poll(() => waveform.getAttribute('data-draw-mode'), DRAW_WAIT).toBe('envelope');
    // At the second boundary, S zooms to 6 px per sample: every sample gets its dot, so a step there is visible.
    await page.getByTestId('boundary-row').nth(1).click();
    await page.keyboard.press('s');
    await expect.poll(() => waveform.getAttribute('data-draw-mode'), DRAW_WAIT).toBe('dots');
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: screenshotPath('run-view-samples-1400x1000-light') });
    // Each size and theme in a page of its own (a theme change rebuilds the waveform at fit).
    for (const [width, height] of [
      [1440, 900],
      [1024, 700],
    ] as const)
      for (const colorScheme of ['light', 'dark'] as const) {
        const shot = await browser.newPage({ viewport: { width, height }, colorScheme });
        await shot.goto(`${workbench.url}#/runs/${run.id}`);
        await shot.locator('[data-testid="run-screen"][data-ready="true"]').waitFor({ timeout: 30_000 });
        await shot.getByTestId('boundary-row').nth(1).click();
        await shot.keyboard.press('s');
        await expect
          .poll(() => shot.getByTestId('run-waveform').getAttribute('data-draw-mode'), DRAW_WAIT)
          .toBe('dots');
        await shot.evaluate('window.scrollTo(0, 0)'); // clicking the row scrolled the table into view
        await shot.screenshot({ path: screenshotPath(`run-view-samples-${width}x${height}-${colorScheme}`) });
        await shot.close();
      }
    await page.setViewportSize({ width: 1400, height: 1000 });
    await page.keyboard.press('0');
    await expect.poll(() => waveform.getAttribute('data-draw-mode'), DRAW_WAIT).toBe('envelope');
  });

  it('explains every boundary column with its contract definition and names the provider of each graph', async () => {
    const dE = page.getByTestId('boundary-header-dEDb');
    expect(await dE.textContent()).toBe('dE (dB)');
    expect(await dE.getAttribute('title')).toMatch(/^Energy continuity: 10·log10 of the mean square/);
    expect(await page.getByTestId('boundary-header-fluxJump').getAttribute('title')).toMatch(/Spectral flux/);
    expect(await page.getByTestId('boundary-header-snrDbLocal').getAttribute('title')).toMatch(/±100 ms/);
    expect(await page.getByTestId('boundary-header-excessClickScore').getAttribute('title')).toMatch(
      /Click minus ref click/,
    );
    const legend = page.getByTestId('boundary-legend');
    await legend.locator('summary').click();
    expect(await legend.textContent()).toContain('local SNR (dB)');

    const graphs = Object.entries(run.provenance.providers);
    expect(graphs.length).toBeGreaterThanOrEqual(3);
    const providers = await page.getByTestId('run-providers').textContent();
    expect(providers).toBe(graphs.map(([graph, provider]) => `${graph}: ${provider}`).join(' · '));
    expect(providers).not.toMatch(/cpu\/cpu/);
  });

  it('draws the chunk timeline when it is scrolled near, not while the view opens, with every bar', async () => {
    const other = await browser.newPage({ viewport: { width: 1024, height: 700 } });
    await other.goto(`${workbench.url}#/runs/${run.id}`);
    await other.locator('[data-testid="run-screen"][data-ready="true"]').waitFor({ timeout: 30_000 });
    const pending = other.getByTestId('chunk-timeline-pending');
    await pending.waitFor();
    expect(await other.getByTestId('chunk-timeline').count()).toBe(0);
    await pending.scrollIntoViewIfNeeded();
    const chart = other.locator('[data-testid="chunk-timeline"][data-finished="true"]');
    await chart.waitFor({ timeout: 30_000 });
    // Each chunk has at least its token generation and its decoding bar (plus queue waits, playback, gaps).
    expect(Number(await chart.getAttribute('data-points'))).toBeGreaterThanOrEqual(2 * run.chunks.length);
    expect(await chart.locator('canvas').count()).toBeGreaterThan(0);
    await other.close();
  });

  it('opens a run from a short id in the URL', async () => {
    const other = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await other.goto(`${workbench.url}#/runs/${run.id.slice(0, 8)}`);
    await other.locator('[data-testid="run-screen"][data-ready="true"]').waitFor({ timeout: 30_000 });
    expect(await other.getByTestId('run-screen').getAttribute('data-run-id')).toBe(run.id);
    expect(await other.getByTestId('boundary-marker').count()).toBe(run.boundaries.length);
    await other.goto(`${workbench.url}#/runs/ffffffffffff`);
    await other.getByText('no run ffffffffffff').waitFor();
    await other.close();
  });

  it('says a running run is still running, with Cancel, never that it "has no stream audio"', async () => {
    const runId = await startStalledRun(client);
    const other = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await other.goto(`${workbench.url}#/runs/${runId}`);
    const absent = other.getByTestId('no-audio');
    await absent.waitFor({ timeout: 30_000 });
    expect(await absent.getAttribute('data-status')).toBe('running');
    expect(await absent.textContent()).toContain('This run is still running');
    expect(await other.getByTestId('run-screen').textContent()).not.toContain('has no stream audio');
    await shootBothSchemes(other, 'run-view-running-1440x900', 200);
    await other.setViewportSize({ width: 1024, height: 700 });
    await shootBothSchemes(other, 'run-view-running-1024x700', 200);

    await other.getByTestId('cancel-run').click();
    await expect.poll(() => absent.getAttribute('data-status'), { timeout: 30_000 }).toBe('cancelled');
    expect(await absent.textContent()).toContain('cancelled before it finished');
    expect((await client.call('runs.get', { id: runId })).run.status).toBe('cancelled');
    await other.close();
  });

  it('looks right in light and dark', async () => {
    // The chunk timeline draws when scrolled near: bring it in once so the full-page shots include it.
    await page.evaluate('window.scrollTo(0, document.body.scrollHeight)');
    await page.locator('[data-testid="chunk-timeline"][data-finished="true"]').waitFor({ timeout: 30_000 });
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.locator('[data-testid="run-screen"][data-ready="true"]').waitFor();
      await page.waitForTimeout(500);
      await page.evaluate('window.scrollTo(0, 0)');
      await page.screenshot({ path: screenshotPath(`run-view-${scheme}`), fullPage: true });
    }
    for (const [width, height] of [
      [1440, 900],
      [1024, 700],
    ] as const) {
      await page.setViewportSize({ width, height });
      await page.evaluate('window.scrollTo(0, 0)');
      await shootBothSchemes(page, `run-view-${width}x${height}`, 500);
    }
    expect(errors).toEqual([]);
  });
});
