import type { ProviderStatus } from '../../contract/index.ts';
import { WorkerHost } from '../workers/worker-host.ts';
import type { ProbeReport } from './provider-probe.ts';

/** Every provider Seamlab knows how to use, in default preference order (fastest first, cpu last). */
export const KNOWN_PROVIDERS = ['cuda', 'tensorrt', 'dml', 'coreml', 'webgpu', 'cpu'] as const;

/** What to tell a user about a provider that is not in their build, by provider. */
const MISSING_HINT: Record<string, string> = {
  cuda: 'CUDA provider libraries are not installed: run `npm run setup:cuda` (Linux x64 with an NVIDIA GPU)',
  tensorrt: 'TensorRT needs the CUDA provider libraries plus TensorRT itself (Linux x64)',
  dml: 'DirectML ships only in the Windows build of onnxruntime-node',
  coreml: 'CoreML ships only in the macOS build of onnxruntime-node',
  webgpu: 'WebGPU is not in this onnxruntime-node build',
};

type ProbeMethods = { probe: (names: string[]) => ProbeReport };

/** The providers as the status screen shows them, from one probe report. */
export function providerStatuses(report: ProbeReport): ProviderStatus[] {
  if (report.loadError !== undefined) {
    const reason = `onnxruntime-node could not be loaded on ${process.platform}-${process.arch}: ${report.loadError}`;
    return KNOWN_PROVIDERS.map((name) => ({ name, inBuild: false, works: false, reason }));
  }
  const listed = new Map(report.backends.map((b) => [b.name, b]));
  return KNOWN_PROVIDERS.map((name): ProviderStatus => {
    const result = report.results.find((r) => r.name === name);
    const inBuild = listed.get(name)?.bundled === true;
    if (result?.works) return { name, inBuild, works: true };
    const hint = !inBuild ? MISSING_HINT[name] : undefined;
    return { name, inBuild, works: false, reason: hint ?? result?.reason ?? 'not tried' };
  });
}

/**
 * Probes the execution providers once per process, in a worker thread, and caches the answer:
 * which are in the build, and which really create and run a session on this machine.
 */
export class ProviderRegistry {
  private report: Promise<{ version: string; providers: ProviderStatus[] }> | undefined;

  status(): Promise<{ version: string; providers: ProviderStatus[] }> {
    this.report ??= this.probe().catch((error: unknown) => {
      this.report = undefined; // do not cache a failed probe (e.g. a killed worker): try again next time
      throw error;
    });
    return this.report;
  }

  private async probe(): Promise<{ version: string; providers: ProviderStatus[] }> {
    const host = new WorkerHost<ProbeMethods>('provider-probe.worker');
    try {
      // Providers absent from the build's list (e.g. cuda before setup:cuda) are still tried: the list says
      // "bundled: false" for cuda even when the libraries have been installed since.
      const report = await host.request('probe', [...KNOWN_PROVIDERS]);
      return { version: report.onnxruntimeVersion, providers: providerStatuses(report) };
    } finally {
      await host.terminate();
    }
  }
}
