import { describe, expect, it } from 'vitest';
import { resample } from '../../../src/engine/audio/resample.ts';
import {
  decodeWireBytes,
  encodeWireSamples,
  NAMED_WIRE_FORMATS,
  StreamingResampler,
  WireEncoder,
} from '../../../src/engine/audio/telephony.ts';
import { muLawEncodeSample } from '../../../src/engine/audio/pcm.ts';
import { sine } from './signals.ts';

/** A speech-like test signal: two tones with an envelope, so every region of the signal differs. */
function voiced(samples: number): Float32Array {
  const out = new Float32Array(samples);
  for (let i = 0; i < samples; i++) {
    const t = i / 24000;
    out[i] =
      (0.3 + 0.2 * Math.sin(2 * Math.PI * 3 * t)) *
      (Math.sin(2 * Math.PI * 220 * t) + 0.4 * Math.sin(2 * Math.PI * 1900 * t));
  }
  return out;
}

/** Cuts `signal` into pieces of the given lengths, cycling through them. */
function pieces(signal: Float32Array, lengths: number[]): Float32Array[] {
  const out: Float32Array[] = [];
  for (let at = 0, k = 0; at < signal.length; k++) {
    const n = lengths[k % lengths.length]!;
    out.push(signal.subarray(at, at + n));
    at += n;
  }
  return out;
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let max = 0;
  for (let i = 0; i < Math.max(a.length, b.length); i++)
    max = Math.max(max, Math.abs((a[i] ?? 9) - (b[i] ?? -9)));
  return max;
}

function concat(parts: Uint8Array[] | Float32Array[]): Float32Array | Uint8Array {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = parts[0] instanceof Float32Array ? new Float32Array(total) : new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p as never, at);
    at += p.length;
  }
  return out;
}

describe('StreamingResampler', () => {
  for (const toRate of [16000, 8000]) {
    it(`24 kHz -> ${toRate / 1000} kHz in pieces equals the one-shot conversion (no seams)`, async () => {
      const signal = voiced(24000 + 1234);
      const whole = await resample(signal, 24000, toRate, 'medium');
      // Chunk sizes like the engine's (8640, 24000) and awkward ones (1, 7, 301) that are not multiples of 3.
      const resampler = new StreamingResampler(24000, toRate, 'medium');
      const out: Float32Array[] = [];
      for (const piece of pieces(signal, [8640, 1, 7, 301, 4800, 2])) out.push(await resampler.push(piece));
      out.push(await resampler.end());
      const streamed = concat(out) as Float32Array;
      expect(streamed.length).toBe(whole.length);
      expect(streamed.length).toBe(Math.round((signal.length * toRate) / 24000));
      expect(maxAbsDiff(streamed, whole)).toBeLessThan(1e-6);
    });
  }

  it('holds back only the filter context: a chunk is converted up to its last few ms at once', async () => {
    const resampler = new StreamingResampler(24000, 8000, 'medium');
    const first = await resampler.push(voiced(8640));
    expect(resampler.holdBackSamples).toBeLessThan(24000 * 0.01); // under 10 ms
    expect(first.length).toBe((8640 - resampler.holdBackSamples) / 3);
    expect(await resampler.push(new Float32Array(2))).toHaveLength(0);
  });

  it('passes audio through unchanged when the rates are equal', async () => {
    const resampler = new StreamingResampler(24000, 24000);
    const x = voiced(100);
    expect(Array.from(await resampler.push(x))).toEqual(Array.from(x));
    expect(await resampler.end()).toHaveLength(0);
  });
});

describe('WireEncoder', () => {
  it('cuts pcm16 24 kHz into 200 ms frames of 4800 samples, the last shorter, with every sample kept', async () => {
    const encoder = new WireEncoder({ inputRate: 24000, format: NAMED_WIRE_FORMATS.pcm16, frameMs: 200 });
    const signal = voiced(8640 + 15360 + 960);
    const frames: Uint8Array[] = [];
    for (const piece of pieces(signal, [8640, 15360, 960])) frames.push(...(await encoder.push(piece)));
    expect(frames.map((f) => f.length)).toEqual([9600, 9600, 9600, 9600, 9600]);
    frames.push(...(await encoder.flush()));
    const lengths = frames.map((f) => f.length / 2);
    expect(lengths).toEqual([4800, 4800, 4800, 4800, 4800, 960]);
    const decoded = decodeWireBytes(concat(frames) as Uint8Array, 'pcm16');
    expect(maxAbsDiff(decoded, signal)).toBeLessThanOrEqual(1 / 32768);
  });

  it('mu-law at 8 kHz: 1600-byte frames whose decoded audio is the resampled signal within mu-law error', async () => {
    const encoder = new WireEncoder({ inputRate: 24000, format: NAMED_WIRE_FORMATS.mulaw_8k, frameMs: 200 });
    const signal = sine(440, 24000, 1.1, 0.5);
    // Overlapping calls: the encoder orders them itself.
    const batches = await Promise.all(pieces(signal, [4800, 3000, 7000]).map((p) => encoder.push(p)));
    const frames = [...batches.flat(), ...(await encoder.flush())];
    expect(frames.slice(0, -1).every((f) => f.length === 1600)).toBe(true);
    expect(frames.reduce((n, f) => n + f.length, 0)).toBe(8800);
    const decoded = decodeWireBytes(concat(frames) as Uint8Array, 'mulaw');
    const reference = await resample(signal, 24000, 8000, 'medium');
    // mu-law keeps about 1/32 relative precision: error below 3% of full scale at amplitude 0.5.
    expect(maxAbsDiff(decoded, reference)).toBeLessThan(0.02);
    expect(maxAbsDiff(decoded, reference)).toBeGreaterThan(0); // it really is 8-bit mu-law
  });

  it('flush() emits the partial frame and starts afresh', async () => {
    const encoder = new WireEncoder({ inputRate: 24000, format: NAMED_WIRE_FORMATS.pcm16_16k, frameMs: 100 });
    expect(encoder.frameSamples).toBe(1600);
    const a = [...(await encoder.push(voiced(6000))), ...(await encoder.flush())];
    expect(a.reduce((n, f) => n + f.length / 2, 0)).toBe(4000);
    const b = [...(await encoder.push(voiced(2400))), ...(await encoder.flush())];
    expect(b.map((f) => f.length / 2)).toEqual([1600]);
  });
});

describe('wire sample encodings', () => {
  it('round-trips pcm16 exactly on the int16 grid and mu-law on its codes', () => {
    const x = new Float32Array([0, 0.5, -0.5, 32767 / 32768, -1, 1.7]);
    expect(Array.from(decodeWireBytes(encodeWireSamples(x, 'pcm16'), 'pcm16'))).toEqual([
      0,
      0.5,
      -0.5,
      32767 / 32768,
      -1,
      32767 / 32768,
    ]);
    const bytes = encodeWireSamples(new Float32Array([0, -0.25]), 'mulaw');
    expect(Array.from(bytes)).toEqual([0xff, muLawEncodeSample(-8192)]);
  });
});
