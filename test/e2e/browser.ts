import { chromium, type Browser } from 'playwright-core';
import { findChromium, HEADLESS_CHROMIUM_FLAGS } from '../../src/cli/bench/chromium.ts';

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
  return chromium.launch({ executablePath, args: HEADLESS_CHROMIUM_FLAGS, headless: true });
}
