import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const bootstrap = require('../../scripts/bootstrap.cjs') as {
  atLeast(version: string, min: number[]): boolean;
  nodePackageName(): string;
  PINNED_NODE: string;
  MIN_NODE: number[];
};
const WRAPPER = path.resolve('scripts/bootstrap.cjs');

/** The machine's own Node (first on PATH that is not the wrapper's pinned one), as a user would have it. */
function systemNode(): { path: string; version: string } {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, process.platform === 'win32' ? 'node.exe' : 'node');
    if (dir.includes('.toolchain') || !fs.existsSync(candidate)) continue;
    const version = spawnSync(candidate, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.trim();
    return { path: candidate, version };
  }
  return { path: process.execPath, version: process.versions.node };
}

function tempScript(body: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'seamlab-boot-')), 'probe.ts');
  fs.writeFileSync(file, body);
  return file;
}

describe('bootstrap wrapper', () => {
  it('compares versions', () => {
    expect(bootstrap.atLeast('22.12.0', [22, 12, 0])).toBe(true);
    expect(bootstrap.atLeast('v24.0.1', [22, 12, 0])).toBe(true);
    expect(bootstrap.atLeast('22.11.9', [22, 12, 0])).toBe(false);
    expect(bootstrap.atLeast('20.20.2', [22, 12, 0])).toBe(false);
    expect(bootstrap.atLeast('23.0.0', [22, 12, 0])).toBe(true);
  });

  it('names the npm package that carries Node for this machine', () => {
    expect(bootstrap.nodePackageName()).toMatch(/^node-(linux|darwin|win)-(x64|arm64)$/);
    expect(bootstrap.PINNED_NODE.split('.')[0]).toBe('24');
  });

  it('runs TypeScript under a Node new enough for the project, whatever Node starts it', () => {
    const node = systemNode();
    const script = tempScript(
      'const v: string = process.versions.node;\nconsole.log(JSON.stringify({ v }));\n',
    );
    const result = spawnSync(node.path, [WRAPPER, '--exec', script], {
      encoding: 'utf8',
      env: { ...process.env, SEAMLAB_QUIET: '1' },
    });
    expect(result.status, result.stderr).toBe(0);
    const { v } = JSON.parse(result.stdout) as { v: string };
    expect(bootstrap.atLeast(v, bootstrap.MIN_NODE)).toBe(true);
    // On an old system Node (the project machines have Node 20) the pinned Node must have been used.
    if (!bootstrap.atLeast(node.version, bootstrap.MIN_NODE)) expect(v).toBe(bootstrap.PINNED_NODE);
    else expect(v).toBe(node.version);
  });

  it('honours SEAMLAB_SYSTEM_NODE=1: never downloads, refuses an old Node clearly', () => {
    const node = systemNode();
    const script = tempScript('console.log(process.versions.node);\n');
    const result = spawnSync(node.path, [WRAPPER, '--exec', script], {
      encoding: 'utf8',
      env: { ...process.env, SEAMLAB_SYSTEM_NODE: '1' },
    });
    if (bootstrap.atLeast(node.version, bootstrap.MIN_NODE)) {
      expect(result.status).toBe(0);
      expect(result.stdout.trim()).toBe(node.version);
    } else {
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('too old');
      expect(result.stderr).toContain('SEAMLAB_SYSTEM_NODE=1');
    }
  });

  it('forwards SIGTERM to the command it runs (no orphaned servers)', async () => {
    const pidFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'seamlab-sig-')), 'pid');
    const script = tempScript(
      `import fs from 'node:fs';\nfs.writeFileSync(${JSON.stringify(pidFile)}, String(process.pid));\nsetInterval(() => {}, 1000);\n`,
    );
    const wrapper = spawn(systemNode().path, [WRAPPER, '--exec', script], {
      stdio: 'ignore',
      env: { ...process.env, SEAMLAB_QUIET: '1' },
    });
    await expect
      .poll(() => fs.existsSync(pidFile) && fs.readFileSync(pidFile, 'utf8').length > 0, { timeout: 15_000 })
      .toBe(true);
    const childPid = Number(fs.readFileSync(pidFile, 'utf8'));
    const exited = new Promise((resolve) => wrapper.once('exit', resolve));
    wrapper.kill('SIGTERM');
    await exited;
    const alive = () => {
      try {
        process.kill(childPid, 0);
        return true;
      } catch {
        return false;
      }
    };
    await expect.poll(alive, { timeout: 10_000 }).toBe(false);
  });
});
