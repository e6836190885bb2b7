import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readModelBenchReport } from '../../src/engine/bench-reports.ts';
import { seamlab } from './cli-process.ts';

describe('seamlab bench model --model <id>', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seamlab-bench-cli-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('measures an installed model and saves the report where the Status screen reads it', async () => {
    const dataDir = path.join(dir, 'data');
    const out = path.join(dir, 'out');
    const result = await seamlab(
      ['bench', 'model', '--quick', '--model', 'fixture', '--models', path.join(dir, 'models'), '--out', out],
      { dataDir },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(fs.existsSync(path.join(out, 'model.json'))).toBe(true);
    const { report, problem } = readModelBenchReport(path.join(dataDir, 'bench-reports'));
    expect(problem).toBeNull();
    expect(report?.quick).toBe(true);
    const fixture = report!.models.fixture!;
    expect(fixture.providers.language_model).toBe('cpu');
    expect(fixture.lmStepMs.median).toBeGreaterThan(0);
    expect(fixture.stepSplitMs!.nativeRun).toBeGreaterThan(0);
    // An installed model gets TTFA and RTF on the fixed phrase, beside the public anchors.
    expect(fixture.latency!.ttfaS).toBeGreaterThan(0);
    expect(report!.anchors).toBeDefined();
  }, 180_000);
});
