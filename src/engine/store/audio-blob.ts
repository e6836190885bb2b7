/**
 * Audio is stored losslessly as raw float32 little-endian PCM (the engine's own sample format), with a sha256
 * of exactly those bytes so corruption is detected on read and duplicates are found on import.
 */
import crypto from 'node:crypto';
import os from 'node:os';

export const AudioKinds = ['stream', 'reference', 'reference-repeat'] as const;
export type AudioKind = (typeof AudioKinds)[number];

// Every platform Node ships for is little-endian; refuse loudly rather than store byte-swapped audio.
if (os.endianness() !== 'LE') throw new Error('the run store assumes a little-endian machine');

export function float32ToBlob(samples: Float32Array): Buffer {
  // Copy: the caller's array may be a view into a larger, later-reused buffer.
  return Buffer.from(new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength));
}

export function blobToFloat32(blob: Uint8Array): Float32Array {
  if (blob.byteLength % 4 !== 0) throw new Error(`audio blob of ${blob.byteLength} bytes is not float32 PCM`);
  // A fresh, aligned copy: SQLite's buffer may not be 4-byte aligned.
  const out = new Float32Array(blob.byteLength / 4);
  new Uint8Array(out.buffer).set(blob);
  return out;
}

export function sha256Hex(bytes: Uint8Array): string {
  return crypto.createHash('sha256').update(bytes).digest('hex');
}
