import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

/** ONNX element types used by Seamlab's generated graphs (values from onnx.TensorProto.DataType). */
export const DataType = {
  float: onnx.TensorProto.DataType.FLOAT,
  float16: onnx.TensorProto.DataType.FLOAT16,
  int64: onnx.TensorProto.DataType.INT64,
  int32: onnx.TensorProto.DataType.INT32,
  bool: onnx.TensorProto.DataType.BOOL,
} as const;
export type DataTypeName = keyof typeof DataType;

/** A dimension: a fixed size or a symbolic (dynamic) axis name. */
export type Dim = number | string;

export interface TensorSpec {
  name: string;
  type: DataTypeName;
  shape: Dim[];
}

export type AttributeValue =
  | number
  | string
  | number[]
  | Float32Array
  | { tensor: onnxProto.onnx.ITensorProto }
  /** A FLOAT attribute whose value happens to be an integer (plain numbers that are integers encode as INT). */
  | { float: number };

/**
 * A tiny, typed wrapper over onnx-proto for writing graphs from TypeScript. It exists so the fixture model
 * and the provider probe describe graphs as data (inputs, nodes, initializers) instead of raw protobuf.
 */
export class GraphBuilder {
  private readonly nodes: onnxProto.onnx.INodeProto[] = [];
  private readonly initializers: onnxProto.onnx.ITensorProto[] = [];
  private readonly inputs: onnxProto.onnx.IValueInfoProto[] = [];
  private readonly outputs: onnxProto.onnx.IValueInfoProto[] = [];
  private counter = 0;
  private readonly name: string;

  constructor(name: string) {
    this.name = name;
  }

  input(spec: TensorSpec): string {
    this.inputs.push(valueInfo(spec));
    return spec.name;
  }

  output(spec: TensorSpec): string {
    this.outputs.push(valueInfo(spec));
    return spec.name;
  }

  /** A float32 constant (weights); returns its tensor name. */
  floats(name: string, dims: number[], values: ArrayLike<number>): string {
    this.initializers.push({ name, dims, dataType: DataType.float, floatData: Array.from(values) });
    return name;
  }

  /** An int64 constant (shapes, axes, indices); returns its tensor name. */
  ints(name: string, dims: number[], values: ArrayLike<number>): string {
    this.initializers.push({ name, dims, dataType: DataType.int64, int64Data: Array.from(values) });
    return name;
  }

  /** Unique intermediate name with a readable prefix. */
  tmp(prefix: string): string {
    this.counter += 1;
    return `${prefix}_${this.counter}`;
  }

  /**
   * Adds a node. `outputs` may be names or a count (fresh names are generated); returns the output names.
   */
  node(
    opType: string,
    inputs: string[],
    outputs: string[] | number = 1,
    attributes: Record<string, AttributeValue> = {},
    domain = '',
  ): string[] {
    const outs =
      typeof outputs === 'number' ? Array.from({ length: outputs }, () => this.tmp(opType)) : outputs;
    this.nodes.push({
      opType,
      input: inputs,
      output: outs,
      name: this.tmp(`${opType}_node`),
      domain,
      attribute: Object.entries(attributes).map(([key, value]) => attribute(key, value)),
    });
    return outs;
  }

  /** Convenience for single-output nodes. */
  op(
    opType: string,
    inputs: string[],
    attributes: Record<string, AttributeValue> = {},
    name?: string,
  ): string {
    return this.node(opType, inputs, name ? [name] : 1, attributes)[0]!;
  }

  build(options: { opset?: number; producer?: string; metadata?: Record<string, string> } = {}): Uint8Array {
    const model = onnx.ModelProto.create({
      irVersion: 8,
      producerName: options.producer ?? 'seamlab',
      opsetImport: [{ domain: '', version: options.opset ?? 15 }],
      metadataProps: Object.entries(options.metadata ?? {}).map(([key, value]) => ({ key, value })),
      graph: {
        name: this.name,
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs,
        output: this.outputs,
      },
    });
    return onnx.ModelProto.encode(model).finish();
  }
}

function valueInfo(spec: TensorSpec): onnxProto.onnx.IValueInfoProto {
  return {
    name: spec.name,
    type: {
      tensorType: {
        elemType: DataType[spec.type],
        shape: { dim: spec.shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

function attribute(name: string, value: AttributeValue): onnxProto.onnx.IAttributeProto {
  const A = onnx.AttributeProto.AttributeType;
  if (typeof value === 'number') {
    return Number.isInteger(value) ? { name, type: A.INT, i: value } : { name, type: A.FLOAT, f: value };
  }
  if (typeof value === 'string') return { name, type: A.STRING, s: new TextEncoder().encode(value) };
  if (value instanceof Float32Array) return { name, type: A.FLOATS, floats: Array.from(value) };
  if (Array.isArray(value)) return { name, type: A.INTS, ints: value };
  if ('float' in value) return { name, type: A.FLOAT, f: value.float };
  return { name, type: A.TENSOR, t: value.tensor };
}
