import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** npm as the tests were launched with it (npm_execpath), else the one on PATH. */
function npm(args: string[]) {
  const execPath = process.env.npm_execpath;
  const [command, prefix] =
    execPath && /npm-cli\.js$/.test(execPath) ? [process.execPath, [execPath]] : ['npm', []];
  return spawnSync(command, [...prefix, ...args], {
    cwd: path.resolve('.'),
    encoding: 'utf8',
    env: { ...process.env, SEAMLAB_QUIET: '1' },
    timeout: 60_000,
  });
}

describe("the project's npm configuration", () => {
  // Issue 16, item 9: .npmrc's `onnxruntime-node-install=skip` made every npm command (so every `npx seamlab`) print
  // `npm warn Unknown project config "onnxruntime-node-install"`. The skip now travels as ONNXRUNTIME_NODE_INSTALL.
  it('`npx seamlab` prints no npm warning about the project config', () => {
    const result = npm(['exec', '--no', '--', 'seamlab', '--version']);
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    expect(result.stderr).not.toMatch(/npm warn .*project config/i);
  });

  it("the wrapper's npm ci gives onnxruntime-node's installer its skip switch", () => {
    // A project folder whose lockfile is newer than node_modules, and an npm that records what it was run with.
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'seamlab-npmci-'));
    fs.writeFileSync(path.join(root, 'package-lock.json'), '{}');
    const bin = path.join(root, 'bin');
    fs.mkdirSync(bin);
    const record = path.join(root, 'npm-env');
    fs.writeFileSync(
      path.join(bin, 'npm'),
      `#!/bin/sh\necho "$* ONNXRUNTIME_NODE_INSTALL=$ONNXRUNTIME_NODE_INSTALL" > '${record}'\n` +
        `mkdir -p node_modules && echo '{}' > node_modules/.package-lock.json\n`,
      { mode: 0o755 },
    );
    const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}` };
    delete env.npm_execpath;
    delete env.ONNXRUNTIME_NODE_INSTALL;
    const wrapper = path.resolve('scripts/bootstrap.cjs');
    const script = `require(${JSON.stringify(wrapper)}).ensureDependencies(${JSON.stringify(root)})`;
    const result = spawnSync(process.execPath, ['-e', script], { env, encoding: 'utf8', timeout: 30_000 });
    expect(result.status).toBe(0);
    expect(fs.readFileSync(record, 'utf8').trim()).toBe(
      'ci --no-audit --no-fund ONNXRUNTIME_NODE_INSTALL=skip',
    );
  });
});
