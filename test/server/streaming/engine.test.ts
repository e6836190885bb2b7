import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resample } from '../../../src/engine/audio/resample.ts';
import { createEngine, decodeWireBytes, type Engine } from '../../../src/engine/index.ts';
import { startServer, type RunningServer } from '../../../src/server/index.ts';
import { DEFAULT_STREAMING_PRESET, StreamClient } from '../../../src/server/streaming/index.ts';
import { TEST_MODELS_DIR } from '../../engine/experiments/helpers.ts';
import { concatBytes, maxAbsDiff, RawClient, streamUrl, waitFor } from './helpers.ts';

/**
 * The streaming endpoint on the real engine with the fixture model (a synthetic test model: these runs prove the
 * protocol and the plumbing, not speech quality). Every served request must be a stored run.
 */
let engine: Engine;
let server: RunningServer;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seamlab-stream-'));
  engine = createEngine({
    host: 'server',
    modelsDir: TEST_MODELS_DIR,
    databasePath: path.join(dir, 'runs.db'),
  });
  server = await startServer({ engine, port: 0 });
  // Load the model's sessions once, so the tests below are not each charged for it.
  const client = await StreamClient.connect(streamUrl(server));
  await client.generate({ text: 'Warm up.' });
  await client.close();
}, 120_000);

afterAll(async () => {
  await server?.close();
  await engine?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function storedStream(runId: string): Float32Array {
  const audio = engine.context.store().getAudio(runId, 'stream');
  if (!audio) throw new Error(`run ${runId} has no stored stream`);
  return audio.samples;
}

describe('/ws/generate on the engine with the fixture model', () => {
  it("streams the seeds' request as 4800-sample int16 frames of exactly the stored run's audio", async () => {
    const client = await StreamClient.connect(streamUrl(server));
    const result = await client.generate({ text: 'Hello there, my friend.', options: { speaker_id: 0 } });
    await client.close();

    const runId = result.done.run_id!;
    const run = engine.context.store().getRun(runId)!;
    expect(run.status).toBe('finished');
    expect(run.config).toMatchObject({
      text: 'Hello there, my friend.',
      model: 'fixture',
      ...DEFAULT_STREAMING_PRESET,
    });
    expect(run.provenance.model.synthetic).toBe(true);

    const stream = storedStream(runId);
    expect(result.samples).toBe(stream.length);
    expect(result.frameSamples.slice(0, -1).every((n) => n === 4800)).toBe(true);
    expect(result.frameSamples.at(-1)).toBeLessThanOrEqual(4800);
    expect(result.frames).toBe(Math.ceil(stream.length / 4800));
    expect(maxAbsDiff(result.audio, stream)).toBeLessThanOrEqual(0.5 / 32768 + 1e-9);
    expect(result.done.metrics.runs[0]!.metrics).toEqual(run.metrics);
    expect(result.firstChunkMs).toBeGreaterThan(0);
  });

  it('serves the three formats from real runs, each resampled from the stored stream', async () => {
    const client = await StreamClient.connect(streamUrl(server));
    for (const [format, rate, tolerance] of [
      ['pcm16', 24000, 1 / 32768],
      ['pcm16_16k', 16000, 2 / 32768],
      ['mulaw_8k', 8000, 0.03],
    ] as const) {
      const result = await client.generate({ text: 'Formats for every bridge.', options: { format } });
      const stream = storedStream(result.done.run_id!);
      expect(result.format.sampleRate).toBe(rate);
      expect(result.samples).toBe(Math.round((stream.length * rate) / 24000));
      expect(result.frameSamples.slice(0, -1).every((n) => n === (rate * 200) / 1000)).toBe(true);
      const reference = rate === 24000 ? stream : await resample(stream, 24000, rate, 'medium');
      expect(maxAbsDiff(result.audio, reference)).toBeLessThan(tolerance);
    }
    await client.close();
  });

  it('speaks incremental text: the first segment is heard before the rest of the text is sent', async () => {
    const client = await RawClient.open(streamUrl(server));
    client.send({ text_chunk: 'The first sentence is ready now. ' });
    client.send({ text_chunk: 'A' }); // decides the first sentence's end
    await waitFor(() => client.frames.length > 0, 'audio of the first segment');
    const framesBeforeRest = client.frames.length;
    client.send({ text_chunk: 'nd the second one follows it later.' });
    client.send({ end: true });
    const done = await client.nextJson();
    client.close();
    expect(framesBeforeRest).toBeGreaterThan(0);
    expect(done).toMatchObject({ done: true });
    const runIds = done.run_ids as string[];
    expect(runIds).toHaveLength(2);
    const texts = runIds.map((id) => engine.context.store().getRun(id)!.config.text);
    expect(texts).toEqual(['The first sentence is ready now.', 'And the second one follows it later.']);
    // The frames carry both runs' audio, joined in order.
    const streams = runIds.map(storedStream);
    const joined = new Float32Array(streams[0]!.length + streams[1]!.length);
    joined.set(streams[0]!);
    joined.set(streams[1]!, streams[0]!.length);
    expect(maxAbsDiff(decodeWireBytes(concatBytes(client.frames), 'pcm16'), joined)).toBeLessThanOrEqual(
      0.5 / 32768 + 1e-9,
    );
  });

  it('the reference client streams LLM-rate text chunks and measures the result', async () => {
    const client = await StreamClient.connect(streamUrl(server));
    const result = await client.generate({
      text: 'Streaming speech has seams. A good workbench hears them all. Then it makes them go away.',
      incremental: { tokensPerSecond: 50 },
      jitterBufferMs: 100,
    });
    await client.close();
    expect(result.done.run_ids.length).toBeGreaterThanOrEqual(2);
    const total = result.done.run_ids.reduce((n, id) => n + storedStream(id).length, 0);
    expect(result.samples).toBe(total);
    expect(result.text.messages).toBeGreaterThan(10);
    expect(result.interChunkGaps.count).toBe(result.frames - 1);
    expect(result.playback.endMs).toBeGreaterThan(result.playback.startMs);
  });

  it('a disconnect mid-stream cancels the run: the engine stops and the run is stored as cancelled', async () => {
    const client = await RawClient.open(streamUrl(server));
    client.send({ text: 'This is a long text that takes the fixture a good while to speak. '.repeat(6) });
    await waitFor(() => client.frames.length > 0, 'the first frame');
    const [runId] = engine.context.runs.activeRunIds;
    client.close();
    await waitFor(() => engine.context.runs.activeRunIds.length === 0, 'the engine to stop the run');
    const run = engine.context.store().getRun(runId!)!;
    expect(run.status).toBe('cancelled');
    await waitFor(() => server.streaming.stats().activeRuns === 0, 'the request to release its slot');
  });

  it('serves 20 concurrent clients on loopback: all complete, memory stays bounded', async () => {
    const clients = await Promise.all(
      Array.from({ length: 20 }, () => StreamClient.connect(streamUrl(server))),
    );
    const results = await Promise.all(
      clients.map((client, i) => client.generate({ text: `Client ${i} says hi.`, options: { seed: i + 1 } })),
    );
    await Promise.all(clients.map((c) => c.close()));
    expect(results).toHaveLength(20);
    for (const result of results) {
      expect(result.done.done).toBe(true);
      expect(result.samples).toBe(storedStream(result.done.run_id!).length);
    }
    expect(new Set(results.map((r) => r.done.run_id)).size).toBe(20);
    const stats = server.streaming.stats();
    expect(stats.activeRuns).toBe(0);
    expect(stats.queuedRuns).toBe(0);
    // Readers keep up, so frames never pile up: at most a few frames wait at any time.
    expect(stats.maxQueuedBytes).toBeLessThan(16 * 1024 * 1024);
    expect(stats.maxBufferedBytes).toBeLessThanOrEqual(256 * 1024 + 9600);
  }, 120_000);
});
