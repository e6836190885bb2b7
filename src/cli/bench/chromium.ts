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

/**
 * Chromium's own toolbar pages that new headless Chrome (one browser with the toolbar built in, since Chrome 132)
 * loads for every new page: the omnibox popup, its "AI mode" popup and the full-popup variant are WebUI pages
 * with a renderer of their own. Measured with a Chrome trace on Chromium 156 on a 2-core machine, that renderer
 * ran 1.35 s of tasks while the run view loaded (our page's renderer: 1.26 s), and the run view took 1.33 s
 * instead of 0.74 s (median of 10 interleaved loads each). Neither Electron's window nor a tab in a browser
 * that is already open does that work, so the UI bench and the end-to-end tests turn it off to measure the
 * workbench, not Chromium's toolbar. Unknown feature names are ignored, so older Chromiums take the flag too.
 */
const CHROMIUM_TOOLBAR_PAGES = ['WebUIOmniboxPopup', 'WebUIOmniboxFullPopup', 'WebUIOmniboxAimPopup'];

/**
 * Chromium honours only the last `--disable-features` switch, and Playwright passes its own before ours, so ours
 * must repeat Playwright's list or it would switch those features back on. Copied from playwright-core 1.65.1
 * (src/server/chromium/chromiumSwitches.ts); test/cli/bench/chromium.test.ts fails when the installed
 * playwright-core disables one that is missing here.
 */
export const PLAYWRIGHT_DISABLED_FEATURES = [
  'AvoidUnnecessaryBeforeUnloadCheckSync',
  'DestroyProfileOnBrowserClose',
  'HttpsUpgrades',
  'HttpsFirstBalancedModeAutoEnable',
  'LensOverlay',
  'MediaRouter',
  'PaintHolding',
  'ThirdPartyStoragePartitioning',
  'AvoidCorsURLLoaderRestartOnRedirect',
  'TcpPortRandomizationWin',
  'OptimizationHints',
  'NetworkTimeServiceQuerying',
  'AimEnabled',
  'PreconnectToSearch',
  'msForceBrowserSignIn',
  'msEdgeUpdateLaunchServicesPreferredVersion',
];

/**
 * Flags that keep Chromium from phoning home (on closed networks those calls fail noisily), keep its toolbar
 * pages from competing with the page under test, and let audio play.
 */
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
  `--disable-features=${[...PLAYWRIGHT_DISABLED_FEATURES, ...CHROMIUM_TOOLBAR_PAGES].join(',')}`,
];
