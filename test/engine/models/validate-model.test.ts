import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import {
  ModelContractError,
  assertValidModel,
  validateModelFolder,
} from '../../../src/engine/models/validate-model.ts';
import { buildTurboFixtureTokenizer } from '../../../src/engine/fixture/tokenizer.ts';
import { contractDecl, writeModelFolder, type ModelDecl } from './contract-graphs.ts';

const folders: string[] = [];
afterAll(async () => {
  for (const f of folders) await fs.rm(f, { recursive: true, force: true });
});

async function folderWith(
  edit: (decl: ModelDecl) => void = () => {},
  family: 'original' | 'turbo' = 'original',
) {
  const decl = contractDecl(family);
  edit(decl);
  // A Turbo folder needs a tokenizer whose template is Turbo's (turbo-template.ts checks it).
  const folder = await writeModelFolder(decl, family === 'turbo' ? buildTurboFixtureTokenizer() : undefined);
  folders.push(folder);
  return folder;
}

const messages = async (folder: string) => (await validateModelFolder(folder)).problems.map((p) => p.message);

describe('validateModelFolder', () => {
  test('a folder that follows the original contract passes', async () => {
    const report = await validateModelFolder(await folderWith());
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.family).toBe('original');
    expect(report.variant).toEqual({
      graphDtypes: {
        speech_encoder: 'fp32',
        embed_tokens: 'fp32',
        language_model: 'fp32',
        conditional_decoder: 'fp32',
      },
      kvDtype: 'float32',
      layers: 30,
      statefulDecoder: false,
    });
    expect(report.graphs.language_model?.inputs).toHaveLength(2 + 60);
    expect(report.graphs.embed_tokens?.externalDataFiles).toEqual(['embed_tokens.onnx_data']);
  });

  test('a renamed input is reported as missing and the new name as unexpected', async () => {
    const folder = await folderWith((d) => {
      d.embed_tokens.inputs[1]!.name = 'positions';
    });
    expect(await messages(folder)).toEqual([
      'embed_tokens: input "position_ids" missing',
      'embed_tokens: unexpected input "positions" (int64 of rank 2)',
    ]);
  });

  test('a wrong dtype names graph, tensor, expectation and finding', async () => {
    const folder = await folderWith((d) => {
      d.language_model.inputs[1]!.type = 'float32';
    });
    expect(await messages(folder)).toEqual([
      'language_model: input "attention_mask" expected int64 of rank 2, found float32 of rank 2',
    ]);
  });

  test('a wrong rank and a wrong fixed size are reported', async () => {
    const folder = await folderWith((d) => {
      d.speech_encoder.outputs[2]!.dims = ['b', 'x', 192];
      d.language_model.outputs[0]!.dims = ['b', 's', 100];
    });
    expect(await messages(folder)).toEqual([
      'speech_encoder: output "speaker_embeddings" expected float32 of rank 2, found float32 of rank 3',
      'language_model: output "logits" expected size 8194 on axis 2, found 100 (shape [b, s, 100])',
    ]);
  });

  test('a dropped layer is reported with the expected layer count', async () => {
    const folder = await folderWith((d) => {
      d.language_model.inputs = d.language_model.inputs.filter(
        (t) => !t.name.startsWith('past_key_values.3.'),
      );
    });
    expect(await messages(folder)).toEqual([
      'language_model: input "past_key_values.3.key" missing (expected 30 layers)',
      'language_model: input "past_key_values.3.value" missing (expected 30 layers)',
    ]);
  });

  test('mixed KV dtypes are rejected; all-float16 KV is accepted', async () => {
    const mixed = await folderWith((d) => {
      d.language_model.inputs[2]!.type = 'float16';
    });
    expect(await messages(mixed)).toEqual([
      'language_model: past_key_values/present tensors mix dtypes (1 float16, 119 float32); expected all float32 or all float16',
    ]);
    const half = await writeModelFolder(contractDecl('original', 'float16'));
    folders.push(half);
    const report = await validateModelFolder(half);
    expect(report.problems).toEqual([]);
    expect(report.variant.kvDtype).toBe('float16');
  });

  test('a deleted graph and a deleted sidecar are named', async () => {
    const folder = await folderWith();
    await fs.rm(path.join(folder, 'onnx', 'embed_tokens.onnx'));
    await fs.rm(path.join(folder, 'onnx', 'language_model.onnx_data'));
    expect(await messages(folder)).toEqual([
      'missing file onnx/embed_tokens.onnx',
      'language_model: missing external-data file onnx/language_model.onnx_data (referenced by onnx/language_model.onnx; it must sit beside the graph)',
    ]);
  });

  test('a hub-style suffixed graph is pointed out when the canonical name is missing', async () => {
    const folder = await folderWith();
    await fs.rename(
      path.join(folder, 'onnx', 'conditional_decoder.onnx'),
      path.join(folder, 'onnx', 'conditional_decoder_q4.onnx'),
    );
    expect(await messages(folder)).toEqual([
      "missing file onnx/conditional_decoder.onnx (found onnx/conditional_decoder_q4.onnx: the engine opens the canonical name; rename the graph and keep its sidecar's name)",
    ]);
  });

  test('a missing tokenizer.json is reported', async () => {
    const folder = await folderWith();
    await fs.rm(path.join(folder, 'tokenizer.json'));
    expect(await messages(folder)).toEqual(['tokenizer.json missing']);
  });

  test('a missing folder is one problem', async () => {
    const report = await validateModelFolder('/nonexistent/seamlab-model');
    expect(report.ok).toBe(false);
    expect(report.problems.map((p) => p.message)).toEqual([
      'model folder /nonexistent/seamlab-model does not exist',
      'tokenizer.json missing',
    ]);
  });

  test('turbo is detected from the graphs and checked against the turbo contract', async () => {
    const folder = await folderWith(() => {}, 'turbo');
    const report = await validateModelFolder(folder);
    expect(report.problems).toEqual([]);
    expect(report.family).toBe('turbo');
    expect(report.variant.layers).toBe(24);
  });

  test('a turbo model with 30 layers reports the surplus layers', async () => {
    const folder = await folderWith((d) => {
      const thirty = contractDecl('original').language_model;
      d.language_model.inputs = [...d.language_model.inputs.slice(0, 3), ...thirty.inputs.slice(2)];
      d.language_model.outputs = [d.language_model.outputs[0]!, ...thirty.outputs.slice(1)];
    }, 'turbo');
    const problems = await messages(folder);
    expect(problems).toHaveLength(24); // 6 layers x key/value x input/output
    expect(problems[0]).toBe(
      'language_model: unexpected input "past_key_values.24.key" (float32 of rank 4) (expected 24 layers)',
    );
  });

  test('a cache-capable decoder is recognised and its state pairs are checked', async () => {
    const good = await folderWith((d) => {
      d.conditional_decoder.inputs.push({ name: 'cache_source', type: 'float32', dims: ['b', 1, 'n'] });
      d.conditional_decoder.outputs.push({ name: 'new_cache_source', type: 'float32', dims: ['b', 1, 'n'] });
    });
    const report = await validateModelFolder(good);
    expect(report.problems).toEqual([]);
    expect(report.variant.statefulDecoder).toBe(true);

    const bad = await folderWith((d) => {
      d.conditional_decoder.inputs.push({ name: 'cache_mel', type: 'float32', dims: ['b', 80, 'n'] });
      d.conditional_decoder.outputs.push({ name: 'new_cache_mel', type: 'float16', dims: ['b', 80, 'n'] });
      d.conditional_decoder.inputs.push({ name: 'cache_noise', type: 'float32', dims: ['b', 80, 'n'] });
      d.conditional_decoder.outputs.push({ name: 'new_cache_offset', type: 'int64', dims: ['b'] });
    });
    expect(await messages(bad)).toEqual([
      'conditional_decoder: state output "new_cache_mel" expected float32 of rank 3 (like "cache_mel"), found float16 of rank 3',
      'conditional_decoder: state input "cache_noise" has no matching output "new_cache_noise"',
      'conditional_decoder: state output "new_cache_offset" has no matching input "cache_offset"',
    ]);
  });

  test('assertValidModel throws a ModelContractError listing every problem', async () => {
    const folder = await folderWith((d) => {
      d.language_model.inputs[1]!.type = 'float32';
    });
    await fs.rm(path.join(folder, 'tokenizer.json'));
    const error = await assertValidModel(folder).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelContractError);
    const contractError = error as ModelContractError;
    expect(contractError.problems).toHaveLength(2);
    expect(contractError.message).toContain(
      '- language_model: input "attention_mask" expected int64 of rank 2, found float32 of rank 2',
    );
    expect(contractError.message).toContain('- tokenizer.json missing');
    await expect(assertValidModel(await folderWith())).resolves.toMatchObject({ ok: true });
  });
});
