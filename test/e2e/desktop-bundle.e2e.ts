import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';

// The built Electron bundle (out/, from `npm run build`, which `npm run test:e2e` runs first) under plain Node
// with `electron` replaced by a stand-in through a module-loader hook (test/e2e/desktop/). Unlike the unit tests
// of src/main, this catches what only the bundle gets wrong: where electron-vite puts the workers, the preload and
// the renderer, and how paths resolve from out/.

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const REGISTER = path.join(ROOT, 'test', 'e2e', 'desktop', 'register.ts');
const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seamlab-bundle-'));
  temps.push(dir);
  return dir;
}

interface Launch {
  code: number | null;
  signal: string | null;
  steps: Record<string, unknown>[];
  stderr: string;
}

function launchBundle(appRoot: string, env: Record<string, string>): Promise<Launch> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', REGISTER, path.join(appRoot, 'out', 'main', 'index.js')],
      {
        cwd: appRoot,
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code, signal) => {
      const steps = stdout
        .split('\n')
        .filter((line) => line.startsWith('SMOKE '))
        .map((line) => JSON.parse(line.slice('SMOKE '.length)) as Record<string, unknown>);
      resolve({ code, signal, steps, stderr });
    });
  });
}

/** An app folder like the project's, with a copy of out/ missing `remove` (a path under out/). */
function brokenCopy(remove: (outDir: string) => string): string {
  const root = tempDir();
  for (const entry of ['package.json', 'node_modules', 'resources', 'models'])
    fs.symlinkSync(path.join(ROOT, entry), path.join(root, entry));
  fs.cpSync(path.join(ROOT, 'out'), path.join(root, 'out'), { recursive: true });
  fs.rmSync(remove(path.join(root, 'out')));
  return root;
}

const isolatedEnv = () => {
  const dir = tempDir();
  return {
    SEAMLAB_DB: path.join(dir, 'seamlab.db'),
    SEAMLAB_DATA_DIR: path.join(dir, 'data'),
    SEAMLAB_MODELS_DIR: path.join(dir, 'models'),
  };
};

describe('the built desktop bundle', () => {
  it('never imports onnxruntime-node statically in the main process (it may have no binary here)', () => {
    const bundle = fs.readFileSync(path.join(ROOT, 'out', 'main', 'index.js'), 'utf8');
    expect(bundle).not.toMatch(/^import[^;]*from\s*["']onnxruntime-node["']/m);
  });

  it('opens the window, answers the contract over IPC, and a window closed mid-run stores the run as cancelled', async () => {
    const env = isolatedEnv();
    const launch = await launchBundle(ROOT, { ...env, SEAMLAB_SMOKE_SCENARIO: 'quit-mid-run' });
    const step = (name: string) => launch.steps.find((s) => s.step === name);
    expect(launch.code, launch.stderr).toBe(0);
    expect(step('loaded')?.url).toBe(`file://${path.join(ROOT, 'out', 'renderer', 'index.html')}`);
    // The provider probe ran in its worker, found from out/main.
    const status = step('status')?.envelope as {
      ok: boolean;
      result: { providers: { name: string; works: boolean }[] };
    };
    expect(status.ok).toBe(true);
    expect(status.result.providers.find((p) => p.name === 'cpu')?.works).toBe(true);
    // The run reached its first decoded chunk (token and decode workers loaded) before the window closed.
    const started = step('started')?.envelope as { ok: boolean; result: { runId: string } };
    expect(started.ok).toBe(true);
    const events = launch.steps
      .filter((s) => s.step === 'event' && s.runId === started.result.runId)
      .map((s) => s.type);
    expect(events).toContain('chunk');
    expect(events).not.toContain('finished');
    expect(step('exit')).toMatchObject({ code: 0, errorBoxes: [] });
    const db = new Database(env.SEAMLAB_DB, { readonly: true });
    try {
      const row = db.prepare('SELECT status FROM runs WHERE id = ?').get(started.result.runId);
      expect(row).toEqual({ status: 'cancelled' });
    } finally {
      db.close();
    }
  });

  it.each([
    ['the preload script', (out: string) => path.join(out, 'preload', 'index.cjs')],
    ['the token worker', (out: string) => path.join(out, 'main', 'token.worker.js')],
    ['the interface (renderer)', (out: string) => path.join(out, 'renderer', 'index.html')],
  ])('fails to start, with an error box, when %s is missing from out/', async (what, file) => {
    const root = brokenCopy(file);
    const launch = await launchBundle(root, isolatedEnv());
    expect(launch.code).toBe(1);
    expect(launch.stderr).toContain(`${what} is missing at ${file(path.join(root, 'out'))}`);
    expect(launch.steps.find((s) => s.step === 'loaded')).toBeUndefined();
  });

  it('fails to start when a script of the renderer is missing (the window would stay blank)', async () => {
    const root = brokenCopy((out) => {
      const html = fs.readFileSync(path.join(out, 'renderer', 'index.html'), 'utf8');
      const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(html)?.[1];
      if (!script) throw new Error('the built index.html names no script under ./assets');
      return path.join(out, 'renderer', script);
    });
    const launch = await launchBundle(root, isolatedEnv());
    expect(launch.code).toBe(1);
    expect(launch.stderr).toContain('ERR_FILE_NOT_FOUND');
  });
});
