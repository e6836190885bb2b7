/**
 * Test helper: writes tiny graphs whose declared I/O follows graph-contract.ts (or a tampered copy of it) into a
 * model folder. Weights are irrelevant: every output is a ConstantOfShape of the right dtype and rank, so the
 * graphs are also valid for onnxruntime.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import onnxProto from 'onnx-proto';
import { GraphBuilder, type DataTypeName, type Dim } from '../../../src/engine/onnx/graph-builder.ts';
import {
  GRAPH_CONTRACTS,
  GRAPH_NAMES,
  type ElementType,
  type GraphName,
  type ModelFamily,
} from '../../../src/engine/models/graph-contract.ts';

const { onnx } = onnxProto;

export interface TensorDecl {
  name: string;
  type: ElementType;
  dims: Dim[];
}

export interface GraphDecl {
  inputs: TensorDecl[];
  outputs: TensorDecl[];
  /** Adds one external initializer pointing at this file name (the sidecar). */
  externalData?: string;
}

export type ModelDecl = Record<GraphName, GraphDecl>;

/** The contract of a family as concrete declarations (dynamic axes named `d0`, `d1` ...). */
export function contractDecl(family: ModelFamily, kvType: 'float32' | 'float16' = 'float32'): ModelDecl {
  const out = {} as ModelDecl;
  for (const graph of GRAPH_NAMES) {
    const contract = GRAPH_CONTRACTS[family][graph];
    const decl = (t: (typeof contract.inputs)[number]): TensorDecl => ({
      name: t.name,
      type: t.dtypes.includes(kvType) && t.dtypes.length > 1 ? kvType : t.dtypes[0]!,
      dims: t.dims.map((d, i) => d ?? `d${i}`),
    });
    out[graph] = {
      inputs: contract.inputs.map(decl),
      outputs: contract.outputs.map(decl),
      externalData: `${graph}.onnx_data`,
    };
  }
  return out;
}

const BUILDER_TYPES: Partial<Record<ElementType, DataTypeName>> = {
  float32: 'float',
  float16: 'float16',
  int64: 'int64',
  int32: 'int32',
  bool: 'bool',
};

function valueTensor(type: ElementType): onnxProto.onnx.ITensorProto {
  const T = onnx.TensorProto.DataType;
  switch (type) {
    case 'float32':
      return { dims: [1], dataType: T.FLOAT, floatData: [0] };
    case 'float16':
      return { dims: [1], dataType: T.FLOAT16, rawData: new Uint8Array(2) };
    case 'int64':
      return { dims: [1], dataType: T.INT64, int64Data: [0] };
    case 'int32':
      return { dims: [1], dataType: T.INT32, int32Data: [0] };
    default:
      throw new Error(`no constant for ${type}`);
  }
}

export function buildGraph(name: string, decl: GraphDecl): Uint8Array {
  const g = new GraphBuilder(name);
  for (const t of decl.inputs) g.input({ name: t.name, type: BUILDER_TYPES[t.type]!, shape: t.dims });
  for (const t of decl.outputs) {
    const shape = g.ints(
      g.tmp('shape'),
      [t.dims.length],
      t.dims.map((d) => (typeof d === 'number' ? d : 1)),
    );
    g.node('ConstantOfShape', [shape], [t.name], { value: { tensor: valueTensor(t.type) } });
    g.output({ name: t.name, type: BUILDER_TYPES[t.type]!, shape: t.dims });
  }
  const bytes = g.build();
  if (!decl.externalData) return bytes;
  // GraphBuilder writes inline weights only: add one external initializer by editing the decoded model.
  const model = onnx.ModelProto.decode(bytes);
  model.graph!.initializer!.push(
    onnx.TensorProto.create({
      name: 'external_weight',
      dims: [4],
      dataType: onnx.TensorProto.DataType.FLOAT,
      dataLocation: onnx.TensorProto.DataLocation.EXTERNAL,
      externalData: [
        { key: 'location', value: decl.externalData },
        { key: 'offset', value: '0' },
        { key: 'length', value: '16' },
      ],
    }),
  );
  return onnx.ModelProto.encode(model).finish();
}

/** Writes `onnx/NAME.onnx` (+ sidecar) for every graph and a tokenizer.json; returns the folder. */
export async function writeModelFolder(
  decl: ModelDecl,
  tokenizer: unknown = { model: { type: 'BPE', vocab: { '[STOP]': 0, '[START]': 255 } } },
  folder?: string,
): Promise<string> {
  const root = folder ?? (await fs.mkdtemp(path.join(os.tmpdir(), 'seamlab-model-')));
  await fs.mkdir(path.join(root, 'onnx'), { recursive: true });
  for (const graph of GRAPH_NAMES) {
    const d = decl[graph];
    await fs.writeFile(path.join(root, 'onnx', `${graph}.onnx`), buildGraph(graph, d));
    if (d.externalData) await fs.writeFile(path.join(root, 'onnx', d.externalData), new Uint8Array(16));
  }
  if (tokenizer !== null) await fs.writeFile(path.join(root, 'tokenizer.json'), JSON.stringify(tokenizer));
  return root;
}
