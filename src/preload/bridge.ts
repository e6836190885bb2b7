import type { IpcRenderer, IpcRendererEvent } from 'electron';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL, type PreloadBridge } from '../contract/channels.ts';

/**
 * The only surface the renderer gets (contextIsolation on): a call function and an event subscription.
 * ipcRenderer itself never crosses the bridge.
 */
export function createPreloadBridge(
  ipcRenderer: Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>,
): PreloadBridge {
  return {
    call: (method, params) => ipcRenderer.invoke(IPC_CALL_CHANNEL, method, params),
    onEvent(listener) {
      const handler = (_event: IpcRendererEvent, name: string, payload: unknown) => listener(name, payload);
      ipcRenderer.on(IPC_EVENT_CHANNEL, handler);
      return () => {
        ipcRenderer.removeListener(IPC_EVENT_CHANNEL, handler);
      };
    },
  };
}
