import { z } from 'zod';

/**
 * Audio crosses the contract as base64 of little-endian float32 samples: JSON-safe on both transports, exact
 * (no requantisation, so the UI plays and measures the very samples the engine produced), and decodable in a
 * browser and in Node alike (atob/btoa exist in both).
 */
export const EncodedAudioSchema = z.object({
  sampleRate: z.number().int().positive(),
  /** base64 of float32 little-endian samples, mono. */
  float32: z.string(),
});
export type EncodedAudio = z.infer<typeof EncodedAudioSchema>;

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export function encodeFloat32(samples: Float32Array): string {
  const bytes = new Uint8Array(samples.byteLength);
  if (LITTLE_ENDIAN) bytes.set(new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength));
  else {
    const view = new DataView(bytes.buffer);
    samples.forEach((s, i) => view.setFloat32(i * 4, s, true));
  }
  // String.fromCharCode over slices: one call per 32 KiB keeps the argument list under engine limits.
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

export function decodeFloat32(base64: string): Float32Array {
  const binary = atob(base64);
  if (binary.length % 4 !== 0) throw new Error(`audio payload of ${binary.length} bytes is not float32 data`);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  if (LITTLE_ENDIAN) return new Float32Array(bytes.buffer);
  const view = new DataView(bytes.buffer);
  return Float32Array.from({ length: bytes.length / 4 }, (_, i) => view.getFloat32(i * 4, true));
}

export function encodeAudio(samples: Float32Array, sampleRate: number): EncodedAudio {
  return { sampleRate, float32: encodeFloat32(samples) };
}
