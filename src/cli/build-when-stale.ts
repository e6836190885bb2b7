import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../engine/index.ts';
import { note, CliError } from './output.ts';

/** Where `electron-vite build` puts the renderer: what browser mode serves and the desktop app loads. */
export const RENDERER_DIR = path.join(PROJECT_ROOT, 'out', 'renderer');

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

/** True when out/renderer/index.html is missing or older than a source file or the build configuration. */
export function buildIsStale(root = PROJECT_ROOT, rendererDir = RENDERER_DIR): boolean {
  const built = path.join(rendererDir, 'index.html');
  const builtAt = fs.existsSync(built) ? fs.statSync(built).mtimeMs : 0;
  const sourcesAt = Math.max(
    newestMtime(path.join(root, 'src')),
    fs.statSync(path.join(root, 'electron.vite.config.ts')).mtimeMs,
  );
  return builtAt < sourcesAt;
}

function electronViteBuild(): void {
  note('Building the workbench (electron-vite build)…');
  const cli = path.join(PROJECT_ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  const result = spawnSync(process.execPath, [cli, 'build'], {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (result.status !== 0) throw new CliError('building the workbench failed (see above)');
}

/**
 * Builds the Electron bundle and the renderer when out/ is missing or older than the sources: `npm start` and
 * `npm run serve` both call it, so neither serves a stale or missing UI.
 */
export function ensureBuilt({
  root = PROJECT_ROOT,
  rendererDir = RENDERER_DIR,
  build = electronViteBuild,
} = {}): void {
  if (buildIsStale(root, rendererDir)) build();
}
