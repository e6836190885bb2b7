import type { IpcMainInvokeEvent } from 'electron';
import { describe, expect, it } from 'vitest';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '../../src/contract/index.ts';
import { makeSenderCheck, registerContractIpc } from '../../src/main/ipc-manager.ts';
import { fakeElectronIpc } from '../contract/ipc-transport.test.ts';
import { createTestEngine } from '../contract/test-engine.ts';

type Frame = { url: string; parent: unknown };
const eventFrom = (frame: Frame | null) =>
  ({ senderFrame: frame, sender: {} }) as unknown as IpcMainInvokeEvent;

describe('sender check', () => {
  const packaged = makeSenderCheck('file:///opt/seamlab/out/renderer/index.html');
  const dev = makeSenderCheck('http://localhost:5173/');

  it('trusts only the top frame showing our own renderer', () => {
    expect(packaged(eventFrom({ url: 'file:///opt/seamlab/out/renderer/index.html', parent: null }))).toBe(
      true,
    );
    expect(
      packaged(eventFrom({ url: 'file:///opt/seamlab/out/renderer/index.html#/runs', parent: null })),
    ).toBe(true);
    expect(packaged(eventFrom({ url: 'file:///tmp/evil.html', parent: null }))).toBe(false);
    expect(packaged(eventFrom({ url: 'https://example.com/', parent: null }))).toBe(false);
    expect(packaged(eventFrom({ url: 'file:///opt/seamlab/out/renderer/index.html', parent: {} }))).toBe(
      false,
    );
    expect(packaged(eventFrom(null))).toBe(false);
    expect(dev(eventFrom({ url: 'http://localhost:5173/runs', parent: null }))).toBe(true);
    expect(dev(eventFrom({ url: 'http://localhost:6666/', parent: null }))).toBe(false);
  });
});

describe('registerContractIpc', () => {
  it('refuses calls from untrusted frames without running the handler', async () => {
    const engine = createTestEngine();
    const ipc = fakeElectronIpc();
    let asked = 0;
    registerContractIpc({
      ipcMain: ipc.ipcMain,
      engine,
      isTrustedSender: () => (asked++, false),
      targets: () => [],
    });
    const envelope = await ipc.ipcRenderer.invoke(IPC_CALL_CHANNEL, 'engine.ping', { value: 'x' });
    expect(envelope).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(asked).toBe(1);
  });

  it('forwards engine events to live windows only, and its disposer removes handler and subscription', async () => {
    const engine = createTestEngine();
    const ipc = fakeElectronIpc();
    const sent: unknown[][] = [];
    const live = { send: (...args: unknown[]) => sent.push(args), isDestroyed: () => false };
    const dead = { send: () => expect.unreachable('sent to a destroyed window'), isDestroyed: () => true };
    const dispose = registerContractIpc({
      ipcMain: ipc.ipcMain,
      engine,
      isTrustedSender: () => true,
      targets: () => [live, dead],
    });
    await ipc.ipcRenderer.invoke(IPC_CALL_CHANNEL, 'engine.ping', { value: 'one' });
    expect(sent).toHaveLength(1);
    expect(sent[0]?.[0]).toBe(IPC_EVENT_CHANNEL);
    expect(sent[0]?.[1]).toBe('engine.log');
    dispose();
    expect(ipc.handlers.has(IPC_CALL_CHANNEL)).toBe(false);
    await engine.handlers['engine.ping']({ value: 'two' });
    expect(sent).toHaveLength(1);
  });
});
