import { describe, expect, it } from 'vitest';
import { resample } from '../../../src/engine/audio/resample.ts';
import { decodeWireBytes } from '../../../src/engine/index.ts';
import { DEFAULT_STREAMING_PRESET, StreamClient, streamSpeech } from '../../../src/server/streaming/index.ts';
import {
  concatBytes,
  fakeAudio,
  fakeRunner,
  maxAbsDiff,
  RawClient,
  startTestServer,
  streamUrl,
  waitFor,
} from './helpers.ts';

describe('/ws/generate protocol (fake runner)', () => {
  it("answers the seeds' request with 200 ms int16 frames, the last shorter, then done", async () => {
    const runner = fakeRunner({ chunks: [8640, 15360, 1000] });
    const server = await startTestServer({ streaming: { runner } });
    const client = await RawClient.open(streamUrl(server));
    client.send({ text: 'Hello world.', speaker_id: 0 });
    const done = await client.nextJson();

    expect(client.frames.map((f) => f.length)).toEqual([9600, 9600, 9600, 9600, 9600, 2000]);
    // The done message comes after every frame.
    expect('json' in client.received.at(-1)!).toBe(true);
    expect(done).toMatchObject({
      done: true,
      run_id: 'fake-1',
      run_ids: ['fake-1'],
      metrics: {
        encoding: 'pcm16',
        sample_rate: 24000,
        frame_samples: 4800,
        frames: 6,
        samples: 25000,
        segments: 1,
        ttfa_ms: 12,
        runs: [{ run_id: 'fake-1', text: 'Hello world.', metrics: { ttfaMs: 12 } }],
      },
    });
    expect((done.metrics as { audio_ms: number }).audio_ms).toBeCloseTo(25000 / 24, 6);
    const audio = decodeWireBytes(concatBytes(client.frames), 'pcm16');
    expect(maxAbsDiff(audio, fakeAudio(0, 25000))).toBeLessThanOrEqual(0.5 / 32768);

    // The engine got the preset, the default voice and save: true (served requests are stored runs).
    const [run] = runner.runs;
    expect(run!.config).toMatchObject({
      text: 'Hello world.',
      voice: 'default',
      ...DEFAULT_STREAMING_PRESET,
    });
    expect(run!.options.save).toBe(true);
    client.close();
  });

  it('serves pcm16 at 16 kHz and mu-law at 8 kHz through a real resampler, with frame_ms honoured', async () => {
    const runner = fakeRunner({ chunks: [8640, 15360, 1000] });
    const server = await startTestServer({ streaming: { runner } });
    const client = await StreamClient.connect(streamUrl(server));
    const whole = fakeAudio(0, 25000);

    const wide = await client.generate({ text: 'Sixteen.', options: { format: 'pcm16_16k' } });
    expect(wide.format).toEqual({ encoding: 'pcm16', sampleRate: 16000 });
    expect(wide.frameSamples.slice(0, -1).every((n) => n === 3200)).toBe(true);
    expect(wide.samples).toBe(Math.round((25000 * 2) / 3));
    expect(wide.done.metrics).toMatchObject({
      sample_rate: 16000,
      frame_samples: 3200,
      samples: wide.samples,
    });
    const wideReference = await resample(whole, 24000, 16000, 'medium');
    expect(maxAbsDiff(wide.audio, wideReference)).toBeLessThan(2 / 32768);

    const phone = await client.generate({
      text: 'Telephone.',
      options: { format: 'mulaw_8k', frame_ms: 20 },
    });
    expect(phone.format).toEqual({ encoding: 'mulaw', sampleRate: 8000 });
    expect(phone.frameSamples.slice(0, -1).every((n) => n === 160)).toBe(true);
    expect(phone.samples).toBe(Math.round(25000 / 3));
    const phoneReference = await resample(whole, 24000, 8000, 'medium');
    expect(maxAbsDiff(phone.audio, phoneReference)).toBeLessThan(0.02); // mu-law's 8-bit steps
    // A 220 Hz tone has energy where it should at 8 kHz: no silence, no aliasing garbage.
    expect(Math.max(...phone.audio.subarray(100, 8000))).toBeGreaterThan(0.45);

    const explicit = await client.generate({
      text: 'Explicit.',
      options: { format: { encoding: 'pcm16', sampleRate: 16000 }, frame_ms: 100 },
    });
    expect(explicit.frameSamples[0]).toBe(1600);
    expect(maxAbsDiff(explicit.audio, wide.audio)).toBe(0);
    await client.close();
  });

  it('merges strategy options over the preset and validates them with the run configuration schema', async () => {
    const runner = fakeRunner();
    const server = await startTestServer({ streaming: { runner } });
    const client = await RawClient.open(streamUrl(server));
    client.send({
      text: 'Tuned.',
      boundary: { kind: 'context', contextTokens: 10 },
      sampler: { temperature: 0.3 },
      seed: 7,
    });
    expect(await client.nextJson()).toMatchObject({ done: true });
    expect(runner.runs[0]!.config).toMatchObject({
      boundary: { kind: 'context', contextTokens: 10, lookaheadTokens: 3, fadeMs: 20 },
      // Settings the request leaves unset stay unset: the engine fills in the model family's defaults.
      sampler: { preset: 'upstream', temperature: 0.3 },
      seed: 7,
      pipeline: { kind: 'parallel', queueDepth: 2 },
    });
    expect(runner.runs[0]!.config.sampler.minP).toBeUndefined();

    client.send({ text: 'Bad.', boundary: { kind: 'overlap-add', overlapTokens: 1, crossfadeMs: 100 } });
    const bad = await client.nextJson();
    expect(bad).toMatchObject({ error: { code: 'invalid_request' } });
    expect((bad.error as { message: string }).message).toContain('crossfadeMs');
    client.send({ text: 'Typo.', boundry: { kind: 'none' } });
    expect(await client.nextJson()).toMatchObject({ error: { code: 'invalid_request' } });
    expect(runner.runs).toHaveLength(1);
    client.close();
  });

  it('answers malformed messages with clear codes and keeps the socket usable', async () => {
    const runner = fakeRunner();
    const server = await startTestServer({ streaming: { runner } });
    const client = await RawClient.open(streamUrl(server));
    const expectError = async (message: unknown, code: string, mentions?: string) => {
      client.send(message);
      const reply = await client.nextJson();
      expect(reply).toMatchObject({ error: { code } });
      if (mentions) expect((reply.error as { message: string }).message).toContain(mentions);
    };
    await expectError('{not json', 'invalid_json');
    await expectError('[1, 2]', 'invalid_request', 'JSON object');
    await expectError({ hello: 'there' }, 'invalid_request', 'text_chunk');
    await expectError({ text: '   ' }, 'invalid_request', 'text is empty');
    await expectError({ text: 42 }, 'invalid_request');
    await expectError({ text: 'x'.repeat(20_001) }, 'text_too_long');
    await expectError({ text: 'Hi.', speaker_id: 3 }, 'unknown_speaker', 'voice');
    await expectError({ text: 'Hi.', voice: '../../etc/passwd' }, 'invalid_request', 'voice-library name');
    await expectError(
      { text: 'Hi.', textSource: { mode: 'llm-stream', recordingPath: '/etc/passwd' } },
      'invalid_request',
      'recordingPath',
    );
    await expectError({ text: 'Hi.', format: 'opus' }, 'invalid_request');
    await expectError({ flush: true }, 'no_request');
    await expectError({ cancel: true }, 'no_request');
    client.socket.send(new Uint8Array([1, 2, 3]));
    expect(await client.nextJson()).toMatchObject({ error: { code: 'invalid_request' } });
    expect(runner.runs).toHaveLength(0);

    client.send({ text: 'Still here.' });
    expect(await client.nextJson()).toMatchObject({ done: true, run_id: 'fake-1' });
    client.close();
  });

  it('refuses oversized messages: an error over the soft limit, close 1009 over the hard limit', async () => {
    const server = await startTestServer({
      streaming: { runner: fakeRunner(), maxMessageBytes: 4096, maxPayloadBytes: 16_384 },
    });
    const client = await RawClient.open(streamUrl(server));
    client.send({ text: 'y'.repeat(5000) });
    const reply = await client.nextJson();
    expect(reply).toMatchObject({ error: { code: 'message_too_large' } });
    expect((reply.error as { message: string }).message).toContain('4096');
    client.send({ text: 'Fine.' });
    expect(await client.nextJson()).toMatchObject({ done: true });

    client.send({ text: 'z'.repeat(20_000) });
    await waitFor(() => client.closeCode !== undefined, 'the socket to close');
    expect(client.closeCode).toBe(1009);
  });

  it('speaks incremental text segment by segment, starting before the text is complete', async () => {
    const runner = fakeRunner({ chunks: [4800, 2000] });
    const server = await startTestServer({ streaming: { runner } });
    const client = await RawClient.open(streamUrl(server));
    const first = 'Hello there, my good friend. ';
    for (const token of first.split(/(?<= )/)) client.send({ text_chunk: token });
    // "T" decides the first sentence's end: its run starts and its audio arrives before any more text is sent.
    client.send({ text_chunk: 'T' });
    await waitFor(() => client.frames.length >= 1, 'the first segment’s audio');
    expect(runner.runs.map((r) => r.config.text)).toEqual(['Hello there, my good friend.']);
    expect(runner.runs[0]!.config.textSource).toEqual({ mode: 'whole' });

    client.send({ text_chunk: 'his is the second sentence here. And the third' });
    client.send({ text_chunk: ' one.', end: true });
    const done = await client.nextJson();
    expect(runner.runs.map((r) => r.config.text)).toEqual([
      'Hello there, my good friend.',
      'This is the second sentence here.',
      'And the third one.',
    ]);
    expect(done).toMatchObject({ done: true, run_id: 'fake-1', run_ids: ['fake-1', 'fake-2', 'fake-3'] });
    // One continuous stream: every frame is full except the very last.
    const samples = client.frames.map((f) => f.length / 2);
    expect(samples.slice(0, -1).every((n) => n === 4800)).toBe(true);
    expect(samples.reduce((a, b) => a + b, 0)).toBe(3 * 6800);
    client.close();
  });

  it('flush speaks what is pending and pushes out its audio, then acknowledges', async () => {
    const runner = fakeRunner({ chunks: [3000] });
    const server = await startTestServer({ streaming: { runner } });
    const client = await RawClient.open(streamUrl(server));
    client.send({ text_chunk: 'Short bit', format: 'pcm16_16k' });
    client.send({ flush: true });
    const flushed = await client.nextJson();
    expect(flushed).toEqual({ flushed: true, run_ids: ['fake-1'] });
    // All 2000 samples (3000 at 24 kHz) are out before the acknowledgement, in one short frame.
    expect(client.frames.map((f) => f.length / 2)).toEqual([2000]);
    expect(runner.runs[0]!.config.text).toBe('Short bit');

    client.send({ text_chunk: 'More after the flush.', end: true });
    expect(await client.nextJson()).toMatchObject({ done: true, run_ids: ['fake-1', 'fake-2'] });
    client.send({ text_chunk: 'x', voice: 'default' });
    client.send({ text_chunk: 'y', voice: 'default' });
    expect(await client.nextJson()).toMatchObject({
      error: { code: 'invalid_request', message: expect.stringContaining('first text_chunk') },
    });
    client.close();
  });

  it('cancel stops the engine and answers cancelled; the socket takes the next request', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const runner = fakeRunner({ chunks: [4800, 4800, 4800], beforeChunk: () => held });
    const server = await startTestServer({ streaming: { runner } });
    const client = await RawClient.open(streamUrl(server));
    client.send({ text: 'Long story.' });
    await waitFor(() => client.frames.length === 1, 'the first frame');
    client.send({ text: 'Another.' });
    expect(await client.nextJson()).toMatchObject({ error: { code: 'request_in_progress' } });
    client.send({ cancel: true });
    expect(await client.nextJson()).toEqual({ cancelled: true, run_ids: ['fake-1'] });
    expect(runner.runs[0]!.aborted).toBe(true);
    release();

    client.send({ text: 'Next.' });
    expect(await client.nextJson()).toMatchObject({ done: true, run_id: 'fake-2' });
    expect(client.frames.length).toBe(1 + 3);
    await waitFor(() => server.streaming.stats().requests.cancelled === 1, 'the cancelled count');
    client.close();
  });

  it('a client that disconnects mid-stream stops the engine’s work', async () => {
    const runner = fakeRunner({ chunks: [4800, 4800], beforeChunk: () => new Promise(() => undefined) });
    const server = await startTestServer({ streaming: { runner } });
    const client = await RawClient.open(streamUrl(server));
    client.send({ text: 'Going away.' });
    await waitFor(() => client.frames.length === 1, 'the first frame');
    client.close();
    await waitFor(() => runner.runs[0]!.aborted, 'the run to be aborted');
    await waitFor(() => server.streaming.stats().connections === 0, 'the connection to go');
    expect(server.streaming.stats().activeRuns).toBe(0);
  });

  it('queues requests over the concurrency limit and refuses with busy when the queue is full', async () => {
    const releases: (() => void)[] = [];
    const runner = fakeRunner({
      chunks: [4800, 4800],
      beforeChunk: () => new Promise<void>((resolve) => releases.push(resolve)),
    });
    const server = await startTestServer({
      streaming: { runner, maxConcurrentRuns: 1, maxQueuedRuns: 1 },
    });
    const clients = await Promise.all([0, 1, 2].map(() => RawClient.open(streamUrl(server))));
    clients[0]!.send({ text: 'First.' });
    await waitFor(() => runner.runs.length === 1, 'the first run');
    clients[1]!.send({ text: 'Second.' });
    await waitFor(() => server.streaming.stats().queuedRuns === 1, 'the second to queue');
    clients[2]!.send({ text: 'Third.' });
    const refused = await clients[2]!.nextJson();
    expect(refused).toMatchObject({ error: { code: 'busy' } });
    expect(runner.runs).toHaveLength(1); // the second waits for a slot, not a run

    releases.shift()!();
    expect(await clients[0]!.nextJson()).toMatchObject({ done: true });
    await waitFor(() => releases.length === 1, 'the second run to start');
    releases.shift()!();
    expect(await clients[1]!.nextJson()).toMatchObject({ done: true });
    expect(server.streaming.stats()).toMatchObject({ activeRuns: 0, queuedRuns: 0 });
    // A refused socket is still usable once there is room.
    clients[2]!.send({ text: 'Third again.' });
    await waitFor(() => releases.length === 1, 'the third run');
    releases.shift()!();
    expect(await clients[2]!.nextJson()).toMatchObject({ done: true });
    for (const c of clients) c.close();
  });

  it('holds frames for a slow reader instead of flooding its socket, and delivers them all', async () => {
    // 260 s of audio at once: far more than the loopback socket buffers (a few MB) can absorb.
    const chunks = Array.from({ length: 260 }, () => 24000);
    const runner = fakeRunner({ chunks });
    const highWaterBytes = 64 * 1024;
    const server = await startTestServer({
      streaming: { runner, highWaterBytes, maxQueuedBytesPerSocket: 64 * 1024 * 1024 },
    });
    const client = await RawClient.open(streamUrl(server));
    client.socket.pause();
    client.send({ text: 'A very long read.' });
    // The engine finishes while the reader sleeps: the frames wait on the server, in its queue.
    await waitFor(() => server.streaming.stats().maxQueuedBytes > 4 * 1024 * 1024, 'frames to back up');
    const stats = server.streaming.stats();
    // Never more than the high-water mark plus one frame sat in the socket's own buffer.
    expect(stats.maxBufferedBytes).toBeLessThanOrEqual(highWaterBytes + 9600);
    client.socket.resume();
    const done = await client.nextJson();
    expect(done).toMatchObject({ done: true, metrics: { samples: 260 * 24000, frames: 1300 } });
    expect(client.frames).toHaveLength(1300);
    expect(client.frames.every((f) => f.length === 9600)).toBe(true);
    const tail = decodeWireBytes(concatBytes(client.frames.slice(-5)), 'pcm16');
    expect(maxAbsDiff(tail, fakeAudio(260 * 24000 - 24000, 24000))).toBeLessThanOrEqual(0.5 / 32768);
  });

  it('gives up on a reader that falls too far behind: the run stops and the socket closes (1008)', async () => {
    const runner = fakeRunner({ chunks: Array.from({ length: 260 }, () => 24000) });
    const server = await startTestServer({
      streaming: { runner, highWaterBytes: 64 * 1024, maxQueuedBytesPerSocket: 1024 * 1024 },
    });
    const client = await RawClient.open(streamUrl(server));
    client.socket.pause();
    client.send({ text: 'Too much.' });
    await waitFor(() => runner.runs[0]?.aborted === true, 'the run to be aborted');
    // The engine stopped early: it did not produce the whole run.
    expect(runner.runs[0]!.emitted).toBeLessThan(260);
    expect(server.streaming.stats().maxQueuedBytes).toBeLessThan(1024 * 1024 + 9600);
    client.socket.resume();
    await waitFor(() => client.closeCode !== undefined, 'the socket to close');
    expect(client.closeCode).toBe(1008);
    expect(client.json.at(-1)).toMatchObject({ error: { code: 'slow_reader' } });
  });

  it('reports engine failures with their code and keeps the socket', async () => {
    const runner = fakeRunner({
      failOn: { text: 'boom', error: Object.assign(new Error('no such model'), { code: 'model_not_found' }) },
    });
    const server = await startTestServer({ streaming: { runner } });
    const client = await StreamClient.connect(streamUrl(server));
    await expect(client.generate({ text: 'boom' })).rejects.toMatchObject({
      code: 'model_not_found',
      message: 'no such model',
    });
    const ok = await client.generate({ text: 'fine' });
    expect(ok.done.run_id).toBe('fake-2');
    await client.close();
  });

  it('refuses sockets beyond the connection limit with HTTP 503', async () => {
    const server = await startTestServer({ streaming: { runner: fakeRunner(), maxConnections: 1 } });
    const first = await StreamClient.connect(streamUrl(server));
    await expect(StreamClient.connect(streamUrl(server))).rejects.toThrow(/503/);
    await first.close();
    await waitFor(() => server.streaming.stats().connections === 0, 'the first socket to go');
    const again = await StreamClient.connect(streamUrl(server));
    expect((await again.generate({ text: 'Room again.' })).done.done).toBe(true);
    await again.close();
  });

  it('applies the origin and token rules of the contract socket', async () => {
    const server = await startTestServer({
      host: '0.0.0.0',
      token: 's3cret',
      streaming: { runner: fakeRunner() },
    });
    const url = streamUrl(server);
    await expect(StreamClient.connect(url)).rejects.toThrow(/401/);
    await expect(StreamClient.connect(url, { token: 'wrong' })).rejects.toThrow(/401/);
    await expect(
      StreamClient.connect(url, { token: 's3cret', headers: { origin: 'https://evil.example' } }),
    ).rejects.toThrow(/403/);
    const result = await streamSpeech(url, { token: 's3cret', text: 'Authorised.' });
    expect(result.done.done).toBe(true);
    expect(result.samples).toBe(24000);
  });
});
