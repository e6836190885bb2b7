/**
 * Looks at a database file with plain file reads, before SQLite opens it, so that refusing a file (not a
 * database, written by a newer Seamlab) provably changes nothing: no -wal/-shm files, no header write.
 */
import fs from 'node:fs';
import path from 'node:path';

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
const HEADER_BYTES = 100;
const USER_VERSION_OFFSET = 60;

export type DatabaseFileState =
  { kind: 'missing' } | { kind: 'empty' } | { kind: 'not-sqlite' } | { kind: 'sqlite'; userVersion: number };

export function inspectDatabaseFile(file: string): DatabaseFileState {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    throw error;
  }
  try {
    const header = Buffer.alloc(HEADER_BYTES);
    const read = fs.readSync(fd, header, 0, HEADER_BYTES, 0);
    if (read === 0) return { kind: 'empty' };
    if (read < HEADER_BYTES || !header.subarray(0, SQLITE_MAGIC.length).equals(SQLITE_MAGIC))
      return { kind: 'not-sqlite' };
    // The main file's header can lag behind a WAL that was not checkpointed yet; the store re-checks the version
    // through SQLite after opening, before it writes anything.
    return { kind: 'sqlite', userVersion: header.readUInt32BE(USER_VERSION_OFFSET) };
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Whether we can create files in `dir` (SQLite's WAL needs -wal and -shm files beside the database). Tried for
 * real rather than with access(), which says yes to root on a read-only folder.
 */
export function canWriteFolder(dir: string): boolean {
  const probe = path.join(dir, `.seamlab-write-probe-${process.pid}-${Math.random().toString(36).slice(2)}`);
  try {
    fs.writeFileSync(probe, '');
    fs.rmSync(probe, { force: true });
    return true;
  } catch {
    return false;
  }
}

export function canWriteFile(file: string): boolean {
  try {
    fs.closeSync(fs.openSync(file, 'r+'));
    return true;
  } catch {
    return false;
  }
}
