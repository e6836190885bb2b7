import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository root. This file sits at src/engine/paths.ts in source runs and is inlined into
 * out/main/index.js in the Electron bundle: two levels up is the root either way.
 */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export const APP_NAME = 'Seamlab';

/** Where models live unless configured: models/ in the project (the fixture model is generated there). */
export function defaultModelsDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.SEAMLAB_MODELS_DIR ? path.resolve(env.SEAMLAB_MODELS_DIR) : path.join(PROJECT_ROOT, 'models');
}

/**
 * The per-user data folder, identical to Electron's `app.getPath('userData')` for an app named Seamlab, so the
 * desktop app, the CLI and the browser-mode server all share one database.
 */
export function userDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = os.homedir(),
): string {
  if (env.SEAMLAB_DATA_DIR) return path.resolve(env.SEAMLAB_DATA_DIR);
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_NAME);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_NAME);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_NAME);
}

/** The run database: SEAMLAB_DB overrides, else seamlab.db in the user-data folder. */
export function defaultDatabasePath(env: NodeJS.ProcessEnv = process.env): string {
  return env.SEAMLAB_DB ? path.resolve(env.SEAMLAB_DB) : path.join(userDataDir(env), 'seamlab.db');
}
