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

/** The model asks ONNX Runtime to read tensor data from other files: never loaded (see findExternalData). */
export class ExternalDataError extends OnnxReadError {
  override name = 'ExternalDataError';
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
  const external = findExternalData(model);
  if (external) {
    throw new ExternalDataError(`${external.where} refers to data in another file${external.location ? ` ('${external.location}')` : ''}; only self-contained models are loaded`);
  }
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

/**
 * The first tensor anywhere in the model whose data lives in another file. ONNX Runtime resolves such a
 * path against the working folder of the process that loads model bytes, so a crafted model could make
 * the server read any file below it. Tensors hide in initializers, in every tensor-valued attribute of
 * every node (a Constant's `value`, sparse ones too), in subgraphs (If/Loop/Scan bodies) at any depth,
 * in model-local functions and in training-info graphs: all are searched.
 */
export function findExternalData(model: OnnxTypes.IModelProto): { where: string; location?: string } | undefined {
  type Found = { where: string; location?: string } | undefined;
  const tensor = (t: OnnxTypes.ITensorProto | null | undefined, where: string): Found => {
    if (!t) return undefined;
    if (t.dataLocation !== onnx.TensorProto.DataLocation.EXTERNAL && !(t.externalData?.length)) return undefined;
    const location = t.externalData?.find((e) => e.key === 'location')?.value ?? undefined;
    return { where: `${where}${t.name ? ` (tensor '${t.name}')` : ''}`, ...(location ? { location } : {}) };
  };
  const sparse = (t: OnnxTypes.ISparseTensorProto | null | undefined, where: string): Found =>
    t ? (tensor(t.values, `${where}, values`) ?? tensor(t.indices, `${where}, indices`)) : undefined;
  const nodes = (list: readonly OnnxTypes.INodeProto[] | null | undefined, where: string): Found => {
    for (const node of list ?? []) {
      const at = `${where}node '${node.name || node.opType}'`;
      for (const a of node.attribute ?? []) {
        const attr = `${at}, attribute '${a.name}'`;
        const found =
          tensor(a.t, attr) ??
          sparse(a.sparseTensor, attr) ??
          (a.tensors ?? []).reduce<Found>((f, t, i) => f ?? tensor(t, `${attr}[${i}]`), undefined) ??
          (a.sparseTensors ?? []).reduce<Found>((f, t, i) => f ?? sparse(t, `${attr}[${i}]`), undefined) ??
          (a.g ? graph(a.g, `${attr}: `) : undefined) ??
          (a.graphs ?? []).reduce<Found>((f, g, i) => f ?? graph(g, `${attr}[${i}]: `), undefined);
        if (found) return found;
      }
    }
    return undefined;
  };
  const graph = (g: OnnxTypes.IGraphProto, where: string): Found =>
    (g.initializer ?? []).reduce<Found>((f, t) => f ?? tensor(t, `${where}initializer`), undefined) ??
    (g.sparseInitializer ?? []).reduce<Found>((f, t) => f ?? sparse(t, `${where}sparse initializer`), undefined) ??
    nodes(g.node, where);
  return (
    (model.graph ? graph(model.graph, '') : undefined) ??
    (model.functions ?? []).reduce<Found>((f, fn) => f ?? nodes(fn.node, `function '${fn.name}': `), undefined) ??
    (model.trainingInfo ?? []).reduce<Found>(
      (f, info, i) =>
        f ??
        (info.initialization ? graph(info.initialization, `training info ${i} initialization: `) : undefined) ??
        (info.algorithm ? graph(info.algorithm, `training info ${i} algorithm: `) : undefined),
      undefined,
    )
  );
}
