import type { IpcRenderer, IpcRendererEvent } from 'electron';
import {
  IPC_CALL_CHANNEL,
  IPC_EVENT_CHANNEL,
  IPC_SAVE_DIALOG_CHANNEL,
  type PreloadBridge,
} from '../contract/channels.ts';

/**
 * The only surface the renderer gets (contextIsolation on): a call function, an event subscription and the
 * native save dialog.
 * ipcRenderer itself never crosses the bridge.
 */
export function createPreloadBridge(
  ipcRenderer: Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>,
): PreloadBridge {
  return {
    call: (method, params) => ipcRenderer.invoke(IPC_CALL_CHANNEL, method, params),
    saveFile: (defaultName) => ipcRenderer.invoke(IPC_SAVE_DIALOG_CHANNEL, defaultName),
    onEvent(listener) {
      const handler = (_event: IpcRendererEvent, name: string, payload: unknown) => listener(name, payload);
      ipcRenderer.on(IPC_EVENT_CHANNEL, handler);
      return () => {
        ipcRenderer.removeListener(IPC_EVENT_CHANNEL, handler);
      };
    },
  };
}
