import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { inspectGraph, missingExternalData } from '../../../src/engine/models/inspect-graph.ts';
import { buildGraph } from './contract-graphs.ts';

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'seamlab-inspect-'));
  const graph = buildGraph('g', {
    inputs: [
      { name: 'ids', type: 'int64', dims: ['batch', 'seq'] },
      { name: 'scale', type: 'float32', dims: [3] },
    ],
    outputs: [
      { name: 'out', type: 'float16', dims: ['batch', 16, 'seq', 64] },
      { name: 'count', type: 'int64', dims: [1] },
    ],
    externalData: 'g_q4.onnx_data',
  });
  await fs.writeFile(path.join(dir, 'g.onnx'), graph);
  await fs.writeFile(path.join(dir, 'g_q4.onnx_data'), new Uint8Array(16));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('inspectGraph', () => {
  test('decodes names, element types and dims without a session', async () => {
    const info = await inspectGraph(path.join(dir, 'g.onnx'));
    expect(info.source).toBe('protobuf');
    expect(info.inputs).toEqual([
      { name: 'ids', type: 'int64', dims: ['batch', 'seq'] },
      { name: 'scale', type: 'float32', dims: [3] },
    ]);
    expect(info.outputs).toEqual([
      { name: 'out', type: 'float16', dims: ['batch', 16, 'seq', 64] },
      { name: 'count', type: 'int64', dims: [1] },
    ]);
    expect(info.externalDataFiles).toEqual(['g_q4.onnx_data']);
    expect(info.opTypes).toEqual(['ConstantOfShape']);
    expect(info.initializerTypes).toEqual({ int64: 2, float32: 1 });
  });

  test('reports a missing sidecar by name', async () => {
    const info = await inspectGraph(path.join(dir, 'g.onnx'));
    expect(await missingExternalData(info)).toEqual([]);
    await fs.rename(path.join(dir, 'g_q4.onnx_data'), path.join(dir, 'moved.bin'));
    try {
      expect(await missingExternalData(info)).toEqual(['g_q4.onnx_data']);
    } finally {
      await fs.rename(path.join(dir, 'moved.bin'), path.join(dir, 'g_q4.onnx_data'));
    }
  });

  test('falls back to onnxruntime metadata for files above the decode limit', async () => {
    const info = await inspectGraph(path.join(dir, 'g.onnx'), { maxDecodeBytes: 0 });
    expect(info.source).toBe('session');
    expect(info.inputs).toEqual([
      { name: 'ids', type: 'int64', dims: ['batch', 'seq'] },
      { name: 'scale', type: 'float32', dims: [3] },
    ]);
    // onnxruntime reports the shapes it inferred from the (constant-shaped) nodes, so only rank is stable here.
    expect(info.outputs.map((t) => [t.name, t.type, t.dims?.length])).toEqual([
      ['out', 'float16', 4],
      ['count', 'int64', 1],
    ]);
  });

  test('a file that is not ONNX gives an error naming it', async () => {
    const bad = path.join(dir, 'bad.onnx');
    await fs.writeFile(bad, 'not a protobuf at all, just text');
    await expect(inspectGraph(bad)).rejects.toThrow(`${bad} is not a readable ONNX model`);
  });
});
