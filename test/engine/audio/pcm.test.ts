import { describe, expect, it } from 'vitest';
import {
  float32ToInt16,
  float32ToInt16LeBytes,
  float32ToMuLaw,
  int16LeBytesToFloat32,
  int16ToFloat32,
  muLawDecodeSample,
  muLawEncodeSample,
  muLawToFloat32,
} from '../../../src/engine/audio/pcm.ts';

describe('int16 PCM', () => {
  it('scales by 32768, rounds, and clips out-of-range and NaN samples', () => {
    const out = float32ToInt16(new Float32Array([0, 0.5, -0.5, 1, -1, 1.7, -3, 1 / 32768, 0.4 / 32768, NaN]));
    expect([...out]).toEqual([0, 16384, -16384, 32767, -32768, 32767, -32768, 1, 0, 0]);
  });

  it('int16 -> float -> int16 is the identity for every value', () => {
    const all = new Int16Array(65536).map((_, i) => i - 32768);
    expect(float32ToInt16(int16ToFloat32(all))).toEqual(all);
    expect(int16ToFloat32(new Int16Array([-32768, 16384]))).toEqual(new Float32Array([-1, 0.5]));
  });

  it('writes and reads little-endian bytes', () => {
    const bytes = float32ToInt16LeBytes(new Float32Array([1 / 32768, -1, 0.5]));
    expect([...bytes]).toEqual([0x01, 0x00, 0x00, 0x80, 0x00, 0x40]);
    expect(int16LeBytesToFloat32(bytes)).toEqual(new Float32Array([1 / 32768, -1, 0.5]));
    // An unaligned view into a larger buffer reads correctly too.
    const shifted = new Uint8Array(7);
    shifted.set(bytes, 1);
    expect(int16LeBytesToFloat32(shifted.subarray(1))).toEqual(new Float32Array([1 / 32768, -1, 0.5]));
    expect(() => int16LeBytesToFloat32(new Uint8Array(3))).toThrow(/even number of bytes/);
  });
});

describe('G.711 mu-law', () => {
  it('encodes the standard code points', () => {
    expect(muLawEncodeSample(0)).toBe(0xff);
    expect(muLawEncodeSample(32767)).toBe(0x80);
    expect(muLawEncodeSample(32635)).toBe(0x80);
    expect(muLawEncodeSample(-32768)).toBe(0x00);
    expect(muLawEncodeSample(-32767)).toBe(0x00);
  });

  it('matches SoX on values away from zero (SoX rounds where G.711 truncates, so only |x| <= 2 may differ)', () => {
    // Reference bytes from `sox -D -t raw -e signed -b 16 in.raw -t raw -e mu-law -b 8 out.raw`.
    const reference: [number, number][] = [
      [7, 0xfe],
      [8, 0xfe],
      [-8, 0x7e],
      [31, 0xfb],
      [32, 0xfb],
      [100, 0xf2],
      [-100, 0x72],
      [132, 0xef],
      [-132, 0x6f],
      [255, 0xe7],
      [256, 0xe7],
      [1000, 0xce],
      [-1000, 0x4e],
      [4000, 0xaf],
      [-4000, 0x2f],
      [8158, 0x9f],
      [8159, 0x9f],
      [-8159, 0x1f],
      [16000, 0x90],
      [-16000, 0x10],
      [32000, 0x80],
      [32636, 0x80],
    ];
    for (const [sample, code] of reference)
      expect([sample, muLawEncodeSample(sample)]).toEqual([sample, code]);
  });

  it('decodes as SoX does and symmetrically', () => {
    // Reference values from `sox -D -t raw -e mu-law -b 8 codes.raw -t raw -e signed -b 16 out.raw`.
    const reference: [number, number][] = [
      [0xff, 0],
      [0x7f, 0],
      [0x00, -32124],
      [0x80, 32124],
      [0xfe, 8],
      [0x7e, -8],
      [0xef, 132],
      [0x70, -120],
      [0xce, 988],
      [0x9f, 8316],
      [0x1f, -8316],
      [0x90, 15996],
      [0x01, -31100],
    ];
    for (const [code, value] of reference) expect([code, muLawDecodeSample(code)]).toEqual([code, value]);
    for (let code = 0; code < 128; code++)
      expect(muLawDecodeSample(code) + muLawDecodeSample(code | 0x80)).toBe(0);
  });

  it('is stable: decode(encode(decode(c))) = decode(c), and decoding is monotonic in the code', () => {
    for (let code = 0; code < 256; code++) {
      const value = muLawDecodeSample(code);
      expect(muLawDecodeSample(muLawEncodeSample(value))).toBe(value);
    }
    for (let code = 0x80; code < 0xff; code++)
      expect(muLawDecodeSample(code)).toBeGreaterThan(muLawDecodeSample(code + 1));
  });

  it('round-trips float audio within the companding error (about 3% of the value, floor of 1e-4)', () => {
    const input = new Float32Array(2000).map((_, i) => 0.9 * Math.sin(i / 7) * Math.exp(-i / 800));
    const output = muLawToFloat32(float32ToMuLaw(input));
    for (let i = 0; i < input.length; i++)
      expect(Math.abs(output[i]! - input[i]!)).toBeLessThanOrEqual(Math.abs(input[i]!) * 0.035 + 1.3e-4);
  });
});
