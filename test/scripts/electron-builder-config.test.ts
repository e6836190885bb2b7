import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bundleFiles, desktopPaths } from '../../src/main/app-paths.ts';
import { startDesktopApp, type ElectronApi } from '../../src/main/desktop-app.ts';
import { createElectronStandIn } from '../main/electron-stand-in.ts';

// `npm run dist` (electron-builder, configured under package.json "build") cannot be tried on the project's
// machines: electron-builder needs the Electron binary, which cannot be downloaded here. What can be checked is
// checked: the configuration against electron-builder's own schema, what it packs and unpacks, and that a packaged
// app writes only to the user-data folder.

const require = createRequire(import.meta.url);
const ROOT = path.resolve(import.meta.dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  main: string;
  scripts: Record<string, string>;
  build: { files: string[]; asarUnpack: string[]; [key: string]: unknown };
};

/** Every file under `dir` whose name ends with one of `extensions`, relative to the project. */
function filesUnder(dir: string, extensions: string[]): string[] {
  return fs
    .readdirSync(path.join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && extensions.some((ext) => e.name.endsWith(ext)))
    .map((e) => path.relative(ROOT, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
}

const matchesAny = (file: string, patterns: string[]) =>
  patterns.some((pattern) => !pattern.startsWith('!') && path.matchesGlob(file, pattern));

describe('electron-builder configuration', () => {
  it('passes electron-builder’s own schema validation', async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
      validateConfiguration(config: unknown, logger: unknown): Promise<void>;
    };
    const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
    await expect(validateConfiguration(pkg.build, new DebugLogger(false))).resolves.toBeUndefined();
    // And a broken one is refused, so the check above means something.
    await expect(
      validateConfiguration({ ...pkg.build, asarUnpacked: pkg.build.asarUnpack }, new DebugLogger(false)),
    ).rejects.toThrow(/unknown property 'asarUnpacked'/);
  });

  it('builds Linux AppImage and deb, a macOS dmg and a Windows NSIS installer via `npm run dist`', () => {
    expect(pkg.build.linux).toMatchObject({ target: ['AppImage', 'deb'] });
    expect(pkg.build.mac).toMatchObject({ target: ['dmg'] });
    expect(pkg.build.win).toMatchObject({ target: ['nsis'] });
    expect(pkg.scripts['dist:package']).toContain('electron-builder');
  });

  it('unpacks the native modules and onnxruntime’s shared libraries from the asar', () => {
    const natives = [
      ...filesUnder('node_modules/better-sqlite3', ['.node']),
      ...filesUnder('node_modules/onnxruntime-node/bin', ['.node', '.so', '.dylib', '.dll']).concat(
        filesUnder('node_modules/onnxruntime-node/bin', ['.so.1']),
      ),
    ];
    expect(natives.some((f) => f.startsWith('node_modules/better-sqlite3/') && f.endsWith('.node'))).toBe(
      true,
    );
    expect(natives.some((f) => f.includes('onnxruntime_binding.node'))).toBe(true);
    expect(natives.some((f) => /libonnxruntime\.(so|dylib)|onnxruntime\.dll/.test(f))).toBe(true);
    for (const file of natives) expect(matchesAny(file, pkg.build.asarUnpack), file).toBe(true);
  });

  it('packs the bundle in out/ (main, workers, preload, renderer) and what the app reads at run time', () => {
    expect(pkg.build.files).toContain('out/**');
    const mainDir = path.join(ROOT, 'out', 'main');
    const needed = [
      pkg.main,
      ...Object.values(bundleFiles(mainDir)).map((f) => path.relative(ROOT, f).split(path.sep).join('/')),
      'package.json',
      'resources/voices/default.wav',
      'models/manifests/chatterbox.json',
    ];
    for (const file of needed) expect(matchesAny(file, pkg.build.files), file).toBe(true);
  });
});

describe('where a packaged app writes', () => {
  const savedDataDir = process.env.SEAMLAB_DATA_DIR;
  afterEach(() => {
    if (savedDataDir === undefined) delete process.env.SEAMLAB_DATA_DIR;
    else process.env.SEAMLAB_DATA_DIR = savedDataDir;
  });

  it('resolves the database, models and voices to the user-data folder, never into the app bundle', () => {
    const userData = '/home/ada/.config/Seamlab';
    const paths = desktopPaths({ isPackaged: true, userData, env: {} });
    expect(paths).toEqual({
      databasePath: `${userData}/seamlab.db`,
      modelsDir: `${userData}/models`,
      dataDir: userData,
    });
    // The explicit overrides still win, as for the CLI.
    expect(desktopPaths({ isPackaged: true, userData, env: { SEAMLAB_DB: '/data/x.db' } }).databasePath).toBe(
      '/data/x.db',
    );
  });

  it('a packaged app’s engine reports user-data paths for models (where fixtures are generated), voices and the database', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'seamlab-packaged-'));
    const mainDir = path.join(root, 'Seamlab', 'resources', 'app.asar', 'out', 'main');
    for (const file of Object.values(bundleFiles(mainDir))) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, '');
    }
    const userData = path.join(root, 'user-data');
    const electron = createElectronStandIn({ userData, isPackaged: true });
    delete process.env.SEAMLAB_DATA_DIR;
    startDesktopApp(electron as unknown as ElectronApi, { mainDir, argv: [], env: {}, log: () => undefined });
    await expect.poll(() => electron.windows.length).toBe(1);
    const window = electron.windows[0]!;
    const call = async (method: string) =>
      (
        (await electron.ipcMain.invoke(window, 'seamlab:call', method, {})) as {
          result: Record<string, unknown>;
        }
      ).result;
    const models = await call('models.list');
    const voices = await call('voices.list');
    expect(models.modelsDir).toBe(path.join(userData, 'models'));
    expect(voices.userDir).toBe(path.join(userData, 'voices'));
    const bundle = path.join(root, 'Seamlab');
    for (const written of [models.modelsDir, voices.userDir])
      expect(String(written).startsWith(bundle)).toBe(false);
    electron.app.quit();
    // Quitting waits for the start-up warm-up of the default model to leave session.run (desktop-app.test.ts).
    await expect.poll(() => electron.record.exitCode, { timeout: 25_000 }).toBe(0);
    fs.rmSync(root, { recursive: true, force: true });
  });
});
