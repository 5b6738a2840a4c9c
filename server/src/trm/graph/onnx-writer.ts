/**
 * Lowers a Graph to an ONNX ModelProto (IR version 8, default-domain opset 17) and encodes it.
 * This is where opset details live: ReduceSum, Reshape, Slice, Pad, Squeeze, Unsqueeze, Expand and Pow take
 * their static arguments as int64/float initializers; ReduceMean/ReduceMax keep axes as an attribute until
 * opset 18; StopGradient becomes Identity (ORT removes it). Weights travel as `rawData`, little-endian.
 */
import pkg from 'onnx-proto';
import type { onnx as OnnxTypes } from 'onnx-proto';
import type { Graph, Node, Value } from './graph';
import type { DType, Shape, TensorData } from './types';

const { onnx } = pkg;

export const IR_VERSION = 8;
export const OPSET_VERSION = 17;

const DATA_TYPE: Record<DType, number> = {
  float32: onnx.TensorProto.DataType.FLOAT,
  float64: onnx.TensorProto.DataType.DOUBLE,
  int64: onnx.TensorProto.DataType.INT64,
  int32: onnx.TensorProto.DataType.INT32,
  bool: onnx.TensorProto.DataType.BOOL,
};

export function onnxDataType(dtype: DType): number {
  return DATA_TYPE[dtype];
}

export interface ModelMetadata {
  /** Stored as ModelProto.metadata_props, readable back with readOnnxModel. */
  metadata?: Record<string, string>;
  producerVersion?: string;
  docString?: string;
  graphName?: string;
}

export function serializeGraph(graph: Graph, options: ModelMetadata = {}): Uint8Array {
  return onnx.ModelProto.encode(onnx.ModelProto.create(toModelProto(graph, options))).finish();
}

export function toModelProto(graph: Graph, options: ModelMetadata = {}): OnnxTypes.IModelProto {
  if (graph.outputs.length === 0) throw new Error('the graph has no outputs');
  const extraInitializers: OnnxTypes.ITensorProto[] = [];
  const nodes = graph.nodes.map((n) => lowerNode(n, extraInitializers));
  return {
    irVersion: IR_VERSION,
    opsetImport: [{ domain: '', version: OPSET_VERSION }],
    producerName: 'trm-puzzles',
    producerVersion: options.producerVersion ?? '',
    docString: options.docString ?? '',
    graph: {
      name: options.graphName ?? 'trm',
      node: nodes,
      initializer: [...graph.initializers.map(initializerProto), ...extraInitializers],
      input: graph.inputs.map(valueInfo),
      output: graph.outputs.map(valueInfo),
    },
    metadataProps: Object.entries(options.metadata ?? {}).map(([key, value]) => ({ key, value })),
  };
}

export function tensorProto(name: string, dtype: DType, dims: readonly number[], data: TensorData): OnnxTypes.ITensorProto {
  return {
    name,
    dataType: DATA_TYPE[dtype],
    dims: [...dims],
    rawData: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
  };
}

function initializerProto(v: Value): OnnxTypes.ITensorProto {
  const data = v.origin.kind === 'constant' || v.origin.kind === 'parameter' ? v.origin.data : undefined;
  if (!data) throw new Error(`${v.name} is not an initializer`);
  return tensorProto(v.name, v.dtype, v.shape as number[], data);
}

function valueInfo(v: Value): OnnxTypes.IValueInfoProto {
  return { name: v.name, type: { tensorType: { elemType: DATA_TYPE[v.dtype], shape: shapeProto(v.shape) } } };
}

function shapeProto(shape: Shape): OnnxTypes.ITensorShapeProto {
  return { dim: shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) };
}

const ints = (name: string, values: readonly number[]): OnnxTypes.IAttributeProto => ({
  name,
  type: onnx.AttributeProto.AttributeType.INTS,
  ints: [...values],
});
const int = (name: string, value: number): OnnxTypes.IAttributeProto => ({
  name,
  type: onnx.AttributeProto.AttributeType.INT,
  i: value,
});

function lowerNode(n: Node, extra: OnnxTypes.ITensorProto[]): OnnxTypes.INodeProto {
  const x = n.inputs.map((v) => v.name);
  const i64 = (what: string, values: readonly number[], dims: number[] = [values.length]): string => {
    const name = `${n.name}.${what}`;
    extra.push(tensorProto(name, 'int64', dims, BigInt64Array.from(values, (k) => BigInt(k))));
    return name;
  };
  const scalarLike = (what: string, dtype: DType, value: number): string => {
    const name = `${n.name}.${what}`;
    const data =
      dtype === 'float32' ? Float32Array.of(value)
      : dtype === 'float64' ? Float64Array.of(value)
      : dtype === 'int64' ? BigInt64Array.of(BigInt(value))
      : dtype === 'int32' ? Int32Array.of(value)
      : Uint8Array.of(value);
    extra.push(tensorProto(name, dtype, [], data));
    return name;
  };
  const s = n.spec;
  let opType: string = s.op;
  let inputs = x;
  let attribute: OnnxTypes.IAttributeProto[] = [];
  switch (s.op) {
    case 'Pow':
      inputs = [...x, scalarLike('exponent', 'float32', s.exponent)];
      break;
    case 'ReduceSum':
      inputs = [...x, i64('axes', s.axes)];
      attribute = [int('keepdims', s.keepdims ? 1 : 0)];
      break;
    case 'ReduceMean':
    case 'ReduceMax':
      attribute = [ints('axes', s.axes), int('keepdims', s.keepdims ? 1 : 0)];
      break;
    case 'Softmax':
    case 'Concat':
    case 'Gather':
      attribute = [int('axis', s.axis)];
      break;
    case 'ArgMax':
      attribute = [int('axis', s.axis), int('keepdims', s.keepdims ? 1 : 0)];
      break;
    case 'Reshape':
      inputs = [...x, i64('shape', s.shape)];
      break;
    case 'Transpose':
      attribute = [ints('perm', s.perm)];
      break;
    case 'Slice':
      inputs = [...x, i64('starts', s.starts), i64('ends', s.ends), i64('axes', s.axes), i64('steps', s.steps)];
      break;
    case 'Pad':
      inputs = [...x, i64('pads', s.pads), scalarLike('value', (n.inputs[0] as Value).dtype, s.value)];
      break;
    case 'Cast':
      attribute = [int('to', DATA_TYPE[s.to])];
      break;
    case 'Unsqueeze':
    case 'Squeeze':
      inputs = [...x, i64('axes', s.axes)];
      break;
    case 'Expand':
      inputs = [...x, i64('shape', s.shape)];
      break;
    case 'StopGradient':
      opType = 'Identity';
      break;
    default:
      break;
  }
  return { name: n.name, opType, input: inputs, output: n.outputs.map((v) => v.name), attribute };
}
