/**
 * Why a download failed, as a code a caller can branch on (the CLI maps none of them to stack traces) plus a message
 * that tells the user what to do.
 */
export const DOWNLOAD_ERROR_CODES = [
  'unreachable',
  'not-found',
  'unauthorized',
  'http',
  'interrupted',
  'size-mismatch',
  'checksum-mismatch',
  'disk-full',
  'read-only',
  'already-installed',
  'not-installed',
] as const;

export type DownloadErrorCode = (typeof DOWNLOAD_ERROR_CODES)[number];

export class DownloadError extends Error {
  readonly code: DownloadErrorCode;
  /** Transient failures (dropped connection, 5xx) are retried; the rest fail at once. */
  readonly retryable: boolean;
  constructor(
    code: DownloadErrorCode,
    message: string,
    options: { retryable?: boolean; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'DownloadError';
    this.code = code;
    this.retryable = options.retryable ?? false;
  }
}

/** "1.5 GB": decimal units, like the hub's own listing. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(value >= 100 ? 0 : 1)} ${units[unit]}`;
}

/** Maps a filesystem error while writing to a DownloadError when it is one the user can act on. */
export function fileSystemError(
  error: unknown,
  where: string,
  neededBytes: number,
): DownloadError | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT')
    return new DownloadError(
      'disk-full',
      `disk full while writing ${where}: about ${formatBytes(neededBytes)} more free space is needed; free some space (or use --models <dir> on another disk) and run the download again to resume`,
      { cause: error },
    );
  if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM')
    return new DownloadError(
      'read-only',
      `cannot write to ${where} (${code}: the folder is read-only or not yours); choose a writable models folder with --models <dir> or SEAMLAB_MODELS_DIR`,
      { cause: error },
    );
  return undefined;
}
