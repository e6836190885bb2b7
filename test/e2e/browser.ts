import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Where system Chromium/Chrome usually lives; SEAMLAB_CHROMIUM overrides. Playwright's own download is not used. */
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

const HOW_TO_INSTALL = [
  '',
  '=====================================================================',
  ' No Chromium or Chrome found: the end-to-end tests drive the real UI',
  ' in a headless browser and cannot run without one.',
  '   Debian/Ubuntu:  sudo apt-get install -y chromium',
  '   macOS:          install Google Chrome, or `brew install --cask chromium`',
  '   Windows:        install Google Chrome',
  '   Elsewhere:      set SEAMLAB_CHROMIUM=/path/to/chrome',
  '=====================================================================',
  '',
].join('\n');

/** Flags that keep Chromium from phoning home: on machines with a closed network those calls fail noisily. */
const FLAGS = [
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

export async function launchBrowser(): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath) {
    process.stderr.write(HOW_TO_INSTALL);
    throw new Error(
      process.env.CI === 'true'
        ? 'CI=true and no browser found: .ci/run must install chromium'
        : 'no browser found for the end-to-end tests (see the message above)',
    );
  }
  return chromium.launch({ executablePath, args: FLAGS, headless: true });
}
