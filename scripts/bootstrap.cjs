#!/usr/bin/env node
// The project's "wrapper" (think gradlew): every README command goes through this file so that a machine with
// only Node >= 18 and npm gets the right toolchain by itself. It must stay dependency-free and CommonJS,
// because it runs before anything is installed and possibly on a Node too old for the project.
//
//   node scripts/bootstrap.cjs <npm-script> [args...]   ensure toolchain + deps, then `npm run <script> -- args`
//   node scripts/bootstrap.cjs --exec <file> [args...]  ensure toolchain + deps, then run <file> under that Node
//
// Environment:
//   SEAMLAB_SYSTEM_NODE=1   never download Node; use whatever `node` runs this (for people who manage Node).
//   SEAMLAB_QUIET=1         no progress lines from the wrapper itself.
'use strict';

const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const TOOLCHAIN_DIR = path.join(ROOT, '.toolchain');
/** Node release the wrapper installs when the running one is too old. Bump together with README. */
const PINNED_NODE = '24.21.0';
const MIN_NODE = [22, 12, 0];
const ELECTRON_NOTE = path.join(TOOLCHAIN_DIR, 'electron-unavailable');

function say(message) {
  if (process.env.SEAMLAB_QUIET !== '1') process.stderr.write(`[seamlab] ${message}\n`);
}

function fail(message) {
  process.stderr.write(`[seamlab] error: ${message}\n`);
  process.exit(1);
}

/** True when version string `v` (e.g. "20.20.2") is at least `min` ([major, minor, patch]). */
function atLeast(v, min) {
  const parts = v.replace(/^v/, '').split('.').map(Number);
  for (let i = 0; i < 3; i += 1) {
    if ((parts[i] || 0) !== min[i]) return (parts[i] || 0) > min[i];
  }
  return true;
}

/** Name of the npm package carrying a Node binary for this machine (published as node-<platform>-<arch>). */
function nodePackageName() {
  const platform = { win32: 'win', darwin: 'darwin', linux: 'linux' }[process.platform];
  if (!platform)
    fail(`no pinned Node package for platform ${process.platform}; install Node >= 22.12 yourself`);
  return `node-${platform}-${process.arch}`;
}

function pinnedNodePath() {
  const pkgDir = path.join(TOOLCHAIN_DIR, `node-${PINNED_NODE}`, 'node_modules', nodePackageName());
  return path.join(pkgDir, 'bin', process.platform === 'win32' ? 'node.exe' : 'node');
}

/** npm as a command line for the current Node: reuse the npm that launched us when there is one. */
function npmCommand() {
  const execPath = process.env.npm_execpath;
  if (execPath && /npm-cli\.js$/.test(execPath)) return [process.execPath, [execPath]];
  return [process.platform === 'win32' ? 'npm.cmd' : 'npm', []];
}

function withNodeFirstOnPath(env, nodeBinary) {
  const key = Object.keys(env).find((k) => k.toUpperCase() === 'PATH') || 'PATH';
  return { ...env, [key]: `${path.dirname(nodeBinary)}${path.delimiter}${env[key] || ''}` };
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, {
    cwd: ROOT,
    stdio: 'inherit',
    shell: process.platform === 'win32' && command.endsWith('.cmd'),
    ...options,
  });
  if (result.error) fail(`could not start ${command}: ${result.error.message}`);
  return result.status === null ? 1 : result.status;
}

/** (a) Re-run this very command under the pinned Node when the running one is too old. */
function ensureNode(argv) {
  if (atLeast(process.versions.node, MIN_NODE)) return false;
  if (process.env.SEAMLAB_SYSTEM_NODE === '1') {
    fail(
      `Node ${process.versions.node} is too old (need >= ${MIN_NODE.join('.')}) and SEAMLAB_SYSTEM_NODE=1 forbids downloading one`,
    );
  }
  const nodeBinary = pinnedNodePath();
  if (!fs.existsSync(nodeBinary)) {
    say(
      `Node ${process.versions.node} is older than ${MIN_NODE.join('.')}; installing Node ${PINNED_NODE} from the npm registry into .toolchain/ (once)`,
    );
    const prefix = path.join(TOOLCHAIN_DIR, `node-${PINNED_NODE}`);
    fs.mkdirSync(prefix, { recursive: true });
    const [npm, npmArgs] = npmCommand();
    const status = run(npm, [
      ...npmArgs,
      'install',
      '--prefix',
      prefix,
      '--no-save',
      '--no-package-lock',
      '--ignore-scripts',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      `${nodePackageName()}@${PINNED_NODE}`,
    ]);
    if (status !== 0 || !fs.existsSync(nodeBinary))
      fail(`installing ${nodePackageName()}@${PINNED_NODE} failed`);
    if (process.platform !== 'win32') fs.chmodSync(nodeBinary, 0o755);
  }
  const env = withNodeFirstOnPath(process.env, nodeBinary);
  // npm_execpath stays valid: npm's own CLI runs under any modern Node.
  handOver(nodeBinary, [__filename, ...argv], { env });
  return true;
}

function mtime(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return -1;
  }
}

/** (b) `npm ci` when node_modules is missing or older than the lockfile; (c) Electron binary when possible. */
function ensureDependencies() {
  const lock = path.join(ROOT, 'package-lock.json');
  const stamp = path.join(ROOT, 'node_modules', '.package-lock.json');
  if (mtime(stamp) >= mtime(lock) && mtime(stamp) > 0) return;
  say('installing dependencies (npm ci)');
  const [npm, npmArgs] = npmCommand();
  // The Electron binary comes from GitHub, not the npm registry. Skip it during `npm ci` so that an offline
  // or registry-only machine still installs, then try it separately below.
  const env = { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' };
  if (run(npm, [...npmArgs, 'ci', '--no-audit', '--no-fund'], { env }) !== 0)
    fail('npm ci failed (see above)');
  ensureElectronBinary();
  // npm ci may finish within the lockfile's mtime resolution; make the stamp unambiguous.
  const now = new Date();
  fs.utimesSync(stamp, now, now);
}

function ensureElectronBinary() {
  const installer = path.join(ROOT, 'node_modules', 'electron', 'install.js');
  if (!fs.existsSync(installer)) return;
  fs.mkdirSync(TOOLCHAIN_DIR, { recursive: true });
  const result = spawnSync(process.execPath, [installer], {
    cwd: path.dirname(installer),
    stdio: 'pipe',
    timeout: 300000,
  });
  if (result.status === 0) {
    fs.rmSync(ELECTRON_NOTE, { force: true });
    return;
  }
  fs.writeFileSync(ELECTRON_NOTE, String(result.stderr || result.stdout || 'download failed').slice(0, 4000));
  say('the Electron binary could not be downloaded, so the desktop shell is unavailable on this machine;');
  say('`npm start` will serve the same workbench in your browser instead (see README, "Browser mode").');
}

/**
 * Runs the final command as a child and mirrors it: signals sent to the wrapper (SIGTERM from a test harness or a
 * service manager, SIGINT, SIGHUP) are forwarded, and the wrapper exits with the child's status. A blocking
 * spawnSync here would leave the child orphaned when only the wrapper is signalled.
 */
function handOver(command, args, options = {}) {
  const child = spawn(command, args, { cwd: ROOT, stdio: 'inherit', ...options });
  const forward = (signal) => child.kill(signal);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, forward);
  child.on('error', (error) => fail(`could not start ${command}: ${error.message}`));
  child.on('exit', (code, signal) => process.exit(code === null ? (signal === 'SIGINT' ? 130 : 1) : code));
}

function main() {
  const argv = process.argv.slice(2);
  if (argv.length === 0)
    fail('usage: node scripts/bootstrap.cjs <npm-script> [args...] | --exec <file> [args...]');
  if (ensureNode(argv)) return;
  ensureDependencies();
  if (argv[0] === '--exec') {
    const [, file, ...rest] = argv;
    const flags = process.features && process.features.typescript ? [] : ['--experimental-strip-types'];
    // Node's compile cache keeps the stripped-and-compiled TypeScript between runs: every CLI call starts faster.
    const env = { NODE_COMPILE_CACHE: path.join(ROOT, '.toolchain', 'compile-cache'), ...process.env };
    handOver(process.execPath, [...flags, '--disable-warning=ExperimentalWarning', file, ...rest], { env });
    return;
  }
  const [script, ...rest] = argv;
  const [npm, npmArgs] = npmCommand();
  const env = withNodeFirstOnPath(process.env, process.execPath);
  const args = [...npmArgs, 'run', '--silent', script];
  if (rest.length > 0) args.push('--', ...rest);
  handOver(npm, args, { env, shell: process.platform === 'win32' && npm.endsWith('.cmd') });
}

if (require.main === module) main();

module.exports = { main, atLeast, nodePackageName, PINNED_NODE, MIN_NODE, ELECTRON_NOTE };
