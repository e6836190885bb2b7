import type { WebContents } from 'electron';

/** Only web links leave the app, in the user's browser: never file:, javascript:, custom schemes or smb:. */
export function isSafeExternalUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

/** True when `url` is the renderer itself (another hash route of the same page), the only place a window may go. */
export function isRendererUrl(url: string, rendererUrl: string): boolean {
  try {
    const actual = new URL(url);
    const expected = new URL(rendererUrl);
    return expected.protocol === 'file:'
      ? actual.protocol === 'file:' && actual.pathname === expected.pathname
      : actual.origin === expected.origin;
  } catch {
    return false;
  }
}

export interface WindowGuardOptions {
  rendererUrl: string;
  openExternal(url: string): Promise<void>;
  /** Where refused navigations are reported (main's log). */
  log?: (message: string) => void;
}

type GuardedContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

/**
 * Electron's security checklist (docs/tutorial/security.md, "Limit navigation" and "Limit the creation of new
 * windows"; "Do not use shell.openExternal with untrusted content"): the window never navigates away from the
 * renderer. That also covers a file dropped on the window, which Chromium would otherwise open in place of the app
 * (the renderer takes audio drops itself, as the voice). New windows are refused; http(s) links open in the browser.
 */
export function guardWindow(contents: GuardedContents, options: WindowGuardOptions): void {
  const log = options.log ?? (() => undefined);
  contents.on('will-navigate', (event, url) => {
    if (isRendererUrl(url, options.rendererUrl)) return;
    event.preventDefault();
    log(`refused navigation to ${url}`);
  });
  contents.on('will-redirect', (event, url) => {
    if (isRendererUrl(url, options.rendererUrl)) return;
    event.preventDefault();
    log(`refused redirect to ${url}`);
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) {
      options.openExternal(url).catch((error: unknown) => log(`could not open ${url}: ${String(error)}`));
    } else {
      log(`refused to open ${url}`);
    }
    return { action: 'deny' };
  });
}
