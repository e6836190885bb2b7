/**
 * Sample-format conversions for the wire: float32 <-> signed 16-bit PCM and G.711 mu-law (telephony streams).
 *
 * Float <-> int16 uses the scale 32768 with clipping to [-32768, 32767], so int16 -> float -> int16 is the
 * identity and full-scale negative maps exactly to -1.
 */

const INT16_SCALE = 32768;

/** Float samples (nominally -1..1) to int16, rounding to nearest and clipping out-of-range values. */
export function float32ToInt16(samples: Float32Array): Int16Array {
  const out = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = floatSampleToInt16(samples[i] ?? 0);
  return out;
}

/** One float sample to int16 (NaN becomes 0 rather than poisoning the stream). */
export function floatSampleToInt16(x: number): number {
  if (Number.isNaN(x)) return 0;
  const v = Math.round(x * INT16_SCALE);
  return v > 32767 ? 32767 : v < -32768 ? -32768 : v;
}

export function int16ToFloat32(samples: Int16Array): Float32Array {
  const out = new Float32Array(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = (samples[i] ?? 0) / INT16_SCALE;
  return out;
}

/** Float samples to int16 little-endian bytes, whatever the host's byte order (wire formats are LE). */
export function float32ToInt16LeBytes(samples: Float32Array): Uint8Array {
  const bytes = new Uint8Array(samples.length * 2);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < samples.length; i++) view.setInt16(i * 2, floatSampleToInt16(samples[i] ?? 0), true);
  return bytes;
}

/** Int16 little-endian bytes to float samples. An odd trailing byte is an error: it means a torn frame. */
export function int16LeBytesToFloat32(bytes: Uint8Array): Float32Array {
  if (bytes.length % 2 !== 0) throw new Error(`int16 PCM needs an even number of bytes, got ${bytes.length}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(bytes.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = view.getInt16(i * 2, true) / INT16_SCALE;
  return out;
}

// G.711 mu-law, the classic 16-bit formulation (as in Sun's g711.c / ITU-T G.711): bias 0x84, clip at 32635,
// 3-bit segment + 4-bit mantissa, all bits inverted on the wire.
const MULAW_BIAS = 0x84;
const MULAW_CLIP = 32635;

/** One int16 sample to a mu-law byte. encode(0) = 0xFF. */
export function muLawEncodeSample(sample: number): number {
  let s = Math.trunc(sample);
  const sign = s < 0 ? 0x80 : 0;
  if (s < 0) s = -s;
  if (s > MULAW_CLIP) s = MULAW_CLIP;
  s += MULAW_BIAS;
  // Segment = position of the highest set bit above bit 7 (s is in 132..32767, so 7..14).
  const exponent = 31 - Math.clz32(s) - 7;
  const mantissa = (s >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

/** One mu-law byte to an int16 sample. decode(0xFF) = decode(0x7F) = 0, decode(0x00) = -32124. */
export function muLawDecodeSample(byte: number): number {
  const u = ~byte & 0xff;
  const exponent = (u >> 4) & 0x07;
  const magnitude = ((((u & 0x0f) << 3) + MULAW_BIAS) << exponent) - MULAW_BIAS;
  return u & 0x80 ? (0 - magnitude) | 0 : magnitude; // `| 0` turns -0 into 0
}

export function float32ToMuLaw(samples: Float32Array): Uint8Array {
  const out = new Uint8Array(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = muLawEncodeSample(floatSampleToInt16(samples[i] ?? 0));
  return out;
}

export function muLawToFloat32(bytes: Uint8Array): Float32Array {
  const out = new Float32Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = muLawDecodeSample(bytes[i] ?? 0xff) / INT16_SCALE;
  return out;
}
