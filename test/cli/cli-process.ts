import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `node scripts/seamlab.cjs <args>` the way users run it, spawned asynchronously (a server in the test process
 * must keep answering). It never touches the real user-data folder or the caller's SEAMLAB_DB: `dataDir` is
 * where its database and exports go.
 */
export function seamlab(args: string[], options: { dataDir?: string; env?: Record<string, string> } = {}) {
  const { SEAMLAB_DB: _ignored, ...inherited } = process.env;
  return new Promise<CliResult>((resolve) => {
    const child = spawn(process.execPath, ['scripts/seamlab.cjs', ...args], {
      env: {
        ...inherited,
        SEAMLAB_QUIET: '1',
        ...(options.dataDir ? { SEAMLAB_DATA_DIR: options.dataDir } : {}),
        // Reuses V8's compiled code across the many short CLI processes (about half their start-up CPU).
        NODE_COMPILE_CACHE: path.join(os.tmpdir(), 'seamlab-test-compile-cache'),
        ...options.env,
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The `--json` document of a successful run (a failure shows its stderr). */
export function jsonOf<T>(result: CliResult): T {
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as T;
}
