import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import {
  ContractError,
  createDispatcher,
  IPC_CALL_CHANNEL,
  IPC_EVENT_CHANNEL,
  type Envelope,
} from '../contract/index.ts';
import type { Engine } from '../engine/index.ts';
import { isRendererUrl } from './window-guards.ts';

export interface IpcManagerOptions {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  engine: Engine;
  /** True when the frame that sent a call is our own renderer (not an iframe, not a navigated-away page). */
  isTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame' | 'sender'>): boolean;
  /** The windows to push engine events to (looked up on each event: windows come and go). */
  targets(): Pick<WebContents, 'send' | 'isDestroyed'>[];
}

/**
 * The single place where main exposes the contract over IPC. Like Electron Fiddle's IpcManager it checks every
 * sender before dispatching, and it owns the engine-event subscription, returned as a disposer.
 */
export function registerContractIpc(options: IpcManagerOptions): () => void {
  const dispatch = createDispatcher(options.engine.handlers);
  options.ipcMain.handle(
    IPC_CALL_CHANNEL,
    async (event, method: unknown, params: unknown): Promise<Envelope> => {
      if (!options.isTrustedSender(event)) {
        return {
          ok: false,
          error: new ContractError('unauthorized', 'IPC call from an untrusted frame').toPayload(),
        };
      }
      return dispatch(method, params);
    },
  );
  const unsubscribe = options.engine.subscribe((name, payload) => {
    for (const target of options.targets()) {
      if (!target.isDestroyed()) target.send(IPC_EVENT_CHANNEL, name, payload);
    }
  });
  return () => {
    unsubscribe();
    options.ipcMain.removeHandler(IPC_CALL_CHANNEL);
  };
}

/** Trusts the top frame of our window when it shows our own renderer URL (file:// bundle or the dev server). */
export function makeSenderCheck(rendererUrl: string): IpcManagerOptions['isTrustedSender'] {
  return (event) => {
    const frame = event.senderFrame;
    if (!frame || frame.parent !== null) return false;
    return isRendererUrl(frame.url, rendererUrl);
  };
}
