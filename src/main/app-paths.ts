import fs from 'node:fs';
import path from 'node:path';
import { defaultDatabasePath, defaultModelsDir } from '../engine/index.ts';

export interface DesktopPathsInput {
  /** app.isPackaged: running from an installed app (asar), not from the project folder. */
  isPackaged: boolean;
  /** app.getPath('userData'). */
  userData: string;
  env: NodeJS.ProcessEnv;
}

export interface DesktopPaths {
  databasePath: string;
  modelsDir: string;
  /** Voices, conditioning cache: what the engine reads as SEAMLAB_DATA_DIR. */
  dataDir: string;
}

/**
 * Where the app writes. From the project folder it shares the CLI's places (models/ in the project, the database
 * in the user-data folder). Packaged, the app bundle is read-only (and replaced on update), so generated fixture
 * models, downloaded models, voices and the database all go to the user-data folder. SEAMLAB_* variables still win.
 */
export function desktopPaths(input: DesktopPathsInput): DesktopPaths {
  const { env } = input;
  if (!input.isPackaged) {
    return {
      databasePath: defaultDatabasePath(env),
      modelsDir: defaultModelsDir(env),
      dataDir: env.SEAMLAB_DATA_DIR ? path.resolve(env.SEAMLAB_DATA_DIR) : input.userData,
    };
  }
  const dataDir = env.SEAMLAB_DATA_DIR ? path.resolve(env.SEAMLAB_DATA_DIR) : input.userData;
  return {
    databasePath: env.SEAMLAB_DB ? path.resolve(env.SEAMLAB_DB) : path.join(dataDir, 'seamlab.db'),
    modelsDir: env.SEAMLAB_MODELS_DIR ? path.resolve(env.SEAMLAB_MODELS_DIR) : path.join(dataDir, 'models'),
    dataDir,
  };
}

/** The files the main bundle needs beside it in out/ (electron.vite.config.ts puts them there). */
export function bundleFiles(mainDir: string): Record<string, string> {
  return {
    'the preload script': path.join(mainDir, '..', 'preload', 'index.cjs'),
    'the interface (renderer)': path.join(mainDir, '..', 'renderer', 'index.html'),
    'the provider-probe worker': path.join(mainDir, 'provider-probe.worker.js'),
    'the token worker': path.join(mainDir, 'token.worker.js'),
    'the decode worker': path.join(mainDir, 'decode.worker.js'),
  };
}

/** Throws naming every file of the bundle that is missing (a broken build or package), before any window opens. */
export function checkBundle(mainDir: string, options: { devRenderer: boolean }): void {
  const missing = Object.entries(bundleFiles(mainDir)).filter(
    ([what, file]) => !(options.devRenderer && what.includes('renderer')) && !fs.existsSync(file),
  );
  if (missing.length > 0) {
    throw new Error(
      `the app bundle is incomplete (rebuild with \`npm run build\`):\n${missing
        .map(([what, file]) => `- ${what} is missing at ${file}`)
        .join('\n')}`,
    );
  }
}
