import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** Runs the CLI the way users do (through the launcher that `npx seamlab` resolves to). */
function seamlab(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, ['scripts/seamlab.cjs', ...args], {
    encoding: 'utf8',
    env: { ...process.env, SEAMLAB_QUIET: '1', ...env },
  });
}

describe('seamlab status', () => {
  it('--json prints exactly one JSON document with the first screen’s facts', () => {
    const db = path.join(os.tmpdir(), 'seamlab-cli-status.db');
    const result = seamlab(['status', '--json'], { SEAMLAB_DB: db });
    expect(result.status, result.stderr).toBe(0);
    const status = JSON.parse(result.stdout) as {
      appVersion: string;
      providers: { name: string; works: boolean }[];
      databasePath: string;
    };
    expect(status.appVersion).toMatch(/^\d+\.\d+\.\d+$/);
    expect(status.providers.find((p) => p.name === 'cpu')?.works).toBe(true);
    expect(status.databasePath).toBe(db);
  });

  it('prints a readable summary without --json', () => {
    const result = seamlab(['status']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/✓ cpu\s+works/);
    expect(result.stdout).toContain('Database:');
  });

  it('fails with a clear message on an unknown command or bad option', () => {
    const unknown = seamlab(['frobnicate']);
    expect(unknown.status).not.toBe(0);
    expect(unknown.stderr).toContain("unknown command 'frobnicate'");
    const badPort = seamlab(['serve', '--port', 'eighty']);
    expect(badPort.status).not.toBe(0);
    expect(badPort.stderr).toContain('must be an integer');
  });
});
