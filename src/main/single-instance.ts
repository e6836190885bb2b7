import type { App, BrowserWindow } from 'electron';

type InstanceApp = Pick<App, 'requestSingleInstanceLock' | 'on'>;
type FocusableWindow = Pick<BrowserWindow, 'isMinimized' | 'restore' | 'show' | 'focus'>;

/**
 * One app per user: two engines must never share one database. The first instance holds the lock
 * (app.requestSingleInstanceLock) and, when a second one starts, brings its window to the front; the second gets
 * false and must quit at once without opening anything.
 */
export function claimSingleInstance(
  app: InstanceApp,
  mainWindow: () => FocusableWindow | undefined,
): boolean {
  if (!app.requestSingleInstanceLock()) return false;
  app.on('second-instance', () => {
    const window = mainWindow();
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  });
  return true;
}
