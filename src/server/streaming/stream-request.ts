import type { RunConfig } from '../../contract/index.ts';
import {
  SegmentSplitter,
  WireEncoder,
  bytesPerSample,
  type StartedRun,
  type ResampleQuality,
  type StartRunOptions,
} from '../../engine/index.ts';
import type { AdmissionGate } from './admission.ts';
import type { FrameSender } from './frame-sender.ts';
import {
  StreamProtocolError,
  type DoneMessage,
  type ErrorMessage,
  type StreamRunReport,
} from './protocol.ts';
import type { ResolvedRequest } from './request-config.ts';

/** What the streaming server needs of the engine's RunManager (a fake in protocol tests). */
export interface StreamRunner {
  start(config: RunConfig, options: StartRunOptions): StartedRun;
}

export interface StreamRequestDeps {
  runner: StreamRunner;
  gate: AdmissionGate;
  sender: FrameSender;
  /** Record every run in the store (served requests are runs like any other). */
  save: boolean;
  maxIncrementalChars: number;
  /** Sinc converter for formats at other rates than the engine's. */
  resampleQuality: ResampleQuality;
  onFinish: (request: StreamRequest, outcome: 'done' | 'cancelled' | 'failed') => void;
}

export type RequestInput = { kind: 'whole'; text: string } | { kind: 'incremental' };

type WorkItem = { kind: 'segment'; text: string } | { kind: 'flush' };

type StopReason = { kind: 'cancel' } | { kind: 'disconnect' } | { kind: 'error'; error: StreamProtocolError };

const now = () => performance.now();

/**
 * One request on a socket: its text becomes runs, one after another (a whole text is one run; incremental text is
 * segmented as it arrives and every segment is a run, started as soon as the segment is certain), and the runs'
 * audio becomes wire frames in one continuous stream (one resampler and framer for the whole request, so runs
 * join without resampling seams). Ends with exactly one of done / error / cancelled (none after a disconnect).
 */
export class StreamRequest {
  readonly incremental: boolean;
  readonly runIds: string[] = [];
  private readonly resolved: ResolvedRequest;
  private readonly deps: StreamRequestDeps;
  private readonly work: WorkItem[] = [];
  private readonly splitter: SegmentSplitter | undefined;
  private readonly abort = new AbortController();
  private readonly startedAt: number;
  private inputClosed = false;
  private wake: (() => void) | undefined;
  private stopReason: StopReason | undefined;
  private encoder: WireEncoder | undefined;
  private audioChain: Promise<void> = Promise.resolve();
  private receivedChars = 0;
  private frames = 0;
  private samples = 0;
  private firstFrameMs: number | null = null;
  private engineStartMs: number | null = null;
  private firstChunkEventMs: number | null = null;
  private queuedMs = 0;
  private readonly runs: StreamRunReport[] = [];

  /** `receivedAt`: when the request's first message arrived (performance.now()), so parsing counts too. */
  constructor(resolved: ResolvedRequest, input: RequestInput, deps: StreamRequestDeps, receivedAt = now()) {
    this.startedAt = receivedAt;
    this.resolved = resolved;
    this.deps = deps;
    this.incremental = input.kind === 'incremental';
    if (input.kind === 'whole') {
      this.work.push({ kind: 'segment', text: input.text });
      this.inputClosed = true;
    } else {
      this.splitter = new SegmentSplitter(resolved.splitter, resolved.config.language);
    }
    void this.loop();
  }

  /** No more text will come (end received, or a whole-text request). */
  get closed(): boolean {
    return this.inputClosed;
  }

  pushText(text: string): void {
    this.receivedChars += text.length;
    if (this.receivedChars > this.deps.maxIncrementalChars) {
      this.fail(
        new StreamProtocolError(
          'text_too_long',
          `incremental text is over ${this.deps.maxIncrementalChars} characters for one request`,
        ),
      );
      return;
    }
    this.enqueueSegments(this.splitter!.push(text));
  }

  flushText(): void {
    this.enqueueSegments(this.splitter!.flush());
    this.enqueue({ kind: 'flush' });
  }

  endText(): void {
    this.enqueueSegments(this.splitter!.close());
    this.inputClosed = true;
    this.wake?.();
  }

  /** The client asked to stop: the engine stops, unsent audio is dropped, the client gets {"cancelled": true}. */
  cancel(): void {
    this.stop({ kind: 'cancel' });
  }

  /** The socket closed: stop the engine's work; nobody is left to tell. */
  disconnect(): void {
    this.stop({ kind: 'disconnect' });
  }

  fail(error: StreamProtocolError): void {
    this.stop({ kind: 'error', error });
  }

  private stop(reason: StopReason): void {
    if (this.stopReason) return;
    this.stopReason = reason;
    this.deps.sender.drop(this);
    this.abort.abort(new StreamProtocolError('cancelled', 'the request was stopped'));
    this.wake?.();
  }

  private enqueueSegments(segments: { text: string }[]): void {
    for (const segment of segments) this.enqueue({ kind: 'segment', text: segment.text });
  }

  private enqueue(item: WorkItem): void {
    this.work.push(item);
    this.wake?.();
  }

  private async nextItem(): Promise<WorkItem | undefined> {
    while (this.work.length === 0 && !this.inputClosed && !this.stopReason) {
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
    }
    this.throwIfStopped();
    return this.work.shift();
  }

  private throwIfStopped(): void {
    if (this.stopReason) throw this.abort.signal.reason;
  }

  private async loop(): Promise<void> {
    let outcome: 'done' | 'cancelled' | 'failed' = 'failed';
    try {
      for (let item = await this.nextItem(); item; item = await this.nextItem()) {
        if (item.kind === 'segment') await this.speak(item.text);
        else {
          await this.flushAudio();
          this.send({ flushed: true, run_ids: [...this.runIds] });
        }
      }
      await this.flushAudio();
      this.throwIfStopped();
      this.send(this.doneMessage());
      outcome = 'done';
    } catch (error) {
      outcome = this.report(error);
    } finally {
      this.deps.onFinish(this, outcome);
    }
  }

  private async speak(text: string): Promise<void> {
    const waitFrom = now();
    const release = await this.deps.gate.acquire(this.abort.signal);
    this.queuedMs += now() - waitFrom;
    try {
      this.throwIfStopped();
      // Incremental segments are already cut: each is one utterance.
      const config: RunConfig = this.incremental
        ? { ...this.resolved.config, text, textSource: { mode: 'whole' } }
        : { ...this.resolved.config, text };
      this.engineStartMs ??= now() - this.startedAt;
      const started = this.deps.runner.start(config, {
        save: this.deps.save,
        signal: this.abort.signal,
        // The admission gate already decides how many requests synthesise at once (maxConcurrentRuns): a served
        // request must not also wait in the engine's one-measured-run queue. Overlapping runs are flagged contended.
        concurrent: true,
        onEvent: (event) => {
          if (event.type === 'chunk') this.acceptAudio(event.audio, event.sampleRate);
        },
      });
      this.runIds.push(started.runId);
      const output = await started.done;
      await this.audioChain;
      this.runs.push({ run_id: started.runId, text, metrics: output.summary.metrics });
    } finally {
      release();
    }
  }

  private acceptAudio(audio: Float32Array, sampleRate: number): void {
    if (this.stopReason) return;
    this.firstChunkEventMs ??= now() - this.startedAt;
    if (!this.encoder) {
      this.encoder = new WireEncoder({
        inputRate: sampleRate,
        format: this.resolved.format,
        frameMs: this.resolved.frameMs,
        quality: this.deps.resampleQuality,
      });
    }
    const encoder = this.encoder;
    // Chained so that the request's end waits for every frame and an encoding failure fails the request.
    this.audioChain = this.audioChain.then(async () => this.emitFrames(await encoder.push(audio)));
  }

  private async flushAudio(): Promise<void> {
    await this.audioChain;
    if (this.encoder) this.emitFrames(await this.encoder.flush());
  }

  private emitFrames(frames: Uint8Array[]): void {
    if (this.stopReason) return;
    const perSample = bytesPerSample(this.resolved.format.encoding);
    for (const frame of frames) {
      if (this.frames === 0) this.firstFrameMs = now() - this.startedAt;
      this.frames++;
      this.samples += frame.length / perSample;
      this.deps.sender.sendBinary(frame, this);
    }
  }

  private send(message: object): void {
    this.deps.sender.sendJson(message, this);
  }

  private report(error: unknown): 'cancelled' | 'failed' {
    const reason = this.stopReason;
    if (reason?.kind === 'disconnect') return 'cancelled';
    if (reason?.kind === 'cancel') {
      this.send({ cancelled: true, run_ids: [...this.runIds] });
      return 'cancelled';
    }
    const failure = reason?.kind === 'error' ? reason.error : error;
    const message: ErrorMessage = { error: errorPayload(failure) };
    const runId = this.runIds.at(-1);
    if (runId !== undefined) message.run_id = runId;
    this.send(message);
    return 'failed';
  }

  private doneMessage(): DoneMessage {
    const { format } = this.resolved;
    const wallMs = this.runs.reduce((sum, r) => sum + r.metrics.wallMs, 0);
    const runAudioMs = this.runs.reduce((sum, r) => sum + r.metrics.audioMs, 0);
    return {
      done: true,
      run_id: this.runIds[0] ?? null,
      run_ids: [...this.runIds],
      metrics: {
        encoding: format.encoding,
        sample_rate: format.sampleRate,
        frame_samples:
          this.encoder?.frameSamples ?? Math.round((this.resolved.frameMs * format.sampleRate) / 1000),
        frames: this.frames,
        samples: this.samples,
        audio_ms: (this.samples / format.sampleRate) * 1000,
        first_frame_ms: this.firstFrameMs,
        engine_start_ms: this.engineStartMs,
        first_chunk_event_ms: this.firstChunkEventMs,
        wall_ms: now() - this.startedAt,
        queued_ms: this.queuedMs,
        ttfa_ms: this.runs[0]?.metrics.ttfaMs ?? null,
        rtf: runAudioMs > 0 ? wallMs / runAudioMs : null,
        segments: this.runs.length,
        runs: this.runs,
      },
    };
  }
}

/** An engine or protocol error as the protocol reports it: its own code when it has one. */
export function errorPayload(error: unknown): { code: string; message: string } {
  if (error instanceof StreamProtocolError) return { code: error.code, message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof Error && error.name === 'ZodError') return { code: 'invalid_request', message };
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string')
    return { code: error.code, message };
  return { code: 'engine_error', message };
}
