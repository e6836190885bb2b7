import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { once } from 'node:events';
import { PassThrough, type Writable } from 'node:stream';
import { DownloadError, fileSystemError } from './errors.ts';
import { nodeFileSink, type FileSink } from './file-sink.ts';
import { httpGet } from './http-get.ts';

export interface FileProgress {
  /** Bytes of this file on disk so far, a resumed part included. */
  bytes: number;
  /** The file's full size when the server said, else undefined. */
  total: number | undefined;
  /** Bytes received over the network in this call (all attempts). */
  transferred: number;
  /** transferred / seconds since the call started. */
  bytesPerSecond: number;
}

export interface FetchFileOptions {
  url: string;
  /** Final path; bytes stream to `${destination}.part` and are renamed here only once verified. */
  destination: string;
  /** Null when unknown: the hash of what arrived is returned for the caller to record. */
  expectedSha256: string | null;
  token?: string | undefined;
  sink?: FileSink | undefined;
  /** Attempts in all, first included (default 5). */
  maxAttempts?: number | undefined;
  /** Backoff before retry n (1-based) is retryDelayMs * 2^(n-1) (default 500 ms). */
  retryDelayMs?: number | undefined;
  /** A response that sends nothing for this long is treated as a dropped connection (default 60 s). */
  stallTimeoutMs?: number | undefined;
  /** Approximate bytes still to come after this file, so a disk-full message can name the whole need. */
  bytesAfterThisFile?: number | undefined;
  onProgress?: ((progress: FileProgress) => void) | undefined;
  signal?: AbortSignal | undefined;
}

export interface FetchFileResult {
  bytes: number;
  sha256: string;
  /** Bytes received over the network (less than `bytes` after a resume). */
  transferred: number;
  /** Size of the `.part` the first attempt found on disk (0 = fresh download). */
  resumedFrom: number;
  attempts: number;
  /** The hub's X-Repo-Commit header, when sent. */
  commit: string | undefined;
}

const PROGRESS_INTERVAL_MS = 100;

/**
 * Downloads one file with resume (HTTP Range on an existing `.part`), bounded retries with exponential backoff for
 * transient failures, size and sha256 verification (hashed while streaming), and an atomic rename into place.
 */
export async function fetchFile(options: FetchFileOptions): Promise<FetchFileResult> {
  const maxAttempts = options.maxAttempts ?? 5;
  const retryDelayMs = options.retryDelayMs ?? 500;
  const part = `${options.destination}.part`;
  const state: AttemptState = {
    started: Date.now(),
    transferred: 0,
    resumedFrom: await fileSize(part),
    carried: undefined,
    commit: undefined,
    remaining: 0,
  };
  for (let attempt = 1; ; attempt++) {
    try {
      const { bytes, sha256 } = await attemptOnce(options, part, state);
      await fs.rename(part, options.destination);
      return {
        bytes,
        sha256,
        transferred: state.transferred,
        resumedFrom: state.resumedFrom,
        attempts: attempt,
        commit: state.commit,
      };
    } catch (error) {
      const failure = classify(error, options, state.remaining);
      if (!failure.retryable || attempt >= maxAttempts || options.signal?.aborted) {
        if (failure.retryable && attempt > 1)
          failure.message = `${failure.message} (gave up after ${attempt} attempts; run the download again to resume)`;
        throw failure;
      }
      await sleep(retryDelayMs * 2 ** (attempt - 1), options.signal);
    }
  }
}

interface AttemptState {
  started: number;
  transferred: number;
  resumedFrom: number;
  /** Hash of the bytes written by the previous attempt, reusable when the part on disk has exactly that size. */
  carried: { size: number; hash: Hash } | undefined;
  commit: string | undefined;
  /** Bytes of this file still to write when the current attempt started (for the disk-full message). */
  remaining: number;
}

async function attemptOnce(
  options: FetchFileOptions,
  part: string,
  state: AttemptState,
): Promise<{ bytes: number; sha256: string }> {
  let offset = await fileSize(part);
  const headers: Record<string, string> = {};
  if (offset > 0) headers.range = `bytes=${offset}-`;
  if (options.token) headers.authorization = `Bearer ${options.token}`;

  const stall = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stall.signal]) : stall.signal;
  const stallMs = options.stallTimeoutMs ?? 60_000;
  let stallTimer = setTimeout(() => stall.abort(stalled(options.url, stallMs)), stallMs);
  const resetStall = () => {
    clearTimeout(stallTimer);
    stallTimer = setTimeout(() => stall.abort(stalled(options.url, stallMs)), stallMs);
  };

  try {
    const response = await httpGet(options.url, headers, signal);
    const header = (name: string) => {
      const value = response.headers[name];
      return (Array.isArray(value) ? value[0] : value) ?? null;
    };
    state.commit = header('x-repo-commit') ?? state.commit;
    let total: number | undefined;
    if (response.statusCode === 206) {
      const range = parseContentRange(header('content-range'));
      if (!range || range.start !== offset) {
        // A range we did not ask for: the part cannot be trusted to line up. Start over.
        response.destroy();
        await fs.rm(part, { force: true });
        state.carried = undefined;
        throw new DownloadError(
          'interrupted',
          `${options.url} answered an unexpected range; restarting the file`,
          {
            retryable: true,
          },
        );
      }
      total = range.total;
    } else if (response.statusCode === 200) {
      // Either a fresh download or a server that ignores Range: either way the body is the whole file.
      offset = 0;
      state.carried = undefined;
      const length = header('content-length');
      total = length === null ? undefined : Number(length);
    } else if (response.statusCode === 416) {
      // The part is as long as (or longer than) the file: it cannot be resumed; start it again.
      response.destroy();
      await fs.rm(part, { force: true });
      state.carried = undefined;
      throw new DownloadError('interrupted', `${options.url}: the partial file does not fit the remote one`, {
        retryable: true,
      });
    } else {
      response.destroy();
      throw httpError(response.statusCode ?? 0, options);
    }

    // Take the body into a generous buffer right away, before any await: if the connection drops meanwhile,
    // node:http discards what it buffered, and those bytes would then be missing from the part.
    const body = new PassThrough({ highWaterMark: 1 << 20 });
    let bodyError: unknown;
    const endBody = (error: unknown) => {
      bodyError ??= error;
      body.end();
    };
    response.on('error', endBody);
    response.on('close', () => {
      if (!response.complete) endBody(new Error('the connection closed before the body was complete'));
    });
    response.pipe(body);

    state.remaining = total === undefined ? 0 : total - offset;
    await ensureFreeSpace(path.dirname(part), state.remaining, options);

    const hash = await hashOfExistingPart(part, offset, state);
    let bytes = offset;
    let lastProgress = 0;
    const report = (force: boolean) => {
      const now = Date.now();
      if (!options.onProgress || (!force && now - lastProgress < PROGRESS_INTERVAL_MS)) return;
      lastProgress = now;
      const seconds = Math.max((now - state.started) / 1000, 1e-3);
      options.onProgress({
        bytes,
        total,
        transferred: state.transferred,
        bytesPerSecond: state.transferred / seconds,
      });
    };
    const sink = (options.sink ?? nodeFileSink).open(part, { append: offset > 0 });
    const sinkFailed = new Promise<never>((_resolve, reject) => sink.once('error', reject));
    sinkFailed.catch(() => undefined);
    try {
      for await (const chunk of body as AsyncIterable<Buffer>) {
        resetStall();
        if (sink.errored) throw sink.errored;
        hash.update(chunk);
        bytes += chunk.length;
        state.transferred += chunk.length;
        report(false);
        if (!sink.write(chunk)) await Promise.race([once(sink, 'drain'), sinkFailed]);
      }
      if (bodyError) throw bodyError;
    } catch (error) {
      response.destroy();
      // The connection dropped (or the disk failed): flush what arrived so a retry resumes after it, not before.
      await closeSink(sink, sinkFailed).catch(() => undefined);
      state.carried = { size: bytes, hash: hash.copy() };
      throw error;
    }
    await closeSink(sink, sinkFailed);
    state.carried = { size: bytes, hash: hash.copy() };
    report(true);

    if (total !== undefined && bytes < total)
      throw new DownloadError('interrupted', `connection to ${host(options.url)} ended early`, {
        retryable: true,
      });
    if (total !== undefined && bytes > total) {
      await fs.rm(part, { force: true });
      state.carried = undefined;
      throw new DownloadError(
        'size-mismatch',
        `${options.url}: received ${bytes} bytes, expected ${total}; the partial file was deleted`,
        { retryable: true },
      );
    }
    const sha256 = hash.digest('hex');
    if (options.expectedSha256 && sha256 !== options.expectedSha256) {
      await fs.rm(part, { force: true });
      state.carried = undefined;
      throw new DownloadError(
        'checksum-mismatch',
        `checksum mismatch for ${path.basename(options.destination)}: expected sha256 ${options.expectedSha256}, got ${sha256}; the corrupt file was deleted, run the download again`,
      );
    }
    return { bytes, sha256 };
  } finally {
    clearTimeout(stallTimer);
    // Releases a response abandoned on an error path (a finished request ignores this).
    stall.abort();
  }
}

/** Ends the sink and waits until its bytes are on disk (or it fails). */
async function closeSink(sink: Writable, failed: Promise<never>): Promise<void> {
  if (sink.errored) throw sink.errored;
  if (sink.writableFinished) return;
  const finished = once(sink, 'finish');
  sink.end();
  await Promise.race([finished, failed]);
}

/** sha256 state for the first `offset` bytes of the part: reused from the last attempt or re-read from disk. */
async function hashOfExistingPart(part: string, offset: number, state: AttemptState): Promise<Hash> {
  if (offset === 0) return createHash('sha256');
  if (state.carried && state.carried.size === offset) return state.carried.hash.copy();
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(part, { start: 0, end: offset - 1 }))
    hash.update(chunk as Buffer);
  return hash;
}

/** Fails before writing when the disk plainly cannot hold the rest of the file (statfs is best-effort). */
async function ensureFreeSpace(dir: string, remaining: number, options: FetchFileOptions): Promise<void> {
  if (remaining <= 0) return;
  let free: number;
  try {
    const stats = await fs.statfs(dir);
    free = stats.bavail * stats.bsize;
  } catch {
    return;
  }
  if (free < remaining) {
    const enospc = Object.assign(new Error('not enough free space'), { code: 'ENOSPC' });
    throw fileSystemError(enospc, dir, remaining + (options.bytesAfterThisFile ?? 0) - free) ?? enospc;
  }
}

function httpError(status: number, options: FetchFileOptions): DownloadError {
  const url = options.url;
  if (status === 404)
    return new DownloadError(
      'not-found',
      `${url} was not found on the hub (404): check the repo and revision`,
    );
  if (status === 401 || status === 403)
    return new DownloadError(
      'unauthorized',
      options.token
        ? `${url} refused the HF_TOKEN (${status}): check the token and that its account accepted the model's terms on the hub`
        : `${url} needs authentication (${status}): set HF_TOKEN to a Hugging Face access token (the hub also answers 401 for a repo that does not exist: check the repo name)`,
    );
  const retryable = status === 408 || status === 429 || status >= 500;
  return new DownloadError('http', `${url} answered HTTP ${status}`, { retryable });
}

const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
]);

/** Turns whatever went wrong into a DownloadError that says what to do, and whether a retry can help. */
function classify(error: unknown, options: FetchFileOptions, remainingInFile: number): DownloadError {
  if (error instanceof DownloadError) return error;
  if (options.signal?.aborted) throw options.signal.reason ?? error;
  // A stalled response is aborted with a DownloadError as the reason; node:http wraps it in an AbortError.
  if ((error as { cause?: unknown } | null)?.cause instanceof DownloadError)
    return (error as { cause: DownloadError }).cause;
  const needed = remainingInFile + (options.bytesAfterThisFile ?? 0);
  const fsFailure = fileSystemError(error, path.dirname(options.destination), needed);
  if (fsFailure) return fsFailure;
  const code = errorCode(error);
  if (code && UNREACHABLE.has(code))
    return new DownloadError(
      'unreachable',
      `cannot reach ${host(options.url)} (${code}): check the network connection, or point SEAMLAB_HUB_URL at a mirror`,
      { cause: error },
    );
  const detail = code ?? (error instanceof Error ? error.message : String(error));
  return new DownloadError('interrupted', `connection to ${host(options.url)} dropped (${detail})`, {
    retryable: true,
    cause: error,
  });
}

/** The first errno-style code along the cause chain (undici wraps socket errors in "fetch failed"). */
function errorCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && !code.startsWith('UND_ERR') && code !== 'ABORT_ERR') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

function stalled(url: string, ms: number): DownloadError {
  return new DownloadError('interrupted', `${host(url)} sent nothing for ${Math.round(ms / 1000)} s`, {
    retryable: true,
  });
}

function parseContentRange(header: string | null): { start: number; total: number | undefined } | undefined {
  const match = header?.match(/^bytes (\d+)-(\d+)\/(\d+|\*)$/);
  if (!match) return undefined;
  return { start: Number(match[1]), total: match[3] === '*' ? undefined : Number(match[3]) };
}

function host(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

async function fileSize(file: string): Promise<number> {
  try {
    return (await fs.stat(file)).size;
  } catch {
    return 0;
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason as Error);
      },
      { once: true },
    );
  });
}
