import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Conditioning } from '../../../src/engine/runtime/tensor-data.ts';
import { ConditioningCache } from '../../../src/engine/voices/conditioning-cache.ts';
import { decodeConditioning, encodeConditioning } from '../../../src/engine/voices/conditioning-file.ts';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'seamlab-cond-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

/** A conditioning shaped like the real encoder's, with awkward values (negative zero, subnormals, huge ints). */
function fakeConditioning(seed: number): Conditioning {
  const f = (n: number): Float32Array =>
    new Float32Array(n).map((_, i) => Math.sin(seed * 1000 + i) * 10 ** ((i % 9) - 4));
  const features = f(33 * 1024);
  features[0] = -0;
  features[1] = 1e-40;
  const tokens = new BigInt64Array(150).map((_, i) => BigInt(seed * 7 + i * 13) % 6561n);
  tokens[0] = -(2n ** 63n);
  tokens[1] = 2n ** 63n - 1n;
  return {
    audioFeatures: { data: features, dims: [1, 33, 1024] },
    audioTokens: { data: tokens, dims: [1, 150] },
    speakerEmbeddings: { data: f(192), dims: [1, 192] },
    speakerFeatures: { data: f(500 * 80), dims: [1, 500, 80] },
  };
}

function expectBitExact(actual: Conditioning, expected: Conditioning): void {
  for (const name of ['audioFeatures', 'audioTokens', 'speakerEmbeddings', 'speakerFeatures'] as const) {
    expect(actual[name].dims).toEqual(expected[name].dims);
    const bytes = (t: { data: Float32Array | BigInt64Array }): Uint8Array =>
      new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
    expect(actual[name].data.constructor).toBe(expected[name].data.constructor);
    expect(Buffer.compare(bytes(actual[name]), bytes(expected[name])), name).toBe(0);
  }
}

const voiceA = { id: 'a'.repeat(64), samples24k: new Float32Array([0.1, 0.2, 0.3]) };
const voiceB = { id: 'b'.repeat(64), samples24k: new Float32Array([0.4]) };

/** A compute callback that counts its calls and records what it was given. */
function counter(seed = 1): { calls: Float32Array[]; compute: (s: Float32Array) => Promise<Conditioning> } {
  const calls: Float32Array[] = [];
  return {
    calls,
    compute: async (samples) => {
      calls.push(samples);
      return fakeConditioning(seed + calls.length);
    },
  };
}

describe('ConditioningCache', () => {
  it('computes once per (voice, model) and serves repeats from memory', async () => {
    const cache = new ConditioningCache();
    const { calls, compute } = counter();
    const first = await cache.get(voiceA, 'model-1', compute);
    expect(calls).toEqual([voiceA.samples24k]);
    expect(await cache.get(voiceA, 'model-1', compute)).toBe(first);
    await cache.get(voiceA, 'model-2', compute); // another model: another entry
    await cache.get(voiceB, 'model-1', compute); // another voice: another entry
    await cache.get(voiceB, 'model-1', compute);
    expect(calls).toHaveLength(3);
    expect(cache.stats()).toEqual({ memoryHits: 2, diskHits: 0, misses: 3 });
  });

  it('shares one computation between concurrent callers', async () => {
    const cache = new ConditioningCache();
    const { calls, compute } = counter();
    const results = await Promise.all([1, 2, 3].map(() => cache.get(voiceA, 'm', compute)));
    expect(calls).toHaveLength(1);
    expect(results[1]).toBe(results[0]);
    expect(cache.stats()).toEqual({ memoryHits: 2, diskHits: 0, misses: 1 });
  });

  it('persists to disk and a new cache instance loads it back bit-exact without computing', async () => {
    const first = new ConditioningCache({ dir });
    const computed = await first.get(voiceA, 'chatterbox@1234', counter(5).compute);
    const files = await fs.readdir(dir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^a{64}-[0-9a-f]{16}\.cond$/);
    // Binary, not JSON numbers: about the raw tensor size plus a small header.
    const rawBytes = (33 * 1024 + 192 + 500 * 80) * 4 + 150 * 8;
    const { size } = await fs.stat(path.join(dir, files[0]!));
    expect(size).toBeGreaterThanOrEqual(rawBytes);
    expect(size).toBeLessThan(rawBytes + 1024);

    const second = new ConditioningCache({ dir });
    const { calls, compute } = counter(99);
    const loaded = await second.get(voiceA, 'chatterbox@1234', compute);
    expect(calls).toHaveLength(0);
    expect(loaded).not.toBe(computed);
    expectBitExact(loaded, computed);
    expect(second.stats()).toEqual({ memoryHits: 0, diskHits: 1, misses: 0 });
    // A different model key does not pick up that file.
    await second.get(voiceA, 'chatterbox@5678', compute);
    expect(calls).toHaveLength(1);
  });

  it('ignores a corrupt file with a warning, recomputes and repairs it', async () => {
    const warnings: string[] = [];
    const cache = new ConditioningCache({ dir, onWarning: (m) => warnings.push(m) });
    const original = await cache.get(voiceA, 'm', counter(3).compute);
    const file = cache.filePath(voiceA.id, 'm')!;

    const damages: [string, (b: Uint8Array) => Uint8Array][] = [
      ['flipped bit', (b) => b.map((x, i) => (i === 5000 ? x ^ 1 : x))],
      ['truncated', (b) => b.subarray(0, b.length - 100)],
      ['empty', () => new Uint8Array(0)],
      ['not a cache file', () => new TextEncoder().encode('{"audioFeatures": [1, 2, 3]}')],
    ];
    for (const [what, damage] of damages) {
      await fs.writeFile(file, damage(await fs.readFile(file)));
      const fresh = new ConditioningCache({ dir, onWarning: (m) => warnings.push(`${what}: ${m}`) });
      const { calls, compute } = counter(3);
      const value = await fresh.get(voiceA, 'm', compute);
      expect(calls, what).toHaveLength(1);
      expectBitExact(value, original); // counter(3) computes the same values again
      expect(warnings.at(-1)).toMatch(new RegExp(`^${what}: conditioning cache: ignoring .*recomputing$`));
      // Repaired: the next instance loads it from disk.
      const again = new ConditioningCache({ dir });
      await again.get(voiceA, 'm', counter().compute);
      expect(again.stats().diskHits, what).toBe(1);
    }
    expect(warnings).toHaveLength(damages.length);
  });

  it('does not cache a failed computation, and a failed disk write only warns', async () => {
    const warnings: string[] = [];
    const blocked = path.join(dir, 'blocked');
    await fs.writeFile(blocked, 'a file where the cache folder should be');
    const cache = new ConditioningCache({ dir: blocked, onWarning: (m) => warnings.push(m) });
    let attempts = 0;
    const flaky = async (): Promise<Conditioning> => {
      attempts++;
      if (attempts === 1) throw new Error('encoder crashed');
      return fakeConditioning(1);
    };
    await expect(cache.get(voiceA, 'm', flaky)).rejects.toThrow('encoder crashed');
    const value = await cache.get(voiceA, 'm', flaky);
    expect(attempts).toBe(2);
    expect(warnings).toEqual([expect.stringMatching(/cannot write .* kept in memory only$/)]);
    expect(await cache.get(voiceA, 'm', flaky)).toBe(value);
  });

  it('rejects a computed value whose data does not fit its dims (nothing is stored)', async () => {
    const cache = new ConditioningCache({ dir });
    const bad = fakeConditioning(1);
    bad.speakerEmbeddings.dims = [1, 191];
    await expect(cache.get(voiceA, 'm', async () => bad)).rejects.toThrow(
      /speakerEmbeddings: 192 values do not fit/,
    );
    expect(await fs.readdir(dir)).toEqual([]);
  });

  it('drops the least recently used entries beyond maxMemoryEntries', async () => {
    const cache = new ConditioningCache({ maxMemoryEntries: 2 });
    const { calls, compute } = counter();
    const voices = ['1', '2', '3'].map((c) => ({ id: c.repeat(64), samples24k: new Float32Array(1) }));
    await cache.get(voices[0]!, 'm', compute);
    await cache.get(voices[1]!, 'm', compute);
    await cache.get(voices[0]!, 'm', compute); // 0 is now the most recent
    await cache.get(voices[2]!, 'm', compute); // evicts 1
    await cache.get(voices[0]!, 'm', compute);
    expect(calls).toHaveLength(3);
    await cache.get(voices[1]!, 'm', compute);
    expect(calls).toHaveLength(4);
  });
});

describe('conditioning file format', () => {
  it('round-trips bit-exact and refuses a file that belongs to another voice or model', () => {
    const value = fakeConditioning(7);
    const bytes = encodeConditioning(value, { voiceId: 'v', modelKey: 'm' });
    expectBitExact(decodeConditioning(bytes, { voiceId: 'v', modelKey: 'm' }), value);
    // Decoding from an unaligned offset inside a bigger buffer works too, from a Node Buffer as well.
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    expectBitExact(decodeConditioning(shifted.subarray(3), { voiceId: 'v', modelKey: 'm' }), value);
    const buffer = Buffer.from(shifted.buffer, 3, bytes.length);
    expectBitExact(decodeConditioning(buffer, { voiceId: 'v', modelKey: 'm' }), value);
    expect(() => decodeConditioning(bytes, { voiceId: 'w', modelKey: 'm' })).toThrow(/belongs to voice v/);
    expect(() => decodeConditioning(bytes, { voiceId: 'v', modelKey: 'n' })).toThrow(/model "m"/);
  });
});
