/**
 * Wire formats for streaming audio out of the engine (the streaming server's `/ws/generate`, telephony bridges):
 * int16 PCM or G.711 mu-law at a chosen rate, cut into frames of a fixed duration.
 *
 * The engine's audio arrives as float32 chunks at 24 kHz. Converting each chunk separately would put a seam at
 * every chunk joint (a resampler's filter needs samples on both sides of each output sample), so the
 * StreamingResampler keeps the filter's context across chunks: what it returns, concatenated, equals the one-shot
 * `resample()` of the whole signal.
 */
import { resample, type ResampleQuality } from './resample.ts';
import { float32ToInt16LeBytes, float32ToMuLaw, int16LeBytesToFloat32, muLawToFloat32 } from './pcm.ts';

export type { ResampleQuality };

export const WireEncodings = { pcm16: 'pcm16', mulaw: 'mulaw' } as const;
export type WireEncoding = keyof typeof WireEncodings;

export interface WireFormat {
  encoding: WireEncoding;
  sampleRate: number;
}

/** The named formats of the streaming protocol. */
export const NAMED_WIRE_FORMATS = {
  /** int16 little-endian at the model's own rate: no resampling. */
  pcm16: { encoding: 'pcm16', sampleRate: 24_000 },
  /** int16 little-endian at 16 kHz (speech recognisers, many WebRTC stacks). */
  pcm16_16k: { encoding: 'pcm16', sampleRate: 16_000 },
  /** G.711 mu-law at 8 kHz, one byte per sample (telephony: Twilio media streams, SIP bridges). */
  mulaw_8k: { encoding: 'mulaw', sampleRate: 8_000 },
} as const satisfies Record<string, WireFormat>;
export type WireFormatName = keyof typeof NAMED_WIRE_FORMATS;

export function bytesPerSample(encoding: WireEncoding): number {
  return encoding === 'pcm16' ? 2 : 1;
}

/** Float samples (nominally -1..1) to wire bytes. */
export function encodeWireSamples(samples: Float32Array, encoding: WireEncoding): Uint8Array {
  return encoding === 'pcm16' ? float32ToInt16LeBytes(samples) : float32ToMuLaw(samples);
}

/** Wire bytes back to float samples (what a client does with each frame). */
export function decodeWireBytes(bytes: Uint8Array, encoding: WireEncoding): Float32Array {
  return encoding === 'pcm16' ? int16LeBytesToFloat32(bytes) : muLawToFloat32(bytes);
}

/**
 * Filter reach of libsamplerate's sinc converters, in zero crossings at the lower of the two rates (measured
 * from impulse responses: about 130, 45 and 19), rounded up with slack.
 */
const ZERO_CROSSINGS: Record<ResampleQuality, number> = { best: 150, medium: 56, fastest: 26 };

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/**
 * A resampler for a signal that arrives in pieces. Each output sample needs input on both sides of it, so the
 * last `holdBackSamples` of input wait for the next piece (or for `end()`), and each conversion re-reads that
 * much earlier input as context. Conversions start on input samples that map to whole output samples, so every
 * window's output lies on the global output grid and the pieces join with no seam.
 */
export class StreamingResampler {
  readonly fromRate: number;
  readonly toRate: number;
  readonly quality: ResampleQuality;
  /** Input samples of context kept on each side of what is converted (about 6 ms at 24 -> 8 kHz, medium). */
  readonly holdBackSamples: number;
  private readonly unitIn: number;
  /** Input not yet needed only as context: starts at global input sample `bufferStart`. */
  private buffer = new Float32Array(0);
  private bufferStart = 0;
  private received = 0;
  /** Global input sample up to which output has been produced (a multiple of unitIn). */
  private convertedUpTo = 0;
  private producedOut = 0;
  private ended = false;

  constructor(fromRate: number, toRate: number, quality: ResampleQuality = 'medium') {
    for (const [name, rate] of [
      ['fromRate', fromRate],
      ['toRate', toRate],
    ] as const) {
      if (!Number.isInteger(rate) || rate <= 0)
        throw new Error(`StreamingResampler: ${name} must be a positive integer, got ${rate}`);
    }
    this.fromRate = fromRate;
    this.toRate = toRate;
    this.quality = quality;
    this.unitIn = fromRate / gcd(fromRate, toRate);
    const reach = Math.ceil(ZERO_CROSSINGS[quality] * Math.max(1, fromRate / toRate)) + 8;
    this.holdBackSamples = Math.ceil(reach / this.unitIn) * this.unitIn;
  }

  /** Appends input; returns the output that is now final (possibly empty). */
  async push(samples: Float32Array): Promise<Float32Array> {
    if (this.ended) throw new Error('StreamingResampler: push() after end()');
    if (this.fromRate === this.toRate) {
      this.producedOut += samples.length;
      return samples.slice();
    }
    this.append(samples);
    const safeEnd = Math.floor((this.received - this.holdBackSamples) / this.unitIn) * this.unitIn;
    if (safeEnd <= this.convertedUpTo) return new Float32Array(0);
    return this.convert(safeEnd, false);
  }

  /** The rest of the output: the held-back input with the signal's end as its right edge. */
  async end(): Promise<Float32Array> {
    if (this.ended) return new Float32Array(0);
    this.ended = true;
    if (this.fromRate === this.toRate) return new Float32Array(0);
    return this.convert(this.received, true);
  }

  private append(samples: Float32Array): void {
    const next = new Float32Array(this.buffer.length + samples.length);
    next.set(this.buffer);
    next.set(samples, this.buffer.length);
    this.buffer = next;
    this.received += samples.length;
  }

  /** Converts input [convertedUpTo, upTo) with context on both sides; `final`: upTo is the signal's end. */
  private async convert(upTo: number, final: boolean): Promise<Float32Array> {
    const windowStart = Math.max(0, this.convertedUpTo - this.holdBackSamples);
    const window = this.buffer.subarray(windowStart - this.bufferStart, this.received - this.bufferStart);
    const converted = await resample(window, this.fromRate, this.toRate, this.quality);
    const ratio = this.toRate / this.fromRate;
    // Both are whole numbers: windowStart and convertedUpTo are multiples of unitIn.
    const skip = Math.round((this.convertedUpTo - windowStart) * ratio);
    const count = final
      ? Math.round(this.received * ratio) - this.producedOut
      : Math.round((upTo - this.convertedUpTo) * ratio);
    const out = converted.slice(skip, skip + count);
    this.producedOut += out.length;
    this.convertedUpTo = upTo;
    // Keep only what later windows read as context.
    const keepFrom = Math.max(this.bufferStart, this.convertedUpTo - this.holdBackSamples);
    this.buffer = this.buffer.slice(keepFrom - this.bufferStart);
    this.bufferStart = keepFrom;
    return out;
  }
}

export interface WireEncoderOptions {
  /** Rate of the float audio pushed in (the engine's 24 kHz). */
  inputRate: number;
  format: WireFormat;
  /** Duration of every frame but the last, in ms. */
  frameMs: number;
  quality?: ResampleQuality;
}

/**
 * Float chunks in, wire frames out: resample (streaming), encode, and cut into frames of `frameMs`. A frame is
 * returned as soon as its last sample exists; `flush()` returns the rest (the only frame that may be shorter)
 * and starts afresh. Calls may overlap: each waits for the one before it, so frames always come out in order.
 */
export class WireEncoder {
  readonly format: WireFormat;
  readonly frameSamples: number;
  readonly frameBytes: number;
  private readonly options: WireEncoderOptions;
  private resampler: StreamingResampler;
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(options: WireEncoderOptions) {
    if (!(options.frameMs > 0)) throw new Error(`frameMs must be positive, got ${options.frameMs}`);
    this.options = options;
    this.format = options.format;
    this.frameSamples = Math.max(1, Math.round((options.frameMs * options.format.sampleRate) / 1000));
    this.frameBytes = this.frameSamples * bytesPerSample(options.format.encoding);
    this.resampler = this.newResampler();
  }

  push(samples: Float32Array): Promise<Uint8Array[]> {
    return this.serial(async () => this.cut(await this.resampler.push(samples), false));
  }

  /** Everything still held (resampler context and a partial frame) as frames; the next push starts afresh. */
  flush(): Promise<Uint8Array[]> {
    return this.serial(async () => {
      const rest = await this.resampler.end();
      this.resampler = this.newResampler();
      return this.cut(rest, true);
    });
  }

  private newResampler(): StreamingResampler {
    return new StreamingResampler(this.options.inputRate, this.format.sampleRate, this.options.quality);
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work);
    this.tail = result.catch(() => undefined);
    return result;
  }

  private cut(samples: Float32Array, final: boolean): Uint8Array[] {
    if (samples.length > 0) {
      const bytes = encodeWireSamples(samples, this.format.encoding);
      this.pending.push(bytes);
      this.pendingBytes += bytes.length;
    }
    const frames: Uint8Array[] = [];
    while (this.pendingBytes >= this.frameBytes) frames.push(this.take(this.frameBytes));
    if (final && this.pendingBytes > 0) frames.push(this.take(this.pendingBytes));
    return frames;
  }

  private take(n: number): Uint8Array {
    const frame = new Uint8Array(n);
    let filled = 0;
    while (filled < n) {
      const head = this.pending[0]!;
      const used = Math.min(head.length, n - filled);
      frame.set(head.subarray(0, used), filled);
      filled += used;
      if (used === head.length) this.pending.shift();
      else this.pending[0] = head.subarray(used);
    }
    this.pendingBytes -= n;
    return frame;
  }
}
