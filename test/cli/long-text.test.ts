import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_MODELS_DIR } from '../engine/experiments/helpers.ts';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'seamlab-cli-long-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('seamlab run with the form maximum of 20 000 characters (issue 16)', () => {
  it('prints why the model refuses the text and exits 1, instead of dying silently', () => {
    const text = 'Hello there my friend. '.repeat(869).trim();
    const result = spawnSync(
      process.execPath,
      ['scripts/seamlab.cjs', 'run', '--text', text, '--text-source', 'whole', '--no-save'],
      {
        encoding: 'utf8',
        env: {
          ...process.env,
          SEAMLAB_QUIET: '1',
          SEAMLAB_DB: path.join(work, 'runs.db'),
          SEAMLAB_DATA_DIR: work,
          SEAMLAB_MODELS_DIR: TEST_MODELS_DIR,
        },
      },
    );
    // Before: a 20 KB command line overflowed onnxruntime's recursion in a 4 MB worker stack (SIGSEGV, no output).
    expect(result.signal).toBeNull();
    expect(result.stderr).toMatch(
      /seamlab: the text is 19\d{3} tokens for this model's tokenizer, but Chatterbox's T3 takes at most 2048/,
    );
    expect(result.status).toBe(1);
  }, 120_000);
});
