import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import open from 'open';
import { PROJECT_ROOT } from '../../engine/index.ts';
import { ensureBuilt } from '../build-when-stale.ts';
import { note, CliError } from '../output.ts';
import { launchElectron } from './electron-launch.ts';
import { serve, type ServeOptions } from './serve.ts';

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
