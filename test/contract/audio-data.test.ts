import { afterEach, describe, expect, it, vi } from 'vitest';

/** Loads the codec fresh so the platform probe (Buffer present or not) runs again. */
async function loadCodec() {
  vi.resetModules();
  return import('../../src/contract/audio-data.ts');
}

/** Reference base64 built the slow, obviously-right way. */
function referenceBase64(samples: Float32Array): string {
  const bytes = new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

const awkward = new Float32Array([0, -0, 1, -1, 0.5, 1e-38, 3.4e38, Number.NaN, Infinity, -Infinity, 0.1]);

describe.each([
  ['with Node Buffer', false],
  ['with only atob/btoa (browser without toBase64)', true],
])('float32 base64 codec %s', (_label, hideBuffer) => {
  afterEach(() => vi.unstubAllGlobals());

  it('encodes exactly the little-endian bytes and decodes them back bit for bit', async () => {
    if (hideBuffer) vi.stubGlobal('Buffer', undefined);
    const { encodeFloat32, decodeFloat32 } = await loadCodec();
    const encoded = encodeFloat32(awkward);
    expect(encoded).toBe(referenceBase64(awkward));
    const decoded = decodeFloat32(encoded);
    expect(new Uint32Array(decoded.buffer, decoded.byteOffset, decoded.length)).toEqual(
      new Uint32Array(awkward.buffer),
    );
  });

  it('encodes a subarray view without the samples around it', async () => {
    if (hideBuffer) vi.stubGlobal('Buffer', undefined);
    const { encodeFloat32, decodeFloat32 } = await loadCodec();
    const whole = Float32Array.from({ length: 100_000 }, (_, i) => Math.sin(i / 7));
    const view = whole.subarray(12_345, 80_001);
    expect(Array.from(decodeFloat32(encodeFloat32(view)))).toEqual(Array.from(view));
  });

  it('rejects a payload that is not whole float32 samples', async () => {
    if (hideBuffer) vi.stubGlobal('Buffer', undefined);
    const { decodeFloat32 } = await loadCodec();
    expect(() => decodeFloat32(btoa('abc'))).toThrow(/not float32 data/);
  });
});
