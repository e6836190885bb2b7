import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';

/**
 * Where downloaded bytes go. Injectable so tests can simulate a full disk (ENOSPC) or a read-only folder without
 * needing one, and so a caller could throttle or mirror writes.
 */
export interface FileSink {
  /** Opens `file` for writing; `append` continues a resumed `.part` instead of truncating it. */
  open(file: string, options: { append: boolean }): Writable;
}

export const nodeFileSink: FileSink = {
  open: (file, { append }) => createWriteStream(file, { flags: append ? 'a' : 'w' }),
};
