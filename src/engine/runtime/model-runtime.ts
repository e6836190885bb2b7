import type { Transferable } from 'node:worker_threads';
import { WorkerHost } from '../workers/worker-host.ts';
import { GenerationControl } from './generation-control.ts';
import { alignDecoderPrompt } from './prompt-alignment.ts';
import type { SessionSettings } from './session-factory.ts';
import {
  cloneConditioning,
  conditioningBuffers,
  type Conditioning,
  type FloatTensorData,
} from './tensor-data.ts';
import type { GenerationResult, KvLayout } from './token-generator.ts';
import type { SamplerSettings } from './token-sampler.ts';

/** What the token worker answers to `load`. */
export interface TokenWorkerInfo {
  providers: Record<string, string>;
  fallbacks: { graph: string; provider: string; reason: string }[];
  kvLayout: KvLayout;
  loadMs: number;
}

export interface DecodeWorkerInfo {
  provider: string;
  fallbacks: { provider: string; reason: string }[];
  inputNames: string[];
  /** The decoder carries explicit cache_* state (models/STATEFUL_DECODER.md). */
  stateful: boolean;
  loadMs: number;
}

export interface GenerateRequest {
  text: string;
  conditioning: Conditioning;
  sampler: SamplerSettings;
  seed: number;
  exaggeration: number;
  maxNewTokens: number;
  /** ISO code of the text's language (multilingual family only: picks the `[xx]` tag). Default 'en'. */
  language?: string;
}

export interface TokenEvent {
  token: number;
  index: number;
  /** ms since the worker started this generation. */
  atMs: number;
}

type TokenMethods = {
  load: (p: { modelDir: string; settings: SessionSettings }) => TokenWorkerInfo;
  encodeVoice: (p: { samples: Float32Array }) => Conditioning;
  generate: (p: GenerateRequest & { control: SharedArrayBuffer }) => GeneratedTokens;
  endProfiling: (p: Record<string, never>) => boolean;
};
type DecodeMethods = {
  load: (p: { modelDir: string; settings: SessionSettings }) => DecodeWorkerInfo;
  decode: (p: {
    speechTokens: BigInt64Array;
    speakerEmbeddings: FloatTensorData;
    speakerFeatures: FloatTensorData;
    promptTokens: number;
  }) => {
    waveform: Float32Array;
    runMs: number;
  };
  openStream: (p: {
    audioTokens: BigInt64Array;
    speakerEmbeddings: FloatTensorData;
    speakerFeatures: FloatTensorData;
  }) => number;
  pushStream: (p: { id: number; tokens: BigInt64Array; final: boolean }) => {
    waveform: Float32Array;
    runMs: number;
  };
  closeStream: (p: { id: number }) => boolean;
};

export type GeneratedTokens = GenerationResult & { normalizedText: string; promptLength: number };

/** How long a shutdown waits for a session.run in flight before ending the thread anyway. */
const KILL_WAIT_MS = 30_000;

export class CancelledError extends Error {
  constructor() {
    super('the run was cancelled');
    this.name = 'CancelledError';
  }
}

/**
 * A loaded model, split across two worker threads: the token worker (speech encoder, embeddings, language model)
 * and the decode worker (conditional decoder). The main thread never blocks on onnxruntime. A worker that dies is
 * replaced and its model reloaded on the next request, so one crash never needs an app restart.
 */
export class ModelRuntime {
  readonly modelDir: string;
  readonly settings: SessionSettings;
  private readonly tokenHost = new WorkerHost<TokenMethods>('token.worker');
  private readonly decodeHost = new WorkerHost<DecodeMethods>('decode.worker');
  /** Generations in flight: cancelled (or told to exit) before the token worker may be stopped. */
  private readonly activeControls = new Set<GenerationControl>();
  private tokenLoaded: { threadId: number; info: Promise<TokenWorkerInfo> } | undefined;
  private decodeLoaded: { threadId: number; info: Promise<DecodeWorkerInfo> } | undefined;

  constructor(modelDir: string, settings: SessionSettings) {
    this.modelDir = modelDir;
    this.settings = settings;
  }

  /** Which worker threads hold the sessions: changes when a crashed worker was replaced (its warm-up is lost). */
  get workerIdentity(): string {
    return `${this.tokenHost.threadId ?? '-'}:${this.decodeHost.threadId ?? '-'}`;
  }

  /** The token worker's sessions, loaded on first use and reloaded when the worker was replaced after a crash. */
  tokenWorker(): Promise<TokenWorkerInfo> {
    this.tokenLoaded = this.ensureLoaded(this.tokenHost, this.tokenLoaded);
    return this.tokenLoaded.info;
  }

  decodeWorker(): Promise<DecodeWorkerInfo> {
    this.decodeLoaded = this.ensureLoaded(this.decodeHost, this.decodeLoaded);
    return this.decodeLoaded.info;
  }

  private ensureLoaded<I>(
    host: WorkerHost<{ load: (p: { modelDir: string; settings: SessionSettings }) => I }>,
    loaded: { threadId: number; info: Promise<I> } | undefined,
  ): { threadId: number; info: Promise<I> } {
    if (loaded && host.running && loaded.threadId === host.threadId) return loaded;
    const info = host.request('load', { modelDir: this.modelDir, settings: this.settings }) as Promise<I>;
    return { threadId: host.threadId!, info };
  }

  async encodeVoice(samples: Float32Array): Promise<Conditioning> {
    await this.tokenWorker();
    const copy = samples.slice();
    return this.tokenHost.request(
      'encodeVoice',
      { samples: copy },
      { transfer: [copy.buffer as ArrayBuffer] },
    );
  }

  /**
   * Generates speech tokens, calling `onToken` for each as it is sampled. `control` (shared memory) cancels within
   * one step and meters how far generation may run ahead of decoding; by default it is unlimited.
   */
  async generate(
    request: GenerateRequest,
    onToken: (event: TokenEvent) => void,
    control: GenerationControl = GenerationControl.unlimited(),
  ): Promise<GeneratedTokens> {
    await this.tokenWorker();
    if (control.cancelled) throw new CancelledError();
    this.activeControls.add(control);
    try {
      const conditioning = cloneConditioning(request.conditioning);
      const result = await this.tokenHost.request(
        'generate',
        { ...request, conditioning, control: control.buffer },
        {
          transfer: conditioningBuffers(conditioning) as Transferable[],
          onEvent: (e) => onToken(e as TokenEvent),
        },
      );
      if (result.stoppedBy === 'cancelled') throw new CancelledError();
      return result;
    } finally {
      this.activeControls.delete(control);
    }
  }

  /**
   * Ends onnxruntime's profiling of the token worker's sessions: with `settings.profileDir` set, each writes its
   * trace (`<graph>_<time>.json`) there now. Benchmarks only; profiling cannot be restarted on these sessions.
   */
  async endTokenProfiling(): Promise<void> {
    await this.tokenWorker();
    await this.tokenHost.request('endProfiling', {});
  }

  /**
   * Decodes prompt + span in the decode worker; returns 960 samples per span token. The prompt is first aligned
   * (2 P = T, prompt-alignment.ts), and the worker checks the decoder's length against the export's arithmetic.
   */
  async decode(
    promptTokens: BigInt64Array,
    span: readonly number[],
    conditioning: Conditioning,
    options: { alignPrompt?: boolean } = {},
  ): Promise<{ waveform: Float32Array; runMs: number }> {
    await this.decodeWorker();
    const raw = { audioTokens: promptTokens, speakerFeatures: conditioning.speakerFeatures };
    // alignPrompt false (the self-check only) decodes the raw prompt: (2 (P + N) - T) x 480 samples.
    const prompt = options.alignPrompt === false ? raw : alignDecoderPrompt(raw);
    const promptLength = prompt.audioTokens.length;
    const speechTokens = new BigInt64Array(promptLength + span.length);
    speechTokens.set(prompt.audioTokens);
    for (let i = 0; i < span.length; i += 1) speechTokens[promptLength + i] = BigInt(span[i]!);
    return this.decodeHost.request(
      'decode',
      {
        speechTokens,
        speakerEmbeddings: conditioning.speakerEmbeddings,
        speakerFeatures: prompt.speakerFeatures,
        promptTokens: promptLength,
      },
      { transfer: [speechTokens.buffer as ArrayBuffer] },
    );
  }

  /** Opens a stateful decoder stream for one utterance (cache-capable decoders only); returns its handle. */
  async openDecoderStream(conditioning: Conditioning): Promise<number> {
    await this.decodeWorker();
    const prompt = alignDecoderPrompt({
      audioTokens: conditioning.audioTokens.data,
      speakerFeatures: conditioning.speakerFeatures,
    });
    return this.decodeHost.request('openStream', {
      audioTokens: prompt.audioTokens,
      speakerEmbeddings: conditioning.speakerEmbeddings,
      speakerFeatures: prompt.speakerFeatures,
    });
  }

  /** Feeds new tokens to a decoder stream; `final` flushes the tokens it held back for look-ahead. */
  async pushDecoderStream(
    id: number,
    span: readonly number[],
    final: boolean,
  ): Promise<{ waveform: Float32Array; runMs: number }> {
    const tokens = BigInt64Array.from(span, (t) => BigInt(t));
    return this.decodeHost.request(
      'pushStream',
      { id, tokens, final },
      { transfer: [tokens.buffer as ArrayBuffer] },
    );
  }

  async closeDecoderStream(id: number): Promise<void> {
    await this.decodeHost.request('closeStream', { id });
  }

  /** For tests and the "killed worker" path: the live worker threads. */
  get threads(): { token: number | undefined; decode: number | undefined } {
    return { token: this.tokenHost.threadId, decode: this.decodeHost.threadId };
  }

  /**
   * Kills a worker as a crash would (tests, and a user's "reset engine" button). Never in the middle of a
   * session.run: a generating token worker exits at its next step (its pending requests fail with
   * WorkerCrashedError, as after a real crash); a decoding worker is stopped as soon as its call returns.
   */
  async killWorker(which: 'token' | 'decode'): Promise<void> {
    const host = which === 'token' ? this.tokenHost : this.decodeHost;
    if (which === 'token' && this.activeControls.size > 0) {
      const exited = host.exited();
      for (const control of this.activeControls) control.requestExit();
      await exited;
      return;
    }
    await host.idle(KILL_WAIT_MS);
    await host.terminate();
  }

  /** Stops both workers: cancels generation, lets calls in flight return, then ends the threads. */
  async close(): Promise<void> {
    for (const control of this.activeControls) control.cancel();
    await Promise.all([this.tokenHost.idle(KILL_WAIT_MS), this.decodeHost.idle(KILL_WAIT_MS)]);
    await Promise.all([this.tokenHost.terminate(), this.decodeHost.terminate()]);
  }
}
