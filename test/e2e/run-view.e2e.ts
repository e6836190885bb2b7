import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineClient, RunSummary } from '../../src/contract/index.ts';
import { launchBrowser } from './browser.ts';
import { connectClient, runToEnd } from './workbench-client.ts';
import { screenshotPath, startWorkbench, type StartedWorkbench } from './workbench.ts';

/** The run view: every boundary marked where the engine put it, keyboard navigation, loop, A/B, annotations. */
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

  it('looks right in light and dark', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.locator('[data-testid="run-screen"][data-ready="true"]').waitFor();
      await page.waitForTimeout(500);
      await page.evaluate('window.scrollTo(0, 0)');
      await page.screenshot({ path: screenshotPath(`run-view-${scheme}`), fullPage: true });
    }
    expect(errors).toEqual([]);
  });
});
