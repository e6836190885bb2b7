import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { App, BrowserWindow, Dialog, IpcMain, Shell } from 'electron';
import { createEngine } from '../engine/index.ts';
import { checkBundle, desktopPaths } from './app-paths.ts';
import { makeSenderCheck, registerContractIpc } from './ipc-manager.ts';
import { registerSaveDialogIpc } from './save-dialog.ts';
import { holdQuitUntilClosed } from './quit.ts';
import { claimSingleInstance } from './single-instance.ts';
import { smokeRun } from './smoke-run.ts';
import { reportStartupFailure } from './startup-failure.ts';
import { guardWindow } from './window-guards.ts';

/** The parts of the `electron` module main uses (tests and the bundle smoke test pass stand-ins). */
export interface ElectronApi {
  app: Pick<
    App,
    'setName' | 'getPath' | 'isPackaged' | 'requestSingleInstanceLock' | 'whenReady' | 'on' | 'quit' | 'exit'
  >;
  BrowserWindow: typeof BrowserWindow;
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  dialog: Pick<Dialog, 'showErrorBox' | 'showSaveDialog'>;
  shell: Pick<Shell, 'openExternal'>;
}

export interface DesktopAppOptions {
  /** The folder of the main bundle (out/main): preload, renderer and workers are found from here. */
  mainDir: string;
  argv: readonly string[];
  env: NodeJS.ProcessEnv;
  log?: (message: string) => void;
}

/**
 * The thin shell: one window, the contract over IPC, nothing else (behaviour lives in the engine and the
 * renderer). Every step that can fail on a user's machine ends in a visible error and a non-zero exit.
 */
export function startDesktopApp(electron: ElectronApi, options: DesktopAppOptions): void {
  const { app, BrowserWindow, ipcMain, dialog, shell } = electron;
  const log = options.log ?? ((message: string) => process.stderr.write(`[seamlab] ${message}\n`));
  const fail = (error: unknown) => reportStartupFailure(error, { dialog, app, log });
  try {
    // userData must be ~/.config/Seamlab (etc.), the folder the engine's paths.ts uses, not the package name's.
    app.setName('Seamlab');
    let mainWindow: BrowserWindow | undefined;
    if (!claimSingleInstance(app, () => mainWindow)) {
      log('Seamlab is already running; its window was brought to the front.');
      app.exit(0);
      return;
    }
    const devRenderer = options.env.ELECTRON_RENDERER_URL;
    checkBundle(options.mainDir, { devRenderer: devRenderer !== undefined });
    const rendererUrl =
      devRenderer ?? pathToFileURL(path.join(options.mainDir, '..', 'renderer', 'index.html')).toString();
    const smoke = options.argv.includes('--smoke');

    const createWindow = (): BrowserWindow => {
      const window = new BrowserWindow({
        width: 1400,
        height: 900,
        title: 'Seamlab',
        show: false,
        webPreferences: {
          preload: path.join(options.mainDir, '..', 'preload', 'index.cjs'),
          contextIsolation: true,
          sandbox: true,
          nodeIntegration: false,
        },
      });
      window.once('ready-to-show', () => window.show());
      guardWindow(window.webContents, {
        rendererUrl,
        openExternal: (url) => shell.openExternal(url),
        log,
      });
      // A window that cannot show the interface is an error, not a blank window.
      window.webContents.on('did-fail-load', (_event, code, description, url, isMainFrame) => {
        if (isMainFrame) fail(new Error(`the interface did not load from ${url}: ${description} (${code})`));
      });
      window.on('closed', () => {
        if (mainWindow === window) mainWindow = undefined;
      });
      void window.loadURL(rendererUrl);
      return window;
    };

    let smokeFailed = false;
    app
      .whenReady()
      .then(() => {
        const paths = desktopPaths({
          isPackaged: app.isPackaged,
          userData: app.getPath('userData'),
          env: options.env,
        });
        // Voices and the conditioning cache follow SEAMLAB_DATA_DIR, which the engine reads from process.env.
        if (app.isPackaged) process.env.SEAMLAB_DATA_DIR = paths.dataDir;
        const opened = createEngine({
          host: 'electron',
          databasePath: paths.databasePath,
          modelsDir: paths.modelsDir,
        });
        const isTrustedSender = makeSenderCheck(rendererUrl);
        const disposeContract = registerContractIpc({
          ipcMain,
          engine: opened,
          isTrustedSender,
          targets: () => BrowserWindow.getAllWindows().map((w) => w.webContents),
        });
        const disposeSaveDialog = registerSaveDialogIpc({
          ipcMain,
          dialog,
          isTrustedSender,
          windowOf: (event) => BrowserWindow.fromWebContents(event.sender),
        });
        const dispose = () => {
          disposeSaveDialog();
          disposeContract();
        };
        holdQuitUntilClosed(app, {
          close: async () => {
            dispose();
            await opened.close();
          },
          exitCode: () => (smokeFailed ? 1 : 0),
          log,
        });
        mainWindow = createWindow();
        app.on('activate', () => {
          if (BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow();
        });
        if (smoke) {
          smokeRun(opened)
            .catch((error: unknown) => {
              smokeFailed = true;
              log(`smoke run failed: ${error instanceof Error ? error.message : String(error)}`);
            })
            .finally(() => app.quit());
        }
      })
      .catch(fail);

    app.on('window-all-closed', () => {
      if (process.platform !== 'darwin' || smoke) app.quit();
    });
  } catch (error) {
    fail(error);
  }
}
