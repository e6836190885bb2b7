import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineClient } from '../../src/contract/index.ts';
import { launchBrowser } from './browser.ts';
import { connectClient } from './workbench-client.ts';
import { screenshotPath, startWorkbench, type StartedWorkbench } from './workbench.ts';

/**
 * The Experiment screen in browser mode with the fixture model: every seed preset runs to the end, and its run
 * view shows one marker per boundary (chunks - 1) at the boundary times the engine stored; live playback counts
 * its gaps.
 */
describe('experiment screen (headless Chromium, fixture model)', () => {
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
    await page.goto(`${workbench.url}#/`);
    await page.getByTestId('experiment-screen').waitFor();
  });

  afterAll(async () => {
    client?.close();
    await browser?.close();
    await workbench?.stop();
  });

  /** The Experiment screen with a default form (each test starts from the same draft, not the last test's). */
  async function fresh(): Promise<void> {
    await page.goto(`${workbench.url}#/`);
    await page.evaluate('localStorage.clear()');
    await page.reload();
    await page.getByTestId('experiment-screen').waitFor();
  }

  /** Runs the current form and waits for the end; returns the run id. */
  async function runForm(): Promise<string> {
    // A previous run may still be on show as finished: wait for this run's id before waiting for its end.
    const liveRun = page.getByTestId('live-run');
    const before = (await liveRun.count()) ? await liveRun.getAttribute('data-run-id') : null;
    await page.getByTestId('run-button').click();
    await expect
      .poll(
        async () => {
          const id = (await liveRun.count()) ? await liveRun.getAttribute('data-run-id') : null;
          return id !== null && id !== before;
        },
        { timeout: 60_000 },
      )
      .toBe(true);
    await page.locator('[data-testid="live-status"][data-state="finished"]').waitFor({ timeout: 60_000 });
    return (await liveRun.getAttribute('data-run-id'))!;
  }

  const PRESETS: [string, (config: Record<string, unknown>) => void][] = [
    ['overlap-add', (c) => expect(c.boundary).toMatchObject({ kind: 'overlap-add', overlapTokens: 3 })],
    ['parallel', (c) => expect(c.pipeline).toEqual({ kind: 'parallel', queueDepth: 2 })],
    [
      'cached-context',
      (c) =>
        expect([c.model, (c.boundary as { kind: string }).kind]).toEqual(['fixture-stateful', 'stateful']),
    ],
    ['sentences', (c) => expect(c.textSource).toEqual({ mode: 'sentences', minChars: 10 })],
    ['llm-stream', (c) => expect(c.textSource).toMatchObject({ mode: 'llm-stream', tokensPerSecond: 20 })],
  ];

  it.each(PRESETS)(
    'runs the %s preset and shows chunks - 1 markers at the boundary times',
    async (preset, checkConfig) => {
      await fresh();
      await page.getByTestId(`preset-${preset}`).click();
      // Two sentences, so the sentence and LLM presets produce more than one segment.
      await page
        .getByTestId('text-input')
        .fill('Hello my big long beautiful world. It is a fine day to walk.');
      const runId = await runForm();
      const tokens = Number(await page.getByTestId('live-tokens').getAttribute('data-value'));
      const chunks = Number(await page.getByTestId('live-chunks').getAttribute('data-value'));

      const { run } = await client.call('runs.get', { id: runId });
      checkConfig(run.config as unknown as Record<string, unknown>);
      expect(run.status).toBe('finished');
      expect(run.provenance.model.synthetic).toBe(true);
      expect(chunks).toBe(run.chunks.length);
      expect(tokens).toBe(run.metrics!.tokens);
      expect(run.chunks.length).toBeGreaterThanOrEqual(2);

      await page.getByTestId('open-run').click();
      await page.locator('[data-testid="run-screen"][data-ready="true"]').waitFor({ timeout: 30_000 });
      const markers = await page
        .getByTestId('boundary-marker')
        .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-time'))));
      expect(markers).toHaveLength(run.chunks.length - 1);
      expect(markers).toEqual(run.boundaries.map((b) => b.timeS));
      // Each boundary is where the next chunk's audio takes over: its first sample, or for overlap-add the centre
      // of the crossfade, inside the overlap the next chunk's record starts with.
      const boundary = run.config.boundary;
      run.boundaries.forEach((b, i) => {
        const nextStart = run.chunks[i + 1]!.sampleStart;
        expect(b.timeS).toBeCloseTo(b.sample / run.sampleRate!, 9);
        if (boundary.kind === 'overlap-add' && !b.segmentJoin) {
          expect(b.sample).toBeGreaterThanOrEqual(nextStart);
          expect(b.sample).toBeLessThanOrEqual(nextStart + boundary.overlapTokens * 960);
        } else expect(b.sample).toBe(nextStart);
      });
      expect(await page.getByTestId('synthetic-badge').first().textContent()).toBe('synthetic test model');
    },
    90_000,
  );

  it('plays live from the first chunk and counts the gaps when text arrives slower than speech', async () => {
    await fresh();
    await page.getByTestId('preset-llm-stream').click();
    await page
      .getByTestId('text-input')
      .fill('Hello my big long beautiful world. It is a fine day to walk. Shall we go now?');
    // 3 text tokens per second: each short segment is spoken long before the next one has arrived.
    await page.getByTestId('llm-rate').fill('3');
    await page.getByTestId('jitter-buffer').fill('0');
    await runForm();
    const gaps = Number(await page.getByTestId('gap-count').getAttribute('data-value'));
    const gapMs = Number(await page.getByTestId('gap-total').getAttribute('data-value'));
    const engineGaps = Number(await page.getByTestId('engine-gaps').getAttribute('data-value'));
    // Heard and engine-simulated gaps carry their names and definitions.
    expect(await page.getByTestId('gap-count').textContent()).toContain('Heard gaps');
    expect(await page.getByTestId('engine-gaps').getAttribute('title')).toContain('chunk-ready times');
    expect(gaps).toBeGreaterThanOrEqual(1);
    expect(gapMs).toBeGreaterThan(0);
    // The engine's real-time simulation sees the same starvation.
    expect(engineGaps).toBeGreaterThanOrEqual(1);
    await page.emulateMedia({ colorScheme: 'light' });
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: screenshotPath('experiment-live-gaps-light'), fullPage: true });
  }, 90_000);

  it('plays a gathered run without a single gap, and the buffer drains to the end', async () => {
    await fresh();
    await page.getByTestId('preset-naive').click();
    await page.getByTestId('text-seed').click();
    await page.getByTestId('playback-mode').selectOption('gather-then-play');
    await runForm();
    await page.locator('[data-testid="live-player-state"][data-state="ended"]').waitFor({ timeout: 15_000 });
    expect(Number(await page.getByTestId('gap-count').getAttribute('data-value'))).toBe(0);
    expect(Number(await page.getByTestId('buffer-lead').getAttribute('data-value'))).toBe(0);
  }, 90_000);

  it('offers a language for a multilingual model and runs in it', async () => {
    await fresh();
    await page.getByTestId('preset-naive').click();
    await page.getByTestId('text-input').fill('Bonjour tout le monde.');
    expect(await page.getByTestId('language-select').count()).toBe(0); // the English-only fixture
    await page.getByTestId('model-select').selectOption('fixture-multilingual');
    expect(await page.getByTestId('language-select').inputValue()).toBe('en');
    await page.getByTestId('language-select').selectOption('fr');
    const runId = await runForm();
    const { run } = await client.call('runs.get', { id: runId });
    expect([run.config.model, run.config.language, run.status]).toEqual([
      'fixture-multilingual',
      'fr',
      'finished',
    ]);
    // Back to an English-only model: the language goes back to English, which is all it can speak.
    await page.getByTestId('model-select').selectOption('fixture');
    expect(await page.getByTestId('language-select').count()).toBe(0);
    const english = await runForm();
    expect((await client.call('runs.get', { id: english })).run.config.language).toBe('en');
  }, 90_000);

  it('runs a Turbo model with the model-card preset; its run view shows the defaults and what Turbo does not use', async () => {
    await fresh();
    await page.getByTestId('preset-naive').click();
    await page.getByTestId('model-select').selectOption('fixture-turbo');
    expect(await page.getByTestId('language-select').count()).toBe(0); // Turbo is English-only
    await page.getByTestId('sampler-preset').selectOption('model-card');
    await page.getByTestId('sampler-cfg').fill('0.5'); // asked for, but Turbo has no guidance
    const runId = await runForm();
    const { run } = await client.call('runs.get', { id: runId });
    expect([run.status, run.provenance.model.family]).toEqual(['finished', 'turbo']);
    expect(run.config.sampler).toMatchObject({ preset: 'model-card', cfgWeight: 0.5 });
    expect(run.config.sampler.temperature).toBeUndefined(); // left to the family's default
    expect(run.provenance.generation?.sampler).toMatchObject({ greedy: true, cfgWeight: 0, topK: 1000 });
    await page.goto(`${workbench.url}#/runs/${runId}`);
    const ignored = page.getByTestId('ignored-settings');
    await ignored.waitFor();
    expect(await ignored.textContent()).toContain('cfgWeight 0.5: Turbo has no classifier-free guidance');
    expect(await page.getByTestId('defaults-applied').textContent()).toContain(
      'greedy true (Turbo model-card preset)',
    );
    expect(await page.getByTestId('generation-settings').textContent()).toContain('model-card · greedy');
  }, 90_000);

  it('keeps the form when the engine refuses a run, and says what to do', async () => {
    await fresh();
    await page.getByTestId('preset-naive').click();
    await page.getByTestId('text-input').fill('A text the user does not want to lose.');
    await page.getByTestId('model-select').selectOption('fixture');
    // A stateful boundary on the stock decoder: only the engine can tell, and it refuses.
    await page.getByTestId('boundary-kind').selectOption('stateful');
    await page.getByTestId('run-button').click();
    const error = page.locator('[data-testid="run-error"], [data-testid="start-error"]');
    await error.waitFor({ timeout: 60_000 });
    expect(await error.textContent()).toMatch(/fixture-stateful/);
    await page.reload();
    await page.getByTestId('experiment-screen').waitFor();
    expect(await page.getByTestId('text-input').inputValue()).toBe('A text the user does not want to lose.');
    expect(await page.getByTestId('boundary-kind').inputValue()).toBe('stateful');
  }, 90_000);

  it('looks right in light and dark', async () => {
    await fresh();
    await page.getByTestId('preset-overlap-add').click();
    await page.getByTestId('text-input').fill('Hello my big long beautiful world. It is a fine day to walk.');
    await runForm();
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.waitForTimeout(200);
      await page.evaluate('window.scrollTo(0, 0)');
      await page.screenshot({ path: screenshotPath(`experiment-${scheme}`), fullPage: true });
    }
    expect(errors).toEqual([]);
  }, 90_000);
});
