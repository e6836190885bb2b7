import { median, quantile } from 'simple-statistics';
import { RunConfigSchema } from '../../contract/index.ts';
import { createEngine } from '../../engine/index.ts';
import { startServer } from '../../server/index.ts';
import {
  DEFAULT_STREAMING_PRESET,
  STREAM_SOCKET_PATH,
  StreamClient,
  type StreamFormat,
} from '../../server/streaming/index.ts';
import type { BenchSuite } from './types.ts';

// Long enough for several chunks under the preset, short enough that a full run does not dominate the suite.
const TEXT = 'Hello my big long beautiful world. Seams, be gone.';

const summary = (xs: number[]) => ({
  median: median(xs),
  p90: quantile(xs, 0.9),
  min: Math.min(...xs),
  max: Math.max(...xs),
});

/**
 * First-chunk latency through `/ws/generate` on loopback against the same run started in process (RunManager.start
 * to its first chunk event), interleaved so that both see the same engine state. Also: the wire's share alone
 * (client-measured first chunk minus the server's own request-to-first-frame time), the mu-law path (streaming
 * resampler), and N concurrent clients.
 */
export const benchServer: BenchSuite = async ({ quick, workDir, log }) => {
  const engine = createEngine({ host: 'server', modelsDir: workDir, databasePath: `${workDir}/bench.db` });
  const server = await startServer({ engine, port: 0 });
  const url = `ws://127.0.0.1:${server.port}${STREAM_SOCKET_PATH}`;
  const repeats = quick ? 3 : 12;
  const config = RunConfigSchema.parse({ ...DEFAULT_STREAMING_PRESET, model: 'fixture', text: TEXT });
  try {
    const inProcess = async () => {
      const t0 = performance.now();
      let first = -1;
      const run = engine.context.runs.start(config, {
        save: true,
        onEvent: (event) => {
          if (event.type === 'chunk' && first < 0) first = performance.now() - t0;
        },
      });
      await run.done;
      return first;
    };
    const client = await StreamClient.connect(url);
    const viaSocket = async (format: StreamFormat = 'pcm16') => {
      const result = await client.generate({ text: TEXT, options: { format } });
      const m = result.done.metrics;
      const first = result.firstChunkMs!;
      // The same run's in-process latency (RunManager.start to its first chunk event), timed by the server.
      const engine = m.first_chunk_event_ms! - m.engine_start_ms!;
      return {
        first,
        engine,
        added: first - engine,
        beforeEngine: m.engine_start_ms!,
        afterEngine: m.first_frame_ms! - m.first_chunk_event_ms!,
        wire: first - m.first_frame_ms!,
      };
    };

    log('  warming up (model load, first runs)');
    for (let i = 0; i < 2; i++) {
      await inProcess();
      await viaSocket();
      await viaSocket('mulaw_8k');
    }

    const local: number[] = [];
    type SocketSample = Awaited<ReturnType<typeof viaSocket>>;
    const socket: SocketSample[] = [];
    const mulaw: SocketSample[] = [];
    for (let i = 0; i < repeats; i++) {
      // Alternate the order so neither path always runs on a just-used (or just-idle) engine.
      const a = i % 2 === 0 ? await inProcess() : undefined;
      const s = await viaSocket();
      const b = a === undefined ? await inProcess() : a;
      local.push(b);
      socket.push(s);
      mulaw.push(await viaSocket('mulaw_8k'));
      log(
        `  ${i + 1}/${repeats}: in process ${b.toFixed(1)} ms, socket ${s.first.toFixed(1)} ms ` +
          `(same run in the engine ${s.engine.toFixed(1)} ms: +${s.added.toFixed(2)} ms)`,
      );
    }
    await client.close();
    const of = (rows: SocketSample[], key: keyof SocketSample) => summary(rows.map((r) => r[key]));

    const concurrentClients = quick ? 5 : 20;
    const clients = await Promise.all(
      Array.from({ length: concurrentClients }, () => StreamClient.connect(url)),
    );
    const t0 = performance.now();
    const results = await Promise.all(
      clients.map((c, i) => c.generate({ text: `Client number ${i} says hello.` })),
    );
    const concurrentWallMs = performance.now() - t0;
    await Promise.all(clients.map((c) => c.close()));
    const firsts = results.map((r) => r.firstChunkMs!);

    const added = of(socket, 'added');
    return {
      note:
        'fixture is a synthetic test model: latencies show the harness and transport, not Chatterbox speed. ' +
        'firstChunkMs = request to first audio (in process: RunManager.start to the first chunk event; socket: ' +
        'client send to the first binary frame received). addedMs pairs each socket request with the same run ' +
        "inside the engine (the server's runs.start to first chunk event), so engine variance cancels; its parts: " +
        'parsing/validation/admission before the engine, encoding and framing after it, and loopback both ways. ' +
        'The in-process and socket medians are independent runs, shown for context (their difference is noise).',
      config: { preset: DEFAULT_STREAMING_PRESET, model: 'fixture', textChars: TEXT.length, repeats },
      inProcess: { firstChunkMs: summary(local) },
      socketPcm16: {
        firstChunkMs: of(socket, 'first'),
        sameRunInEngineMs: of(socket, 'engine'),
        addedMs: added,
        addedParts: {
          serverBeforeEngineMs: of(socket, 'beforeEngine'),
          serverEncodeAndSendMs: of(socket, 'afterEngine'),
          wireMs: of(socket, 'wire'),
        },
      },
      socketMulaw8k: {
        firstChunkMs: of(mulaw, 'first'),
        addedMs: of(mulaw, 'added'),
        serverEncodeAndSendMs: of(mulaw, 'afterEngine'),
      },
      medianOfSocketMinusMedianOfInProcessMs: median(socket.map((s) => s.first)) - median(local),
      underFiveMsAdded: added.median < 5,
      concurrent: {
        clients: concurrentClients,
        wallMs: concurrentWallMs,
        firstChunkMs: summary(firsts),
        allCompleted: results.every((r) => r.done.done === true),
        maxQueuedBytes: server.streaming.stats().maxQueuedBytes,
      },
    };
  } finally {
    await server.close();
    await engine.close();
  }
};
