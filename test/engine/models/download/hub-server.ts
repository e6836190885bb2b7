import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** Deterministic bytes for a path: the same path always serves the same content. */
export function generatedBytes(filePath: string, size: number): Buffer {
  const out = Buffer.alloc(size);
  for (let offset = 0, block = 0; offset < size; block++) {
    const digest = createHash('sha256').update(`${filePath}#${block}`).digest();
    offset += digest.copy(out, offset);
  }
  return out;
}

export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** How the fake hub misbehaves for one repo path; counters make a fault happen only N times. */
export interface Fault {
  /** Send this many bytes of the body, then cut the connection (per faulty request). */
  dropAfter?: number;
  /** Answer with this status instead of the file. */
  status?: number;
  /** Serve the whole file with 200 even when a Range is asked for. */
  ignoreRange?: boolean;
  /** Flip one byte in the middle of what is served. */
  corrupt?: boolean;
  /** How many requests the fault applies to (default: all). */
  times?: number;
}

export interface ServedRequest {
  path: string;
  range: string | undefined;
  authorization: string | undefined;
  status: number;
  bytesServed: number;
}

export interface FakeHub {
  url: string;
  requests: ServedRequest[];
  /** Sizes by repo path; paths not listed get `defaultSize`. */
  sizes: Map<string, number>;
  faults: Map<string, Fault>;
  /** When set, requests without `Bearer <token>` get 401. */
  requireToken: string | undefined;
  bytesFor(repoPath: string): Buffer;
  bytesServed(repoPath?: string): number;
  close(): Promise<void>;
}

/**
 * A stand-in for the Hugging Face hub on 127.0.0.1: GET /{owner}/{name}/resolve/{revision}/{path} serves generated
 * bytes, honours Range with 206, and can drop connections, ignore Range, fail with a status or corrupt bytes.
 */
export async function startFakeHub(defaultSize = 4096): Promise<FakeHub> {
  const requests: ServedRequest[] = [];
  const sizes = new Map<string, number>();
  const faults = new Map<string, Fault>();
  const hub: FakeHub = {
    url: '',
    requests,
    sizes,
    faults,
    requireToken: undefined,
    bytesFor: (p) => generatedBytes(p, sizes.get(p) ?? defaultSize),
    bytesServed: (p) =>
      requests.filter((r) => p === undefined || r.path === p).reduce((s, r) => s + r.bytesServed, 0),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server = http.createServer((req, res) => {
    const match = /^\/[^/]+\/[^/]+\/resolve\/[^/]+\/(.+)$/.exec(decodeURIComponent(req.url ?? ''));
    const repoPath = match?.[1] ?? '';
    const record: ServedRequest = {
      path: repoPath,
      range: req.headers.range,
      authorization: req.headers.authorization,
      status: 0,
      bytesServed: 0,
    };
    requests.push(record);
    const fault = faults.get(repoPath);
    const faultActive = fault !== undefined && (fault.times === undefined || fault.times > 0);
    if (faultActive && fault.times !== undefined) fault.times -= 1;
    const reply = (status: number, headers: http.OutgoingHttpHeaders, body?: Buffer) => {
      record.status = status;
      res.writeHead(status, { 'x-repo-commit': 'c0ffee', ...headers });
      if (body) record.bytesServed += body.length;
      res.end(body);
    };
    if (!match) return reply(404, {}, Buffer.from('no such route'));
    if (hub.requireToken && req.headers.authorization !== `Bearer ${hub.requireToken}`)
      return reply(401, {}, Buffer.from('unauthorized'));
    if (faultActive && fault.status) return reply(fault.status, {}, Buffer.from(`status ${fault.status}`));

    let bytes = hub.bytesFor(repoPath);
    if (faultActive && fault.corrupt) {
      bytes = Buffer.from(bytes);
      const middle = bytes.length >> 1;
      bytes[middle] = (bytes[middle] ?? 0) ^ 0xff;
    }
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    let start = 0;
    let status = 200;
    const headers: http.OutgoingHttpHeaders = {};
    if (range && !(faultActive && fault.ignoreRange)) {
      start = Number(range[1]);
      if (start >= bytes.length) return reply(416, { 'content-range': `bytes */${bytes.length}` });
      status = 206;
      headers['content-range'] = `bytes ${start}-${bytes.length - 1}/${bytes.length}`;
    }
    const body = bytes.subarray(start);
    headers['content-length'] = body.length;
    if (faultActive && fault.dropAfter !== undefined && fault.dropAfter < body.length) {
      record.status = status;
      res.writeHead(status, headers);
      const part = body.subarray(0, fault.dropAfter);
      record.bytesServed += part.length;
      // Flush what we promised to send, then cut the socket mid-body.
      res.write(part, () => res.socket?.destroy());
      return;
    }
    reply(status, headers, body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  hub.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return hub;
}
