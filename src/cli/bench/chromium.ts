/**
 * The system Chromium/Chrome that drives the UI headless, for `bench ui` and the end-to-end tests alike.
 * Playwright's own browser download is not used (it is not reachable on closed networks).
 */
import { createRequire } from 'node:module';

// One list of places for the wrapper's prerequisite check (`npm test`) and the browser launches here.
const prerequisites = createRequire(import.meta.url)('../../../scripts/prerequisites.cjs') as {
  findChromium(env: NodeJS.ProcessEnv): string | undefined;
};

/** The system Chromium/Chrome (SEAMLAB_CHROMIUM overrides), or undefined. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return prerequisites.findChromium(env);
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
