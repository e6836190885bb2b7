/** Electron IPC channel names, shared by main and preload so they can never drift apart. */
export const IPC_CALL_CHANNEL = 'seamlab:call';
export const IPC_EVENT_CHANNEL = 'seamlab:event';

/** The object the preload script exposes on window (contextIsolation on: only these two functions). */
export interface PreloadBridge {
  call(method: string, params: unknown): Promise<unknown>;
  /** Returns a function that removes the listener. */
  onEvent(listener: (event: string, payload: unknown) => void): () => void;
}

export const BRIDGE_GLOBAL = 'seamlab';
