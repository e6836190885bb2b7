// The system programs `npm test` needs besides Node: Chromium (the end-to-end tests drive the real UI), sox with
// MP3 support (the audio tests make FLAC and MP3 files with it) and espeak-ng (real speech for the voice tests).
// The wrapper (bootstrap.cjs) checks them before anything else runs, so a fresh machine stops at once with the
// install command for its platform instead of failing test files minutes later with "spawnSync sox ENOENT".
// Dependency-free CommonJS, like the wrapper. The Chromium lookup is shared with src/cli/bench/chromium.ts.
//
// Environment:
//   SEAMLAB_CHROMIUM=/path/to/chrome   use this browser (it must exist).
//   SEAMLAB_OS_RELEASE=/path/to/file   where to read the Linux distribution from (default /etc/os-release).
'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

/** Where system Chromium/Chrome usually lives; SEAMLAB_CHROMIUM overrides. */
const CHROMIUM_CANDIDATES = [
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

function findChromium(env = process.env) {
  if (env.SEAMLAB_CHROMIUM) return env.SEAMLAB_CHROMIUM;
  return CHROMIUM_CANDIDATES.find((candidate) => fs.existsSync(candidate));
}

/** The first `command` on env's PATH (with PATHEXT on Windows), or undefined. */
function findOnPath(command, env = process.env, platform = process.platform) {
  const key = Object.keys(env).find((k) => k.toUpperCase() === 'PATH') || 'PATH';
  const extensions = platform === 'win32' ? (env.PATHEXT || '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of (env[key] || '').split(path.delimiter)) {
    if (!dir) continue;
    for (const extension of extensions) {
      const candidate = path.join(dir, command + extension);
      try {
        if (fs.statSync(candidate).isFile()) return candidate;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

/** The file formats `sox -h` lists on its "AUDIO FILE FORMATS:" line (sox's documented way to see what it reads). */
function parseSoxFormats(helpText) {
  const line = helpText.split(/\r?\n/).find((l) => l.startsWith('AUDIO FILE FORMATS:'));
  return line ? line.slice('AUDIO FILE FORMATS:'.length).trim().split(/\s+/) : [];
}

/** What is missing, as keys of NEEDS: 'chromium', 'sox', 'sox-mp3', 'espeak-ng'. */
function missingPrerequisites(env = process.env, platform = process.platform) {
  const missing = [];
  const chromium = findChromium(env);
  if (!chromium || !fs.existsSync(chromium)) missing.push('chromium');
  const sox = findOnPath('sox', env, platform);
  if (!sox) missing.push('sox');
  else {
    const help = spawnSync(sox, ['-h'], { encoding: 'utf8', env, timeout: 10_000 });
    if (!parseSoxFormats(`${help.stdout || ''}\n${help.stderr || ''}`).includes('mp3'))
      missing.push('sox-mp3');
  }
  if (!findOnPath('espeak-ng', env, platform)) missing.push('espeak-ng');
  return missing;
}

/** Why each program is needed, as the message lists it. */
const NEEDS = {
  chromium: 'Chromium or Chrome: the end-to-end tests drive the real UI in it',
  sox: 'sox with MP3 support: the audio tests make FLAC and MP3 files with it',
  'sox-mp3': 'MP3 support for sox (`sox -h` lists no mp3 format): the audio tests make MP3 files with it',
  'espeak-ng': 'espeak-ng: real speech for the voice tests',
};

/** 'debian', 'ubuntu', 'fedora', 'macos' or 'other', from the platform and the text of /etc/os-release. */
function detectPlatform(platform = process.platform, osRelease = '') {
  if (platform === 'darwin') return 'macos';
  if (platform !== 'linux') return 'other';
  const field = (name) => {
    const match = new RegExp(`^${name}=["']?([^"'\\n]*)`, 'm').exec(osRelease);
    return match ? match[1].toLowerCase().split(/\s+/) : [];
  };
  const ids = [...field('ID'), ...field('ID_LIKE')];
  if (ids[0] === 'ubuntu' || ids.includes('ubuntu')) return 'ubuntu';
  if (ids.includes('debian')) return 'debian';
  if (ids.some((id) => ['fedora', 'rhel', 'centos'].includes(id))) return 'fedora';
  return 'other';
}

/**
 * Package names per platform. Ubuntu's `chromium-browser` installs the Chromium snap (/snap/bin/chromium); Debian's
 * sox reads and writes MP3 through libsox-fmt-mp3; Fedora's MP3 plugin for sox comes from RPM Fusion.
 */
const PACKAGES = {
  debian: { chromium: ['chromium'], sox: ['sox', 'libsox-fmt-mp3'], 'sox-mp3': ['libsox-fmt-mp3'] },
  ubuntu: { chromium: ['chromium-browser'], sox: ['sox', 'libsox-fmt-mp3'], 'sox-mp3': ['libsox-fmt-mp3'] },
  fedora: { chromium: ['chromium'], sox: ['sox'], 'sox-mp3': ['sox-plugins-freeworld'] },
  macos: { sox: ['sox'], 'sox-mp3': ['sox'] },
};

/** The exact command(s) that install `missing` on `platformId`, one per line; undefined for 'other'. */
function installCommand(missing, platformId) {
  const table = PACKAGES[platformId];
  if (!table) return undefined;
  const packages = [];
  for (const item of missing) {
    for (const name of table[item] || [item]) if (!packages.includes(name)) packages.push(name);
  }
  if (platformId === 'macos') {
    // Homebrew's sox is built with MP3 (lame, mad); Chromium is a cask.
    const formulae = packages.filter((name) => name !== 'chromium');
    const lines = [];
    if (formulae.length > 0) {
      const verb = missing.includes('sox-mp3') && !missing.includes('sox') ? 'reinstall' : 'install';
      lines.push(`brew ${verb} ${formulae.join(' ')}`);
    }
    if (missing.includes('chromium')) lines.push('brew install --cask chromium');
    return lines.join('\n');
  }
  const manager = platformId === 'fedora' ? 'dnf' : 'apt-get';
  const lines = [`sudo ${manager} install -y ${packages.join(' ')}`];
  if (platformId === 'fedora' && missing.includes('sox-mp3')) {
    lines.unshift('# sox-plugins-freeworld is in RPM Fusion: https://rpmfusion.org/Configuration');
  }
  return lines.join('\n');
}

/** The whole message for `missing` on `platformId`, as the wrapper prints it. */
function prerequisiteMessage(missing, platformId, env = process.env) {
  const lines = ['npm test needs programs that are not installed here:'];
  for (const item of missing) lines.push(`  - ${NEEDS[item]}`);
  if (missing.includes('chromium') && env.SEAMLAB_CHROMIUM) {
    lines.push(`    (SEAMLAB_CHROMIUM is ${env.SEAMLAB_CHROMIUM}, which does not exist)`);
  }
  const command = installCommand(missing, platformId);
  if (command) {
    lines.push('Install them with:');
    for (const line of command.split('\n')) lines.push(`  ${line}`);
  } else {
    lines.push('Install them with your package manager (sox needs its MP3 format: `sox -h` must list mp3).');
  }
  if (missing.includes('chromium'))
    lines.push(
      'Or point SEAMLAB_CHROMIUM at a Chromium or Chrome you have: SEAMLAB_CHROMIUM=/path/to/chrome.',
    );
  return lines.join('\n');
}

function readOsRelease(env = process.env) {
  try {
    return fs.readFileSync(env.SEAMLAB_OS_RELEASE || '/etc/os-release', 'utf8');
  } catch {
    return '';
  }
}

/** Checks the test prerequisites: undefined when all are there, else the message saying what to install. */
function checkTestPrerequisites(env = process.env, platform = process.platform) {
  const missing = missingPrerequisites(env, platform);
  if (missing.length === 0) return undefined;
  return prerequisiteMessage(missing, detectPlatform(platform, readOsRelease(env)), env);
}

module.exports = {
  CHROMIUM_CANDIDATES,
  findChromium,
  findOnPath,
  parseSoxFormats,
  missingPrerequisites,
  detectPlatform,
  installCommand,
  prerequisiteMessage,
  checkTestPrerequisites,
};
