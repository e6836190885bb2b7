/**
 * A genuinely full disk: the writer runs in its own mount namespace (unshare) on an 8 MiB tmpfs, so the errors are
 * real ENOSPC from the kernel, not a simulated limit. Needs util-linux `unshare` and either root or unprivileged
 * user namespaces (the default on Debian/Ubuntu).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from './helpers.ts';

const child = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'disk-full-child.ts');
let dir: string;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('a really full disk', () => {
  it('fails writes clearly, keeps every committed run, reads read-only when full, and recovers when freed', () => {
    const result = spawnSync(
      'unshare',
      [
        '--mount',
        '--map-root-user',
        'sh',
        '-c',
        'mount -t tmpfs -o size=8m seamlab-full "$1" && exec "$2" "$3" "$1"',
        'sh',
        dir,
        process.execPath,
        child,
      ],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(result.status, `${result.error?.message ?? ''}${result.stderr}`).toBe(0);
    const report = JSON.parse(result.stdout) as {
      writeError: { code: string; message: string };
      committed: number;
      inFlightStatus: string;
      inFlightAudio: number;
      readableAfterError: boolean;
      recoveredWithRoom: string;
      walAfterClose: boolean;
      fullOpen: { readonly: boolean; reason: string; total: number; audioBitExact: boolean };
      fullWrite: { code: string; message: string };
      afterFree: { readonly: boolean; integrity: string; inFlightStatus: string; finished: number };
    };
    // Each run takes ~0.4 MB and other files half the disk: a few fit, then it is full.
    expect(report.committed).toBeGreaterThanOrEqual(2);
    expect(report.writeError.code).toBe('disk-full');
    expect(report.writeError.message).toMatch(
      /disk holding .*runs\.db is full.*everything saved before is intact/,
    );
    // The run being written when space ran out is not finished and holds no partial audio.
    expect(report.inFlightStatus).toBe('running');
    expect(report.inFlightAudio).toBe(0);
    expect(report.readableAfterError).toBe(true);
    // Once other files make room, the next open recovers it and checkpoints everything into the database.
    expect(report.recoveredWithRoom).toBe('interrupted');
    expect(report.walAfterClose).toBe(false);
    // With not one byte free, the store still opens for reading, says why, and refuses writes clearly.
    expect(report.fullOpen).toMatchObject({
      readonly: true,
      total: report.committed + 1,
      audioBitExact: true,
    });
    expect(report.fullOpen.reason).toMatch(/disk .* full/);
    expect(report.fullWrite.code).toBe('readonly');
    expect(report.fullWrite.message).toMatch(/open read-only \(the disk holding it is full/);
    // Once there is room again nothing committed was lost and writing works.
    expect(report.afterFree).toEqual({
      readonly: false,
      integrity: 'ok',
      inFlightStatus: 'interrupted',
      finished: report.committed + 1,
    });
  }, 60_000);
});
