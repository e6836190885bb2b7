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
//
// Flag: --retry-electron    (anywhere in the arguments) download the Electron binary now, even after a recent failure.
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

function isLink(file) {
  try {
    return fs.lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

/**
 * onnxruntime-node's install script downloads the CUDA 12 provider libraries on Linux x64, which most machines (and
 * every project machine) cannot or need not; `npm run setup:cuda` fetches them on demand. Its script honours this
 * variable (node_modules/onnxruntime-node/script/install-utils.js, parseInstallFlag). It is set only where the
 * wrapper installs: an `onnxruntime-node-install=skip` line in .npmrc made npm warn about an unknown project config on
 * every command. A value you set yourself wins. (npm versions that honour package.json's `allowScripts` skip the
 * script anyway: it is denied there.)
 */
const ONNXRUNTIME_INSTALL_ENV = { ONNXRUNTIME_NODE_INSTALL: process.env.ONNXRUNTIME_NODE_INSTALL || 'skip' };

/** (b) `npm ci` when node_modules is missing or older than the lockfile. */
function ensureDependencies(root = ROOT) {
  const lock = path.join(root, 'package-lock.json');
  const stamp = path.join(root, 'node_modules', '.package-lock.json');
  if (mtime(stamp) >= mtime(lock) && mtime(stamp) > 0) return;
  // `npm ci` empties node_modules before installing, through a link too: a node_modules that is a link to a shared
  // install (several checkouts of one project) would be wiped for all of them. Leave it alone and say so.
  if (isLink(path.join(root, 'node_modules'))) {
    say(
      'node_modules is a link to a shared install and looks older than package-lock.json; not reinstalling',
    );
    say(
      'through the link. Replace the link with a folder (or refresh the shared install) to update dependencies.',
    );
    return;
  }
  say('installing dependencies (npm ci)');
  const [npm, npmArgs] = npmCommand();
  // The Electron binary comes from GitHub, not the npm registry. Skip it during `npm ci` so that an offline
  // or registry-only machine still installs, then try it separately below.
  const env = { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1', ...ONNXRUNTIME_INSTALL_ENV };
  if (run(npm, [...npmArgs, 'ci', '--no-audit', '--no-fund'], { env, cwd: root }) !== 0)
    fail('npm ci failed (see above)');
  // npm ci may finish within the lockfile's mtime resolution; make the stamp unambiguous.
  const now = new Date();
  fs.utimesSync(stamp, now, now);
}

/** How long a failed Electron download is remembered before `npm start` tries again by itself. */
const ELECTRON_RETRY_AFTER_MS = 6 * 60 * 60 * 1000;

/**
 * (c) The Electron binary. Since Electron 42 `npm install` no longer downloads it (electron/docs/breaking-changes.md,
 * "lazy electron download"): it is fetched on first use, by node_modules/electron/install.js. Try whenever
 * path.txt is missing, unless a try failed less than ELECTRON_RETRY_AFTER_MS ago (then say so, and how to force
 * it). Returns { available, reason? }.
 */
function ensureElectronBinary(options = {}) {
  const root = options.root || ROOT;
  const note = options.note || ELECTRON_NOTE;
  const env = options.env || process.env;
  const now = options.now || Date.now();
  const electronDir = path.join(root, 'node_modules', 'electron');
  const installer = path.join(electronDir, 'install.js');
  if (fs.existsSync(path.join(electronDir, 'path.txt'))) return { available: true };
  if (!fs.existsSync(installer)) return { available: false, reason: 'the electron package is not installed' };
  const failedAt = mtime(note);
  if (!options.force && failedAt > 0 && now - failedAt < ELECTRON_RETRY_AFTER_MS) {
    const hours = Math.max(1, Math.round((ELECTRON_RETRY_AFTER_MS - (now - failedAt)) / 3600000));
    return {
      available: false,
      reason: `the Electron binary could not be downloaded at the last try; trying again in about ${hours} h, or now with \`npm start -- --retry-electron\``,
    };
  }
  let version = '';
  try {
    version = ` ${JSON.parse(fs.readFileSync(path.join(electronDir, 'package.json'), 'utf8')).version}`;
  } catch {
    // the name alone will do
  }
  say(
    `downloading the Electron${version} binary (about 100 MB, once; progress appears below if it takes a while)`,
  );
  // The installer's own progress bar (@electron/get) needs the terminal, so its output is not captured.
  const result = spawnSync(process.execPath, [installer], {
    cwd: electronDir,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...env, ELECTRON_SKIP_BINARY_DOWNLOAD: undefined },
    timeout: 15 * 60 * 1000,
  });
  if (result.status === 0 && fs.existsSync(path.join(electronDir, 'path.txt'))) {
    fs.rmSync(note, { force: true });
    return { available: true };
  }
  fs.mkdirSync(path.dirname(note), { recursive: true });
  const why = result.error
    ? result.error.message
    : `the installer exited with ${result.status ?? result.signal}`;
  fs.writeFileSync(note, `${new Date(now).toISOString()} ${why}\n`);
  say(`the Electron binary could not be downloaded (${why}; see above).`);
  say('`npm start` serves the same workbench in your browser instead (README, "Browser mode");');
  say('`npm start -- --retry-electron` tries the download again.');
  return { available: false, reason: `the Electron binary could not be downloaded (${why})` };
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

/** True for the commands that open the desktop app: the CLI's `start` and the `dev` npm script. */
function needsElectron(argv) {
  if (argv[0] === '--exec') return /cli[\\/]main\.ts$/.test(argv[1] || '') && argv[2] === 'start';
  return argv[0] === 'dev:electron';
}

function main() {
  const argv = process.argv.slice(2);
  if (argv.length === 0)
    fail('usage: node scripts/bootstrap.cjs <npm-script> [args...] | --exec <file> [args...]');
  if (ensureNode(argv)) return;
  // `npm test`: check the system programs the tests need before installing or running anything (prerequisites.cjs).
  if (argv[0] === 'test:all') {
    const missing = require('./prerequisites.cjs').checkTestPrerequisites();
    if (missing) fail(missing);
  }
  ensureDependencies();
  // `npm start` (the CLI's start command) and `npm run dev` need the Electron binary: fetch it first when missing.
  const retry = argv.includes('--retry-electron');
  if (retry) argv.splice(argv.indexOf('--retry-electron'), 1);
  if (needsElectron(argv)) ensureElectronBinary({ force: retry });
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

module.exports = {
  main,
  atLeast,
  nodePackageName,
  needsElectron,
  ensureDependencies,
  ensureElectronBinary,
  PINNED_NODE,
  MIN_NODE,
  ELECTRON_NOTE,
  ELECTRON_RETRY_AFTER_MS,
  ONNXRUNTIME_INSTALL_ENV,
};
