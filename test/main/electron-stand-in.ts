import { EventEmitter } from 'node:events';

// A stand-in for the parts of `electron` that src/main uses, with the documented behaviour that main relies on
// (electron/docs/api/app.md, browser-window.md, web-contents.md, ipc-main.md, dialog.md, shell.md). Used by the
// unit tests directly and, through a module-loader hook, by the smoke test of the built bundle. It runs under
// Node's type stripping there, so it is erasable TypeScript only.

export class StandInEvent {
  defaultPrevented = false;
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

export interface StandInOptions {
  userData: string;
  isPackaged?: boolean;
  /** False: another instance holds the single-instance lock. */
  lockAvailable?: boolean;
  /** What loadURL does (the smoke test runs the preload and the renderer's calls here). */
  onLoad?: (window: StandInWindow, url: string) => Promise<void> | void;
  onExit?: (code: number) => void;
}

export interface StandInRecord {
  errorBoxes: { title: string; content: string }[];
  openedExternally: string[];
  exitCode: number | undefined;
  name: string | undefined;
}

export class StandInContents extends EventEmitter {
  url = '';
  destroyed = false;
  sent: unknown[][] = [];
  private openHandler: ((details: { url: string }) => { action: string }) | undefined;

  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.openHandler = handler;
  }
  send(...args: unknown[]): void {
    this.sent.push(args);
    // What the renderer's ipcRenderer.on listeners receive (the bundle smoke test runs the real preload).
    this.emit('to-renderer', ...args);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  /** What Chromium does before navigating (a link, a dropped file, location.href = ...): true when allowed. */
  tryNavigate(url: string): boolean {
    const event = new StandInEvent();
    this.emit('will-navigate', event, url);
    if (!event.defaultPrevented) this.url = url;
    return !event.defaultPrevented;
  }
  /** window.open / target=_blank: the handler's answer, 'deny' when there is none (Electron would allow). */
  tryOpenWindow(url: string): string {
    return this.openHandler ? this.openHandler({ url }).action : 'allow';
  }
}

export class StandInWindow extends EventEmitter {
  readonly options: Record<string, unknown>;
  readonly webContents = new StandInContents();
  visible = false;
  minimized = false;
  focusCount = 0;
  private readonly closeHook: (window: StandInWindow) => void;
  private readonly loadHook: StandInOptions['onLoad'];

  constructor(
    options: Record<string, unknown>,
    closeHook: (window: StandInWindow) => void,
    loadHook: StandInOptions['onLoad'],
  ) {
    super();
    this.options = options;
    this.closeHook = closeHook;
    this.loadHook = loadHook;
  }
  async loadURL(url: string): Promise<void> {
    this.webContents.url = url;
    await this.loadHook?.(this, url);
  }
  show(): void {
    this.visible = true;
  }
  focus(): void {
    this.focusCount += 1;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  restore(): void {
    this.minimized = false;
  }
  minimize(): void {
    this.minimized = true;
  }
  close(): void {
    const event = new StandInEvent();
    this.emit('close', event);
    if (event.defaultPrevented) return;
    this.webContents.destroyed = true;
    this.closeHook(this);
  }
}

type IpcHandler = (event: unknown, ...args: unknown[]) => unknown;

export function createElectronStandIn(options: StandInOptions) {
  const record: StandInRecord = {
    errorBoxes: [],
    openedExternally: [],
    exitCode: undefined,
    name: undefined,
  };
  const windows: StandInWindow[] = [];
  const handlers = new Map<string, IpcHandler>();

  const app = Object.assign(new EventEmitter(), {
    isPackaged: options.isPackaged ?? false,
    setName(name: string): void {
      record.name = name;
    },
    getPath(name: string): string {
      if (name !== 'userData') throw new Error(`the stand-in knows only userData, not ${name}`);
      return options.userData;
    },
    requestSingleInstanceLock(): boolean {
      return options.lockAvailable ?? true;
    },
    whenReady(): Promise<void> {
      return new Promise((resolve) => setImmediate(resolve));
    },
    /** Like Electron: closes the windows, then will-quit (which a listener may hold), then exits. */
    quit(): void {
      for (const window of [...windows]) window.close();
      const event = new StandInEvent();
      app.emit('will-quit', event);
      if (!event.defaultPrevented) app.exit(0);
    },
    exit(code = 0): void {
      if (record.exitCode !== undefined) return;
      record.exitCode = code;
      options.onExit?.(code);
    },
  });

  const closed = (window: StandInWindow) => {
    windows.splice(windows.indexOf(window), 1);
    window.emit('closed');
    if (windows.length === 0) app.emit('window-all-closed');
  };

  class BrowserWindow extends StandInWindow {
    constructor(windowOptions: Record<string, unknown>) {
      super(windowOptions, closed, options.onLoad);
      windows.push(this);
    }
    static getAllWindows(): StandInWindow[] {
      return [...windows];
    }
  }

  const ipcMain = {
    handle(channel: string, handler: IpcHandler): void {
      if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      handlers.set(channel, handler);
    },
    removeHandler(channel: string): void {
      handlers.delete(channel);
    },
    /** ipcRenderer.invoke from the top frame of `window`. */
    async invoke(window: StandInWindow, channel: string, ...args: unknown[]): Promise<unknown> {
      const handler = handlers.get(channel);
      if (!handler) throw new Error(`No handler registered for '${channel}'`);
      const event = {
        sender: window.webContents,
        senderFrame: { url: window.webContents.url, parent: null },
      };
      return handler(event, ...args);
    },
    has(channel: string): boolean {
      return handlers.has(channel);
    },
  };

  const dialog = {
    showErrorBox(title: string, content: string): void {
      record.errorBoxes.push({ title, content });
    },
  };
  const shell = {
    async openExternal(url: string): Promise<void> {
      record.openedExternally.push(url);
    },
  };

  return { app, BrowserWindow, ipcMain, dialog, shell, record, windows };
}

export type ElectronStandIn = ReturnType<typeof createElectronStandIn>;
