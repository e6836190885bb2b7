import type { App, Dialog } from 'electron';

export interface StartupFailureDeps {
  dialog: Pick<Dialog, 'showErrorBox'>;
  app: Pick<App, 'exit'>;
  log?: (message: string) => void;
}

/**
 * A start that fails must say so and end: the error goes to the terminal and to a native error box
 * (dialog.showErrorBox works before the app is ready), then the process exits non-zero. Never a silent crash, never
 * a process left running without a window.
 */
export function reportStartupFailure(error: unknown, deps: StartupFailureDeps): void {
  const message = error instanceof Error ? error.message : String(error);
  (deps.log ?? ((line: string) => process.stderr.write(`${line}\n`)))(`Seamlab could not start: ${message}`);
  try {
    deps.dialog.showErrorBox('Seamlab could not start', message);
  } finally {
    deps.app.exit(1);
  }
}
