import { describe, expect, it } from 'vitest';
import { KNOWN_PROVIDERS, providerStatuses } from '../../../src/engine/runtime/execution-providers.ts';
import { installedOnnxruntimeVersion } from '../../../src/engine/runtime/onnxruntime-loader.ts';
import { probeRuntime } from '../../../src/engine/runtime/provider-probe.ts';

// onnxruntime-node 1.30 has no macOS x64 binary: there its import throws. Simulated here with an importer that
// fails the way a missing native binding does.
const missingBinary = () =>
  Promise.reject(new Error("Cannot find module '../bin/napi-v6/darwin/x64/onnxruntime_binding.node'"));

describe('onnxruntime loaded lazily', () => {
  it('a failing import is reported by the probe, not thrown', async () => {
    const report = await probeRuntime(['cpu'], missingBinary);
    expect(report.loadError).toContain('onnxruntime_binding.node');
    expect(report.results).toEqual([]);
    expect(report.backends).toEqual([]);
  });

  it('the status then lists every provider as unavailable, saying why', async () => {
    const statuses = providerStatuses(await probeRuntime(['cpu'], missingBinary));
    expect(statuses.map((s) => s.name)).toEqual([...KNOWN_PROVIDERS]);
    for (const status of statuses) {
      expect(status.works).toBe(false);
      expect(status.inBuild).toBe(false);
      expect(status.reason).toMatch(/onnxruntime-node could not be loaded on .*onnxruntime_binding\.node/);
    }
  });

  it('with the real package the cpu provider is in the build and works', async () => {
    const report = await probeRuntime(['cpu']);
    expect(report.loadError).toBeUndefined();
    expect(report.onnxruntimeVersion).toBe(installedOnnxruntimeVersion());
    const cpu = providerStatuses(report).find((s) => s.name === 'cpu');
    expect(cpu).toEqual({ name: 'cpu', inBuild: true, works: true });
  });
});
