/**
 * Live streaming playback: each chunk's audio is scheduled back to back on one AudioContext as it arrives.
 * A gap is when playback reaches the end of the buffered audio before the next chunk arrives: the chunk is then
 * scheduled "now" and the silence it leaves is counted. The buffer lead is how much scheduled audio remains
 * ahead of the playhead. Playback starts when `jitterBufferMs` of audio is buffered (experiments.md, axis 5), or
 * only at the end in gather-then-play mode.
 */

/** Scheduling slack: a source started exactly at currentTime may glitch its first samples. */
const START_MARGIN_S = 0.03;

export interface LivePlayerOptions {
  jitterBufferMs: number;
  gatherThenPlay: boolean;
  /** Audio destination (a gain node for muting); defaults to the context's destination. */
  destination?: AudioNode;
}

export interface LivePlayerStats {
  state: 'buffering' | 'playing' | 'ended' | 'stopped';
  gapCount: number;
  totalGapMs: number;
  longestGapMs: number;
  /** Scheduled audio ahead of the playhead, ms (0 while starved). */
  leadMs: number;
  /** Audio received so far, ms. */
  receivedMs: number;
  /** True while playing with nothing buffered: a gap is happening now. */
  starved: boolean;
  /** performance.now() when the first sample plays (delivered TTFA's end point); null until playback starts. */
  firstSampleAt: number | null;
}

export class LivePlayer {
  private readonly ctx: AudioContext;
  private readonly options: LivePlayerOptions;
  private readonly sources: AudioBufferSourceNode[] = [];
  private pending: AudioBuffer[] = [];
  private pendingMs = 0;
  private nextTime = 0;
  private started = false;
  private finished = false;
  private stopped = false;
  private gapCount = 0;
  private totalGapMs = 0;
  private longestGapMs = 0;
  private receivedMs = 0;
  private firstSampleAt: number | null = null;

  constructor(ctx: AudioContext, options: LivePlayerOptions) {
    this.ctx = ctx;
    this.options = options;
  }

  /** One chunk of audio, in stream order. */
  push(samples: Float32Array, sampleRate: number): void {
    if (this.stopped || samples.length === 0) return;
    const buffer = this.ctx.createBuffer(1, samples.length, sampleRate);
    buffer.copyToChannel(samples as Float32Array<ArrayBuffer>, 0);
    this.receivedMs += buffer.duration * 1000;
    if (!this.started) {
      this.pending.push(buffer);
      this.pendingMs += buffer.duration * 1000;
      if (!this.options.gatherThenPlay && this.pendingMs >= this.options.jitterBufferMs) this.start();
      return;
    }
    const now = this.ctx.currentTime;
    if (now + 0.001 > this.nextTime) {
      // The playhead ran past everything buffered: the silence until this chunk starts is a gap.
      const resumeAt = now + START_MARGIN_S;
      const gapMs = (resumeAt - this.nextTime) * 1000;
      this.gapCount++;
      this.totalGapMs += gapMs;
      this.longestGapMs = Math.max(this.longestGapMs, gapMs);
      this.nextTime = resumeAt;
    }
    this.schedule(buffer);
  }

  /** No more chunks: starts playback if the jitter buffer never filled (short runs, gather-then-play). */
  finish(): void {
    this.finished = true;
    if (!this.started && !this.stopped && this.pending.length > 0) this.start();
  }

  stop(): void {
    this.stopped = true;
    for (const source of this.sources) {
      try {
        source.stop();
      } catch {
        // Not started yet or already ended.
      }
      source.disconnect();
    }
    this.sources.length = 0;
    this.pending = [];
  }

  stats(): LivePlayerStats {
    const now = this.ctx.currentTime;
    const leadS = this.started ? Math.max(0, this.nextTime - now) : this.pendingMs / 1000;
    const state: LivePlayerStats['state'] = this.stopped
      ? 'stopped'
      : !this.started
        ? 'buffering'
        : this.finished && now >= this.nextTime
          ? 'ended'
          : 'playing';
    return {
      state,
      gapCount: this.gapCount,
      totalGapMs: this.totalGapMs,
      longestGapMs: this.longestGapMs,
      leadMs: leadS * 1000,
      receivedMs: this.receivedMs,
      starved: this.started && !this.finished && now > this.nextTime,
      firstSampleAt: this.firstSampleAt,
    };
  }

  private start(): void {
    this.started = true;
    this.nextTime = this.ctx.currentTime + START_MARGIN_S;
    this.firstSampleAt = performance.now() + START_MARGIN_S * 1000;
    for (const buffer of this.pending) this.schedule(buffer);
    this.pending = [];
    this.pendingMs = 0;
  }

  private schedule(buffer: AudioBuffer): void {
    const source = this.ctx.createBufferSource();
    source.buffer = buffer;
    source.connect(this.options.destination ?? this.ctx.destination);
    source.start(this.nextTime);
    this.nextTime += buffer.duration;
    source.onended = () => {
      const index = this.sources.indexOf(source);
      if (index >= 0) this.sources.splice(index, 1);
      source.disconnect();
    };
    this.sources.push(source);
  }
}
