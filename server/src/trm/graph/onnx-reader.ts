/**
 * Reads back what the writer stores: initializers (name, dims, data), metadata_props, the opset and the
 * graph's input/output names. Enough to load our own models and re-export trained weights; it does not
 * rebuild a Graph (the architecture does that from the config). Undecodable bytes raise OnnxReadError.
 */
import pkg from 'onnx-proto';
import type { onnx as OnnxTypes } from 'onnx-proto';
import type { DType, TensorData } from './types';

const { onnx } = pkg;

export class OnnxReadError extends Error {
  override name = 'OnnxReadError';
}

export interface StoredTensor {
  name: string;
  dtype: DType;
  dims: number[];
  data: TensorData;
}

export interface OnnxModelContents {
  irVersion: number;
  /** Default-domain opset version, or undefined when the model imports none. */
  opsetVersion: number | undefined;
  producerName: string;
  metadata: Map<string, string>;
  initializers: Map<string, StoredTensor>;
  inputNames: string[];
  outputNames: string[];
}

type IntLike = number | { toNumber(): number };
const toNumber = (v: IntLike | null | undefined): number => (v == null ? 0 : typeof v === 'number' ? v : v.toNumber());

export function readOnnxModel(bytes: Uint8Array): OnnxModelContents {
  let model: OnnxTypes.ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (e) {
    throw new OnnxReadError(`cannot decode the ONNX protobuf: ${e instanceof Error ? e.message : String(e)}`);
  }
  const graph = model.graph;
  if (!graph) throw new OnnxReadError('the ONNX model has no graph');
  const initializers = new Map<string, StoredTensor>();
  for (const t of graph.initializer ?? []) {
    const tensor = readTensor(t);
    initializers.set(tensor.name, tensor);
  }
  const opset = model.opsetImport.find((o) => !o.domain);
  return {
    irVersion: toNumber(model.irVersion),
    opsetVersion: opset ? toNumber(opset.version) : undefined,
    producerName: model.producerName,
    metadata: new Map(model.metadataProps.map((p) => [p.key ?? '', p.value ?? ''])),
    initializers,
    inputNames: (graph.input ?? []).map((v) => v.name ?? ''),
    outputNames: (graph.output ?? []).map((v) => v.name ?? ''),
  };
}

const DTYPES = new Map<number, DType>([
  [onnx.TensorProto.DataType.FLOAT, 'float32'],
  [onnx.TensorProto.DataType.DOUBLE, 'float64'],
  [onnx.TensorProto.DataType.INT64, 'int64'],
  [onnx.TensorProto.DataType.INT32, 'int32'],
  [onnx.TensorProto.DataType.BOOL, 'bool'],
]);

const BYTES: Record<DType, number> = { float32: 4, float64: 8, int64: 8, int32: 4, bool: 1 };

function readTensor(t: OnnxTypes.ITensorProto): StoredTensor {
  const name = t.name ?? '';
  const dtype = DTYPES.get(t.dataType ?? 0);
  if (!dtype) throw new OnnxReadError(`initializer ${name}: unsupported data type ${t.dataType}`);
  if (t.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL) {
    throw new OnnxReadError(`initializer ${name}: external data is not supported`);
  }
  const dims = (t.dims ?? []).map(toNumber);
  const count = dims.reduce((a, b) => a * b, 1);
  const raw = t.rawData;
  let data: TensorData;
  if (raw && raw.length > 0) {
    if (raw.length !== count * BYTES[dtype]) {
      throw new OnnxReadError(`initializer ${name}: ${raw.length} bytes do not fit dims [${dims.join(', ')}]`);
    }
    // Copy: rawData may be a view into the whole file (or Node's Buffer pool) at an unaligned offset, and
    // Buffer#slice does not copy, so copy by hand.
    const copy = new Uint8Array(raw.length);
    copy.set(raw);
    const buffer = copy.buffer;
    data =
      dtype === 'float32' ? new Float32Array(buffer)
      : dtype === 'float64' ? new Float64Array(buffer)
      : dtype === 'int64' ? new BigInt64Array(buffer)
      : dtype === 'int32' ? new Int32Array(buffer)
      : new Uint8Array(buffer);
  } else {
    data =
      dtype === 'float32' ? Float32Array.from(t.floatData ?? [])
      : dtype === 'float64' ? Float64Array.from(t.doubleData ?? [])
      : dtype === 'int64' ? BigInt64Array.from(t.int64Data ?? [], (v) => BigInt(toNumber(v)))
      : dtype === 'int32' ? Int32Array.from(t.int32Data ?? [])
      : Uint8Array.from(t.int32Data ?? []);
    if (data.length !== count) {
      throw new OnnxReadError(`initializer ${name}: ${data.length} values do not fit dims [${dims.join(', ')}]`);
    }
  }
  return { name, dtype, dims, data };
}
