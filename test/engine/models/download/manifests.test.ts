import { describe, expect, it } from 'vitest';
import {
  hubConfig,
  hubFileUrl,
  loadManifests,
  parseManifest,
  planFiles,
} from '../../../../src/engine/models/download/index.ts';

const GRAPHS = ['speech_encoder', 'embed_tokens', 'language_model', 'conditional_decoder'];

describe('model manifests', () => {
  it('ship the three Chatterbox exports with every dtype mapping onto the four canonical graph names', async () => {
    const manifests = await loadManifests();
    expect(manifests.map((m) => [m.id, m.repo, m.defaultDtype])).toEqual([
      ['chatterbox', 'onnx-community/chatterbox-ONNX', 'q4'],
      ['chatterbox-multilingual', 'onnx-community/chatterbox-multilingual-ONNX', 'q4'],
      ['chatterbox-turbo', 'ResembleAI/chatterbox-turbo-ONNX', 'q4f16'],
    ]);
    for (const manifest of manifests)
      for (const dtype of manifest.dtypes) {
        const plan = planFiles(manifest, dtype, manifest.revision);
        const targets = plan.map((f) => f.target);
        expect(targets).toContain('tokenizer.json');
        for (const graph of GRAPHS) {
          const graphFile = plan.find((f) => f.target === `onnx/${graph}.onnx`);
          expect(graphFile, `${manifest.id} ${dtype} ${graph}`).toBeDefined();
          // The sidecar keeps the name the graph refers to: the graph's repo name with "_data".
          const sidecar = `${graphFile!.repoPath}_data`;
          expect(plan.find((f) => f.repoPath === sidecar)?.target).toBe(sidecar);
        }
        expect(plan).toHaveLength(targets.length);
        expect(new Set(targets).size).toBe(targets.length);
      }
  });

  it('picks only the chosen language model variant and sizes match the documented ones', async () => {
    const manifests = await loadManifests();
    const original = manifests.find((m) => m.id === 'chatterbox')!;
    const q4 = planFiles(original, 'q4', 'main');
    expect(
      q4.filter((f) => f.repoPath.startsWith('onnx/language_model')).map((f) => [f.repoPath, f.target]),
    ).toEqual([
      ['onnx/language_model_q4.onnx', 'onnx/language_model.onnx'],
      ['onnx/language_model_q4.onnx_data', 'onnx/language_model_q4.onnx_data'],
    ]);
    const lmData = (dtype: string) =>
      planFiles(original, dtype, 'main').find((f) => /language_model.*onnx_data$/.test(f.target))!
        .approxBytes;
    // model.md: fp32 2.08 GB / fp16 1.04 GB / q4 354 MB / q4f16 305 MB.
    expect(
      [lmData('fp32'), lmData('fp16'), lmData('q4'), lmData('q4f16')].map((b) => Math.round(b / 1e7)),
    ).toEqual([208, 104, 35, 30]);
    expect(() => planFiles(original, 'int8', 'main')).toThrow('choose one of fp32, fp16, q4, q4f16');
    const turbo = manifests.find((m) => m.id === 'chatterbox-turbo')!;
    const total = planFiles(turbo, 'q4f16', 'main').reduce((s, f) => s + f.approxBytes, 0);
    expect(total / 1e6).toBeGreaterThan(450);
    expect(total / 1e6).toBeLessThan(600);
  });

  it('rejects unsafe or inconsistent manifests and drops pinned hashes for another revision', () => {
    const base = {
      id: 'x',
      name: 'X',
      description: '',
      repo: 'a/b',
      revision: 'abc123',
      family: 'original',
      license: 'MIT',
      dtypes: ['fp32'],
      defaultDtype: 'fp32',
      files: [{ repoPath: 'a.onnx', target: 'onnx/a.onnx', approxBytes: 1, sha256: 'a'.repeat(64) }],
    };
    expect(planFiles(parseManifest(base), 'fp32', 'abc123')[0]!.sha256).toBe('a'.repeat(64));
    expect(planFiles(parseManifest(base), 'fp32', 'main')[0]!.sha256).toBeNull();
    const bad =
      (files: unknown[], extra = {}) =>
      () =>
        parseManifest({ ...base, ...extra, files }, 'bad.json');
    expect(bad([{ repoPath: 'a', target: '../escape', approxBytes: 1, sha256: null }])).toThrow(
      /invalid model manifest bad.json: files.0.target: must be a relative path/,
    );
    expect(bad([{ repoPath: 'a', target: 'b', dtype: 'q8', approxBytes: 1, sha256: null }])).toThrow(
      'dtype q8 is not in dtypes',
    );
    expect(
      bad([
        { repoPath: 'a', target: 'b', approxBytes: 1, sha256: null },
        { repoPath: 'c', target: 'b', approxBytes: 1, sha256: null },
      ]),
    ).toThrow('dtype fp32 writes b twice');
    expect(bad(base.files, { defaultDtype: 'q4' })).toThrow('defaultDtype q4 is not in dtypes');
  });

  it('builds resolve URLs from SEAMLAB_HUB_URL (or HF_ENDPOINT, or the hub) and reads HF_TOKEN', () => {
    expect(hubConfig({})).toEqual({ baseUrl: 'https://huggingface.co', token: undefined });
    expect(hubConfig({ HF_ENDPOINT: 'https://mirror.example/', HF_TOKEN: 't' })).toEqual({
      baseUrl: 'https://mirror.example',
      token: 't',
    });
    expect(hubConfig({ SEAMLAB_HUB_URL: 'http://127.0.0.1:9', HF_ENDPOINT: 'https://x' }).baseUrl).toBe(
      'http://127.0.0.1:9',
    );
    expect(
      hubFileUrl('https://huggingface.co', 'onnx-community/chatterbox-ONNX', 'main', 'onnx/a b.onnx'),
    ).toBe('https://huggingface.co/onnx-community/chatterbox-ONNX/resolve/main/onnx/a%20b.onnx');
  });
});
