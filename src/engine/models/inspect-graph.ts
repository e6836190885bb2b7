import fs from 'node:fs/promises';
import path from 'node:path';
import onnxProto from 'onnx-proto';
import type { ElementType } from './graph-contract.ts';

const { onnx } = onnxProto;

/** One declared graph input or output. `dims` is null when the graph declares no shape at all. */
export interface TensorInfo {
  name: string;
  type: ElementType;
  dims: (number | string)[] | null;
}

export interface GraphInfo {
  /** Absolute path of the .onnx file. */
  file: string;
  bytes: number;
  inputs: TensorInfo[];
  outputs: TensorInfo[];
  /** How the I/O was read: decoding the protobuf, or (large self-contained files) an onnxruntime session. */
  source: 'protobuf' | 'session';
  /** External-data files the graph's initializers point at, relative to the graph's folder (empty via session). */
  externalDataFiles: string[];
  /** Distinct node op types (empty via session): lets the variant label spot MatMulNBits etc. */
  opTypes: string[];
  /** Initializer count per element type (empty via session): fp16 weights vs fp32 weights. */
  initializerTypes: Partial<Record<ElementType, number>>;
}

export interface InspectOptions {
  /**
   * Above this size the file is not decoded in JS (the protobuf would be copied into the JS heap whole); its
   * I/O is read through an onnxruntime session instead. Real graphs keep weights in sidecars and are small.
   */
  maxDecodeBytes?: number;
}

export const DEFAULT_MAX_DECODE_BYTES = 64 * 1024 * 1024;

/** ONNX TensorProto.DataType -> onnxruntime type name. */
const ELEMENT_TYPES: Readonly<Record<number, ElementType>> = {
  1: 'float32',
  2: 'uint8',
  3: 'int8',
  4: 'uint16',
  5: 'int16',
  6: 'int32',
  7: 'int64',
  8: 'string',
  9: 'bool',
  10: 'float16',
  11: 'float64',
  12: 'uint32',
  13: 'uint64',
  14: 'complex64',
  15: 'complex128',
  16: 'bfloat16',
};

export function elementTypeName(onnxType: number | null | undefined): ElementType {
  return (onnxType !== null && onnxType !== undefined && ELEMENT_TYPES[onnxType]) || 'unknown';
}

/** Reads a graph's declared inputs and outputs without creating a session (and without touching weights). */
export async function inspectGraph(file: string, options: InspectOptions = {}): Promise<GraphInfo> {
  const absolute = path.resolve(file);
  const { size } = await fs.stat(absolute);
  if (size > (options.maxDecodeBytes ?? DEFAULT_MAX_DECODE_BYTES)) return inspectWithSession(absolute, size);
  return decodeGraph(absolute, await fs.readFile(absolute));
}

function decodeGraph(file: string, bytes: Uint8Array): GraphInfo {
  let model: onnxProto.onnx.ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (error) {
    throw new Error(`${file} is not a readable ONNX model: ${(error as Error).message}`, { cause: error });
  }
  const graph = model.graph;
  if (!graph) throw new Error(`${file} holds no graph`);
  // Older IR versions list initializers among the inputs; they are weights, not things the caller feeds.
  const initializers = graph.initializer ?? [];
  const nodes = graph.node ?? [];
  const initializerNames = new Set(initializers.map((t) => t.name));
  const externalData = new Set<string>();
  const initializerTypes: Partial<Record<ElementType, number>> = {};
  for (const tensor of initializers) {
    const type = elementTypeName(tensor.dataType);
    initializerTypes[type] = (initializerTypes[type] ?? 0) + 1;
    const location = externalLocation(tensor);
    if (location) externalData.add(location);
  }
  // Constant nodes can also carry external tensors.
  for (const node of nodes)
    for (const attribute of node.attribute ?? []) {
      const location = attribute.t ? externalLocation(attribute.t) : null;
      if (location) externalData.add(location);
    }
  return {
    file,
    bytes: bytes.byteLength,
    inputs: (graph.input ?? []).filter((v) => !initializerNames.has(v.name)).map(tensorInfo),
    outputs: (graph.output ?? []).map(tensorInfo),
    source: 'protobuf',
    externalDataFiles: [...externalData].sort(),
    opTypes: [...new Set(nodes.map((n) => n.opType ?? ''))].sort(),
    initializerTypes,
  };
}

function externalLocation(tensor: onnxProto.onnx.ITensorProto): string | null {
  if (tensor.dataLocation !== onnx.TensorProto.DataLocation.EXTERNAL) return null;
  const entry = (tensor.externalData ?? []).find((e) => e.key === 'location');
  return entry?.value ?? null;
}

function tensorInfo(value: onnxProto.onnx.IValueInfoProto): TensorInfo {
  const tensorType = value.type?.tensorType;
  const shape = tensorType?.shape;
  return {
    name: value.name ?? '',
    type: elementTypeName(tensorType?.elemType),
    dims: shape ? (shape.dim ?? []).map(dimValue) : null,
  };
}

function dimValue(dim: onnxProto.onnx.TensorShapeProto.IDimension): number | string {
  if (dim.dimParam) return dim.dimParam;
  if (dim.dimValue !== null && dim.dimValue !== undefined) {
    // protobufjs gives int64 fields as Long objects when the `long` package is present.
    const n = typeof dim.dimValue === 'number' ? dim.dimValue : Number(dim.dimValue.toString());
    // A dimension with neither a value nor a name decodes as 0: treat it as an unnamed dynamic axis.
    return n > 0 ? n : '?';
  }
  return '?';
}

/**
 * Fallback for graphs too large to decode in JS (weights stored inside the .onnx): onnxruntime reads the
 * metadata. Creating the session loads the weights into native memory for a moment, which is the cost of this
 * path; external-data, op and initializer details are not available this way.
 */
async function inspectWithSession(file: string, bytes: number): Promise<GraphInfo> {
  const ort = await import('onnxruntime-node');
  const session = await ort.InferenceSession.create(file, { executionProviders: ['cpu'] });
  try {
    const convert = (m: (typeof session.inputMetadata)[number]): TensorInfo =>
      m.isTensor
        ? {
            name: m.name,
            type: (m.type as ElementType) ?? 'unknown',
            dims: m.shape.length === 0 ? null : [...m.shape],
          }
        : { name: m.name, type: 'unknown', dims: null };
    return {
      file,
      bytes,
      inputs: session.inputMetadata.map(convert),
      outputs: session.outputMetadata.map(convert),
      source: 'session',
      externalDataFiles: [],
      opTypes: [],
      initializerTypes: {},
    };
  } finally {
    await session.release();
  }
}

/** External-data files the graph refers to that are not beside it (names relative to the graph's folder). */
export async function missingExternalData(info: GraphInfo): Promise<string[]> {
  const dir = path.dirname(info.file);
  const missing: string[] = [];
  for (const name of info.externalDataFiles) {
    try {
      await fs.access(path.join(dir, name));
    } catch {
      missing.push(name);
    }
  }
  return missing;
}
