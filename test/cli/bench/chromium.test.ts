import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { HEADLESS_CHROMIUM_FLAGS, PLAYWRIGHT_DISABLED_FEATURES } from '../../../src/cli/bench/chromium.ts';

/** The `disabledFeatures` list in the installed playwright-core's Chromium switches, wherever its build puts it. */
function installedPlaywrightDisabledFeatures(): string[] {
  const lib = path.join(
    path.dirname(createRequire(import.meta.url).resolve('playwright-core/package.json')),
    'lib',
  );
  const candidates = [
    path.join(lib, 'server', 'chromium', 'chromiumSwitches.js'),
    path.join(lib, 'coreBundle.js'),
  ];
  for (const file of candidates) {
    if (!fs.existsSync(file)) continue;
    const list = /disabledFeatures\s*=\s*\[([\s\S]*?)\]/.exec(fs.readFileSync(file, 'utf8'));
    if (!list) continue;
    const withoutComments = list[1]!.replace(/\/\/.*$/gm, '');
    return [...withoutComments.matchAll(/["']([A-Za-z0-9]+)["']/g)].map((m) => m[1]!);
  }
  throw new Error(`no disabledFeatures list in playwright-core (looked in ${candidates.join(', ')})`);
}

describe('headless Chromium flags', () => {
  const disableSwitches = HEADLESS_CHROMIUM_FLAGS.filter((flag) => flag.startsWith('--disable-features='));
  const disabled = disableSwitches[0]?.slice('--disable-features='.length).split(',') ?? [];

  it('pass one --disable-features switch, since Chromium honours only the last one', () => {
    expect(disableSwitches).toHaveLength(1);
  });

  it("turn off Chromium's toolbar pages, which compete with the page under test for the CPU", () => {
    expect(disabled).toEqual(
      expect.arrayContaining(['WebUIOmniboxPopup', 'WebUIOmniboxFullPopup', 'WebUIOmniboxAimPopup']),
    );
  });

  it("keep every feature the installed playwright-core turns off (ours replaces Playwright's switch)", () => {
    const playwrights = installedPlaywrightDisabledFeatures();
    expect(playwrights.length).toBeGreaterThan(5);
    expect(disabled).toEqual(expect.arrayContaining(playwrights));
    expect(PLAYWRIGHT_DISABLED_FEATURES).toEqual(expect.arrayContaining(playwrights));
  });
});
