import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineClient } from '../../src/contract/index.ts';
import { encodeWav } from '../../src/engine/audio/wav.ts';
import { launchBrowser } from './browser.ts';
import { connectClient, runToEnd } from './workbench-client.ts';
import { shootSizesAndSchemes, startWorkbench, type StartedWorkbench } from './workbench.ts';

/**
 * Issue 16 items 1 and 3 as a user meets them: a 20 000-character text in whole mode is refused in the form with
 * the model's limit and an offer to switch text source (it used to grow the engine to 18 GB); a run says why it
 * ended; a silent or 10 ms voice is refused at import with the numbers (it used to fail only at run time), and an
 * imported voice can be renamed and removed.
 */
describe('a day of real use: long text and voices (headless Chromium, fixture model)', () => {
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
    await page.evaluate('localStorage.clear()');
    await page.reload();
    await page.getByTestId('experiment-screen').waitFor();
  });

  afterAll(async () => {
    client?.close();
    await browser?.close();
    await workbench?.stop();
  });

  it('refuses 20 000 characters in whole mode with the limit, and offers sentences or segments', async () => {
    const text = 'Hello there my friend. '.repeat(869).trim();
    await page.getByTestId('text-input').fill(text);
    const error = page.getByTestId('text-error');
    await expect
      .poll(async () => ((await error.count()) ? await error.textContent() : ''), { timeout: 30_000 })
      .toMatch(/the text is 19\d{3} tokens .* at most 2048 text tokens per utterance/);
    expect(await page.getByTestId('run-button').isDisabled()).toBe(true);
    await shootSizesAndSchemes(page, 'workday-long-text-refused');
    // The engine refuses the same run on its own: no memory is spent on a prefill the model cannot take.
    await expect(
      runToEnd(client, { text, textSource: { mode: 'whole' }, noiseFloorRepeats: 0 }),
    ).rejects.toThrow(/at most 2048 text tokens/);

    await page.getByTestId('switch-to-sentences').click();
    await expect.poll(() => error.count()).toBe(0);
    expect(await page.getByTestId('run-button').isDisabled()).toBe(false);
    expect(await page.getByTestId('text-too-long').count()).toBe(0);
  }, 90_000);

  it('shows why a run ended: cut at max tokens', async () => {
    const run = await runToEnd(client, { text: 'Hello my big long beautiful world.', maxNewTokens: 5 });
    await page.goto(`${workbench.url}#/runs/${run.id}`);
    const reason = page.getByTestId('stop-reason');
    await reason.waitFor({ timeout: 30_000 });
    expect(await reason.getAttribute('data-reason')).toBe('max-tokens');
    expect(await reason.textContent()).toMatch(/reached the 5-token limit before the stop token/);
  }, 60_000);

  const wav = (seconds: number, amplitude: number) =>
    Buffer.from(
      encodeWav(
        Float32Array.from({ length: Math.round(24000 * seconds) }, (_, i) => amplitude * Math.sin(i / 9)),
        24000,
      ),
    );

  it('refuses a silent or 10 ms voice at import with the numbers; renames and removes an imported one', async () => {
    await page.goto(`${workbench.url}#/`);
    await page.getByTestId('experiment-screen').waitFor();
    const file = page.getByTestId('voice-file');
    const voiceError = page.getByTestId('voice-error');

    await file.setInputFiles({ name: 'zero.wav', mimeType: 'audio/wav', buffer: wav(2, 0) });
    await voiceError.waitFor({ timeout: 30_000 });
    expect(await voiceError.textContent()).toMatch(
      /"zero" is silent \(2\.00 s with no sample above -80 dBFS\)/,
    );

    await file.setInputFiles({ name: 'blip.wav', mimeType: 'audio/wav', buffer: wav(0.01, 0.3) });
    await expect
      .poll(() => voiceError.textContent(), { timeout: 30_000 })
      .toMatch(/"blip" has 0\.\d\d s of sound, and the original family needs at least 1 s/);
    await shootSizesAndSchemes(page, 'workday-voice-refused');
    const names = async () =>
      page
        .getByTestId('voice-select')
        .locator('option')
        .evaluateAll((o) => o.map((x) => x.textContent));
    expect((await names()).some((n) => /zero|blip/.test(n ?? ''))).toBe(false);

    await file.setInputFiles({ name: 'take.wav', mimeType: 'audio/wav', buffer: wav(2, 0.3) });
    await expect.poll(() => page.getByTestId('voice-select').inputValue(), { timeout: 30_000 }).toBe('take');
    await page.getByTestId('voice-rename').click();
    await page.getByTestId('voice-rename-input').fill('narrator');
    await page.getByTestId('voice-rename-save').click();
    await expect.poll(() => page.getByTestId('voice-select').inputValue()).toBe('narrator');
    expect(await names()).toContain('narrator');
    expect(await names()).not.toContain('take');

    await page.getByTestId('voice-remove').click();
    await page.getByTestId('voice-remove-confirm').click();
    await expect.poll(() => page.getByTestId('voice-select').inputValue()).toBe('default');
    expect(await names()).not.toContain('narrator');
    expect((await client.call('voices.list', {})).voices.some((v) => !v.builtIn)).toBe(false);
    expect(errors).toEqual([]);
  }, 90_000);
});
