import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelPool } from '../../../src/engine/experiments/model-pool.ts';
import { runSelfCheck } from '../../../src/engine/experiments/self-check.ts';
import { FIXTURE_VARIANT_IDS } from '../../../src/engine/fixture/index.ts';
import { listModels } from '../../../src/engine/models/model-catalog.ts';
import { readSelfCheck, SELF_CHECK_FILE } from '../../../src/engine/models/self-check-file.ts';
import { builtInVoicesDir } from '../../../src/engine/voices/voice-files.ts';

// A models folder of its own: the probe writes beside the model, and other test files share TEST_MODELS_DIR.
let modelsDir: string;
let pool: ModelPool;
beforeAll(async () => {
  modelsDir = await fs.mkdtemp(path.join(os.tmpdir(), 'seamlab-self-check-'));
  pool = new ModelPool({ modelsDir, voiceDirs: [builtInVoicesDir()] });
});
afterAll(async () => {
  await pool.close();
  await fs.rm(modelsDir, { recursive: true, force: true });
});

const INVARIANTS = ['prompt-framing', 'stop-token', 'vocabulary', 'decoder-length', 'finite-audio'];

describe('the first-load self-check', () => {
  it.each(FIXTURE_VARIANT_IDS)(
    '%s: every invariant holds, and the result is stored with the model and listed',
    async (id) => {
      const check = await runSelfCheck(pool, id);
      expect(check.invariants.map((i) => i.name)).toEqual(INVARIANTS);
      for (const invariant of check.invariants)
        expect(invariant, invariant.detail).toMatchObject({ ok: true });
      expect(check.ok).toBe(true);
      expect(check.synthetic).toBe(true);
      // The raw prompt is decoded and checked against the export's arithmetic (stock decoders), then the aligned one.
      const length = check.invariants.find((i) => i.name === 'decoder-length')!.detail;
      expect(length).toMatch(
        id === 'fixture-stateful' ? /requires 2P = T/ : /expected \(2 \(P \+ N\) - T\) x 480 = \d+/,
      );
      expect(length).toMatch(/expected 960 N = \d+/);

      const dir = path.join(modelsDir, id);
      expect(await readSelfCheck(dir)).toEqual(check);
      const listed = (await listModels(modelsDir)).find((m) => m.id === id);
      expect(listed?.selfCheck).toEqual({
        ok: true,
        checkedAt: check.checkedAt,
        invariants: check.invariants,
      });
    },
    120_000,
  );

  it('a model never checked lists no result; a damaged result file reads as none', async () => {
    const dir = path.join(modelsDir, 'not-checked');
    await fs.mkdir(path.join(dir, 'onnx'), { recursive: true });
    expect((await listModels(modelsDir)).find((m) => m.id === 'not-checked')?.selfCheck).toBeUndefined();
    await fs.writeFile(path.join(dir, SELF_CHECK_FILE), '{ not json');
    expect(await readSelfCheck(dir)).toBeNull();
  });
});
