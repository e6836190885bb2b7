import type { App } from 'electron';

type QuitApp = Pick<App, 'on' | 'exit'>;

export interface QuitOptions {
  /** Winds the engine down: cancels runs at a safe point (stored as cancelled), stops workers, closes the store. */
  close(): Promise<void>;
  /** The exit status once closed (non-zero after a failed smoke check). */
  exitCode?: () => number;
  /** Past this, quit anyway rather than hang: the user asked to quit. */
  timeoutMs?: number;
  log?: (message: string) => void;
}

/**
 * Quitting (the last window closed, Cmd+Q, a signal) waits for the engine to close: a run in flight is cancelled at
 * its next safe point and stored as cancelled, and workers are only stopped once they are out of session.run
 * (terminating one inside it aborts the whole process). Every will-quit during that wait is held too, so a second
 * Cmd+Q cannot cut the wind-down short; app.exit() ends it, which emits no further will-quit.
 */
export function holdQuitUntilClosed(app: QuitApp, options: QuitOptions): void {
  const log = options.log ?? (() => undefined);
  let closing = false;
  app.on('will-quit', (event) => {
    event.preventDefault();
    if (closing) return;
    closing = true;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), options.timeoutMs ?? 10_000);
    });
    const closed = options.close().then(
      () => 'closed' as const,
      (error: unknown) => {
        log(`closing the engine failed: ${error instanceof Error ? error.message : String(error)}`);
        return 'failed' as const;
      },
    );
    void Promise.race([closed, deadline]).then((outcome) => {
      clearTimeout(timer);
      if (outcome === 'timeout') log('the engine did not close in time; quitting anyway');
      app.exit(outcome === 'closed' ? (options.exitCode?.() ?? 0) : 1);
    });
  });
}
