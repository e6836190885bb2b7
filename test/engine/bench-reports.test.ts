import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readModelBenchReport, saveBenchReport } from '../../src/engine/bench-reports.ts';
import { SAMPLE_REPORT } from './bench-report-sample.ts';

describe('bench reports kept for the Status screen', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seamlab-bench-reports-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads back the latest saved model report, extra fields kept', () => {
    expect(readModelBenchReport(dir)).toEqual({
      path: path.join(dir, 'model.json'),
      report: null,
      problem: null,
    });
    saveBenchReport(dir, 'model', { ...SAMPLE_REPORT, at: '2026-12-01T00:00:00.000Z' });
    saveBenchReport(dir, 'model', SAMPLE_REPORT);
    const { report, problem } = readModelBenchReport(dir);
    expect(problem).toBeNull();
    expect(report?.at).toBe(SAMPLE_REPORT.at);
    expect(report?.models.chatterbox?.latency?.ttfaS).toBe(0.41);
    expect(report?.models.chatterbox?.dtypes).toEqual({ kv: 'float16' });
    expect(fs.readdirSync(dir)).toEqual(['model.json']);
  });

  it('says why a damaged or foreign file cannot be shown, naming the file and the field', () => {
    fs.writeFileSync(path.join(dir, 'model.json'), '{"suite": "model", ');
    expect(readModelBenchReport(dir).problem).toMatch(/model\.json is not JSON/);
    saveBenchReport(dir, 'model', { ...SAMPLE_REPORT, models: { x: { synthetic: true } } });
    const foreign = readModelBenchReport(dir);
    expect(foreign.report).toBeNull();
    expect(foreign.problem).toMatch(/model\.json is not a model bench report: models\.x\.providers/);
  });
});
