import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import open from 'open';
import { PROJECT_ROOT } from '../../engine/index.ts';
import { note, CliError } from '../output.ts';
import { launchElectron } from './electron-launch.ts';
import { RENDERER_DIR, serve, type ServeOptions } from './serve.ts';

/** Newest modification time under a folder (recursively); 0 when it does not exist. */
function newestMtime(dir: string): number {
  let newest = 0;
  if (!fs.existsSync(dir)) return 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile())
      newest = Math.max(newest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** Builds the Electron bundle and renderer when out/ is missing or older than the sources. */
export function ensureBuilt(): void {
  const built = path.join(RENDERER_DIR, 'index.html');
  const builtAt = fs.existsSync(built) ? fs.statSync(built).mtimeMs : 0;
  const sourcesAt = Math.max(
    newestMtime(path.join(PROJECT_ROOT, 'src')),
    fs.statSync(path.join(PROJECT_ROOT, 'electron.vite.config.ts')).mtimeMs,
  );
  if (builtAt >= sourcesAt) return;
  note('Building the workbench (electron-vite build)…');
  const cli = path.join(PROJECT_ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  const result = spawnSync(process.execPath, [cli, 'build'], {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (result.status !== 0) throw new CliError('building the workbench failed (see above)');
}

/** The Electron executable when it is installed and can open a window here, else why not. */
export function electronAvailability(
  env: NodeJS.ProcessEnv = process.env,
): { path: string } | { reason: string } {
  if (env.SEAMLAB_BROWSER === '1') return { reason: 'SEAMLAB_BROWSER=1 asks for browser mode' };
  const require = createRequire(import.meta.url);
  const pathFile = path.join(path.dirname(require.resolve('electron/package.json')), 'path.txt');
  if (!fs.existsSync(pathFile)) {
    // The wrapper (scripts/bootstrap.cjs) tried the download just before and said why it failed.
    return {
      reason:
        'the Electron binary is not installed (the download failed or was skipped; `npm start -- --retry-electron` tries again)',
    };
  }
  const binary = path.join(path.dirname(pathFile), 'dist', fs.readFileSync(pathFile, 'utf8'));
  if (!fs.existsSync(binary)) return { reason: `the Electron binary is missing at ${binary}` };
  if (process.platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) {
    return { reason: 'there is no display (DISPLAY/WAYLAND_DISPLAY unset)' };
  }
  return { path: binary };
}

export async function startCommand(
  options: ServeOptions & { open: boolean; smoke?: boolean },
): Promise<void> {
  ensureBuilt();
  const electron = electronAvailability();
  if (options.smoke && !('path' in electron)) {
    throw new CliError(`--smoke needs the desktop app, which cannot run here: ${electron.reason}`);
  }
  if ('path' in electron) {
    // The app opens the same database and models as the CLI: flags travel as the variables the engine reads.
    const env = {
      ...process.env,
      ...(options.db ? { SEAMLAB_DB: path.resolve(options.db) } : {}),
      ...(options.models ? { SEAMLAB_MODELS_DIR: path.resolve(options.models) } : {}),
    };
    const chromeSandbox = path.join(path.dirname(electron.path), 'chrome-sandbox');
    const args = options.smoke ? [PROJECT_ROOT, '--smoke'] : [PROJECT_ROOT];
    const outcome = await launchElectron(electron.path, args, env, chromeSandbox);
    if (!outcome.ok) process.stderr.write(`${outcome.message}\n`);
    process.exit(outcome.exitCode);
  }
  note(`Desktop shell unavailable: ${electron.reason}. Starting the same workbench in browser mode.`);
  const server = await serve(options);
  const desktop = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
  if (options.open && desktop && process.env.CI !== 'true') {
    await open(server.url).catch(() => note('Could not open a browser; open the URL above yourself.'));
  }
}
