/**
 * Every failure the store reports is a StoreError with a stable `code`, so callers (UI, CLI, server) can tell
 * "the disk is full" from "another process holds the lock" without parsing SQLite's messages.
 */
export const StoreErrorCodes = {
  newerSchema: 'newer-schema',
  notADatabase: 'not-a-database',
  readonly: 'readonly',
  busy: 'busy',
  diskFull: 'disk-full',
  notFound: 'not-found',
  invalidInput: 'invalid-input',
  conflict: 'conflict',
  corrupt: 'corrupt',
  io: 'io',
} as const;
export type StoreErrorCode = (typeof StoreErrorCodes)[keyof typeof StoreErrorCodes];

export class StoreError extends Error {
  readonly code: StoreErrorCode;
  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreError';
    this.code = code;
  }
}

export function sqliteCode(error: unknown): string | undefined {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string')
    return error.code;
  return undefined;
}

/**
 * Turns a SQLite error into a StoreError that names the database file and what was being done. Errors that are
 * already StoreErrors (or not SQLite's) pass through untouched.
 */
export function translateError(error: unknown, file: string, action: string): unknown {
  if (error instanceof StoreError) return error;
  const code = sqliteCode(error);
  if (!code?.startsWith('SQLITE_')) return error;
  const detail = error instanceof Error ? error.message : String(error);
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))
    return new StoreError(
      StoreErrorCodes.busy,
      `Could not ${action}: the run database ${file} is locked by another process (gave up after waiting). ` +
        'Close other Seamlab windows or commands using it and try again.',
      { cause: error },
    );
  if (code === 'SQLITE_IOERR_SHMSIZE' || code === 'SQLITE_IOERR_SHMOPEN')
    // Seen for real on a full disk: SQLite cannot create or grow the -shm file it keeps beside the database.
    return new StoreError(
      StoreErrorCodes.diskFull,
      `Could not ${action}: SQLite could not create its shared-memory file beside ${file} (${code}); the disk ` +
        'is probably full. Nothing was changed. Free some space and try again.',
      { cause: error },
    );
  if (code === 'SQLITE_FULL')
    return new StoreError(
      StoreErrorCodes.diskFull,
      `Could not ${action}: the disk holding ${file} is full (or the database reached its size limit). ` +
        'Nothing was saved by this step; everything saved before is intact. Free some space and try again.',
      { cause: error },
    );
  if (code.startsWith('SQLITE_READONLY'))
    return new StoreError(
      StoreErrorCodes.readonly,
      `Could not ${action}: the run database ${file} is read-only (${detail}).`,
      { cause: error },
    );
  if (code === 'SQLITE_NOTADB')
    return new StoreError(
      StoreErrorCodes.notADatabase,
      `${file} is not a Seamlab run database (SQLite says: ${detail}). It was left untouched.`,
      { cause: error },
    );
  if (code.startsWith('SQLITE_CORRUPT'))
    return new StoreError(
      StoreErrorCodes.corrupt,
      `The run database ${file} is damaged (${detail}). It was left untouched; restore it from a backup.`,
      { cause: error },
    );
  if (code.startsWith('SQLITE_CONSTRAINT'))
    return new StoreError(StoreErrorCodes.conflict, `Could not ${action}: ${detail}`, { cause: error });
  return new StoreError(StoreErrorCodes.io, `Could not ${action} in ${file}: ${detail} (${code})`, {
    cause: error,
  });
}

/** SQLite found damaged pages (as opposed to our own checksum or schema checks). */
export function isSqliteCorruption(error: unknown): boolean {
  const code = sqliteCode(error);
  return code !== undefined && (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB');
}
