import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readWavFile } from '../../src/engine/audio/wav.ts';
import { TEST_MODELS_DIR } from '../engine/experiments/helpers.ts';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'seamlab-cli-run-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function seamlab(args: string[]) {
  return spawnSync(process.execPath, ['scripts/seamlab.cjs', ...args], {
    encoding: 'utf8',
    env: {
      ...process.env,
      SEAMLAB_QUIET: '1',
      SEAMLAB_DB: path.join(work, 'runs.db'),
      SEAMLAB_DATA_DIR: work,
      SEAMLAB_MODELS_DIR: TEST_MODELS_DIR,
    },
  });
}

const TEXT = 'Hello my big long beautiful world.';

describe('seamlab run', () => {
  it('--json prints the full result and --out writes the streamed audio', async () => {
    const out = path.join(work, 'run.wav');
    const result = seamlab([
      'run',
      '--text',
      TEXT,
      '--greedy',
      '--cfg-weight',
      '0',
      '--chunk-tokens',
      '10',
      '--boundary',
      'overlap-add',
      '--overlap',
      '3',
      '--crossfade-ms',
      '50',
      '--pipeline',
      'parallel',
      '--out',
      out,
      '--json',
    ]);
    expect(result.status, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout) as {
      id: string;
      saved: boolean;
      config: { boundary: { kind: string; overlapTokens: number }; pipeline: { kind: string } };
      chunks: { sampleEnd: number }[];
      boundaries: unknown[];
      metrics: { tokens: number; ttfaMs: number };
      provenance: { model: { synthetic: boolean } };
    };
    expect(summary.config.boundary).toMatchObject({ kind: 'overlap-add', overlapTokens: 3 });
    expect(summary.config.pipeline.kind).toBe('parallel');
    expect(summary.boundaries.length).toBe(summary.chunks.length - 1);
    expect(summary.provenance.model.synthetic).toBe(true);
    expect(summary.saved).toBe(true);
    const wav = await readWavFile(out);
    expect(wav.sampleRate).toBe(24_000);
    expect(wav.channels[0]!.length).toBe(summary.metrics.tokens * 960);
    expect(summary.chunks.at(-1)!.sampleEnd).toBe(wav.channels[0]!.length);
  });

  it('refuses invalid values and combinations with a clear message and exit code 2', () => {
    const crossfade = seamlab([
      'run',
      '--text',
      TEXT,
      '--boundary',
      'overlap-add',
      '--overlap',
      '1',
      '--crossfade-ms',
      '80',
    ]);
    expect(crossfade.status).toBe(2);
    expect(crossfade.stderr).toContain('crossfadeMs must fit inside the overlap');
    const stateful = seamlab(['run', '--text', TEXT, '--boundary', 'stateful', '--no-save']);
    expect(stateful.status).toBe(1);
    expect(stateful.stderr).toMatch(/stateful treatment cannot run on it/);
    const unknownBoundary = seamlab(['run', '--text', TEXT, '--boundary', 'magic']);
    expect(unknownBoundary.status).not.toBe(0);
    expect(unknownBoundary.stderr).toMatch(/Allowed choices are none, overlap-add, context, stateful/);
  });
});

describe('seamlab synth', () => {
  it('runs the Turbo family: --json reports tokens, the silence padding, the defaults and what it set aside', async () => {
    const out = path.join(work, 'turbo.wav');
    const args = ['synth', '--model', 'fixture-turbo', '--text', TEXT, '--seed', '1', '--out', out, '--json'];
    const result = seamlab(args);
    expect(result.status, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as {
      model: string;
      synthetic: boolean;
      tokens: number;
      paddingTokens: number;
      droppedTokens: number;
      stoppedBy: string;
      ignoredSettings: string[];
      defaultsApplied: string[];
      generation: { preset: string; sampler: Record<string, number | boolean>; maxNewTokens: number };
      providers: Record<string, string>;
      timings: { prefillMs: number; perStepMs: number; decodeMs: number };
    };
    expect(report).toMatchObject({
      model: 'fixture-turbo',
      synthetic: true,
      paddingTokens: 3,
      droppedTokens: 0,
      stoppedBy: 'stop-token',
    });
    // Nothing was set, so nothing was set aside: every setting got Turbo's upstream default (tts_turbo.py).
    expect(report.ignoredSettings).toEqual([]);
    expect(report.defaultsApplied).toContain('topK 1000 (Turbo upstream default)');
    expect(report.defaultsApplied).toContain('topP 0.95 (Turbo upstream default)');
    expect(report.generation).toMatchObject({
      preset: 'upstream',
      sampler: { temperature: 0.8, topK: 1000, topP: 0.95, repetitionPenalty: 1.2, cfgWeight: 0, minP: 0 },
      maxNewTokens: 1000,
    });
    expect(report.providers.language_model).toBe('cpu');
    expect(report.timings.perStepMs).toBeGreaterThan(0);
    const wav = await readWavFile(out);
    expect(wav.channels[0]!.length).toBe(report.tokens * 960);
    // The same seed gives the same audio.
    expect(seamlab(args).status).toBe(0);
    expect((await readWavFile(out)).channels[0]).toEqual(wav.channels[0]);
  });
});

describe('seamlab run --repeat', () => {
  it('--repeat 2 runs one repeat group and reports median and spread of every timing metric', () => {
    const result = seamlab([
      'run',
      '--text',
      TEXT,
      '--greedy',
      '--cfg-weight',
      '0',
      '--repeat',
      '2',
      '--json',
    ]);
    expect(result.status, result.stderr).toBe(0);
    const doc = JSON.parse(result.stdout) as {
      repeatGroup: string;
      repeat: {
        n: number;
        spread: string;
        metrics: Record<string, { n: number; median: number; min: number; max: number }>;
      };
      runs: {
        metrics: { ttfaMs: number };
        provenance: { repeatGroup: string; conditions: { cold: boolean } };
      }[];
    };
    expect(doc.runs).toHaveLength(2);
    expect(doc.runs.map((r) => r.provenance.repeatGroup)).toEqual([doc.repeatGroup, doc.repeatGroup]);
    // Only the first run of the process waited for the model: the others are warm.
    expect(doc.runs.map((r) => r.provenance.conditions.cold)).toEqual([true, false]);
    expect(doc.repeat.spread).toMatch(/IQR/);
    const ttfa = doc.repeat.metrics.ttfaMs!;
    const values = doc.runs.map((r) => r.metrics.ttfaMs).sort((a, b) => a - b);
    expect(ttfa).toMatchObject({
      n: 2,
      median: (values[0]! + values[1]!) / 2,
      min: values[0],
      max: values[1],
    });
    for (const name of [
      'stages.firstTokenMs',
      'stages.firstChunkDecodedMs',
      'wallMs',
      'rtf',
      'playback.totalGapMs',
    ])
      expect(doc.repeat.metrics[name]?.n, name).toBe(2);
  }, 120_000);

  it('--repeat refuses a value that is not a whole number', () => {
    const result = seamlab(['run', '--text', TEXT, '--repeat', '0']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--repeat must be a whole number 1..1000, got "0"/);
  });
});
