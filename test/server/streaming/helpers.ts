import { afterEach } from 'vitest';
import WebSocket from 'ws';
import type { RunConfig, RunMetrics } from '../../../src/contract/index.ts';
import type { ExperimentEvent, StartRunOptions, StartedRun } from '../../../src/engine/index.ts';
import { startServer, type RunningServer, type ServerOptions } from '../../../src/server/index.ts';
import { STREAM_SOCKET_PATH, type StreamRunner } from '../../../src/server/streaming/index.ts';
import { createTestEngine } from '../../contract/test-engine.ts';

/** The engine's 24 kHz audio of the fake runs: a tone whose value at every sample is known. */
export function fakeAudio(start: number, length: number): Float32Array {
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) out[i] = 0.5 * Math.sin(((start + i) * 2 * Math.PI * 220) / 24000);
  return out;
}

export interface FakeRun {
  runId: string;
  config: RunConfig;
  options: StartRunOptions;
  /** Set when the run's signal aborted (the engine was told to stop). */
  aborted: boolean;
  /** Chunks emitted so far. */
  emitted: number;
}

export interface FakeRunnerOptions {
  /** Samples per chunk event (default 8640 then 15360: the fixture's first two chunks under the preset). */
  chunks?: number[];
  /** Awaited before each chunk after the first (lets a test hold a run mid-stream). */
  beforeChunk?: (run: FakeRun, index: number) => Promise<void>;
  /** A run whose text contains this fails with this error. */
  failOn?: { text: string; error: Error };
}

const FAKE_METRICS = { ttfaMs: 12, wallMs: 40, audioMs: 1000, rtf: 0.04 } as unknown as RunMetrics;

/**
 * A RunManager stand-in that emits chunk events at once (or when a test lets it), so that the protocol can be
 * tested apart from the engine: framing, formats, errors, cancellation, backpressure.
 */
export function fakeRunner(options: FakeRunnerOptions = {}): StreamRunner & { runs: FakeRun[] } {
  const runs: FakeRun[] = [];
  return {
    runs,
    start(config: RunConfig, startOptions: StartRunOptions): StartedRun {
      const run: FakeRun = {
        runId: `fake-${runs.length + 1}`,
        config,
        options: startOptions,
        aborted: false,
        emitted: 0,
      };
      runs.push(run);
      const signal = startOptions.signal;
      const cancelled = () => Object.assign(new Error('the run was cancelled'), { code: 'cancelled' });
      const aborted = new Promise<void>((resolve) => {
        if (signal?.aborted) resolve();
        signal?.addEventListener('abort', () => resolve(), { once: true });
      });
      const done = (async () => {
        await Promise.resolve();
        if (options.failOn && config.text.includes(options.failOn.text)) throw options.failOn.error;
        const sizes = options.chunks ?? [8640, 15360];
        let at = 0;
        for (const [index, size] of sizes.entries()) {
          if (index > 0) {
            const wait = options.beforeChunk?.(run, index) ?? new Promise((r) => setImmediate(r));
            // Like the engine, a cancelled run ends promptly even while it waits for work.
            await Promise.race([wait, aborted]);
          }
          if (signal?.aborted) throw cancelled();
          const event: ExperimentEvent = {
            type: 'chunk',
            runId: run.runId,
            chunk: { index } as never,
            audio: fakeAudio(at, size),
            sampleRate: 24000,
          };
          at += size;
          run.emitted++;
          startOptions.onEvent?.(event);
        }
        return {
          summary: { id: run.runId, metrics: FAKE_METRICS } as never,
          stream: fakeAudio(0, at),
          reference: fakeAudio(0, at),
          referenceRepeats: [],
        };
      })();
      signal?.addEventListener('abort', () => (run.aborted = true), { once: true });
      done.catch(() => undefined);
      return { runId: run.runId, done };
    },
  };
}

const servers: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

export async function startTestServer(options: Partial<ServerOptions> = {}): Promise<RunningServer> {
  const server = await startServer({ engine: createTestEngine(), port: 0, ...options });
  servers.push(server);
  return server;
}

export function streamUrl(server: RunningServer): string {
  return `ws://127.0.0.1:${server.port}${STREAM_SOCKET_PATH}`;
}

export type Received = { binary: Uint8Array } | { json: Record<string, unknown> };

/** A bare socket that records everything it receives, for checking the protocol frame by frame. */
export class RawClient {
  readonly socket: WebSocket;
  readonly received: Received[] = [];
  closeCode: number | undefined;

  private constructor(socket: WebSocket) {
    this.socket = socket;
    socket.on('message', (data, isBinary) => {
      if (isBinary) this.received.push({ binary: new Uint8Array(data as Buffer) });
      else this.received.push({ json: JSON.parse(String(data)) as Record<string, unknown> });
    });
    socket.on('close', (code) => (this.closeCode = code));
    socket.on('error', () => undefined);
  }

  static async open(url: string, headers: Record<string, string> = {}): Promise<RawClient> {
    const socket = new WebSocket(url, { headers });
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    return new RawClient(socket);
  }

  send(message: unknown): void {
    this.socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  get json(): Record<string, unknown>[] {
    return this.received.flatMap((r) => ('json' in r ? [r.json] : []));
  }

  get frames(): Uint8Array[] {
    return this.received.flatMap((r) => ('binary' in r ? [r.binary] : []));
  }

  /** Waits until `count` JSON messages have arrived; returns the last. */
  async nextJson(count = this.json.length + 1): Promise<Record<string, unknown>> {
    await waitFor(() => this.json.length >= count, `${count} JSON messages`);
    return this.json[count - 1]!;
  }

  close(): void {
    this.socket.close();
  }
}

export async function waitFor(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export function concatBytes(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}
