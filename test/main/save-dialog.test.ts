import type { BrowserWindow, IpcMainInvokeEvent, SaveDialogOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { IPC_SAVE_DIALOG_CHANNEL } from '../../src/contract/index.ts';
import { registerSaveDialogIpc } from '../../src/main/save-dialog.ts';

type Handler = (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>;

function setUp(answer: { canceled: boolean; filePath?: string }, trusted = true) {
  const handlers = new Map<string, Handler>();
  const asked: SaveDialogOptions[] = [];
  const window = {} as BrowserWindow;
  const dispose = registerSaveDialogIpc({
    ipcMain: {
      handle: (channel: string, handler: Handler) => void handlers.set(channel, handler),
      removeHandler: (channel: string) => void handlers.delete(channel),
    } as never,
    dialog: {
      showSaveDialog: (async (_window: BrowserWindow, options: SaveDialogOptions) => {
        asked.push(options);
        return { canceled: answer.canceled, filePath: answer.filePath ?? '' };
      }) as never,
    },
    isTrustedSender: () => trusted,
    windowOf: () => window,
  });
  const invoke = (name: unknown) =>
    handlers.get(IPC_SAVE_DIALOG_CHANNEL)!({ sender: {} } as IpcMainInvokeEvent, name);
  return { handlers, asked, dispose, invoke };
}

describe('the save dialog over IPC', () => {
  it('opens the dialog with the suggested name and a zip filter, answering the chosen path', async () => {
    const { asked, invoke } = setUp({ canceled: false, filePath: '/home/me/run.zip' });
    await expect(invoke('seamlab-run-1234.zip')).resolves.toBe('/home/me/run.zip');
    expect(asked[0]).toMatchObject({
      defaultPath: 'seamlab-run-1234.zip',
      filters: [{ name: 'ZIP file', extensions: ['zip'] }],
    });
  });

  it('answers null when cancelled, refuses folders in the name and untrusted frames, and unregisters', async () => {
    await expect(setUp({ canceled: true }).invoke('a.zip')).resolves.toBeNull();
    await expect(setUp({ canceled: false, filePath: '/x' }).invoke('../etc/a.zip')).rejects.toThrow(
      /plain file name/,
    );
    await expect(setUp({ canceled: false, filePath: '/x' }, false).invoke('a.zip')).rejects.toThrow(
      /untrusted/,
    );
    const { handlers, dispose } = setUp({ canceled: true });
    dispose();
    expect(handlers.has(IPC_SAVE_DIALOG_CHANNEL)).toBe(false);
  });
});
