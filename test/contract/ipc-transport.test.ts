import { EventEmitter } from 'node:events';
import type { IpcMainInvokeEvent } from 'electron';
import { bridgeChannel, createClient } from '../../src/contract/index.ts';
import { registerContractIpc } from '../../src/main/ipc-manager.ts';
import { createPreloadBridge } from '../../src/preload/bridge.ts';
import { contractSuite } from './contract-suite.ts';
import { createTestEngine } from './test-engine.ts';

/**
 * Electron cannot start on the project's machines, so IPC is reproduced with the same call shapes: ipcMain.handle
 * / ipcRenderer.invoke for calls (arguments structured-cloned), webContents.send / ipcRenderer.on for events.
 */
export function fakeElectronIpc() {
  const handlers = new Map<string, (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown>();
  const rendererSide = new EventEmitter();
  const senderFrame = { url: 'file:///app/out/renderer/index.html', parent: null };
  const ipcMain = {
    handle: (channel: string, handler: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown) => {
      handlers.set(channel, handler);
    },
    removeHandler: (channel: string) => {
      handlers.delete(channel);
    },
  };
  const ipcRenderer = {
    invoke: async (channel: string, ...args: unknown[]) => {
      const handler = handlers.get(channel);
      if (!handler) throw new Error(`No handler registered for '${channel}'`);
      const event = { senderFrame, sender: {} } as unknown as IpcMainInvokeEvent;
      return structuredClone(await handler(event, ...structuredClone(args)));
    },
    on: (channel: string, listener: (...args: unknown[]) => void) => rendererSide.on(channel, listener),
    removeListener: (channel: string, listener: (...args: unknown[]) => void) =>
      rendererSide.removeListener(channel, listener),
  };
  const webContents = {
    send: (channel: string, ...args: unknown[]) => rendererSide.emit(channel, {}, ...structuredClone(args)),
    isDestroyed: () => false,
  };
  return { ipcMain, ipcRenderer, webContents, handlers, senderFrame, rendererSide };
}

contractSuite('Electron IPC (electron mocked)', async () => {
  const engine = createTestEngine();
  const ipc = fakeElectronIpc();
  const dispose = registerContractIpc({
    ipcMain: ipc.ipcMain,
    engine,
    isTrustedSender: () => true,
    targets: () => [ipc.webContents],
  });
  const channel = bridgeChannel(createPreloadBridge(ipc.ipcRenderer as never));
  const client = createClient(channel);
  return {
    client,
    channel,
    async dispose() {
      client.close();
      dispose();
      await engine.close();
    },
  };
});
