import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const prerequisites = require('../../scripts/prerequisites.cjs') as {
  parseSoxFormats(helpText: string): string[];
  detectPlatform(platform: string, osRelease: string): string;
  missingPrerequisites(env: NodeJS.ProcessEnv, platform?: string): string[];
  prerequisiteMessage(missing: string[], platformId: string, env?: NodeJS.ProcessEnv): string;
};
const WRAPPER = path.resolve('scripts/bootstrap.cjs');

const DEBIAN = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\n';
const UBUNTU = 'NAME="Ubuntu"\nID=ubuntu\nID_LIKE=debian\nVERSION_ID="24.04"\n';
const FEDORA = 'NAME="Fedora Linux"\nID=fedora\nVERSION_ID=41\n';
const SOX_HELP_WITHOUT_MP3 =
  'SoX v14.4.2\n\nAUDIO FILE FORMATS: 8svx aif flac raw wav\nPLAYLIST FORMATS: m3u pls\n';

/** A folder of stand-in programs (shell scripts) to put on PATH instead of the real ones. */
function binFolder(programs: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seamlab-prereq-'));
  for (const [name, body] of Object.entries(programs)) {
    fs.writeFileSync(path.join(dir, name), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  }
  return dir;
}

describe('test prerequisites (npm test checks Chromium, sox with mp3 and espeak-ng first)', () => {
  it('reads the formats from `sox -h`', () => {
    expect(prerequisites.parseSoxFormats(SOX_HELP_WITHOUT_MP3)).toEqual([
      '8svx',
      'aif',
      'flac',
      'raw',
      'wav',
    ]);
    expect(prerequisites.parseSoxFormats('AUDIO FILE FORMATS: flac mp2 mp3 wav\n')).toContain('mp3');
    expect(prerequisites.parseSoxFormats('sox: unknown option')).toEqual([]);
  });

  it('tells the platforms apart', () => {
    expect(prerequisites.detectPlatform('linux', DEBIAN)).toBe('debian');
    expect(prerequisites.detectPlatform('linux', UBUNTU)).toBe('ubuntu');
    expect(prerequisites.detectPlatform('linux', FEDORA)).toBe('fedora');
    expect(prerequisites.detectPlatform('linux', 'ID=arch\n')).toBe('other');
    expect(prerequisites.detectPlatform('darwin', '')).toBe('macos');
    expect(prerequisites.detectPlatform('win32', '')).toBe('other');
  });

  it('gives the exact install command for each platform', () => {
    const all = ['chromium', 'sox', 'espeak-ng'];
    expect(prerequisites.prerequisiteMessage(all, 'debian', {})).toBe(
      [
        'npm test needs programs that are not installed here:',
        '  - Chromium or Chrome: the end-to-end tests drive the real UI in it',
        '  - sox with MP3 support: the audio tests make FLAC and MP3 files with it',
        '  - espeak-ng: real speech for the voice tests',
        'Install them with:',
        '  sudo apt-get install -y chromium sox libsox-fmt-mp3 espeak-ng',
        'Or point SEAMLAB_CHROMIUM at a Chromium or Chrome you have: SEAMLAB_CHROMIUM=/path/to/chrome.',
      ].join('\n'),
    );
    expect(prerequisites.prerequisiteMessage(all, 'ubuntu', {})).toContain(
      '\n  sudo apt-get install -y chromium-browser sox libsox-fmt-mp3 espeak-ng\n',
    );
    expect(prerequisites.prerequisiteMessage(all, 'fedora', {})).toContain(
      '\n  sudo dnf install -y chromium sox espeak-ng\n',
    );
    expect(prerequisites.prerequisiteMessage(all, 'macos', {})).toContain(
      '\n  brew install sox espeak-ng\n  brew install --cask chromium\n',
    );
    expect(prerequisites.prerequisiteMessage(['sox-mp3'], 'debian', {})).toBe(
      [
        'npm test needs programs that are not installed here:',
        '  - MP3 support for sox (`sox -h` lists no mp3 format): the audio tests make MP3 files with it',
        'Install them with:',
        '  sudo apt-get install -y libsox-fmt-mp3',
      ].join('\n'),
    );
    expect(prerequisites.prerequisiteMessage(['sox-mp3'], 'fedora', {})).toContain(
      '\n  # sox-plugins-freeworld is in RPM Fusion: https://rpmfusion.org/Configuration\n  sudo dnf install -y sox-plugins-freeworld',
    );
    expect(prerequisites.prerequisiteMessage(['sox-mp3'], 'macos', {})).toContain('\n  brew reinstall sox');
    expect(prerequisites.prerequisiteMessage(['espeak-ng'], 'other', {})).toContain(
      'Install them with your package manager',
    );
  });

  it('finds what is missing from PATH, a sox without mp3, and a SEAMLAB_CHROMIUM that does not exist', () => {
    const soxWithoutMp3 = binFolder({ sox: `printf '${SOX_HELP_WITHOUT_MP3.replace(/\n/g, '\\n')}'` });
    expect(
      prerequisites.missingPrerequisites({ PATH: soxWithoutMp3, SEAMLAB_CHROMIUM: process.execPath }),
    ).toEqual(['sox-mp3', 'espeak-ng']);
    const complete = binFolder({ sox: "echo 'AUDIO FILE FORMATS: flac mp3 wav'", 'espeak-ng': 'true' });
    expect(
      prerequisites.missingPrerequisites({ PATH: complete, SEAMLAB_CHROMIUM: process.execPath }),
    ).toEqual([]);
    const missingBrowser = path.join(complete, 'no-such-chrome');
    expect(prerequisites.missingPrerequisites({ PATH: complete, SEAMLAB_CHROMIUM: missingBrowser })).toEqual([
      'chromium',
    ]);
  });

  it('`npm test` without sox stops at once with the install command, before installing or running anything', () => {
    // PATH holds espeak-ng and an npm that leaves a mark when called; no sox.
    const marker = path.join(os.tmpdir(), `seamlab-prereq-npm-${process.pid}`);
    fs.rmSync(marker, { force: true });
    const bin = binFolder({ 'espeak-ng': 'true', npm: `touch '${marker}'` });
    const osRelease = path.join(bin, 'os-release');
    fs.writeFileSync(osRelease, DEBIAN);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PATH: bin,
      SEAMLAB_CHROMIUM: process.execPath,
      SEAMLAB_OS_RELEASE: osRelease,
      SEAMLAB_SYSTEM_NODE: '1',
    };
    delete env.npm_execpath; // the wrapper would otherwise call the npm that launched vitest
    const result = spawnSync(process.execPath, [WRAPPER, 'test:all'], {
      env,
      encoding: 'utf8',
      timeout: 30_000,
    });
    const command =
      process.platform === 'darwin' ? 'brew install sox' : 'sudo apt-get install -y sox libsox-fmt-mp3';
    expect(result.stderr).toBe(
      [
        '[seamlab] error: npm test needs programs that are not installed here:',
        '  - sox with MP3 support: the audio tests make FLAC and MP3 files with it',
        'Install them with:',
        `  ${command}`,
        '',
      ].join('\n'),
    );
    expect(result.status).toBe(1);
    expect(fs.existsSync(marker)).toBe(false); // no npm ci, no typecheck, no tests
  });
});
