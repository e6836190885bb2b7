/**
 * Plays stored audio on the shared AudioContext: play/pause/seek, a loop region that stops sample-exactly
 * (AudioBufferSourceNode loopStart/loopEnd), and instant A/B switching between several buffers of the same
 * timeline with short gain ramps (~10 ms) that keep the playback position (listening.md).
 */

export const SWITCH_RAMP_S = 0.01;

export interface LoopRegion {
  start: number;
  end: number;
}

interface Voice {
  source: AudioBufferSourceNode;
  gain: GainNode;
}

export class BufferPlayer {
  private readonly context: AudioContext | (() => AudioContext);
  private readonly buffers = new Map<string, AudioBuffer | { samples: Float32Array; sampleRate: number }>();
  private current: string | null = null;
  private voice: Voice | null = null;
  /** Position (s) at `startedAt` (context time) while playing; the position itself while paused. */
  private offset = 0;
  private startedAt = 0;
  private playing = false;
  private loop: LoopRegion | null = null;
  private readonly listeners = new Set<() => void>();
  private knownDuration = 0;

  /**
   * A context, or a function that makes one: creating an AudioContext costs ~100 ms, so screens pass a getter and
   * pay for it on the first play rather than before their first paint.
   */
  constructor(context: AudioContext | (() => AudioContext)) {
    this.context = context;
  }

  private get ctx(): AudioContext {
    return typeof this.context === 'function' ? this.context() : this.context;
  }

  /** Registers (or replaces) a buffer under `key`; the first one becomes current. */
  setBuffer(key: string, buffer: AudioBuffer): void {
    this.buffers.set(key, buffer);
    if (this.current === null) this.current = key;
  }

  /** Like setBuffer, from raw samples; the AudioBuffer is made when first played. */
  setSamples(key: string, samples: Float32Array, sampleRate: number): void {
    this.buffers.set(key, { samples, sampleRate });
    if (this.current === null) this.current = key;
  }

  private buffer(key: string | null): AudioBuffer | undefined {
    const entry = key === null ? undefined : this.buffers.get(key);
    if (!entry || entry instanceof AudioBuffer) return entry;
    const buffer = this.ctx.createBuffer(1, Math.max(1, entry.samples.length), entry.sampleRate);
    buffer.copyToChannel(entry.samples as Float32Array<ArrayBuffer>, 0);
    this.buffers.set(key!, buffer);
    return buffer;
  }

  get selected(): string | null {
    return this.current;
  }

  get isPlaying(): boolean {
    return this.playing;
  }

  /** The timeline's length before any audio has arrived (a long run is navigable while it downloads). */
  setDuration(seconds: number): void {
    this.knownDuration = seconds;
  }

  get duration(): number {
    const entry = this.current ? this.buffers.get(this.current) : undefined;
    if (!entry) return this.knownDuration;
    return entry instanceof AudioBuffer ? entry.duration : entry.samples.length / entry.sampleRate;
  }

  /** The playhead in seconds, following loops. */
  position(): number {
    if (!this.playing) return this.offset;
    let position = this.offset + (this.ctx.currentTime - this.startedAt);
    const loop = this.loop;
    if (loop && position > loop.end && this.offset <= loop.end) {
      const length = loop.end - loop.start;
      position = loop.start + ((position - loop.start) % length);
    }
    return Math.min(position, this.duration);
  }

  /** Notified on play, pause, end, seek and switch. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  play(from?: number): void {
    if (from !== undefined) this.offset = this.clamp(from);
    if (this.playing) this.stopVoice(this.voice, 0);
    if (this.offset >= this.duration - 1e-4 && !this.loop) this.offset = 0;
    this.voice = this.startVoice(this.offset, 0);
    this.playing = this.voice !== null;
    this.notify();
  }

  pause(): void {
    if (!this.playing) return;
    this.offset = this.position();
    this.stopVoice(this.voice, SWITCH_RAMP_S);
    this.voice = null;
    this.playing = false;
    this.notify();
  }

  toggle(): void {
    if (this.playing) this.pause();
    else this.play();
  }

  seek(seconds: number): void {
    const target = this.clamp(seconds);
    if (this.playing) this.play(target);
    else {
      this.offset = target;
      this.notify();
    }
  }

  /** Loops between two times (null clears). Playing audio restarts at its current position with the new loop. */
  setLoop(region: LoopRegion | null): void {
    this.loop = region && region.end - region.start > 0.005 ? region : null;
    if (this.playing) {
      const position = this.position();
      const inside = this.loop ? Math.min(Math.max(position, this.loop.start), this.loop.end) : position;
      this.play(inside);
    } else this.notify();
  }

  get loopRegion(): LoopRegion | null {
    return this.loop;
  }

  /**
   * Switches to another buffer at the same position: the old voice ramps down and the new one ramps up over
   * SWITCH_RAMP_S, so the switch is instant but click-free.
   */
  select(key: string): void {
    if (!this.buffers.has(key) || key === this.current) return;
    if (!this.playing) {
      this.current = key;
      this.offset = this.clamp(this.offset);
      this.notify();
      return;
    }
    const position = this.position();
    const old = this.voice;
    this.current = key;
    this.stopVoice(old, SWITCH_RAMP_S);
    this.voice = this.startVoice(this.clamp(position), SWITCH_RAMP_S);
    this.playing = this.voice !== null;
    this.notify();
  }

  dispose(): void {
    this.stopVoice(this.voice, 0);
    this.voice = null;
    this.playing = false;
    this.listeners.clear();
  }

  private clamp(seconds: number): number {
    return Math.min(Math.max(0, seconds), this.duration);
  }

  private startVoice(offset: number, rampS: number): Voice | null {
    const buffer = this.buffer(this.current);
    if (!buffer) return null;
    const source = this.ctx.createBufferSource();
    source.buffer = buffer;
    const gain = this.ctx.createGain();
    const now = this.ctx.currentTime;
    if (rampS > 0) {
      gain.gain.setValueAtTime(0, now);
      gain.gain.linearRampToValueAtTime(1, now + rampS);
    }
    if (this.loop) {
      source.loop = true;
      source.loopStart = this.loop.start;
      source.loopEnd = this.loop.end;
    }
    source.connect(gain).connect(this.ctx.destination);
    source.start(now, offset);
    this.offset = offset;
    this.startedAt = now;
    source.onended = () => {
      if (this.voice?.source !== source) return;
      // Reached the end (loops never end by themselves).
      this.voice = null;
      this.playing = false;
      this.offset = this.duration;
      this.notify();
    };
    return { source, gain };
  }

  private stopVoice(voice: Voice | null, rampS: number): void {
    if (!voice) return;
    const now = this.ctx.currentTime;
    voice.source.onended = null;
    if (rampS > 0) {
      voice.gain.gain.cancelScheduledValues(now);
      voice.gain.gain.setValueAtTime(voice.gain.gain.value, now);
      voice.gain.gain.linearRampToValueAtTime(0, now + rampS);
    }
    try {
      voice.source.stop(now + rampS);
    } catch {
      // Already stopped.
    }
    setTimeout(() => voice.gain.disconnect(), (rampS + 0.05) * 1000);
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}
