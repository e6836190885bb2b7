import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './browser.ts';
import { SHOT_SIZES, shootSizesAndSchemes, startWorkbench, type StartedWorkbench } from './workbench.ts';

/**
 * Issue 16 item 4 (forms) and the drop of an audio file on the Experiment screen (item 3), in headless Chromium:
 * number fields that never clamp while typing, friendly field errors without zod paths, select labels that fit,
 * a sweep started from the Experiment screen's settings and a form that keeps what was typed, and a voice dropped
 * anywhere on the screen.
 */
/**
 * Evaluated in the page: every select option whose text is wider than the select's room for it (its width less
 * padding and about 20 px of arrow), measured with the select's own font.
 */
const CUT_OPTIONS = `(() => {
  const canvas = document.createElement('canvas').getContext('2d');
  const found = [];
  for (const select of document.querySelectorAll('select')) {
    const style = getComputedStyle(select);
    canvas.font = style.fontSize + ' ' + style.fontFamily;
    const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 20;
    for (const option of select.options)
      if (canvas.measureText(option.text).width > room) found.push(option.text + ' (' + room + 'px)');
  }
  return found;
})()`;

describe('forms and the voice drop (headless Chromium, fixture model)', () => {
  let workbench: StartedWorkbench;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    [workbench, browser] = await Promise.all([startWorkbench(), launchBrowser()]);
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${workbench.url}#/`);
    await page.evaluate('localStorage.clear()');
  });

  afterAll(async () => {
    await browser?.close();
    await workbench?.stop();
  });

  const shootSizes = (name: string) => shootSizesAndSchemes(page, name, 200);

  it('"Trials per pair": clearing 10 and typing 6 gives 6, and an out-of-range value is named on blur', async () => {
    await page.goto(`${workbench.url}#/listening`);
    const trials = page.getByTestId('session-trials');
    await trials.waitFor();
    expect(await trials.inputValue()).toBe('10');
    await trials.click();
    await trials.press('Control+a');
    await trials.press('Backspace');
    expect(await trials.inputValue()).toBe('');
    await trials.pressSequentially('6');
    expect(await trials.inputValue()).toBe('6');
    expect(await page.getByTestId('session-trials-error').count()).toBe(0);

    await trials.fill('500');
    expect(await page.getByTestId('session-trials-error').count()).toBe(0); // not while typing
    await trials.blur();
    expect(await page.getByTestId('session-trials-error').textContent()).toBe('a whole number from 1 to 100');
    expect(await trials.inputValue()).toBe('500'); // kept, never clamped
    await shootSizes('forms-listening-trials-invalid');
    await trials.fill('6');
    expect(await page.getByTestId('session-trials-error').count()).toBe(0);

    // Kept while visiting another screen.
    await page.getByTestId('session-name').fill('overlap check');
    await page.goto(`${workbench.url}#/runs`);
    await page.goto(`${workbench.url}#/listening`);
    expect(await page.getByTestId('session-trials').inputValue()).toBe('6');
    expect(await page.getByTestId('session-name').inputValue()).toBe('overlap check');
  });

  it('Experiment: a number field validates on blur, disables Run, and errors show no zod path', async () => {
    await page.goto(`${workbench.url}#/`);
    await page.getByTestId('experiment-screen').waitFor();
    await page.getByTestId('boundary-kind').selectOption('overlap-add');
    const overlap = page.getByTestId('overlap-tokens');
    await overlap.fill('-1');
    expect(await page.getByTestId('overlap-tokens-error').count()).toBe(0);
    expect(await page.getByTestId('run-button').isDisabled()).toBe(true);
    await overlap.blur();
    expect(await page.getByTestId('overlap-tokens-error').textContent()).toBe('a whole number from 0 to 8');
    expect(await page.getByTestId('form-invalid').textContent()).toBe('Fix 1 field first');
    await shootSizes('forms-experiment-invalid');
    await overlap.fill('2'); // 2 x 40 ms holds the default 50 ms crossfade
    expect(await page.getByTestId('run-button').isDisabled()).toBe(false);

    // A cross-field rule (and a stored draft with an out-of-range value) is said in words, without the path.
    await page.evaluate(() => {
      const key = 'seamlab.experiment.draft.v1';
      const draft = JSON.parse(localStorage.getItem(key) ?? '{}') as Record<string, unknown>;
      draft.boundary = { kind: 'overlap-add', overlapTokens: 1, crossfadeMs: 80, shape: 'hann' };
      draft.playback = { mode: 'realtime', jitterBufferMs: -5 };
      localStorage.setItem(key, JSON.stringify(draft));
    });
    await page.reload();
    const boundaryErrors = await page.getByTestId('errors-boundary').textContent();
    expect(boundaryErrors).toBe(
      'The crossfade must fit inside the overlap: at most 40 ms per overlap token.',
    );
    expect(await page.getByTestId('errors-playback').textContent()).toBe('Jitter buffer must be at least 0.');
    const text = (await page.getByTestId('experiment-screen').textContent()) ?? '';
    expect(text).not.toMatch(/boundary\.|playback\.|Too small|expected number/);
    expect(await page.getByTestId('form-invalid').textContent()).toBe('Fix 2 fields first'); // each once
    await page.getByTestId('jitter-buffer').fill('0');
    await page.getByTestId('boundary-kind').selectOption('none');
    expect(await page.getByTestId('form-invalid').count()).toBe(0);
  });

  it('shows every select option in full ("none (naive concat)") on the form screens', async () => {
    for (const [route, screen] of [
      ['#/', 'experiment-screen'],
      ['#/sweeps', 'sweep-form'],
      ['#/listening', 'new-session'],
    ] as const) {
      await page.goto(`${workbench.url}${route}`);
      await page.getByTestId(screen).waitFor();
      await page.waitForTimeout(300); // model and voice lists arrive
      for (const size of SHOT_SIZES) {
        await page.setViewportSize(size);
        const cut = (await page.evaluate(CUT_OPTIONS)) as string[];
        expect(cut, `${route} at ${size.width}x${size.height}`).toEqual([]);
      }
    }
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`${workbench.url}#/`);
    await shootSizes('forms-experiment');
  });

  it('starts a sweep from the Experiment settings and keeps typed text when you leave', async () => {
    await page.goto(`${workbench.url}#/`);
    await page.getByTestId('text-input').fill('A sentence typed on the Experiment screen.');
    await page.getByTestId('schedule-tokens').fill('7');
    await page.getByTestId('sweep-from-here').click();
    await page.getByTestId('sweep-form').waitFor();
    expect(await page.getByTestId('sweep-text').inputValue()).toBe(
      'A sentence typed on the Experiment screen.',
    );
    expect(await page.getByTestId('sweep-chunk-tokens').inputValue()).toBe('7');
    expect(await page.getByTestId('sweep-voice').inputValue()).toBe('default');

    await page.getByTestId('sweep-text').fill('Typed in the sweep form, then I went away.');
    await page.getByTestId('sweep-repeats').fill('');
    await page.getByTestId('sweep-repeats').pressSequentially('3');
    expect(await page.getByTestId('sweep-repeats').inputValue()).toBe('3');
    await page.getByRole('link', { name: 'Runs' }).first().click();
    await page.goto(`${workbench.url}#/sweeps`);
    expect(await page.getByTestId('sweep-text').inputValue()).toBe(
      'Typed in the sweep form, then I went away.',
    );
    expect(await page.getByTestId('sweep-repeats').inputValue()).toBe('3');
    await expect.poll(() => page.getByTestId('sweep-total').textContent()).toBe('15');
    await shootSizes('forms-sweep-from-experiment');

    await page.getByTestId('sweep-from-experiment').click();
    expect(await page.getByTestId('sweep-text').inputValue()).toBe(
      'A sentence typed on the Experiment screen.',
    );
  });

  it('imports an audio file dropped anywhere on the Experiment screen, and names a non-audio drop', async () => {
    await page.goto(`${workbench.url}#/`);
    await page.getByTestId('experiment-screen').waitFor();
    const wav = fs.readFileSync(path.join(process.cwd(), 'resources/voices/default.wav')).toString('base64');
    // In the page (a string: the test's tsconfig has no DOM types): a File in a DataTransfer, as a real drop carries.
    const drag = (name: string, type: string, base64: string, events: string[], target: string) =>
      page.evaluate(`(() => {
        const bytes = Uint8Array.from(atob(${JSON.stringify(base64)}), (c) => c.charCodeAt(0));
        const transfer = new DataTransfer();
        transfer.items.add(new File([bytes], ${JSON.stringify(name)}, { type: ${JSON.stringify(type)} }));
        const element = document.querySelector(${JSON.stringify(target)});
        for (const kind of ${JSON.stringify(events)})
          element.dispatchEvent(new DragEvent(kind, { bubbles: true, cancelable: true, dataTransfer: transfer }));
      })()`);

    // Over the live panel (not the voice picker): the drop target shows while dragging.
    await drag('narrator.wav', 'audio/wav', wav, ['dragenter', 'dragover'], '.live-column');
    await page.getByTestId('drop-overlay').waitFor();
    await shootSizes('forms-experiment-dragging');
    await drag('narrator.wav', 'audio/wav', wav, ['drop'], '.live-column');
    expect(await page.getByTestId('drop-overlay').count()).toBe(0);
    await expect
      .poll(() => page.getByTestId('voice-select').inputValue(), { timeout: 30_000 })
      .toBe('narrator');

    await drag('notes.txt', 'text/plain', btoa('not audio'), ['dragenter', 'dragover', 'drop'], 'textarea');
    expect(await page.getByTestId('drop-message').textContent()).toContain(
      '“notes.txt” (text/plain) is not an audio file. Drop a WAV, FLAC, MP3, OGG, Opus or M4A file',
    );
    expect(await page.getByTestId('voice-select').inputValue()).toBe('narrator');
    await shootSizes('forms-experiment-not-audio');
    expect(errors).toEqual([]);
  }, 90_000);
});
