/**
 * Reading what `torch.save(model.state_dict(), path)` writes, without Python:
 * - the zip format (torch >= 1.6): `<archive>/data.pkl` (the pickled dict), `<archive>/data/<key>` (one raw
 *   little-endian storage per key), `<archive>/version`, and from torch 2.1 `<archive>/byteorder`;
 * - the legacy format (`_use_new_zipfile_serialization=False`): pickles back to back (magic number,
 *   protocol version, sys_info, the dict, the storage keys), then each storage as an int64 element count
 *   and its bytes.
 * The pickle is read by the restricted reader (pickle.ts) with only the globals a state_dict needs; tensors
 * are views (storage, offset, shape, stride) converted to float32 on demand: bfloat16 and float16 exactly
 * (every value of both is a float32 value), float64 rounded to nearest.
 */
import { unzipSync } from 'fflate';
import { isGlobal, isObject, PickleError, unpickle, type PickleGlobal, type PickleObject, type PickleValue } from './pickle';

export type TorchDtype = 'float32' | 'float64' | 'float16' | 'bfloat16' | 'int64' | 'int32' | 'int16' | 'int8' | 'uint8' | 'bool';

const STORAGE_TYPES: Record<string, { dtype: TorchDtype; bytes: number }> = {
  FloatStorage: { dtype: 'float32', bytes: 4 },
  DoubleStorage: { dtype: 'float64', bytes: 8 },
  HalfStorage: { dtype: 'float16', bytes: 2 },
  BFloat16Storage: { dtype: 'bfloat16', bytes: 2 },
  LongStorage: { dtype: 'int64', bytes: 8 },
  IntStorage: { dtype: 'int32', bytes: 4 },
  ShortStorage: { dtype: 'int16', bytes: 2 },
  CharStorage: { dtype: 'int8', bytes: 1 },
  ByteStorage: { dtype: 'uint8', bytes: 1 },
  BoolStorage: { dtype: 'bool', bytes: 1 },
};

export class TorchCheckpointError extends Error {
  override name = 'TorchCheckpointError';
}

interface Storage extends PickleObject {
  type: 'storage';
  key: string;
  dtype: TorchDtype;
  elementBytes: number;
  numel: number;
  /** Set when the storage's bytes are read (legacy: after the main pickle). */
  data?: Uint8Array;
}

export interface TorchTensor {
  dtype: TorchDtype;
  shape: number[];
  /** Elements in row-major order as float32 (float dtypes only). */
  floats(): Float32Array;
  /** Elements in row-major order (integer and bool dtypes only). */
  integers(): bigint[];
}

export interface TorchCheckpoint {
  format: 'zip' | 'legacy';
  /** The state_dict, in file order. */
  tensors: Map<string, TorchTensor>;
}

const LEGACY_MAGIC = 0x1950a86a20f9469cfc6cn;

export function readTorchCheckpoint(bytes: Uint8Array, source: string): TorchCheckpoint {
  const fail = (why: string): never => {
    throw new TorchCheckpointError(`${source}: ${why}`);
  };
  if (bytes.length < 4) fail('too short to be a PyTorch checkpoint');
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return readZip(bytes, source);
  if (bytes[0] === 0x80) return readLegacy(bytes, source);
  if (bytes.length > 262 && new TextDecoder('latin1').decode(bytes.subarray(257, 262)) === 'ustar') {
    fail('a tar checkpoint (PyTorch before 0.4); load and re-save it with a current PyTorch');
  }
  return fail('not a PyTorch checkpoint (neither the zip format of torch.save nor its legacy pickle format)');
}

function readZip(bytes: Uint8Array, source: string): TorchCheckpoint {
  // Torch stores every entry uncompressed; a deflated entry is allowed but bounded, so a small hostile
  // archive cannot claim gigabytes.
  const limit = Math.max(16 * bytes.length, 64 << 20);
  let claimed = 0;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (f) => {
        claimed += f.originalSize;
        if (claimed > limit) throw new TorchCheckpointError(`${source}: the zip claims ${claimed} bytes uncompressed, too many for its size`);
        return true;
      },
    });
  } catch (e) {
    if (e instanceof TorchCheckpointError) throw e;
    throw new TorchCheckpointError(`${source}: not a readable zip (${(e as Error).message})`);
  }
  const pickles = Object.keys(files).filter((n) => /^[^/]+\/data\.pkl$/.test(n));
  if (pickles.length !== 1) {
    throw new TorchCheckpointError(`${source}: a zip, but not one torch.save wrote (${pickles.length === 0 ? 'no' : 'several'} <archive>/data.pkl)`);
  }
  const prefix = pickles[0]!.slice(0, -'data.pkl'.length);
  const byteorder = files[`${prefix}byteorder`];
  if (byteorder && new TextDecoder().decode(byteorder).trim() !== 'little') {
    throw new TorchCheckpointError(`${source}: a big-endian checkpoint; only little-endian ones are read`);
  }
  const storages = new Map<string, Storage>();
  const { value } = unpickle(files[pickles[0]!]!, {
    source: `${source} (${pickles[0]})`,
    globals: tensorGlobals(),
    persistentLoad: (pid) => {
      const s = storageFromPid(pid, source);
      const existing = storages.get(s.key);
      if (existing) return existing;
      const data = files[`${prefix}data/${s.key}`];
      if (!data) throw new TorchCheckpointError(`${source}: storage ${s.key} is missing from the zip`);
      if (data.length < s.numel * s.elementBytes) {
        throw new TorchCheckpointError(`${source}: storage ${s.key} holds ${data.length} bytes, fewer than its ${s.numel} elements need`);
      }
      s.data = data;
      storages.set(s.key, s);
      return s;
    },
  });
  return { format: 'zip', tensors: stateDictTensors(value, source) };
}

function readLegacy(bytes: Uint8Array, source: string): TorchCheckpoint {
  const plain = { source, globals: new Map<string, PickleGlobal>() };
  const magic = unpickle(bytes, plain);
  if (magic.value !== LEGACY_MAGIC) {
    throw new TorchCheckpointError(`${source}: a pickle, but not a PyTorch checkpoint (no torch.save magic number)`);
  }
  const protocol = unpickle(bytes, plain, magic.end);
  if (protocol.value !== 1001) throw new TorchCheckpointError(`${source}: legacy checkpoint protocol ${String(protocol.value)}, expected 1001`);
  const sysInfo = unpickle(bytes, plain, protocol.end);
  if (sysInfo.value instanceof Map && sysInfo.value.get('little_endian') === false) {
    throw new TorchCheckpointError(`${source}: a big-endian checkpoint; only little-endian ones are read`);
  }
  const storages = new Map<string, Storage>();
  const main = unpickle(
    bytes,
    {
      source,
      globals: tensorGlobals(),
      persistentLoad: (pid) => {
        const s = storageFromPid(pid, source);
        if (Array.isArray(pid) && pid.length > 5 && pid[5] !== null) {
          throw new TorchCheckpointError(`${source}: storage views of the legacy format are not supported; re-save the checkpoint`);
        }
        const existing = storages.get(s.key);
        if (existing) return existing;
        storages.set(s.key, s);
        return s;
      },
    },
    sysInfo.end,
  );
  const keys = unpickle(bytes, plain, main.end);
  if (!Array.isArray(keys.value) || !keys.value.every((k) => typeof k === 'string')) {
    throw new TorchCheckpointError(`${source}: the legacy storage key list is missing`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = keys.end;
  for (const key of keys.value as string[]) {
    const s = storages.get(key);
    if (!s) throw new TorchCheckpointError(`${source}: storage ${key} is listed but never used`);
    if (pos + 8 > bytes.length) throw new TorchCheckpointError(`${source}: truncated before storage ${key}`);
    const count = view.getBigInt64(pos, true);
    const size = Number(count) * s.elementBytes;
    if (count < 0n || count !== BigInt(s.numel) || pos + 8 + size > bytes.length) {
      throw new TorchCheckpointError(`${source}: storage ${key} is truncated or its size does not match`);
    }
    s.data = bytes.subarray(pos + 8, pos + 8 + size);
    pos += 8 + size;
  }
  for (const s of storages.values()) if (!s.data) throw new TorchCheckpointError(`${source}: storage ${s.key} has no data`);
  return { format: 'legacy', tensors: stateDictTensors(main.value, source) };
}

/** ('storage', <torch.XStorage>, key, location, numel[, view_metadata]). */
function storageFromPid(pid: PickleValue, source: string): Storage {
  const bad = (): never => {
    throw new TorchCheckpointError(`${source}: a persistent id that is not a torch storage`);
  };
  if (!Array.isArray(pid) || pid.length < 5 || pid[0] !== 'storage') return bad();
  const type = pid[1];
  const key = pid[2];
  const numel = pid[4];
  const info = isGlobal(type) && type.qualifiedName.startsWith('torch.') ? STORAGE_TYPES[type.qualifiedName.slice(6)] : undefined;
  if (!info || typeof key !== 'string' || typeof numel !== 'number' || !Number.isInteger(numel) || numel < 0) return bad();
  const { dtype, bytes } = info;
  return { kind: 'object', type: 'storage', key, dtype, elementBytes: bytes, numel };
}

interface TensorObject extends PickleObject {
  type: 'tensor';
  storage: Storage;
  offset: number;
  shape: number[];
  stride: number[];
}

/** The allow-list: what a state_dict of tensors needs, nothing else. */
function tensorGlobals(): Map<string, PickleGlobal> {
  const globals = new Map<string, PickleGlobal>();
  const add = (qualifiedName: string, call: (args: PickleValue[]) => PickleValue): void => {
    globals.set(qualifiedName, { kind: 'global', qualifiedName, call });
  };
  add('collections.OrderedDict', (args) => {
    const d = new Map<PickleValue, PickleValue>();
    const items = args[0];
    if (Array.isArray(items)) for (const kv of items) if (Array.isArray(kv) && kv.length === 2) d.set(kv[0]!, kv[1]!);
    return d;
  });
  add('torch._utils._rebuild_tensor_v2', (args) => rebuildTensor(args));
  add('torch._utils._rebuild_tensor', (args) => rebuildTensor(args));
  // A Parameter is its data as far as the weights go; requires_grad and hooks do not matter here.
  add('torch._utils._rebuild_parameter', (args) => args[0] ?? null);
  add('torch._utils._rebuild_parameter_with_state', (args) => args[0] ?? null);
  // The storage types are arguments of the persistent ids (GLOBAL pushes them), never called.
  for (const name of Object.keys(STORAGE_TYPES)) {
    add(`torch.${name}`, () => {
      throw new PickleError(`torch.${name} is called, which a state_dict never does`);
    });
  }
  return globals;
}

function rebuildTensor(args: PickleValue[]): TensorObject {
  const [storage, offset, shape, stride] = args;
  const ints = (v: PickleValue | undefined): v is number[] => Array.isArray(v) && v.every((x) => Number.isInteger(x) && (x as number) >= 0);
  if (!isObject(storage) || storage.type !== 'storage' || !Number.isInteger(offset) || !ints(shape) || !ints(stride) || shape.length !== stride.length) {
    throw new PickleError('a tensor rebuild with arguments that are not (storage, offset, size, stride)');
  }
  const s = storage as Storage;
  let last = offset as number;
  for (let i = 0; i < shape.length; i++) if (shape[i]! > 0) last += (shape[i]! - 1) * stride[i]!;
  if (shape.some((d) => d === 0) ? (offset as number) > s.numel : last >= s.numel) {
    throw new PickleError(`a tensor of shape [${shape.join(', ')}] reaches past its storage of ${s.numel} elements`);
  }
  // Stride 0 lets a tiny storage claim a huge tensor; a state_dict's tensors are never larger than their storage.
  const count = shape.reduce((a, b) => a * b, 1);
  if (count > Math.max(s.numel, 1 << 24)) {
    throw new PickleError(`a tensor of shape [${shape.join(', ')}] has more elements than its storage of ${s.numel} (broadcast views are not read)`);
  }
  return { kind: 'object', type: 'tensor', storage: s, offset: offset as number, shape, stride };
}

function stateDictTensors(value: PickleValue, source: string): Map<string, TorchTensor> {
  if (!(value instanceof Map)) throw new TorchCheckpointError(`${source}: the checkpoint is not a state_dict (a dict of tensors)`);
  const out = new Map<string, TorchTensor>();
  for (const [key, v] of value) {
    if (typeof key !== 'string') throw new TorchCheckpointError(`${source}: a state_dict key that is not a string`);
    if (!isObject(v) || v.type !== 'tensor') {
      throw new TorchCheckpointError(`${source}: ${key} is not a tensor; a checkpoint here is a state_dict of tensors (torch.save(model.state_dict()))`);
    }
    out.set(key, tensorView(v as TensorObject));
  }
  return out;
}

function tensorView(t: TensorObject): TorchTensor {
  const { storage, offset, shape, stride } = t;
  const dtype = storage.dtype;
  const count = shape.reduce((a, b) => a * b, 1);
  /** Storage element index of each row-major element. */
  const indices = (): Int32Array | Float64Array => {
    const out = count < 2 ** 31 ? new Int32Array(count) : new Float64Array(count);
    const idx = new Array<number>(shape.length).fill(0);
    let at = offset;
    for (let n = 0; n < count; n++) {
      out[n] = at;
      for (let d = shape.length - 1; d >= 0; d--) {
        idx[d]!++;
        at += stride[d]!;
        if (idx[d]! < shape[d]!) break;
        at -= idx[d]! * stride[d]!;
        idx[d] = 0;
      }
    }
    return out;
  };
  const data = (): DataView => {
    const d = storage.data!;
    return new DataView(d.buffer, d.byteOffset, d.byteLength);
  };
  return {
    dtype,
    shape: [...shape],
    floats() {
      const view = data();
      const out = new Float32Array(count);
      const ix = indices();
      const bits = new Uint32Array(out.buffer);
      switch (dtype) {
        case 'float32':
          for (let i = 0; i < count; i++) bits[i] = view.getUint32(ix[i]! * 4, true);
          break;
        case 'bfloat16':
          // bfloat16 is the top half of a float32: exact, NaN payloads included.
          for (let i = 0; i < count; i++) bits[i] = view.getUint16(ix[i]! * 2, true) << 16;
          break;
        case 'float16':
          for (let i = 0; i < count; i++) bits[i] = halfToFloatBits(view.getUint16(ix[i]! * 2, true));
          break;
        case 'float64':
          for (let i = 0; i < count; i++) out[i] = view.getFloat64(ix[i]! * 8, true);
          break;
        default:
          throw new TorchCheckpointError(`a ${dtype} tensor where floating-point weights are expected`);
      }
      return out;
    },
    integers() {
      const view = data();
      const ix = indices();
      const read: Record<string, (i: number) => bigint> = {
        int64: (i) => view.getBigInt64(i * 8, true),
        int32: (i) => BigInt(view.getInt32(i * 4, true)),
        int16: (i) => BigInt(view.getInt16(i * 2, true)),
        int8: (i) => BigInt(view.getInt8(i)),
        uint8: (i) => BigInt(view.getUint8(i)),
        bool: (i) => (view.getUint8(i) ? 1n : 0n),
      };
      const r = read[dtype];
      if (!r) throw new TorchCheckpointError(`a ${dtype} tensor where integers are expected`);
      return Array.from(ix, (i) => r(i));
    },
  };
}

/** IEEE binary16 -> binary32 bit pattern (exact: every half value is a float value). */
export function halfToFloatBits(h: number): number {
  const sign = (h & 0x8000) << 16;
  const exp = (h >> 10) & 0x1f;
  let mant = h & 0x3ff;
  // NaNs come out quiet, as torch's (and the F16C instructions') conversion makes them.
  if (exp === 0x1f) return (sign | 0x7f800000 | (mant ? 0x400000 : 0) | (mant << 13)) >>> 0;
  if (exp !== 0) return (sign | ((exp + 112) << 23) | (mant << 13)) >>> 0;
  if (mant === 0) return sign >>> 0;
  // Subnormal half: normalise into a float32 exponent.
  let e = 113;
  while ((mant & 0x400) === 0) {
    mant <<= 1;
    e--;
  }
  return (sign | (e << 23) | ((mant & 0x3ff) << 13)) >>> 0;
}
