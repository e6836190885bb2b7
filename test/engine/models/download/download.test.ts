import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  downloadModel,
  listModelEntries,
  LOCK_FILE,
  parseManifest,
  readLock,
  removeModel,
  verifyModel,
  type DownloadModelOptions,
  type FileSink,
  type ModelDownloadProgress,
  type ModelManifest,
} from '../../../../src/engine/models/download/index.ts';
import { sha256, startFakeHub, type FakeHub } from './hub-server.ts';

const REPO = 'test-org/tiny-chatterbox-ONNX';

/** A small manifest shaped like the real ones: a shared graph, a dtype-variant graph with its sidecar. */
function tinyManifest(overrides: Partial<ModelManifest> = {}): ModelManifest {
  return parseManifest({
    id: 'tiny',
    name: 'Tiny',
    description: 'test model',
    repo: REPO,
    revision: 'main',
    family: 'original',
    license: 'MIT',
    dtypes: ['fp32', 'q4'],
    defaultDtype: 'q4',
    files: [
      { repoPath: 'tokenizer.json', target: 'tokenizer.json', approxBytes: 1000, sha256: null },
      {
        repoPath: 'onnx/embed_tokens.onnx',
        target: 'onnx/embed_tokens.onnx',
        approxBytes: 1000,
        sha256: null,
      },
      {
        repoPath: 'onnx/language_model_q4.onnx',
        target: 'onnx/language_model.onnx',
        dtype: 'q4',
        approxBytes: 1000,
        sha256: null,
      },
      {
        repoPath: 'onnx/language_model_q4.onnx_data',
        target: 'onnx/language_model_q4.onnx_data',
        dtype: 'q4',
        approxBytes: 200_000,
        sha256: null,
      },
      {
        repoPath: 'onnx/language_model.onnx',
        target: 'onnx/language_model.onnx',
        dtype: 'fp32',
        approxBytes: 1000,
        sha256: null,
      },
    ],
    ...overrides,
  });
}

let hub: FakeHub;
let modelsDir: string;

beforeEach(async () => {
  hub = await startFakeHub(3000);
  hub.sizes.set('onnx/language_model_q4.onnx_data', 200_000);
  modelsDir = await fs.mkdtemp(path.join(os.tmpdir(), 'seamlab-download-'));
});

afterEach(async () => {
  await hub.close();
  await fs.rm(modelsDir, { recursive: true, force: true });
});

function options(extra: Partial<DownloadModelOptions> = {}): DownloadModelOptions {
  return {
    id: 'tiny',
    modelsDir,
    manifest: tinyManifest(),
    env: { SEAMLAB_HUB_URL: hub.url },
    retryDelayMs: 1,
    ...extra,
  };
}

const exists = (p: string) =>
  fs.stat(p).then(
    () => true,
    () => false,
  );

describe('downloadModel', () => {
  it('downloads every file of the chosen dtype under canonical graph names, keeping the sidecar’s own name', async () => {
    const events: ModelDownloadProgress[] = [];
    const result = await downloadModel(options({ onProgress: (p) => events.push(p) }));

    const folder = path.join(modelsDir, 'tiny');
    expect(result.status).toBe('downloaded');
    expect(result.path).toBe(folder);
    expect(await exists(`${folder}.downloading`)).toBe(false);
    // The q4 graph is saved as language_model.onnx; its sidecar keeps the name the graph refers to.
    expect(await fs.readFile(path.join(folder, 'onnx/language_model.onnx'))).toEqual(
      hub.bytesFor('onnx/language_model_q4.onnx'),
    );
    expect(await fs.readFile(path.join(folder, 'onnx/language_model_q4.onnx_data'))).toEqual(
      hub.bytesFor('onnx/language_model_q4.onnx_data'),
    );
    expect((await fs.readdir(path.join(folder, 'onnx'))).sort()).toEqual([
      'embed_tokens.onnx',
      'language_model.onnx',
      'language_model_q4.onnx_data',
    ]);
    // Only the q4 set was requested, from the resolve URL pattern, and nothing twice.
    expect(hub.requests.map((r) => r.path).sort()).toEqual([
      'onnx/embed_tokens.onnx',
      'onnx/language_model_q4.onnx',
      'onnx/language_model_q4.onnx_data',
      'tokenizer.json',
    ]);
    expect(result.transferredBytes).toBe(3000 * 3 + 200_000);

    const lock = await readLock(folder);
    expect(lock?.complete).toBe(true);
    expect(lock?.dtype).toBe('q4');
    expect(lock?.resolvedCommit).toBe('c0ffee');
    expect(lock?.files.map((f) => [f.target, f.bytes, f.sha256, f.hashSource])).toEqual(
      [
        ['tokenizer.json', 'tokenizer.json'],
        ['onnx/embed_tokens.onnx', 'onnx/embed_tokens.onnx'],
        ['onnx/language_model.onnx', 'onnx/language_model_q4.onnx'],
        ['onnx/language_model_q4.onnx_data', 'onnx/language_model_q4.onnx_data'],
      ].map(([target, repoPath]) => {
        const bytes = hub.bytesFor(repoPath!);
        return [target, bytes.length, sha256(bytes), 'recorded'];
      }),
    );

    // Progress ends at the exact total and never goes backwards.
    const last = events.at(-1)!;
    expect(last.bytes).toBe(209_000);
    expect(last.total).toBe(209_000);
    for (let i = 1; i < events.length; i++)
      expect(events[i]!.bytes).toBeGreaterThanOrEqual(events[i - 1]!.bytes);

    const verified = await verifyModel({ id: 'tiny', modelsDir });
    expect(verified.ok).toBe(true);
    expect(verified.files.map((f) => f.status)).toEqual(['ok', 'ok', 'ok', 'ok']);
  });

  it('sends HF_TOKEN as a bearer token and explains a 401 without one', async () => {
    hub.requireToken = 'hf_secret';
    const denied = await downloadModel(options()).catch((e: unknown) => e);
    expect(denied).toMatchObject({ code: 'unauthorized' });
    expect((denied as Error).message).toContain('set HF_TOKEN');
    expect(await exists(path.join(modelsDir, 'tiny'))).toBe(false);

    const result = await downloadModel(options({ env: { SEAMLAB_HUB_URL: hub.url, HF_TOKEN: 'hf_secret' } }));
    expect(result.status).toBe('downloaded');
    expect(
      hub.requests.filter((r) => r.status === 200).every((r) => r.authorization === 'Bearer hf_secret'),
    ).toBe(true);
  });

  it('resumes a dropped connection with a Range request that transfers only the remainder', async () => {
    const big = 'onnx/language_model_q4.onnx_data';
    hub.faults.set(big, { dropAfter: 80_000, times: 1 });
    const result = await downloadModel(options());

    const bigRequests = hub.requests.filter((r) => r.path === big);
    expect(bigRequests).toHaveLength(2);
    expect(bigRequests[0]).toMatchObject({ range: undefined, status: 200, bytesServed: 80_000 });
    const start = Number(/^bytes=(\d+)-$/.exec(bigRequests[1]!.range ?? '')?.[1]);
    expect(start).toBeGreaterThan(0);
    expect(bigRequests[1]).toMatchObject({ status: 206, bytesServed: 200_000 - start });
    // Nothing was fetched twice: the network carried exactly the file sizes.
    expect(result.transferredBytes).toBe(3000 * 3 + 200_000);
    expect(await fs.readFile(path.join(modelsDir, 'tiny', big))).toEqual(hub.bytesFor(big));
    expect((await verifyModel({ id: 'tiny', modelsDir })).ok).toBe(true);
  });

  it('keeps a half-downloaded model under .downloading and resumes it on the next run', async () => {
    const big = 'onnx/language_model_q4.onnx_data';
    hub.faults.set(big, { dropAfter: 120_000, times: 1 });
    const failed = await downloadModel(options({ maxAttempts: 1 })).catch((e: unknown) => e);
    expect(failed).toMatchObject({ code: 'interrupted' });

    const staging = path.join(modelsDir, 'tiny.downloading');
    expect(await exists(path.join(modelsDir, 'tiny'))).toBe(false);
    const partSize = (await fs.stat(path.join(staging, `${big}.part`))).size;
    expect(partSize).toBeGreaterThan(0);
    expect(partSize).toBeLessThanOrEqual(120_000);
    expect((await readLock(staging))?.complete).toBe(false);
    expect((await listModelEntries({ modelsDir })).length).toBe(3); // real manifests; tiny has none
    const servedBefore = hub.bytesServed();
    const requestsBefore = hub.requests.length;

    const result = await downloadModel(options());
    const rerun = hub.requests.slice(requestsBefore);
    // Finished files are kept; only the big file is requested again, from where its part ends.
    expect(rerun.map((r) => [r.path, r.range])).toEqual([[big, `bytes=${partSize}-`]]);
    expect(hub.bytesServed() - servedBefore).toBe(200_000 - partSize);
    expect(result).toMatchObject({ status: 'downloaded', keptFiles: 3, resumedFiles: 1 });
    const lock = await readLock(path.join(modelsDir, 'tiny'));
    expect(lock?.files.find((f) => f.target === big)?.sha256).toBe(sha256(hub.bytesFor(big)));
    expect(await exists(staging)).toBe(false);
  });

  it('restarts cleanly when the server ignores Range and sends the whole file with 200', async () => {
    const big = 'onnx/language_model_q4.onnx_data';
    hub.faults.set(big, { dropAfter: 50_000, times: 1 });
    await downloadModel(options({ maxAttempts: 1 })).catch(() => undefined);
    hub.faults.set(big, { ignoreRange: true });

    await downloadModel(options());
    const last = hub.requests.filter((r) => r.path === big).at(-1)!;
    expect(last.range).toMatch(/^bytes=\d+-$/);
    expect(last).toMatchObject({ status: 200, bytesServed: 200_000 });
    expect(await fs.readFile(path.join(modelsDir, 'tiny', big))).toEqual(hub.bytesFor(big));
    expect((await verifyModel({ id: 'tiny', modelsDir })).ok).toBe(true);
  });

  it('retries 5xx with backoff a bounded number of times', async () => {
    hub.faults.set('tokenizer.json', { status: 503, times: 2 });
    const ok = await downloadModel(options());
    expect(ok.status).toBe('downloaded');
    expect(hub.requests.filter((r) => r.path === 'tokenizer.json').map((r) => r.status)).toEqual([
      503, 503, 200,
    ]);

    await removeModel({ id: 'tiny', modelsDir });
    hub.faults.set('tokenizer.json', { status: 500 });
    const before = hub.requests.length;
    const failed = await downloadModel(options({ maxAttempts: 3 })).catch((e: unknown) => e);
    expect(failed).toMatchObject({ code: 'http' });
    expect((failed as Error).message).toContain('HTTP 500 (gave up after 3 attempts');
    expect(hub.requests.length - before).toBe(3);
  });

  it('detects corruption against a pinned sha256 and deletes the corrupt file', async () => {
    const pinned = tinyManifest();
    const big = pinned.files.find((f) => f.repoPath === 'onnx/language_model_q4.onnx_data')!;
    big.sha256 = sha256(hub.bytesFor(big.repoPath));
    hub.faults.set(big.repoPath, { corrupt: true, times: 1 });

    const failed = await downloadModel(options({ manifest: pinned })).catch((e: unknown) => e);
    expect(failed).toMatchObject({ code: 'checksum-mismatch' });
    expect((failed as Error).message).toContain('the corrupt file was deleted');
    const staging = path.join(modelsDir, 'tiny.downloading');
    expect(await exists(path.join(staging, `${big.target}.part`))).toBe(false);
    expect(await exists(path.join(staging, big.target))).toBe(false);
    expect(await exists(path.join(modelsDir, 'tiny'))).toBe(false);

    // The next run fetches it again, clean, and records that the hash was pinned.
    const result = await downloadModel(options({ manifest: pinned }));
    expect(result.files.find((f) => f.target === big.target)).toMatchObject({
      sha256: big.sha256,
      hashSource: 'pinned',
    });
  });

  it('verify reports files changed, truncated or missing on disk after the download', async () => {
    await downloadModel(options());
    const folder = path.join(modelsDir, 'tiny');
    const flipped = await fs.readFile(path.join(folder, 'onnx/embed_tokens.onnx'));
    flipped[10] = (flipped[10] ?? 0) ^ 1;
    await fs.writeFile(path.join(folder, 'onnx/embed_tokens.onnx'), flipped);
    await fs.truncate(path.join(folder, 'tokenizer.json'), 100);
    await fs.rm(path.join(folder, 'onnx/language_model.onnx'));

    const result = await verifyModel({ id: 'tiny', modelsDir });
    expect(result.ok).toBe(false);
    expect(Object.fromEntries(result.files.map((f) => [f.target, f.status]))).toEqual({
      'tokenizer.json': 'size-mismatch',
      'onnx/embed_tokens.onnx': 'checksum-mismatch',
      'onnx/language_model.onnx': 'missing',
      'onnx/language_model_q4.onnx_data': 'ok',
    });
  });

  it('says clearly when a file is not on the hub (404) or the hub cannot be reached', async () => {
    hub.faults.set('onnx/embed_tokens.onnx', { status: 404 });
    const missing = await downloadModel(options()).catch((e: unknown) => e);
    expect(missing).toMatchObject({ code: 'not-found' });
    expect((missing as Error).message).toMatch(
      /resolve\/main\/onnx\/embed_tokens\.onnx was not found on the hub \(404\): check the repo and revision/,
    );

    const closed = await startFakeHub();
    const deadUrl = closed.url;
    await closed.close();
    const offline = await downloadModel(options({ env: { SEAMLAB_HUB_URL: deadUrl } })).catch(
      (e: unknown) => e,
    );
    expect(offline).toMatchObject({ code: 'unreachable' });
    expect((offline as Error).message).toContain(`cannot reach ${new URL(deadUrl).host} (ECONNREFUSED)`);
  });

  it('reports a full disk with the space still needed, and a read-only folder', async () => {
    const failingSink = (code: string, after: number): FileSink => ({
      open: () => {
        let written = 0;
        return new Writable({
          write(chunk: Buffer, _enc, done) {
            written += chunk.length;
            if (written > after) done(Object.assign(new Error(`${code}: simulated`), { code }));
            else done();
          },
        });
      },
    });
    const full = await downloadModel(options({ sink: failingSink('ENOSPC', 1000) })).catch((e: unknown) => e);
    expect(full).toMatchObject({ code: 'disk-full' });
    // The first file failed; the message counts the rest of the model (this file and 3 more, about 205 kB).
    expect((full as Error).message).toMatch(
      /disk full while writing .*: about 205 kB more free space is needed/,
    );
    expect(await exists(path.join(modelsDir, 'tiny'))).toBe(false);

    const readOnly = await downloadModel(options({ sink: failingSink('EROFS', 0) })).catch((e: unknown) => e);
    expect(readOnly).toMatchObject({ code: 'read-only' });
    expect((readOnly as Error).message).toContain('--models <dir>');
  });

  it('does nothing for an installed model and refuses to mix dtypes in one folder', async () => {
    await downloadModel(options());
    const served = hub.requests.length;
    const again = await downloadModel(options());
    expect(again.status).toBe('already-installed');
    expect(hub.requests.length).toBe(served);

    const other = await downloadModel(options({ dtype: 'fp32' })).catch((e: unknown) => e);
    expect(other).toMatchObject({ code: 'already-installed' });
    expect((other as Error).message).toContain('seamlab models remove tiny');

    const unknown = await downloadModel(options({ dtype: 'int8' })).catch((e: unknown) => e);
    expect((unknown as Error).message).toContain('tiny has no dtype "int8": choose one of fp32, q4');
  });
});

describe('listModelEntries and removeModel', () => {
  it('lists manifests with their state, generated fixtures as installed, and removes only what Seamlab made', async () => {
    const fixture = path.join(modelsDir, 'fixture-tiny');
    await fs.mkdir(path.join(fixture, 'onnx'), { recursive: true });
    await fs.writeFile(path.join(fixture, 'seamlab-model.json'), JSON.stringify({ synthetic: true }));
    await fs.mkdir(path.join(modelsDir, 'chatterbox-turbo.downloading'));
    await fs.mkdir(path.join(modelsDir, 'someone-elses'));

    const entries = await listModelEntries({ modelsDir });
    expect(entries.map((e) => [e.id, e.source, e.installed, e.partial, e.synthetic])).toEqual([
      ['chatterbox', 'manifest', false, false, false],
      ['chatterbox-multilingual', 'manifest', false, false, false],
      ['chatterbox-turbo', 'manifest', false, true, false],
      ['fixture-tiny', 'fixture', true, false, true],
    ]);

    await downloadModel(options());
    const withTiny = await listModelEntries({ modelsDir });
    expect(withTiny.find((e) => e.id === 'tiny')).toMatchObject({
      source: 'download',
      installed: true,
      installedDtype: 'q4',
      repo: REPO,
    });

    expect(await removeModel({ id: 'tiny', modelsDir })).toEqual({ removed: [path.join(modelsDir, 'tiny')] });
    expect(await exists(path.join(modelsDir, 'tiny'))).toBe(false);
    await expect(removeModel({ id: 'someone-elses', modelsDir })).rejects.toThrow('was not made by Seamlab');
    await expect(removeModel({ id: '../etc', modelsDir })).rejects.toThrow('not a valid model id');
    await expect(removeModel({ id: 'tiny', modelsDir })).rejects.toThrow('tiny is not installed');
    await expect(verifyModel({ id: 'fixture-tiny', modelsDir })).rejects.toThrow('not a downloaded model');
    expect(await exists(path.join(modelsDir, 'tiny', LOCK_FILE))).toBe(false);
  });
});
