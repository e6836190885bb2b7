import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { VirtualClock, realClock } from '../../../src/engine/text-source/clock.ts';
import { collectSegments, openTextSource } from '../../../src/engine/text-source/sources.ts';
import {
  loadRecordedStream,
  scheduleTokens,
  synthesizeTokenStream,
  tokenizeLikeLlm,
} from '../../../src/engine/text-source/token-stream.ts';
import { splitText } from '../../../src/engine/text-source/segment-splitter.ts';

const RECORDING = fileURLToPath(new URL('./fixtures/recorded-stream.json', import.meta.url));
const TEXT =
  'Streaming speech needs text early. The model speaks the first segment, while the language model is still ' +
  'writing the rest of the answer, word by word, at its own pace. That is the point of this source.';

describe('tokenizeLikeLlm', () => {
  it('gives word-piece-like tokens that join back into the text', () => {
    const tokens = tokenizeLikeLlm(TEXT);
    expect(tokens.join('')).toBe(TEXT);
    expect(tokens.slice(0, 7)).toEqual(['Stre', 'amin', 'g', ' spee', 'ch', ' need', 's']);
    expect(tokenizeLikeLlm('Pay 1234567 now, 你好。 🎉!')).toEqual([
      'Pay',
      ' 123',
      '456',
      '7',
      ' now',
      ',',
      ' 你',
      '好',
      '。',
      ' 🎉!',
    ]);
    for (const tok of tokenizeLikeLlm(TEXT)) expect(tok.trim().length).toBeLessThanOrEqual(5);
  });
});

describe('scheduleTokens', () => {
  it('without jitter, token k arrives at delay + k * 1000 / rate exactly', () => {
    const times = scheduleTokens(['a', 'b', 'c', 'd'], {
      tokensPerSecond: 8,
      jitterMs: 0,
      firstTokenDelayMs: 300,
      seed: 1,
    });
    expect(times.map((x) => x.t)).toEqual([300, 425, 550, 675]);
  });

  it('jitter delays each token by [0, jitter), never reorders, and is reproducible from the seed', () => {
    const tokens = tokenizeLikeLlm(TEXT);
    const timing = { tokensPerSecond: 50, jitterMs: 40, firstTokenDelayMs: 100, seed: 7 };
    const a = scheduleTokens(tokens, timing);
    const b = scheduleTokens(tokens, timing);
    const c = scheduleTokens(tokens, { ...timing, seed: 8 });
    expect(a).toEqual(b);
    expect(a.map((x) => x.t)).not.toEqual(c.map((x) => x.t));
    let extraSum = 0;
    a.forEach(({ t }, k) => {
      const nominal = 100 + k * 20;
      expect(t).toBeGreaterThanOrEqual(nominal);
      expect(t).toBeLessThan(nominal + 40);
      if (k > 0) expect(t).toBeGreaterThanOrEqual(a[k - 1]?.t ?? 0);
      extraSum += t - nominal;
    });
    // A uniform [0, 40) delay (plus the no-reordering clamp) averages well above 0 and below 40.
    const meanExtra = extraSum / a.length;
    expect(meanExtra).toBeGreaterThan(10);
    expect(meanExtra).toBeLessThan(30);
  });
});

describe('openTextSource: known text', () => {
  it.each([
    [{ mode: 'whole' as const }, 1],
    [{ mode: 'sentences' as const }, 3],
    [{ mode: 'segments' as const }, 4],
  ])('%o gives the splitter segments, all ready at 0', async (options, count) => {
    const segments = await collectSegments(
      openTextSource({ text: TEXT, options, clock: new VirtualClock() }),
    );
    expect(segments).toHaveLength(count);
    expect(segments.map(({ readyAt: _r, ...s }) => s)).toEqual(splitText(TEXT, options));
    for (const s of segments) expect(s.readyAt).toBe(0);
  });

  it('validates options before iterating', () => {
    expect(() => openTextSource({ text: 'x', options: { mode: 'llm-stream', tokensPerSecond: -3 } })).toThrow(
      /tokensPerSecond must be greater than 0/,
    );
  });
});

describe('openTextSource: llm-stream', () => {
  const options = { mode: 'llm-stream' as const, tokensPerSecond: 25, firstTokenDelayMs: 400, jitterMs: 0 };

  it('segments as tokens arrive; readyAt is the arrival of the token that made each segment certain', async () => {
    const clock = new VirtualClock(1000);
    const segments = await collectSegments(openTextSource({ text: TEXT, options, clock }));
    const tokens = tokenizeLikeLlm(TEXT);
    const arrival = (k: number) => 400 + k * 40;
    const streamed = segments.map((s) => s.text);
    expect(streamed).toEqual(
      splitText(TEXT, { mode: 'segments', minChars: 20, maxChars: 50 }).map((s) => s.text),
    );
    for (const s of segments) {
      // The first token whose end reaches past the segment's last character (plus the one deciding its end).
      let end = 0;
      let k = 0;
      while (end < s.charEnd) end += tokens[k++]?.length ?? 0;
      expect(s.readyAt).toBeGreaterThanOrEqual(arrival(k - 1));
      expect(Number.isInteger((s.readyAt - 400) / 40)).toBe(true); // exactly on a token's arrival
    }
    const last = arrival(tokens.length - 1);
    expect(segments[0]?.readyAt).toBeLessThan(last); // segment 0 is ready while the text is still arriving
    expect(segments.at(-1)?.readyAt).toBe(last);
    expect(clock.now()).toBe(1000 + last); // the source slept on the clock until the last token
  });

  it('the first sentence is ready at the arrival of the first token after it', async () => {
    const text = 'Hello there, world of mine. And the rest follows here slowly.';
    const segments = await collectSegments(
      openTextSource({ text, options: { ...options, thresholdChars: 50 }, clock: new VirtualClock() }),
    );
    const tokens = tokenizeLikeLlm(text);
    const afterPeriod = tokens.findIndex((_, k) => tokens.slice(0, k).join('').endsWith('.'));
    expect(segments[0]?.text).toBe('Hello there, world of mine.');
    // "." then " And": the period is ambiguous until " And" (token afterPeriod) arrives.
    expect(segments[0]?.readyAt).toBe(400 + afterPeriod * 40);
  });

  it('same seed gives the same timings; another seed differs', async () => {
    const jittery = { ...options, jitterMs: 30 };
    const run = async (seed: number) =>
      (
        await collectSegments(
          openTextSource({ text: TEXT, options: { ...jittery, seed }, clock: new VirtualClock() }),
        )
      ).map((s) => s.readyAt);
    expect(await run(3)).toEqual(await run(3));
    expect(await run(3)).not.toEqual(await run(4));
    const expected = synthesizeTokenStream(TEXT, { ...jittery, seed: 3, tokensPerSecond: 25 });
    const times = new Set(expected.map((x) => x.t));
    for (const t of await run(3)) expect(times.has(t)).toBe(true);
  });

  it('replays a recorded stream at its timestamps', async () => {
    const clock = new VirtualClock();
    const segments = await collectSegments(
      openTextSource({
        text: 'ignored',
        options: { mode: 'llm-stream', recordingPath: RECORDING, thresholdChars: 50, minChars: 5 },
        clock,
      }),
    );
    expect(segments.map((s) => [s.text, s.readyAt])).toEqual([
      ['Sure!', 420], // decided by " Dr" at 420
      ['Dr. Smith will see you at 10:30 tomorrow.', 1500], // "Dr." waits for " Smith"; "." for " Please"
      ['Please bring your card.', 1620], // released by the end of the stream
    ]);
    expect(clock.now()).toBe(1620);
  });

  it('an inline recording takes precedence and the real clock really waits', async () => {
    const recording = [
      { t: 0, text: 'One sentence here.' },
      { t: 30, text: ' Two.' },
    ];
    const started = performance.now();
    const segments = await collectSegments(
      openTextSource({ text: '', options: { mode: 'llm-stream', minChars: 1 }, recording, clock: realClock }),
    );
    expect(performance.now() - started).toBeGreaterThanOrEqual(30);
    expect(segments.map((s) => [s.text, s.readyAt])).toEqual([
      ['One sentence here.', 30],
      ['Two.', 30],
    ]);
  });

  it('stops with the abort reason when aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('cancelled'));
    const source = openTextSource({
      text: TEXT,
      options,
      clock: new VirtualClock(),
      signal: controller.signal,
    });
    await expect(collectSegments(source)).rejects.toThrow('cancelled');
  });
});

describe('loadRecordedStream', () => {
  it('loads the fixture', async () => {
    const tokens = await loadRecordedStream(RECORDING);
    expect(tokens).toHaveLength(19);
    expect(tokens.map((x) => x.text).join('')).toBe(
      'Sure! Dr. Smith will see you at 10:30 tomorrow. Please bring your card.',
    );
  });

  it('rejects out-of-order or malformed tokens with a clear message', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'seamlab-rec-'));
    const bad = join(dir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify([
        { t: 10, text: 'a' },
        { t: 5, text: 'b' },
      ]),
    );
    await expect(loadRecordedStream(bad)).rejects.toThrow(/t \(5\) is earlier than the token before \(10\)/);
    writeFileSync(bad, JSON.stringify([{ t: -1, text: 'a' }]));
    await expect(loadRecordedStream(bad)).rejects.toThrow(/t must not be negative/);
    writeFileSync(bad, JSON.stringify([{ time: 1, text: 'a' }]));
    await expect(loadRecordedStream(bad)).rejects.toThrow(/invalid recorded stream/);
  });
});
