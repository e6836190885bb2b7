import os from 'node:os';

/** The machine a run ran on, recorded with every result so timings can be compared fairly. */
export function describeMachine(): {
  platform: string;
  arch: string;
  cpus: number;
  cpuModel: string;
  memoryGb: number;
} {
  const cpus = os.cpus();
  return {
    platform: process.platform,
    arch: process.arch,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
  };
}
