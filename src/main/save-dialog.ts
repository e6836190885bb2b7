import type { BrowserWindow, Dialog, IpcMain, IpcMainInvokeEvent, SaveDialogOptions } from 'electron';
import { IPC_SAVE_DIALOG_CHANNEL } from '../contract/index.ts';

export interface SaveDialogIpcOptions {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  dialog: Pick<Dialog, 'showSaveDialog'>;
  isTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame' | 'sender'>): boolean;
  /** The window the dialog belongs to (modal on it), from the sender. */
  windowOf(event: Pick<IpcMainInvokeEvent, 'sender'>): BrowserWindow | null;
}

/** A plain file name: the renderer suggests one, it never picks a folder on its own. */
const PLAIN_NAME = /^[^/\\]{1,200}$/;

/**
 * Electron's save dialog for the renderer (electron/docs/api/dialog.md, `dialog.showSaveDialog(window, options)`
 * resolving to `{ canceled, filePath }`): answers the chosen absolute path, or null when cancelled. The engine
 * then writes the file there (exports.save); the renderer never touches the file system.
 */
export function registerSaveDialogIpc(options: SaveDialogIpcOptions): () => void {
  options.ipcMain.handle(IPC_SAVE_DIALOG_CHANNEL, async (event, defaultName: unknown) => {
    if (!options.isTrustedSender(event)) throw new Error('save dialog asked for by an untrusted frame');
    if (typeof defaultName !== 'string' || !PLAIN_NAME.test(defaultName) || defaultName.startsWith('.'))
      throw new Error(
        `the suggested file name must be a plain file name, got ${JSON.stringify(defaultName)}`,
      );
    const extension = /\.([A-Za-z0-9]+)$/.exec(defaultName)?.[1];
    const dialogOptions: SaveDialogOptions = {
      title: 'Export',
      defaultPath: defaultName,
      ...(extension
        ? { filters: [{ name: `${extension.toUpperCase()} file`, extensions: [extension] }] }
        : {}),
    };
    const window = options.windowOf(event);
    const result = window
      ? await options.dialog.showSaveDialog(window, dialogOptions)
      : await options.dialog.showSaveDialog(dialogOptions);
    return result.canceled || !result.filePath ? null : result.filePath;
  });
  return () => options.ipcMain.removeHandler(IPC_SAVE_DIALOG_CHANNEL);
}
