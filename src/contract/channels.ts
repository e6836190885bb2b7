/** Electron IPC channel names, shared by main and preload so they can never drift apart. */
export const IPC_CALL_CHANNEL = 'seamlab:call';
export const IPC_EVENT_CHANNEL = 'seamlab:event';
/** The desktop app's native save dialog (answers the chosen absolute path, or null when cancelled). */
export const IPC_SAVE_DIALOG_CHANNEL = 'seamlab:save-dialog';

/** The object the preload script exposes on window (contextIsolation on: only these two functions). */
export interface PreloadBridge {
  call(method: string, params: unknown): Promise<unknown>;
  /** Returns a function that removes the listener. */
  onEvent(listener: (event: string, payload: unknown) => void): () => void;
  /**
   * The native save dialog for a file named `defaultName` (desktop app only): the chosen absolute path, or null
   * when cancelled. Absent where there is no such dialog, which is how the renderer knows to download instead.
   */
  saveFile?(defaultName: string): Promise<string | null>;
}

export const BRIDGE_GLOBAL = 'seamlab';
