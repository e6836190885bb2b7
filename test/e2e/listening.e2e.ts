import Database from 'better-sqlite3';
import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineClient } from '../../src/contract/index.ts';
import { launchBrowser } from './browser.ts';
import { connectClient, runToEnd } from './workbench-client.ts';
import {
  shootBothSchemes,
  shootSizesAndSchemes,
  startWorkbench,
  type StartedWorkbench,
} from './workbench.ts';

/** P(X >= k), X ~ Binomial(n, 1/2), from exact integer counts: written here independently of the engine's. */
function binomialTail(k: number, n: number): number {
  let ways = 0n;
  let choose = 1n;
  for (let i = 0; i <= n; i++) {
    if (i >= k) ways += choose;
    choose = (choose * BigInt(n - i)) / BigInt(i + 1);
  }
  return Number(ways) / 2 ** n;
}

interface StoredAnswer {
  idx: number;
  presentation_json: string;
  answer: string;
  correct: number;
  replays: number;
  listening_ms: number;
}

/**
 * Pairs and blind listening in browser mode with the fixture model: a pair made from two runs in the UI, an ABX
 * session of 10 trials answered from the keyboard, a page reload in the middle that resumes at the next trial,
 * and a p-value that matches the exact binomial test of what was stored.
 */
describe('pairs and listening screens (headless Chromium, fixture model)', () => {
  let workbench: StartedWorkbench;
  let browser: Browser;
  let page: Page;
  let client: EngineClient;
  const errors: string[] = [];
  const runs: string[] = [];
  let sessionId = '';

  beforeAll(async () => {
    [workbench, browser] = await Promise.all([startWorkbench(), launchBrowser()]);
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
    page.on('pageerror', (error) => errors.push(error.message));
    client = connectClient(workbench.url);
    const text = 'Hello my big long beautiful world.';
    for (const boundary of [
      { kind: 'none' },
      { kind: 'overlap-add', overlapTokens: 3, crossfadeMs: 50 },
    ] as const)
      runs.push((await runToEnd(client, { text, schedule: { kind: 'fixed', tokens: 10 }, boundary })).id);
  });

  afterAll(async () => {
    client?.close();
    await browser?.close();
    await workbench?.stop();
  });

  const shoot = (name: string) => shootBothSchemes(page, name, 100);
  /** Both themes at the two window sizes the issue names, then back to the suite's size. */
  const shootSizes = (name: string) => shootSizesAndSchemes(page, name, 150);

  function storedAnswers(): StoredAnswer[] {
    const db = new Database(workbench.databasePath, { readonly: true, fileMustExist: true });
    try {
      return db
        .prepare(
          `SELECT t.idx, t.presentation_json, r.answer, r.correct, r.replays, r.listening_ms
           FROM ratings r JOIN trials t ON t.id = r.trial_id WHERE t.session_id = ? ORDER BY t.idx, r.id`,
        )
        .all(sessionId) as StoredAnswer[];
    } finally {
      db.close();
    }
  }

  it('makes a pair from two runs, labels it, and auditions it', async () => {
    await page.goto(`${workbench.url}#/pairs`);
    await page.getByTestId('pairs-screen').waitFor();
    const row = (id: string) => page.locator(`[data-testid="candidate-run"][data-run-id="${id}"]`);
    await row(runs[0]!).getByTestId('choose-a').check();
    await row(runs[1]!).getByTestId('choose-b').check();
    await page.getByTestId('pair-label').fill('naive vs OLA 3');
    await page.getByTestId('create-pair').click();
    const card = page.getByTestId('pair-card');
    await card.waitFor();
    expect(await card.count()).toBe(1);
    expect(await card.getByTestId('pair-label-edit').inputValue()).toBe('naive vs OLA 3');
    expect(await card.textContent()).toContain('boundary.kind');
    expect(await card.getByTestId('synthetic-badge').first().textContent()).toBe('synthetic test model');

    await card.getByTestId('pair-note-edit').fill('OLA should hide the seam');
    await card.getByTestId('pair-label-edit').click(); // blur saves the note
    await expect
      .poll(async () => (await client.call('pairs.list', {}))[0]?.note)
      .toBe('OLA should hide the seam');

    await card.getByTestId('audition-pair').click();
    await card.getByTestId('play-A').waitFor();
    await expect.poll(() => card.getByTestId('play-B').isEnabled()).toBe(true);
    await card.getByTestId('play-B').click();
    await expect.poll(() => card.getByTestId('play-B').getAttribute('aria-pressed')).toBe('true');
    await card.getByTestId('play-pause').click();
    await card.getByTestId('export-pair').click();
    await card.getByText(/Downloaded seamlab-pair-.*\.zip: .*\.A\.wav, .*\.B\.wav, .*\.json/).waitFor();
    await shoot('pairs');
  });

  it('runs a 10-trial ABX session from the keyboard; answers survive a reload; the p-value is right', async () => {
    await page.getByTestId('pair-card').getByTestId('listen-pair').click();
    await page.getByTestId('new-session').waitFor();
    expect(await page.getByTestId('choose-pair').isChecked()).toBe(true);
    await page.getByTestId('session-name').fill('Is the seam audible?');
    await page.getByTestId('session-listener').fill('e2e');
    expect(await page.getByTestId('session-trials').inputValue()).toBe('10');
    await shoot('listening-new-session');
    await page.getByTestId('create-session').click();
    await page.waitForURL(/#\/listening\/[0-9a-f-]{36}$/);
    sessionId = page.url().split('/').at(-1)!;

    // Blinded: no run id anywhere on the page while the test runs.
    const trial = page.getByTestId('listening-trial');
    await trial.waitFor();
    const body = (await page.locator('body').textContent())!;
    for (const id of runs) {
      expect(body).not.toContain(id);
      expect(body).not.toContain(id.slice(0, 8));
    }

    // The listener's pattern: X = A, B, A, A, B, B, A, B, B, A (whatever X really is).
    const pattern = ['A', 'B', 'A', 'A', 'B', 'B', 'A', 'B', 'B', 'A'] as const;
    const answer = async (i: number) => {
      await expect.poll(() => page.getByTestId('trial-counter').textContent()).toBe(`Trial ${i + 1} of 10`);
      await expect.poll(() => page.getByTestId('answer-A').isEnabled()).toBe(true);
      await page.keyboard.press('a'); // listen to A, B, then X
      await page.keyboard.press('b');
      await page.keyboard.press('x');
      await expect.poll(() => page.getByTestId('play-X').getAttribute('aria-pressed')).toBe('true');
      await page.keyboard.press(pattern[i] === 'A' ? '1' : '2');
    };
    for (let i = 0; i < 5; i++) await answer(i);
    await expect.poll(() => page.getByTestId('trial-counter').textContent()).toBe('Trial 6 of 10');
    // Loop a region by dragging across the bar.
    await expect.poll(() => page.getByTestId('answer-A').isEnabled()).toBe(true);
    const bar = (await page.getByTestId('transport-track').boundingBox())!;
    await page.mouse.move(bar.x + bar.width * 0.2, bar.y + bar.height / 2);
    await page.mouse.down();
    await page.mouse.move(bar.x + bar.width * 0.6, bar.y + bar.height / 2, { steps: 5 });
    await page.mouse.up();
    await page.getByTestId('loop-region').waitFor();
    await shoot('listening-abx-trial');

    // Five answers are stored the moment they were given.
    expect(storedAnswers().map((a) => [a.idx, a.answer])).toEqual(pattern.slice(0, 5).map((x, i) => [i, x]));
    // Plays: A, B and X were each played once per trial, and every one of them counts (switching from A to B
    // while A plays is a play of B), not only the first start of playback.
    expect(storedAnswers().map((a) => a.replays)).toEqual([3, 3, 3, 3, 3]);

    // Reload: the session resumes at the first unanswered trial.
    await page.reload();
    await page.getByTestId('listening-trial').waitFor();
    await expect.poll(() => page.getByTestId('trial-counter').textContent()).toBe('Trial 6 of 10');
    for (let i = 5; i < 10; i++) await answer(i);

    await page.getByTestId('session-complete').waitFor();
    await page.getByTestId('finish-session').click();
    await page.getByTestId('session-results').waitFor();

    // Independently: count correct answers from the stored presentation (which side X really was) ...
    const stored = storedAnswers();
    expect(stored.map((a) => a.answer)).toEqual([...pattern]);
    const truth = stored.map((a) => (JSON.parse(a.presentation_json) as { X: string }).X);
    const correct = stored.filter((a, i) => a.answer === truth[i]).length;
    expect(stored.map((a) => a.correct === 1)).toEqual(stored.map((a, i) => a.answer === truth[i]));
    // ... and compute the exact one-sided binomial p; the results show exactly that.
    const expectedP = binomialTail(correct, 10);
    expect(await page.getByTestId('abx-correct').textContent()).toBe(`${correct} / 10`);
    expect(Number(await page.getByTestId('abx-p').getAttribute('data-p'))).toBeCloseTo(expectedP, 12);
    expect(await page.getByTestId('abx-p').textContent()).toBe(expectedP.toFixed(4));
    expect(await page.getByTestId('abx-verdict').textContent()).toBe(
      expectedP < 0.05 ? 'audible' : 'not significant',
    );
    expect(await page.getByTestId('trial-table').locator('tbody tr').count()).toBe(10);
    expect(stored.map((a) => a.replays)).toEqual(Array(10).fill(3));
    const playsColumn = await page
      .getByTestId('trial-table')
      .locator('tbody tr')
      .evaluateAll((rows) => rows.map((r) => r.children[7]!.textContent));
    expect(playsColumn).toEqual(Array(10).fill('3'));

    // Trial by trial: each answer in order, the running score, and the number correct needed for p < 0.05
    // after that many trials (from the exact binomial tail above, not from the app's own helper).
    const neededFor = (n: number) => {
      for (let k = 0; k <= n; k++) if (binomialTail(k, n) < 0.05) return String(k);
      return '';
    };
    const marks = await page
      .getByTestId('abx-trial-mark')
      .evaluateAll((els) =>
        els.map((e) => [
          e.getAttribute('data-correct'),
          Number(e.getAttribute('data-score')),
          e.getAttribute('data-needed'),
        ]),
      );
    let running = 0;
    expect(marks).toEqual(
      stored.map((a, i) => {
        const right = a.answer === truth[i];
        if (right) running += 1;
        return [String(right), running, neededFor(i + 1)];
      }),
    );
    expect(marks.at(-1)![2]).toBe('9');
    await page.getByTestId('abx-threshold').waitFor();
    await page.getByTestId('abx-running-score').waitFor();
    await shoot('listening-abx-results');
    await shootSizes('listening-abx-results');

    // CSV export: one row per rating, labelled as the synthetic test model.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-csv').click(),
    ]);
    const csv = fs
      .readFileSync((await download.path())!, 'utf8')
      .trim()
      .split('\r\n');
    expect(csv).toHaveLength(11);
    expect(csv[0]).toContain('session,kind,listener,trial,stimulus');
    expect(csv.slice(1).every((line) => line.endsWith(',synthetic test model'))).toBe(true);
    expect(errors).toEqual([]);
  });

  it('shows the session list and a MUSHRA trial with its hidden reference and anchor sliders', async () => {
    const [pair] = await client.call('pairs.list', {});
    const { sessionId: mushraId } = await client.call('listening.create', {
      kind: 'mushra',
      name: 'MUSHRA check',
      pairIds: [pair!.id],
      trialsPerPair: 1,
      seed: 3,
    });
    await page.goto(`${workbench.url}#/listening`);
    await page.getByTestId('session-list').waitFor();
    await expect.poll(() => page.getByTestId('session-row').count()).toBe(2);
    await shoot('listening-sessions');

    await page.goto(`${workbench.url}#/listening/${mushraId}`);
    await page.getByTestId('mushra-answer').waitFor();
    await expect.poll(() => page.getByTestId('slider-s1').isEnabled()).toBe(true);
    for (const [key, score] of [
      ['s1', 80],
      ['s2', 100],
      ['s3', 30],
      ['s4', 60],
    ] as const) {
      await page.getByTestId(`slider-${key}`).fill(String(score));
      await page.getByTestId(`slider-${key}`).blur();
    }
    await expect.poll(() => page.getByTestId('next-trial').isEnabled()).toBe(true);
    await shoot('listening-mushra-trial');
    await page.getByTestId('next-trial').click();
    await page.getByTestId('finish-session').click();
    await page.getByTestId('session-results').waitFor();
    await page.getByTestId('mushra-screening').waitFor();
    const results = await client.call('listening.results', { sessionId: mushraId });
    const scores = results.trials[0]!.scores;
    expect(Object.values(scores).sort((a, b) => a - b)).toEqual([30, 60, 80, 100]);
    // One trial: a box plot per condition, and the means say what they are and that n is too small.
    await expect.poll(() => page.getByTestId('mushra-boxplot').getAttribute('data-points')).toBe('4');
    expect(await page.getByTestId('pair-results').textContent()).toContain('n too small (1 < 5)');
    expect(await page.getByTestId('interval-help').textContent()).toContain('95 % interval');
    await shoot('listening-mushra-results');
    expect(errors).toEqual([]);
  });

  it('CMOS: keys 1..7 answer -3..+3 and the stored score is corrected for the side B was shown on', async () => {
    const [pair] = await client.call('pairs.list', {});
    const { sessionId: cmosId } = await client.call('listening.create', {
      kind: 'ab-cmos',
      name: 'Which is better?',
      pairIds: [pair!.id],
      trialsPerPair: 2,
      seed: 7,
    });
    await page.goto(`${workbench.url}#/listening/${cmosId}`);
    const votes = ['6', '2']; // +2 ("B better"), then -2 ("A better"), for B and A as shown
    for (const [i, key] of votes.entries()) {
      await expect.poll(() => page.getByTestId('trial-counter').textContent()).toBe(`Trial ${i + 1} of 2`);
      await expect.poll(() => page.getByTestId('cmos-0').isEnabled()).toBe(true);
      if (i === 0) await shoot('listening-cmos-trial');
      await page.keyboard.press('b');
      await page.keyboard.press(key);
    }
    await page.getByTestId('finish-session').click();
    await page.getByTestId('cmos-mean').waitFor();
    // Two votes of +-2: the interval stays inside -3..+3 and is flagged.
    expect(await page.getByTestId('cmos-mean').textContent()).toMatch(/n too small \(2 < 5\)/);
    await page.getByTestId('cmos-boxplot').waitFor();
    const results = await client.call('listening.results', { sessionId: cmosId });
    const [lo, hi] = results.cmos!.overall.ci95!;
    expect(lo).toBeGreaterThanOrEqual(-3);
    expect(hi).toBeLessThanOrEqual(3);
    const raw = [2, -2];
    // Whichever run B showed, the stored score says how much the pair's run B was preferred.
    expect(results.trials.map((t) => t.scores.B)).toEqual(
      results.trials.map((t, i) => (t.presentation.B === 'b' ? raw[i] : -raw[i]!)),
    );
    // The bar: the mean of the stored (side-corrected) scores, with the 95 % interval as its whiskers.
    const bar = page.getByTestId('cmos-bar');
    expect(await bar.count()).toBe(1);
    const scoresB = results.trials.map((t) => t.scores.B!);
    expect(Number(await bar.getAttribute('data-mean'))).toBeCloseTo(
      scoresB.reduce((a, b) => a + b, 0) / scoresB.length,
      12,
    );
    expect([Number(await bar.getAttribute('data-lo')), Number(await bar.getAttribute('data-hi'))]).toEqual([
      lo,
      hi,
    ]);
    await shoot('listening-cmos-results');
    await shootSizes('listening-cmos-results');
    expect(errors).toEqual([]);
  });
});
