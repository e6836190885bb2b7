import { beforeEach, describe, expect, it, vi } from 'vitest';

const exposed: Record<string, unknown> = {};
const invoke = vi.fn(async () => ({ ok: true, result: { value: 'pong', receivedAt: 1 } }));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
  ipcRenderer: { invoke, on: vi.fn(), removeListener: vi.fn() },
}));

describe('preload script', () => {
  beforeEach(async () => {
    await import('../../src/preload/index.ts');
  });

  it('exposes exactly the bridge (call, onEvent, saveFile) under window.seamlab and nothing of ipcRenderer', () => {
    expect(Object.keys(exposed)).toEqual(['seamlab']);
    const bridge = exposed.seamlab as Record<string, unknown>;
    expect(Object.keys(bridge).sort()).toEqual(['call', 'onEvent', 'saveFile']);
    expect(Object.values(bridge).every((v) => typeof v === 'function')).toBe(true);
  });

  it('sends calls on the contract channel', async () => {
    const bridge = exposed.seamlab as { call(method: string, params: unknown): Promise<unknown> };
    await expect(bridge.call('engine.ping', { value: 'x' })).resolves.toMatchObject({ ok: true });
    expect(invoke).toHaveBeenCalledWith('seamlab:call', 'engine.ping', { value: 'x' });
  });

  it('asks main for the save dialog on its own channel', async () => {
    const bridge = exposed.seamlab as { saveFile(name: string): Promise<unknown> };
    await bridge.saveFile('run.zip');
    expect(invoke).toHaveBeenCalledWith('seamlab:save-dialog', 'run.zip');
  });
});
