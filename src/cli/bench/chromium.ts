/**
 * The system Chromium/Chrome that drives the UI headless, for `bench ui` and the end-to-end tests alike.
 * Playwright's own browser download is not used (it is not reachable on closed networks).
 */
import fs from 'node:fs';

/** Where system Chromium/Chrome usually lives; SEAMLAB_CHROMIUM overrides. */
const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
  'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
];

export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.SEAMLAB_CHROMIUM) return env.SEAMLAB_CHROMIUM;
  return CANDIDATES.find((candidate) => fs.existsSync(candidate));
}

/** Flags that keep Chromium from phoning home (on closed networks those calls fail noisily) and let audio play. */
export const HEADLESS_CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--autoplay-policy=no-user-gesture-required',
];
