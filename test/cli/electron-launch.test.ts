import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  classifyElectronExit,
  EARLY_EXIT_MS,
  launchElectron,
} from '../../src/cli/commands/electron-launch.ts';

const SANDBOX = '/home/me/seamlab/node_modules/electron/dist/chrome-sandbox';
// What Electron prints before aborting on Ubuntu 24.04+ (electron issue 42510).
const SUID_MESSAGE =
  "[1234:FATAL:setuid_sandbox_host.cc(158)] The SUID sandbox helper binary was found, but is not configured correctly. Rather than run without sandboxing I'm aborting now. You need to make sure that /home/me/seamlab/node_modules/electron/dist/chrome-sandbox is owned by root and has mode 4755.";

describe('what an Electron exit means', () => {
  it('a signal death is a failed launch with the exact sandbox fix and browser mode offered', () => {
    const outcome = classifyElectronExit(
      { code: null, signal: 'SIGTRAP', elapsedMs: 300, stderrTail: SUID_MESSAGE },
      SANDBOX,
    );
    expect(outcome.ok).toBe(false);
    expect(outcome.exitCode).not.toBe(0);
    if (outcome.ok) return;
    expect(outcome.message).toContain('killed by SIGTRAP');
    expect(outcome.message).toContain(`sudo chown root:root ${SANDBOX} && sudo chmod 4755 ${SANDBOX}`);
    expect(outcome.message).toContain('SEAMLAB_BROWSER=1 npm start');
  });

  it('an early non-zero exit is a failure; a clean or late exit and a forwarded Ctrl+C are not', () => {
    const early = classifyElectronExit({ code: 1, signal: null, elapsedMs: 800, stderrTail: '' }, SANDBOX);
    expect(early).toMatchObject({ ok: false, exitCode: 1 });
    if (!early.ok) expect(early.message).not.toContain('chmod');
    expect(classifyElectronExit({ code: 0, signal: null, elapsedMs: 50, stderrTail: '' }, SANDBOX)).toEqual({
      ok: true,
      exitCode: 0,
    });
    expect(
      classifyElectronExit({ code: 3, signal: null, elapsedMs: EARLY_EXIT_MS + 1, stderrTail: '' }, SANDBOX),
    ).toEqual({ ok: true, exitCode: 3 });
    expect(
      classifyElectronExit(
        { code: null, signal: 'SIGINT', elapsedMs: 10, stderrTail: '', forwardedSignal: 'SIGINT' },
        SANDBOX,
      ),
    ).toEqual({ ok: true, exitCode: 130 });
  });
});

describe('launching (POSIX shell stand-in for Electron)', () => {
  it('reports a binary that aborts on a signal as a failed launch, with the sandbox hint', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seamlab-launch-'));
    const fake = path.join(dir, 'electron');
    fs.writeFileSync(fake, `#!/bin/sh\necho ${JSON.stringify(SUID_MESSAGE)} >&2\nkill -TRAP $$\n`);
    fs.chmodSync(fake, 0o755);
    const outcome = await launchElectron(fake, [], process.env, path.join(dir, 'chrome-sandbox'));
    expect(outcome.ok).toBe(false);
    expect(outcome.exitCode).toBe(1);
    if (!outcome.ok) expect(outcome.message).toContain(`sudo chmod 4755 ${path.join(dir, 'chrome-sandbox')}`);
  });
});
