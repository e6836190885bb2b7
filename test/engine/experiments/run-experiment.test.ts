import { afterAll, describe, expect, it } from 'vitest';
import type { ExperimentEvent } from '../../../src/engine/experiments/experiment-events.ts';
import { InvalidCombinationError } from '../../../src/engine/experiments/run-experiment.ts';
import { AUDIBLE_CLICK_SCORE } from '../../../src/engine/metrics/index.ts';
import { realClock, type Clock } from '../../../src/engine/text-source/index.ts';
import { config, maxAbsDiff, run, testPool } from './helpers.ts';

const pool = testPool();
afterAll(() => pool.close());

const SAMPLES_PER_TOKEN = 960;

describe('runExperiment on the fixture model', () => {
  it('naive chunking clicks at its boundaries where the offline reference does not; overlap-add lowers the median', async () => {
    const naive = await run(pool, { schedule: { kind: 'fixed', tokens: 10 }, boundary: { kind: 'none' } });
    const { boundaries, metrics } = naive.summary;
    expect(boundaries.length).toBe(naive.summary.chunks.length - 1);
    expect(boundaries.length).toBeGreaterThan(2);
    expect(metrics.boundaries.medianClickScore!).toBeGreaterThan(AUDIBLE_CLICK_SCORE);
    for (const b of boundaries) expect(b.referenceClickScore!).toBeLessThan(AUDIBLE_CLICK_SCORE);

    const ola = await run(pool, {
      schedule: { kind: 'fixed', tokens: 10 },
      boundary: { kind: 'overlap-add', overlapTokens: 3, crossfadeMs: 50, shape: 'hann' },
    });
    expect(ola.summary.metrics.tokens).toBe(naive.summary.metrics.tokens);
    expect(ola.summary.metrics.boundaries.medianClickScore!).toBeLessThan(
      metrics.boundaries.medianClickScore!,
    );
  });

  it('chunks tile the stream, the last partial chunk is present and every token is heard', async () => {
    const out = await run(pool, { schedule: { kind: 'fixed', tokens: 11 } });
    const { chunks, metrics } = out.summary;
    expect(out.stream.length).toBe(metrics.tokens * SAMPLES_PER_TOKEN);
    expect(out.reference.length).toBe(out.stream.length);
    expect(metrics.tokens % 11).not.toBe(0); // the text was chosen so the last chunk is partial
    expect(chunks.at(-1)!.tokenEnd).toBe(metrics.tokens);
    expect(chunks.at(-1)!.tokenEnd - chunks.at(-1)!.tokenStart).toBe(metrics.tokens % 11);
    for (let i = 1; i < chunks.length; i++) expect(chunks[i]!.sampleStart).toBe(chunks[i - 1]!.sampleEnd);
  });

  it('context re-decode with K >= the utterance length equals the offline reference outside the fades', async () => {
    const out = await run(pool, {
      schedule: { kind: 'fixed', tokens: 8 },
      boundary: { kind: 'context', contextTokens: 4096, lookaheadTokens: 3, fadeMs: 20 },
    });
    const fade = (20 * 24_000) / 1000;
    const inFade = (i: number) =>
      out.summary.chunks.some((c) => c.sampleStart > 0 && i >= c.sampleStart && i < c.sampleStart + fade);
    let worst = 0;
    for (let i = 0; i < out.stream.length; i++) {
      if (!inFade(i)) worst = Math.max(worst, Math.abs(out.stream[i]! - out.reference[i]!));
    }
    expect(worst).toBeLessThan(1e-5);
    expect(out.summary.boundaries.length).toBeGreaterThan(2);
  });

  it.each(['sequential', 'parallel'] as const)(
    'the stateful decoder equals the offline reference within 1e-5, chunk by chunk (%s)',
    async (pipeline) => {
      const out = await run(pool, {
        model: 'fixture-stateful',
        schedule: { kind: 'first-then-fixed', first: 5, tokens: 9 },
        boundary: { kind: 'stateful' },
        pipeline: pipeline === 'parallel' ? { kind: 'parallel', queueDepth: 2 } : { kind: 'sequential' },
      });
      expect(out.stream.length).toBe(out.reference.length);
      for (const chunk of out.summary.chunks) {
        expect(maxAbsDiff(out.stream, out.reference, chunk.sampleStart, chunk.sampleEnd)).toBeLessThan(1e-5);
      }
      expect(out.summary.chunks.length).toBeGreaterThan(2);
    },
  );

  it('refuses the stateful treatment on a stock decoder with a clear reason', async () => {
    await expect(run(pool, { boundary: { kind: 'stateful' } })).rejects.toThrow(InvalidCombinationError);
    await expect(run(pool, { boundary: { kind: 'stateful' } })).rejects.toThrow(/no cache_\* state inputs/);
  });

  it('the parallel pipeline decodes chunk k while chunk k+1 is generated, with the same audio as sequential', async () => {
    const base = {
      model: 'fixture-heavy',
      schedule: { kind: 'fixed' as const, tokens: 6 },
      boundary: { kind: 'overlap-add' as const, overlapTokens: 2, crossfadeMs: 40, shape: 'hann' as const },
    };
    const sequential = await run(pool, { ...base, pipeline: { kind: 'sequential' } });
    const parallel = await run(pool, { ...base, pipeline: { kind: 'parallel', queueDepth: 2 } });
    expect(maxAbsDiff(parallel.stream, sequential.stream)).toBe(0);
    expect(parallel.stream.length).toBe(sequential.stream.length);

    const overlaps = (chunks: typeof parallel.summary.chunks) =>
      chunks.slice(0, -1).filter((c, k) => c.decodeStartAtMs < chunks[k + 1]!.lastTokenAtMs).length;
    // Parallel: decoding of chunk k starts before chunk k+1's last token is sampled.
    expect(overlaps(parallel.summary.chunks)).toBeGreaterThan(0);
    // Sequential: generation waits for every chunk to be decoded (one look-ahead token aside).
    for (const [k, c] of sequential.summary.chunks.slice(0, -1).entries()) {
      expect(sequential.summary.chunks[k + 1]!.lastTokenAtMs).toBeGreaterThanOrEqual(c.decodeEndAtMs);
    }
  });

  it('the same config and seed give identical audio and metrics; another seed differs', async () => {
    const sampled = { sampler: { temperature: 0.9, topP: 0.95, minP: 0.02, cfgWeight: 0.5 } };
    const a = await run(pool, { ...sampled, seed: 7, schedule: { kind: 'fixed', tokens: 9 } });
    const b = await run(pool, { ...sampled, seed: 7, schedule: { kind: 'fixed', tokens: 9 } });
    const c = await run(pool, { ...sampled, seed: 8, schedule: { kind: 'fixed', tokens: 9 } });
    expect(maxAbsDiff(a.stream, b.stream)).toBe(0);
    expect(a.stream.length).toBe(b.stream.length);
    expect(a.summary.boundaries).toEqual(b.summary.boundaries);
    expect(a.summary.metrics.quality).toEqual(b.summary.metrics.quality);
    expect(a.summary.metrics.boundaries).toEqual(b.summary.metrics.boundaries);
    const sameTokens = a.stream.length === c.stream.length && maxAbsDiff(a.stream, c.stream) === 0;
    expect(sameTokens).toBe(false);
  });

  it('a live LLM stream starts synthesis before the last text token arrives', async () => {
    // Text arrives on a clock the test controls, so the assertion is about data flow, not machine speed: once the
    // first segment is out, the rest of the text is held back until synthesis has produced speech tokens. An engine
    // that waited for the whole text would only get it after the 20 s escape hatch, and its first tokens would
    // follow the last text event.
    let segmentOut = false;
    let tokensSeen!: () => void;
    const firstTokens = new Promise<void>((resolve) => (tokensSeen = resolve));
    const textClock: Clock = {
      now: () => performance.now(),
      async sleepUntil(deadline, signal) {
        if (segmentOut)
          await Promise.race([firstTokens, new Promise((resolve) => setTimeout(resolve, 20_000).unref())]);
        await realClock.sleepUntil(deadline, signal);
      },
    };
    const events: ExperimentEvent[] = [];
    const out = await run(
      pool,
      {
        textSource: {
          mode: 'llm-stream',
          tokensPerSecond: 40,
          jitterMs: 0,
          firstTokenDelayMs: 50,
          thresholdChars: 30,
        },
        schedule: { kind: 'fixed', tokens: 10 },
      },
      (e) => {
        events.push(e);
        if (e.type === 'text') segmentOut = true;
        if (e.type === 'tokens') tokensSeen();
      },
      { textClock },
    );
    const texts = events.filter((e) => e.type === 'text');
    expect(texts.length).toBeGreaterThan(1);
    const firstTokensAt = events.findIndex((e) => e.type === 'tokens');
    const lastTextAt = events.findLastIndex((e) => e.type === 'text');
    expect(firstTokensAt).toBeLessThan(lastTextAt);
    const joins = out.summary.boundaries.filter((b) => b.segmentJoin);
    expect(joins.length).toBe(texts.length - 1);
  }, 60_000);

  it('streams its progress as events in order: started, text, tokens, chunks, boundaries', async () => {
    const events: ExperimentEvent[] = [];
    const out = await run(pool, { schedule: { kind: 'fixed', tokens: 12 } }, (e) => events.push(e));
    expect(events[0]!.type).toBe('started');
    const chunkEvents = events.filter((e) => e.type === 'chunk');
    expect(chunkEvents.length).toBe(out.summary.chunks.length);
    const streamed = chunkEvents.reduce((n, e) => n + (e.type === 'chunk' ? e.audio.length : 0), 0);
    expect(streamed).toBe(out.stream.length);
    const tokens = events.flatMap((e) => (e.type === 'tokens' ? e.tokens : []));
    expect(tokens.length).toBe(out.summary.metrics.tokens);
    expect(events.filter((e) => e.type === 'boundary').length).toBe(out.summary.boundaries.length);
    expect(out.summary.provenance.model.synthetic).toBe(true);
    expect(out.summary.provenance.providers.language_model).toBe('cpu');
  });

  it('cancels a run in flight', async () => {
    const abort = new AbortController();
    const { runExperiment, RunCancelledError } =
      await import('../../../src/engine/experiments/run-experiment.ts');
    const pending = runExperiment(
      pool,
      config({ model: 'fixture-heavy', schedule: { kind: 'fixed', tokens: 4 } }),
      {
        runId: 'cancel-me',
        signal: abort.signal,
        onEvent: (e) => {
          if (e.type === 'chunk') abort.abort();
        },
      },
    );
    await expect(pending).rejects.toThrow(RunCancelledError);
  });
});
