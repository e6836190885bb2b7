import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createElectronStandIn, type StandInWindow } from '../../main/electron-stand-in.ts';

// The `electron` module the built bundle gets in the smoke test. Loading a window does what Chromium would do
// that the bundle depends on: the renderer's files must exist (else did-fail-load), the preload runs as a
// sandboxed CommonJS script with only `electron` to require, and the page then drives the contract through the
// bridge the preload exposed. Each step prints one `SMOKE <json>` line for the test to read.

const report = (step: string, data: Record<string, unknown> = {}) =>
  process.stdout.write(`SMOKE ${JSON.stringify({ step, ...data })}\n`);

/** Files the page at `url` needs: index.html and every local script, stylesheet and icon it references. */
function missingPageFiles(url: string): string[] {
  const file = fileURLToPath(url.split('#')[0] ?? url);
  if (!fs.existsSync(file)) return [file];
  const html = fs.readFileSync(file, 'utf8');
  const refs = [...html.matchAll(/(?:src|href)="(\.?\/?[^"]+)"/g)].map((m) => m[1] ?? '');
  return refs
    .filter((ref) => !/^[a-z]+:/i.test(ref))
    .map((ref) => path.resolve(path.dirname(file), ref))
    .filter((asset) => !fs.existsSync(asset));
}

type Bridge = {
  call(method: string, params: unknown): Promise<{ ok: boolean; result?: unknown; error?: unknown }>;
  onEvent(listener: (name: string, payload: unknown) => void): () => void;
};

/** Runs the preload as Electron's sandboxed preload does: CommonJS, `require('electron')` only. */
function runPreload(window: StandInWindow, preload: string): Bridge {
  const exposed: Record<string, unknown> = {};
  const listeners = new Map<unknown, (sentOn: string, ...args: unknown[]) => void>();
  const ipcRenderer = {
    invoke: (channel: string, ...args: unknown[]) => electron.ipcMain.invoke(window, channel, ...args),
    on(channel: string, handler: (event: unknown, ...args: unknown[]) => void) {
      const listener = (sentOn: string, ...args: unknown[]) => {
        if (sentOn === channel) handler({}, ...args);
      };
      listeners.set(handler, listener);
      window.webContents.on('to-renderer', listener);
    },
    removeListener(_channel: string, handler: (event: unknown, ...args: unknown[]) => void) {
      const listener = listeners.get(handler);
      if (listener) window.webContents.off('to-renderer', listener);
    },
  };
  const sandboxRequire = (id: string) => {
    if (id !== 'electron') throw new Error(`a sandboxed preload cannot require "${id}"`);
    return {
      contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
      ipcRenderer,
    };
  };
  const module = { exports: {} };
  new Function('require', 'module', 'exports', fs.readFileSync(preload, 'utf8'))(
    sandboxRequire,
    module,
    module.exports,
  );
  const bridge = exposed.seamlab as Bridge | undefined;
  if (!bridge) throw new Error('the preload exposed no window.seamlab bridge');
  return bridge;
}

/** What the smoke test's "user" does once the window shows: status, start a run, close the window mid-run. */
async function quitMidRun(window: StandInWindow, bridge: Bridge): Promise<void> {
  const status = await bridge.call('engine.status', {});
  report('status', { envelope: status });
  // The only run is the one started below (its events may arrive before runs.start answers).
  let chunks = 0;
  bridge.onEvent((name, payload) => {
    const event = payload as { type: string; runId: string };
    if (name !== 'run.event') return;
    report('event', { type: event.type, runId: event.runId });
    if (event.type === 'chunk' && (chunks += 1) === 1) {
      report('closing');
      window.close();
    }
  });
  const started = await bridge.call('runs.start', {
    config: { text: 'Closing the window in the middle of this sentence cancels the run.', model: 'fixture' },
    save: true,
  });
  report('started', { envelope: started });
}

const electron = createElectronStandIn({
  userData: process.env.SEAMLAB_DATA_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'seamlab-')),
  onExit: (code) => {
    report('exit', { code, errorBoxes: electron.record.errorBoxes });
    process.exit(code);
  },
  onLoad: async (window, url) => {
    const missing = missingPageFiles(url);
    if (missing.length > 0) {
      report('page-missing', { missing });
      window.webContents.emit('did-fail-load', {}, -6, 'ERR_FILE_NOT_FOUND', url, true);
      return;
    }
    const preload = String((window.options.webPreferences as { preload?: string }).preload);
    const bridge = runPreload(window, preload);
    report('loaded', { url });
    window.emit('ready-to-show');
    if (process.env.SEAMLAB_SMOKE_SCENARIO === 'quit-mid-run') await quitMidRun(window, bridge);
  },
});

const showErrorBox = electron.dialog.showErrorBox;
electron.dialog.showErrorBox = (title: string, content: string) => {
  process.stderr.write(`[error box] ${title}: ${content}\n`);
  showErrorBox(title, content);
};

export const { app, BrowserWindow, ipcMain, dialog, shell } = electron;
export default electron;
