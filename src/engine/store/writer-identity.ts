/**
 * Who is writing a run, so that opening the store elsewhere (the CLI while the desktop app runs a sweep) never
 * marks another live process's runs as interrupted. A run is only recovered when its writer is provably gone:
 * its process no longer exists, or it is this process but the store instance that began it has been closed.
 */
import crypto from 'node:crypto';
import os from 'node:os';

const liveTokens = new Set<string>();

export interface WriterIdentity {
  pid: number;
  host: string;
  token: string;
}

export function newWriterIdentity(): WriterIdentity {
  const token = crypto.randomUUID();
  liveTokens.add(token);
  return { pid: process.pid, host: os.hostname(), token };
}

export function releaseWriterIdentity(identity: WriterIdentity): void {
  liveTokens.delete(identity.token);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True when the writer recorded on a running run can no longer be working on it. */
export function writerIsGone(pid: number | null, host: string | null, token: string | null): boolean {
  if (pid === null || host === null) return true;
  // Another machine sharing the file: we cannot see its processes, so we leave its runs alone.
  if (host !== os.hostname()) return false;
  if (pid === process.pid) return token === null || !liveTokens.has(token);
  return !processAlive(pid);
}
