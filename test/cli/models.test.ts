import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sha256, startFakeHub, type FakeHub } from '../engine/models/download/hub-server.ts';

const run = promisify(execFile);

/** Runs `node src/cli/main.ts models ...` asynchronously (the fake hub lives in this process and must keep serving). */
async function seamlab(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['src/cli/main.ts', 'models', ...args], {
      env: { ...process.env, SEAMLAB_QUIET: '1', HF_TOKEN: '', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

let hub: FakeHub;
let modelsDir: string;

beforeEach(async () => {
  hub = await startFakeHub(2048);
  modelsDir = await fs.mkdtemp(path.join(os.tmpdir(), 'seamlab-cli-models-'));
});

afterEach(async () => {
  await hub.close();
  await fs.rm(modelsDir, { recursive: true, force: true });
});

describe('seamlab models', () => {
  it('list --json prints the manifests and which models are installed', async () => {
    await fs.mkdir(path.join(modelsDir, 'fixture', 'onnx'), { recursive: true });
    await fs.writeFile(path.join(modelsDir, 'fixture', 'seamlab-model.json'), '{"synthetic":true}');
    const result = await seamlab(['list', '--json', '--models', modelsDir]);
    expect(result.code, result.stderr).toBe(0);
    const doc = JSON.parse(result.stdout) as {
      modelsDir: string;
      models: { id: string; installed: boolean; synthetic: boolean }[];
    };
    expect(doc.modelsDir).toBe(modelsDir);
    expect(doc.models.map((m) => [m.id, m.installed, m.synthetic])).toEqual([
      ['chatterbox', false, false],
      ['chatterbox-multilingual', false, false],
      ['chatterbox-turbo', false, false],
      ['fixture', true, true],
    ]);
  });

  it('downloads, verifies and removes a model from the hub URL in SEAMLAB_HUB_URL', async () => {
    const env = { SEAMLAB_HUB_URL: hub.url };
    const download = await seamlab(
      ['download', 'chatterbox-turbo', '--dtype', 'q4', '--revision', 'v1', '--json', '--models', modelsDir],
      env,
    );
    expect(download.code, download.stderr).toBe(0);
    const result = JSON.parse(download.stdout) as {
      status: string;
      dtype: string;
      revision: string;
      files: { target: string; repoPath: string; sha256: string }[];
    };
    expect(result).toMatchObject({ status: 'downloaded', dtype: 'q4', revision: 'v1' });
    expect(result.files).toHaveLength(9);
    expect(result.files.find((f) => f.target === 'onnx/conditional_decoder.onnx')).toMatchObject({
      repoPath: 'onnx/conditional_decoder_q4.onnx',
      sha256: sha256(hub.bytesFor('onnx/conditional_decoder_q4.onnx')),
    });
    expect(hub.requests.every((r) => r.status === 200)).toBe(true);
    expect(hub.requests).toHaveLength(9);
    const installed = path.join(modelsDir, 'chatterbox-turbo');
    expect(await fs.readFile(path.join(installed, 'onnx/language_model_q4.onnx_data'))).toEqual(
      hub.bytesFor('onnx/language_model_q4.onnx_data'),
    );

    const verify = await seamlab(['verify', 'chatterbox-turbo', '--models', modelsDir]);
    expect(verify.code, verify.stderr).toBe(0);
    expect(verify.stdout).toContain('chatterbox-turbo: all files match');

    await fs.appendFile(path.join(installed, 'tokenizer.json'), 'x');
    const damaged = await seamlab(['verify', 'chatterbox-turbo', '--json', '--models', modelsDir]);
    expect(damaged.code).toBe(2);
    const report = JSON.parse(damaged.stdout) as { ok: boolean; files: { target: string; status: string }[] };
    expect(report.ok).toBe(false);
    expect(report.files.filter((f) => f.status !== 'ok')).toEqual([
      expect.objectContaining({ target: 'tokenizer.json', status: 'size-mismatch' }),
    ]);

    const remove = await seamlab(['remove', 'chatterbox-turbo', '--models', modelsDir]);
    expect(remove.code, remove.stderr).toBe(0);
    await expect(fs.stat(installed)).rejects.toThrow();
  });

  it('fails with a clear message and a JSON error document', async () => {
    hub.faults.set('tokenizer.json', { status: 404 });
    const missing = await seamlab(['download', 'chatterbox', '--json', '--models', modelsDir], {
      SEAMLAB_HUB_URL: hub.url,
    });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('was not found on the hub (404): check the repo and revision');
    expect(JSON.parse(missing.stdout)).toMatchObject({ error: { code: 'not-found' } });

    const unknown = await seamlab(['download', 'no-such-model', '--models', modelsDir]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('unknown model "no-such-model": known models are chatterbox');
  });
});
