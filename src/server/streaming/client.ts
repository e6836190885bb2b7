import { max, mean, median, quantile } from 'simple-statistics';
import WebSocket from 'ws';
import {
  bytesPerSample,
  decodeWireBytes,
  simulatePlayback,
  tokenizeLikeLlm,
  type WireFormat,
} from '../../engine/index.ts';
import { resolveFormat, StreamProtocolError, type DoneMessage, type StreamOptions } from './protocol.ts';

/**
 * The reference client of `/ws/generate`: sends a request (whole text, or text chunks at an LLM-like rate),
 * receives the audio frames and measures what a listener at the other end of the socket gets: first-chunk latency,
 * gaps between arrivals, total time, and playback gaps behind a jitter buffer. Used by `seamlab stream`, the
 * server benchmark and the protocol tests, and meant for a workbench pointed at a remote engine.
 */

export interface ConnectOptions {
  /** Sent as `Authorization: Bearer` (a server on a non-loopback address requires it). */
  token?: string;
  headers?: Record<string, string>;
  connectTimeoutMs?: number;
}

export interface GenerateOptions {
  text: string;
  /** Format, frame_ms, voice, model, speaker_id and strategy fields, sent with the request. */
  options?: StreamOptions;
  /** Send the text as `text_chunk` messages of LLM-like tokens at this rate, then `{"end": true}`. */
  incremental?: { tokensPerSecond: number };
  /** Audio that must be buffered before simulated playback starts (default 100 ms). */
  jitterBufferMs?: number;
  /** Sends `{"cancel": true}` when aborted; the promise then rejects with code `cancelled`. */
  signal?: AbortSignal;
  /** Each audio frame as it arrives (ms since the request's first message). */
  onFrame?: (frame: Uint8Array, atMs: number) => void;
}

export interface ArrivalGaps {
  count: number;
  meanMs: number | null;
  medianMs: number | null;
  p95Ms: number | null;
  maxMs: number | null;
}

export interface StreamResult {
  format: WireFormat;
  /** The decoded audio (float, at format.sampleRate). */
  audio: Float32Array;
  frames: number;
  frameSamples: number[];
  samples: number;
  audioMs: number;
  /** Request sent (its first message) to the first audio frame received. */
  firstChunkMs: number | null;
  /** Request sent to the done message received. */
  totalMs: number;
  /** Time between consecutive frame arrivals. */
  interChunkGaps: ArrivalGaps;
  /** When each frame arrived (ms since the request). */
  arrivalsMs: number[];
  /** Incremental text only: when the last text was sent, and whether audio came before it. */
  text: { messages: number; lastSentMs: number; firstAudioBeforeLastText: boolean | null };
  /** Real-time playback of the frames as they arrived, starting once jitterBufferMs of audio is in. */
  playback: {
    jitterBufferMs: number;
    startMs: number;
    endMs: number;
    gapCount: number;
    totalGapMs: number;
    longestGapMs: number;
  };
  /** `{"flushed": true}` messages received (incremental text with flush). */
  flushes: number;
  done: DoneMessage;
}

interface Frame {
  bytes: Uint8Array;
  atMs: number;
}

function gapsOf(arrivals: number[]): ArrivalGaps {
  const gaps = arrivals.slice(1).map((t, i) => t - arrivals[i]!);
  if (gaps.length === 0) return { count: 0, meanMs: null, medianMs: null, p95Ms: null, maxMs: null };
  return {
    count: gaps.length,
    meanMs: mean(gaps),
    medianMs: median(gaps),
    p95Ms: quantile(gaps, 0.95),
    maxMs: max(gaps),
  };
}

/** One open socket to a streaming server; requests run one after another on it. */
export class StreamClient {
  readonly url: string;
  /** Time to open the socket (TCP + HTTP upgrade). */
  readonly connectMs: number;
  private readonly socket: WebSocket;
  private busy = false;

  private constructor(url: string, socket: WebSocket, connectMs: number) {
    this.url = url;
    this.socket = socket;
    this.connectMs = connectMs;
  }

  static async connect(url: string, options: ConnectOptions = {}): Promise<StreamClient> {
    const headers = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const t0 = performance.now();
    const socket = new WebSocket(url, { headers, handshakeTimeout: options.connectTimeoutMs ?? 10_000 });
    // Errors after the first (or after the socket is ours) surface as close events; never as a crash.
    socket.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('unexpected-response', (_request, response) => {
        // Handling this event makes the connection ours to end.
        socket.terminate();
        reject(new Error(`${url}: the server refused the socket (HTTP ${response.statusCode})`));
      });
      socket.once('error', (error) => reject(new Error(`${url}: ${error.message}`)));
    });
    return new StreamClient(url, socket, performance.now() - t0);
  }

  /** Sends one request and resolves when its done message arrives (rejects on error/cancelled/close). */
  async generate(request: GenerateOptions): Promise<StreamResult> {
    if (this.busy) throw new Error('StreamClient: one request at a time per socket');
    if (this.socket.readyState !== WebSocket.OPEN) throw new Error('StreamClient: the socket is closed');
    this.busy = true;
    const socket = this.socket;
    const format = resolveFormat(request.options?.format);
    const frames: Frame[] = [];
    const timers: NodeJS.Timeout[] = [];
    let flushes = 0;
    let lastTextSentMs = 0;
    let textMessages = 0;
    let t0 = 0;
    const elapsed = () => performance.now() - t0;
    const send = (message: object) => {
      socket.send(JSON.stringify(message));
      textMessages++;
      lastTextSentMs = elapsed();
    };

    let settle!: { resolve: (done: DoneMessage) => void; reject: (error: Error) => void };
    const finished = new Promise<DoneMessage>((resolve, reject) => (settle = { resolve, reject }));
    // Settled by socket events even if this call fails before awaiting it.
    finished.catch(() => undefined);
    const onMessage = (data: WebSocket.RawData, isBinary: boolean) => {
      const atMs = elapsed();
      if (isBinary) {
        const bytes = new Uint8Array(Buffer.isBuffer(data) ? data : Buffer.concat(data as Buffer[]));
        frames.push({ bytes, atMs });
        request.onFrame?.(bytes, atMs);
        return;
      }
      let message: Record<string, unknown>;
      try {
        message = JSON.parse(String(data)) as Record<string, unknown>;
      } catch {
        settle.reject(
          new Error(`the server sent a text frame that is not JSON: ${String(data).slice(0, 200)}`),
        );
        return;
      }
      if (message.done === true) settle.resolve(message as unknown as DoneMessage);
      else if (message.flushed === true) flushes++;
      else if (message.cancelled === true)
        settle.reject(new StreamProtocolError('cancelled', 'the request was cancelled'));
      else if (message.error && typeof message.error === 'object') {
        const error = message.error as { code?: unknown; message?: unknown };
        settle.reject(new StreamProtocolError(String(error.code), String(error.message)));
      }
    };
    const onClose = (code: number, reason: Buffer) =>
      settle.reject(new Error(`the socket closed before the request finished (${code} ${String(reason)})`));
    const onAbort = () => {
      if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ cancel: true }));
    };
    socket.on('message', onMessage);
    socket.once('close', onClose);
    request.signal?.addEventListener('abort', onAbort, { once: true });

    try {
      t0 = performance.now();
      if (request.incremental) {
        const tokens = tokenizeLikeLlm(request.text);
        const interval = 1000 / request.incremental.tokensPerSecond;
        tokens.forEach((token, k) => {
          // Deadlines from the start, so timer lateness does not accumulate into a slower rate.
          const fire = () => {
            if (socket.readyState !== WebSocket.OPEN) return;
            send(k === 0 ? { text_chunk: token, ...request.options } : { text_chunk: token });
            if (k === tokens.length - 1) send({ end: true });
          };
          if (k === 0) fire();
          else timers.push(setTimeout(fire, Math.max(0, k * interval - elapsed())));
        });
        if (tokens.length === 0) send({ end: true });
      } else {
        send({ text: request.text, ...request.options });
      }
      const done = await finished;
      return summarise(format, frames, done, elapsed(), {
        jitterBufferMs: request.jitterBufferMs ?? 100,
        incremental: request.incremental !== undefined,
        lastTextSentMs,
        textMessages,
        flushes,
      });
    } finally {
      for (const timer of timers) clearTimeout(timer);
      socket.off('message', onMessage);
      socket.off('close', onClose);
      request.signal?.removeEventListener('abort', onAbort);
      this.busy = false;
    }
  }

  async close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }
}

function summarise(
  format: WireFormat,
  frames: Frame[],
  done: DoneMessage,
  totalMs: number,
  context: {
    jitterBufferMs: number;
    incremental: boolean;
    lastTextSentMs: number;
    textMessages: number;
    flushes: number;
  },
): StreamResult {
  const perSample = bytesPerSample(format.encoding);
  const frameSamples = frames.map((f) => f.bytes.length / perSample);
  const samples = frameSamples.reduce((a, b) => a + b, 0);
  const audio = new Float32Array(samples);
  let at = 0;
  for (const frame of frames) {
    const decoded = decodeWireBytes(frame.bytes, format.encoding);
    audio.set(decoded, at);
    at += decoded.length;
  }
  const arrivals = frames.map((f) => f.atMs);
  const playback = simulatePlayback(
    frames.map((f, i) => ({ readyAtMs: f.atMs, durationMs: (frameSamples[i]! / format.sampleRate) * 1000 })),
    { jitterBufferMs: context.jitterBufferMs, mode: 'realtime' },
  );
  const firstChunkMs = arrivals[0] ?? null;
  return {
    format,
    audio,
    frames: frames.length,
    frameSamples,
    samples,
    audioMs: (samples / format.sampleRate) * 1000,
    firstChunkMs,
    totalMs,
    interChunkGaps: gapsOf(arrivals),
    arrivalsMs: arrivals,
    text: {
      messages: context.textMessages,
      lastSentMs: context.lastTextSentMs,
      firstAudioBeforeLastText:
        context.incremental && firstChunkMs !== null ? firstChunkMs < context.lastTextSentMs : null,
    },
    playback: {
      jitterBufferMs: context.jitterBufferMs,
      startMs: playback.startMs,
      endMs: playback.endMs,
      gapCount: playback.gapCount,
      totalGapMs: playback.totalGapMs,
      longestGapMs: playback.longestGapMs,
    },
    flushes: context.flushes,
    done,
  };
}

/** Connects, runs one request, closes. */
export async function streamSpeech(
  url: string,
  request: GenerateOptions & ConnectOptions,
): Promise<StreamResult & { connectMs: number }> {
  const client = await StreamClient.connect(url, request);
  try {
    return { ...(await client.generate(request)), connectMs: client.connectMs };
  } finally {
    await client.close();
  }
}
