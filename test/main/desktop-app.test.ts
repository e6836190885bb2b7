import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bundleFiles } from '../../src/main/app-paths.ts';
import { startDesktopApp, type ElectronApi } from '../../src/main/desktop-app.ts';
import { createElectronStandIn, type ElectronStandIn } from './electron-stand-in.ts';

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A folder shaped like out/ (empty files where the bundle's are), minus the ones named in `without`. */
function fakeBundle(without: string[] = []): { mainDir: string; root: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'seamlab-main-'));
  temps.push(root);
  const mainDir = path.join(root, 'out', 'main');
  for (const [what, file] of Object.entries(bundleFiles(mainDir))) {
    if (without.some((w) => what.includes(w))) continue;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, '');
  }
  return { mainDir, root };
}

function launch(
  options: { without?: string[]; lockAvailable?: boolean; argv?: string[] } = {},
): ElectronStandIn & { mainDir: string; logs: string[] } {
  const { mainDir, root } = fakeBundle(options.without);
  const electron = createElectronStandIn({
    userData: path.join(root, 'user-data'),
    lockAvailable: options.lockAvailable,
  });
  const logs: string[] = [];
  startDesktopApp(electron as unknown as ElectronApi, {
    mainDir,
    argv: options.argv ?? [],
    env: { SEAMLAB_DB: path.join(root, 'seamlab.db'), SEAMLAB_MODELS_DIR: path.join(root, 'models') },
    log: (line) => logs.push(line),
  });
  return { ...electron, mainDir, logs };
}

const started = async (electron: ElectronStandIn) => {
  await expect.poll(() => electron.windows.length).toBe(1);
  return electron.windows[0]!;
};

async function quit(electron: ElectronStandIn): Promise<void> {
  electron.app.quit();
  // The app warms the default model at start, and quitting waits until its worker has left session.run (ending a
  // worker inside it aborts the process): on a loaded machine that takes more than expect.poll's default second.
  await expect.poll(() => electron.record.exitCode, { timeout: 25_000 }).toBe(0);
}

describe('desktop app start', () => {
  it('a bundle without its preload fails loudly: an error box naming the file, exit 1, no window', async () => {
    const electron = launch({ without: ['preload'] });
    expect(electron.record.exitCode).toBe(1);
    expect(electron.record.errorBoxes).toHaveLength(1);
    expect(electron.record.errorBoxes[0]?.content).toContain(
      path.join(electron.mainDir, '..', 'preload', 'index.cjs'),
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(electron.windows).toHaveLength(0);
  });

  it('names every missing worker and the renderer', () => {
    const electron = launch({ without: ['worker', 'renderer'] });
    expect(electron.record.exitCode).toBe(1);
    const content = electron.record.errorBoxes[0]?.content ?? '';
    for (const name of ['token.worker.js', 'decode.worker.js', 'provider-probe.worker.js', 'index.html'])
      expect(content).toContain(name);
  });

  it('an error after ready (the window cannot be created) also ends in an error box and exit 1', async () => {
    const { mainDir, root } = fakeBundle();
    const electron = createElectronStandIn({ userData: path.join(root, 'user-data') });
    class BrokenWindow {
      static getAllWindows = () => [];
      constructor() {
        throw new Error('GPU process unavailable');
      }
    }
    startDesktopApp({ ...electron, BrowserWindow: BrokenWindow } as unknown as ElectronApi, {
      mainDir,
      argv: [],
      env: { SEAMLAB_DB: path.join(root, 'seamlab.db') },
      log: () => undefined,
    });
    await expect.poll(() => electron.record.exitCode).toBe(1);
    expect(electron.record.errorBoxes[0]?.content).toContain('GPU process unavailable');
  });

  it('a renderer that fails to load is an error, not a blank window', async () => {
    const electron = launch();
    const window = await started(electron);
    window.webContents.emit('did-fail-load', {}, -6, 'ERR_FILE_NOT_FOUND', window.webContents.url, true);
    expect(electron.record.exitCode).toBe(1);
    expect(electron.record.errorBoxes[0]?.content).toContain('ERR_FILE_NOT_FOUND');
  });

  it('opens one sandboxed, isolated window on the bundled renderer with the contract on IPC', async () => {
    const electron = launch();
    const window = await started(electron);
    expect(electron.record.name).toBe('Seamlab');
    expect(window.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      preload: path.join(electron.mainDir, '..', 'preload', 'index.cjs'),
    });
    expect(window.webContents.url).toBe(
      `file://${path.join(electron.mainDir, '..', 'renderer', 'index.html')}`,
    );
    await expect(
      electron.ipcMain.invoke(window, 'seamlab:call', 'engine.ping', { value: 'hi' }),
    ).resolves.toMatchObject({ ok: true, result: { value: 'hi' } });
    await quit(electron);
    expect(electron.ipcMain.has('seamlab:call')).toBe(false);
  });
});

describe('window hygiene', () => {
  it('refuses navigation away from the renderer (links, dropped files), allows its own routes', async () => {
    const electron = launch();
    const window = await started(electron);
    const renderer = window.webContents.url;
    expect(window.webContents.tryNavigate('https://example.com/')).toBe(false);
    expect(window.webContents.tryNavigate('file:///home/me/voice.wav')).toBe(false);
    expect(window.webContents.tryNavigate(`${renderer}#/runs`)).toBe(true);
    expect(electron.logs.some((l) => l.includes('refused navigation to file:///home/me/voice.wav'))).toBe(
      true,
    );
    await quit(electron);
  });

  it('opens only http(s) links, in the browser, and never a new app window', async () => {
    const electron = launch();
    const window = await started(electron);
    for (const url of [
      'https://github.com/resemble-ai/chatterbox',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://host/share',
      'not a url',
    ]) {
      expect(window.webContents.tryOpenWindow(url)).toBe('deny');
    }
    await expect
      .poll(() => electron.record.openedExternally)
      .toEqual(['https://github.com/resemble-ai/chatterbox']);
    await quit(electron);
  });

  it('a second instance hands over to the first: it exits without a window or an engine', async () => {
    const second = launch({ lockAvailable: false });
    expect(second.record.exitCode).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(second.windows).toHaveLength(0);
    expect(second.ipcMain.has('seamlab:call')).toBe(false);
  });

  it('the first instance brings its window to the front when a second one starts', async () => {
    const first = launch();
    const window = await started(first);
    window.minimize();
    first.app.emit('second-instance', {}, ['seamlab'], '/');
    expect(window.isMinimized()).toBe(false);
    expect(window.visible).toBe(true);
    expect(window.focusCount).toBe(1);
    await quit(first);
  });
});
