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

describe('the Electron binary (downloaded lazily since Electron 42)', () => {
  const wrapper = require('../../scripts/bootstrap.cjs') as {
    needsElectron(argv: string[]): boolean;
    ensureElectronBinary(options: {
      root: string;
      note: string;
      env?: NodeJS.ProcessEnv;
      now?: number;
      force?: boolean;
    }): { available: boolean; reason?: string };
    ELECTRON_RETRY_AFTER_MS: number;
  };

  /** A project folder whose node_modules/electron/install.js counts its runs and succeeds when told to. */
  function fakeProject(): { root: string; note: string; runs: () => number } {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'seamlab-electron-'));
    const electronDir = path.join(root, 'node_modules', 'electron');
    fs.mkdirSync(electronDir, { recursive: true });
    fs.writeFileSync(path.join(electronDir, 'package.json'), '{"version":"45.4.1"}');
    fs.writeFileSync(
      path.join(electronDir, 'install.js'),
      [
        "const fs = require('node:fs');",
        "fs.appendFileSync('runs', 'x');",
        "if (process.env.FAKE_DOWNLOAD !== 'ok') { console.error('getaddrinfo ENOTFOUND github.com'); process.exit(1); }",
        "fs.writeFileSync('path.txt', 'electron');",
      ].join('\n'),
    );
    const runs = () => {
      const file = path.join(electronDir, 'runs');
      return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').length : 0;
    };
    return { root, note: path.join(root, '.toolchain', 'electron-unavailable'), runs };
  }

  const quiet = { ...process.env, SEAMLAB_QUIET: '1' };

  it('is wanted by `npm start` and `npm run dev` only', () => {
    expect(wrapper.needsElectron(['--exec', path.resolve('src/cli/main.ts'), 'start'])).toBe(true);
    expect(wrapper.needsElectron(['dev:electron'])).toBe(true);
    expect(wrapper.needsElectron(['--exec', path.resolve('src/cli/main.ts'), 'run'])).toBe(false);
    expect(wrapper.needsElectron(['test:all'])).toBe(false);
  });

  it('is downloaded whenever path.txt is missing, and not again once it is there', () => {
    const project = fakeProject();
    const env = { ...quiet, FAKE_DOWNLOAD: 'ok' };
    expect(wrapper.ensureElectronBinary({ root: project.root, note: project.note, env })).toEqual({
      available: true,
    });
    expect(project.runs()).toBe(1);
    expect(wrapper.ensureElectronBinary({ root: project.root, note: project.note, env }).available).toBe(
      true,
    );
    expect(project.runs()).toBe(1);
  });

  it('remembers a failed download for a while, not forever, and a forced retry tries at once', () => {
    const project = fakeProject();
    const at = Date.now();
    const first = wrapper.ensureElectronBinary({
      root: project.root,
      note: project.note,
      env: quiet,
      now: at,
    });
    expect(first.available).toBe(false);
    expect(first.reason).toContain('could not be downloaded');
    expect(fs.existsSync(project.note)).toBe(true);
    // Soon after: no new try, and the reason says how to force one.
    const soon = wrapper.ensureElectronBinary({
      root: project.root,
      note: project.note,
      env: quiet,
      now: at + 60_000,
    });
    expect(project.runs()).toBe(1);
    expect(soon.reason).toContain('--retry-electron');
    // Forced: tries now (and succeeds this time, clearing the note).
    const env = { ...quiet, FAKE_DOWNLOAD: 'ok' };
    const forced = wrapper.ensureElectronBinary({ root: project.root, note: project.note, env, force: true });
    expect(forced.available).toBe(true);
    expect(project.runs()).toBe(2);
    expect(fs.existsSync(project.note)).toBe(false);
  });

  it('tries again by itself once the remembered failure is old', () => {
    const project = fakeProject();
    wrapper.ensureElectronBinary({ root: project.root, note: project.note, env: quiet });
    const old = new Date(Date.now() - wrapper.ELECTRON_RETRY_AFTER_MS - 1000);
    fs.utimesSync(project.note, old, old);
    wrapper.ensureElectronBinary({ root: project.root, note: project.note, env: quiet });
    expect(project.runs()).toBe(2);
  });
});

describe('dependencies', () => {
  it('never runs npm ci through a node_modules that links to a shared install (it would empty it)', () => {
    const wrapper = require('../../scripts/bootstrap.cjs') as { ensureDependencies(root: string): void };
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'seamlab-deps-'));
    const shared = path.join(root, 'shared-node_modules');
    fs.mkdirSync(shared);
    fs.writeFileSync(path.join(shared, 'marker'), 'still here');
    fs.writeFileSync(path.join(shared, '.package-lock.json'), '{}');
    const old = new Date(Date.now() - 3_600_000);
    fs.utimesSync(path.join(shared, '.package-lock.json'), old, old);
    fs.writeFileSync(path.join(root, 'package-lock.json'), '{}'); // newer than the shared stamp
    fs.symlinkSync(shared, path.join(root, 'node_modules'));
    wrapper.ensureDependencies(root);
    expect(fs.readFileSync(path.join(shared, 'marker'), 'utf8')).toBe('still here');
    expect(fs.lstatSync(path.join(root, 'node_modules')).isSymbolicLink()).toBe(true);
  });
});
