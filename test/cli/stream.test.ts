import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, readWavFile, type Engine } from '../../src/engine/index.ts';
import { startServer, type RunningServer } from '../../src/server/index.ts';
import { STREAM_SOCKET_PATH } from '../../src/server/streaming/index.ts';
import { TEST_MODELS_DIR } from '../engine/experiments/helpers.ts';
import { seamlab } from './cli-process.ts';

/**
 * `seamlab stream` the way users run it (through the launcher), against a real server in this process with the
 * fixture model. The CLI runs as a child process, so it must be spawned asynchronously: the server answers from
 * this process's event loop.
 */
let engine: Engine;
let server: RunningServer;
let dir: string;
let url: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seamlab-cli-stream-'));
  engine = createEngine({
    host: 'server',
    modelsDir: TEST_MODELS_DIR,
    databasePath: path.join(dir, 'runs.db'),
  });
  server = await startServer({ engine, port: 0 });
  url = `ws://127.0.0.1:${server.port}${STREAM_SOCKET_PATH}`;
});

afterAll(async () => {
  await server?.close();
  await engine?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('seamlab stream', () => {
  it('--json measures a request and --out writes the received audio as WAV', async () => {
    const out = path.join(dir, 'phone.wav');
    const result = await seamlab([
      'stream',
      '--url',
      url,
      '--text',
      'Hello from the reference client.',
      '--format',
      'mulaw_8k',
      '--out',
      out,
      '--jitter-ms',
      '150',
      '--json',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as {
      format: { encoding: string; sampleRate: number };
      firstChunkMs: number;
      totalMs: number;
      frames: number;
      samples: number;
      interChunkGaps: { count: number };
      playback: { jitterBufferMs: number; gapCount: number };
      runId: string;
      server: { samples: number; frames: number };
      out: string;
    };
    expect(report.format).toEqual({ encoding: 'mulaw', sampleRate: 8000 });
    expect(report.firstChunkMs).toBeGreaterThan(0);
    expect(report.totalMs).toBeGreaterThanOrEqual(report.firstChunkMs);
    expect(report.samples).toBe(report.server.samples);
    expect(report.frames).toBe(report.server.frames);
    expect(report.interChunkGaps.count).toBe(report.frames - 1);
    expect(report.playback.jitterBufferMs).toBe(150);

    // The run is stored, and the WAV holds exactly the received audio at the wire rate.
    const run = engine.context.store().getRun(report.runId)!;
    expect(run.status).toBe('finished');
    const stream = engine.context.store().getAudio(report.runId, 'stream')!.samples;
    expect(report.samples).toBe(Math.round(stream.length / 3));
    const wav = await readWavFile(out);
    expect(wav.sampleRate).toBe(8000);
    expect(wav.channels[0]).toHaveLength(report.samples);
  });

  it('--incremental sends LLM-rate text chunks and says whether audio came before the last one', async () => {
    const result = await seamlab([
      'stream',
      '--url',
      url,
      '--text',
      'First a sentence that is long enough. Then another one arrives. And a last one.',
      '--incremental',
      '--rate',
      '40',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/first chunk\s+\d+\.\d ms/);
    expect(result.stdout).toMatch(/first audio before the last text chunk: (yes|no)/);
    expect(result.stdout).toMatch(/runs\s+\S+, \S+/); // several segments, several runs
  });

  it('reports server errors and bad usage with a clear message and a non-zero exit', async () => {
    const refused = await seamlab([
      'stream',
      '--url',
      url,
      '--text',
      'Hi.',
      '--config',
      '{"boundary":{"kind":"nope"}}',
    ]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('invalid_request');
    const badJson = await seamlab(['stream', '--url', url, '--text', 'Hi.', '--config', '{oops']);
    expect(badJson.code).toBe(2);
    expect(badJson.stderr).toContain('--config is not JSON');
    const nobody = await seamlab(['stream', '--url', 'ws://127.0.0.1:9/ws/generate', '--text', 'Hi.']);
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toContain('cannot connect');
  });
});
