import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunConfigInput } from '../../../src/contract/index.ts';
import { writeWavFile } from '../../../src/engine/audio/wav.ts';
import { SAMPLES_PER_TOKEN } from '../../../src/engine/streaming/boundary-plans.ts';
import { promptMelFrames, promptTokenCount } from '../../../src/engine/runtime/export-arithmetic.ts';
import { loadVoice } from '../../../src/engine/voices/load-voice.ts';
import { maxAbsDiff, run, testPool } from './helpers.ts';

/**
 * Issue 11: real voices have any length, and the export's two framings disagree on most of them (2P - T is 0, 1
 * or 2 over one 40 ms period: export-arithmetic.ts). Every boundary treatment in both pipelines must run with
 * each such voice, give 960 samples per token and, where the treatment promises it, equal the offline reference.
 */

const pool = testPool();
let dir: string;
/** 24 voice files whose lengths are spread over one 40 ms period (960 samples at 24 kHz), from 1.5 s on. */
const LENGTHS = Array.from({ length: 24 }, (_, k) => 36_000 + k * 40 + ((k * 13) % 40));
const voicePaths: string[] = [];

/** Loud from the first to the last sample, so the loader's silence trim keeps the exact length. */
function voiceSamples(length: number): Float32Array {
  return Float32Array.from({ length }, (_, i) => 0.4 + 0.2 * Math.sin((2 * Math.PI * 3 * i) / 24_000));
}

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'seamlab-voice-lengths-'));
  for (const length of LENGTHS) {
    const file = path.join(dir, `len-${length}.wav`);
    await writeWavFile(file, voiceSamples(length), 24_000, 'float32');
    voicePaths.push(file);
  }
});
afterAll(async () => {
  await pool.close();
  await fs.rm(dir, { recursive: true, force: true });
});

const TREATMENTS: { name: string; input: Partial<RunConfigInput>; equalsReference: boolean }[] = [
  { name: 'none', input: { boundary: { kind: 'none' } }, equalsReference: false },
  {
    name: 'overlap-add',
    input: { boundary: { kind: 'overlap-add', overlapTokens: 2, crossfadeMs: 20, shape: 'hann' } },
    equalsReference: false,
  },
  {
    name: 'context',
    input: { boundary: { kind: 'context', contextTokens: 6, lookaheadTokens: 3, fadeMs: 10 } },
    equalsReference: false,
  },
  {
    name: 'stateful',
    input: { model: 'fixture-stateful', boundary: { kind: 'stateful' } },
    equalsReference: true,
  },
];

describe('every boundary treatment and pipeline with voices of 24 lengths over one 40 ms period', () => {
  it('the voices really cover one period and every value of 2P - T', async () => {
    const excess = new Set<number>();
    for (const [i, file] of voicePaths.entries()) {
      const voice = await loadVoice(file);
      expect(voice.samples24k.length).toBe(LENGTHS[i]);
      excess.add(2 * promptTokenCount(LENGTHS[i]!) - promptMelFrames(LENGTHS[i]!));
    }
    expect(Math.max(...LENGTHS) - Math.min(...LENGTHS)).toBeLessThan(960);
    expect(new Set(LENGTHS.map((l) => l % 960)).size).toBe(24);
    expect([...excess].sort()).toEqual([0, 1, 2]);
  });

  it.each(TREATMENTS)(
    '$name: sequential and parallel give 960 samples per token for every voice',
    async ({ input, equalsReference }) => {
      for (const voice of voicePaths) {
        const outputs = [];
        for (const pipeline of [
          { kind: 'sequential' as const },
          { kind: 'parallel' as const, queueDepth: 2 },
        ]) {
          const out = await run(pool, {
            ...input,
            voice,
            text: 'Seams be gone.',
            schedule: { kind: 'fixed', tokens: 4 },
            pipeline,
          });
          const tokens = out.summary.metrics.tokens;
          expect(tokens).toBeGreaterThan(8);
          expect(out.stream.length).toBe(tokens * SAMPLES_PER_TOKEN);
          expect(out.reference.length).toBe(out.stream.length);
          expect(out.summary.chunks.length).toBeGreaterThan(2);
          if (equalsReference) expect(maxAbsDiff(out.stream, out.reference)).toBeLessThan(1e-5);
          outputs.push(out.stream);
        }
        // The fixture decoders are deterministic: the pipeline changes timing, never the audio.
        expect(maxAbsDiff(outputs[0]!, outputs[1]!)).toBe(0);
      }
    },
    // 48 short runs each (about 0.5 s apiece on one free core); the machine's cores are shared.
    240_000,
  );
});
