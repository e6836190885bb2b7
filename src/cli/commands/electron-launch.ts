import { spawn } from 'node:child_process';

/** A launch that ends this soon with a non-zero status never showed a usable window. */
export const EARLY_EXIT_MS = 15_000;

export interface ElectronExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  elapsedMs: number;
  /** The end of what Electron printed on stderr. */
  stderrTail: string;
  /** The signal the user sent us and we forwarded (Ctrl+C, a service manager): not a failure. */
  forwardedSignal?: NodeJS.Signals;
}

export type LaunchOutcome = { ok: true; exitCode: number } | { ok: false; exitCode: number; message: string };

/**
 * What an Electron exit means. A signal death (Ubuntu 24.04+'s AppArmor makes Electron abort with SIGTRAP unless
 * chrome-sandbox is SUID root: electron issue 42510) or an early non-zero status is a failed launch, never exit 0.
 */
export function classifyElectronExit(exit: ElectronExit, chromeSandbox: string): LaunchOutcome {
  if (exit.forwardedSignal) return { ok: true, exitCode: exit.forwardedSignal === 'SIGINT' ? 130 : 143 };
  if (exit.signal === null && exit.code === 0) return { ok: true, exitCode: 0 };
  if (exit.signal === null && exit.elapsedMs >= EARLY_EXIT_MS) return { ok: true, exitCode: exit.code ?? 1 };
  const how = exit.signal ? `was killed by ${exit.signal}` : `exited with status ${exit.code}`;
  const lines = [`The desktop app did not start: Electron ${how}.`];
  if (
    /SUID sandbox helper|chrome-sandbox|setuid sandbox/i.test(exit.stderrTail) ||
    exit.signal === 'SIGTRAP'
  ) {
    lines.push(
      "Electron's sandbox is not set up (AppArmor on Ubuntu 24.04 and later; electron issue 42510). Fix it once with:",
      `  sudo chown root:root ${chromeSandbox} && sudo chmod 4755 ${chromeSandbox}`,
    );
  }
  lines.push('The same workbench runs in your browser: SEAMLAB_BROWSER=1 npm start');
  return { ok: false, exitCode: exit.code && exit.code !== 0 ? exit.code : 1, message: lines.join('\n') };
}

/**
 * Runs Electron, passing its output through, forwarding SIGINT/SIGTERM/SIGHUP to it (quitting mid-run then
 * cancels the run in main), and resolves with what its exit means.
 */
export function launchElectron(
  binary: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  chromeSandbox: string,
): Promise<LaunchOutcome> {
  const started = Date.now();
  const child = spawn(binary, args, { stdio: ['inherit', 'inherit', 'pipe'], env });
  let stderrTail = '';
  child.stderr.on('data', (chunk: Buffer) => {
    process.stderr.write(chunk);
    stderrTail = (stderrTail + chunk.toString()).slice(-8192);
  });
  let forwardedSignal: NodeJS.Signals | undefined;
  const forward = (signal: NodeJS.Signals) => {
    forwardedSignal = signal;
    child.kill(signal);
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const signal of signals) process.on(signal, forward);
  return new Promise((resolve) => {
    const done = (outcome: LaunchOutcome) => {
      for (const signal of signals) process.off(signal, forward);
      resolve(outcome);
    };
    child.on('error', (error) =>
      done({ ok: false, exitCode: 1, message: `The desktop app did not start: ${error.message}` }),
    );
    child.on('close', (code, signal) =>
      done(
        classifyElectronExit(
          { code, signal, elapsedMs: Date.now() - started, stderrTail, forwardedSignal },
          chromeSandbox,
        ),
      ),
    );
  });
}
