// Deterministic test signals for the metrics tests.
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

export const SR = 24_000;

/** A sine of `frequency` Hz, `length` samples, starting at `phase` radians. */
export function tone(
  frequency: number,
  length: number,
  amplitude = 0.5,
  phase = 0,
  sampleRate = SR,
): Float32Array {
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++)
    out[i] = amplitude * Math.sin((2 * Math.PI * frequency * i) / sampleRate + phase);
  return out;
}

/**
 * A voiced, speech-like signal: harmonics 1..4 (amplitudes 1, 1/2, 1/3, 1/4, scaled to `amplitude`) of a
 * pitch that may change per sample, with the phase accumulated so a pitch change itself makes no click.
 */
export function voice(
  pitchAt: (i: number) => number,
  length: number,
  amplitude = 0.3,
  sampleRate = SR,
): Float32Array {
  const out = new Float32Array(length);
  let phase = 0;
  for (let i = 0; i < length; i++) {
    let x = 0;
    for (let h = 1; h <= 4; h++) x += Math.sin(h * phase) / h;
    out[i] = (amplitude * x) / 2.08;
    phase += (2 * Math.PI * pitchAt(i)) / sampleRate;
  }
  return out;
}

/** Gaussian white noise with standard deviation `std` (Box-Muller over a seeded xoroshiro128+). */
export function whiteNoise(length: number, std: number, seed: number): Float32Array {
  const rng = xoroshiro128plus(seed);
  const out = new Float32Array(length);
  for (let i = 0; i < length; i += 2) {
    const u1 = 1 - uniformFloat64(rng);
    const u2 = uniformFloat64(rng);
    const r = std * Math.sqrt(-2 * Math.log(u1));
    out[i] = r * Math.cos(2 * Math.PI * u2);
    if (i + 1 < length) out[i + 1] = r * Math.sin(2 * Math.PI * u2);
  }
  return out;
}

export function concat(...parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function add(a: Float32Array, b: Float32Array): Float32Array {
  return a.map((x, i) => x + (b[i] ?? 0));
}

/**
 * Chatterbox's per-call fade (model.md "Units"), applied from `at`: 480 samples zeroed, then 480 of a
 * raised-cosine fade-in.
 */
export function withCallFade(audio: Float32Array, at: number): Float32Array {
  const out = Float32Array.from(audio);
  for (let i = 0; i < 960 && at + i < out.length; i++) {
    const gain = i < 480 ? 0 : 0.5 - 0.5 * Math.cos((Math.PI * (i - 480)) / 480);
    out[at + i] = out[at + i]! * gain;
  }
  return out;
}
