import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, ipcMain, shell } from 'electron';
import { createEngine, defaultDatabasePath } from '../engine/index.ts';
import { makeSenderCheck, registerContractIpc } from './ipc-manager.ts';

// userData must be ~/.config/Seamlab (etc.), the folder the engine's paths.ts uses, not the package name's.
app.setName('Seamlab');

// A thin shell: one window, the contract over IPC, nothing else. All behaviour lives in the engine and renderer.
const rendererUrl =
  process.env.ELECTRON_RENDERER_URL ??
  pathToFileURL(path.join(import.meta.dirname, '..', 'renderer', 'index.html')).toString();

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'Seamlab',
    show: false,
    webPreferences: {
      preload: path.join(import.meta.dirname, '..', 'preload', 'index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    },
  });
  window.once('ready-to-show', () => window.show());
  // External links open in the user's browser, never inside the app window.
  window.webContents.setWindowOpenHandler(({ url }) => {
    void shell.openExternal(url);
    return { action: 'deny' };
  });
  void window.loadURL(rendererUrl);
  return window;
}

void app.whenReady().then(() => {
  const engine = createEngine({
    host: 'electron',
    // Same file as the CLI and the server (SEAMLAB_DB / SEAMLAB_DATA_DIR / the user-data folder).
    databasePath: defaultDatabasePath(),
  });
  const dispose = registerContractIpc({
    ipcMain,
    engine,
    isTrustedSender: makeSenderCheck(rendererUrl),
    targets: () => BrowserWindow.getAllWindows().map((w) => w.webContents),
  });
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
  // Quitting mid-run (the window closed) waits for the engine: runs in flight are cancelled and stored as such.
  let closing = false;
  app.on('will-quit', (event) => {
    if (closing) return;
    closing = true;
    event.preventDefault();
    dispose();
    void engine.close().finally(() => app.exit(0));
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
