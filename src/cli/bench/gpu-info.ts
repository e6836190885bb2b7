import { execFileSync } from 'node:child_process';

export interface GpuInfo {
  name: string;
  driver: string | null;
  memoryMiB: number | null;
}

/**
 * The machine's NVIDIA GPUs as `nvidia-smi` names them; empty when it is missing or fails (no NVIDIA driver, or
 * another vendor: WebGPU adapters cannot be named from Node).
 */
export function nvidiaGpus(): GpuInfo[] {
  try {
    const text = execFileSync(
      'nvidia-smi',
      ['--query-gpu=name,driver_version,memory.total', '--format=csv,noheader,nounits'],
      { encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'pipe', 'ignore'] },
    );
    return parseNvidiaSmi(text);
  } catch {
    return [];
  }
}

/** Parses `nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader,nounits`. */
export function parseNvidiaSmi(text: string): GpuInfo[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((line) => {
      const [name = '', driver, memory] = line.split(',').map((part) => part.trim());
      const memoryMiB = Number(memory);
      return { name, driver: driver || null, memoryMiB: Number.isFinite(memoryMiB) ? memoryMiB : null };
    });
}
