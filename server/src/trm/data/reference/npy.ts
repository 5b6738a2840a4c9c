/**
 * A minimal reader for NumPy's .npy format (format versions 1.0, 2.0 and 3.0), enough for the reference
 * TRM datasets: integer and boolean arrays in C order, any byte order, converted to Int32Array.
 *
 * Layout: the magic "\x93NUMPY", a major and a minor version byte, the header length (2 bytes little-endian
 * in 1.0, 4 bytes in 2.0 and 3.0), then the header, a Python dict literal such as
 * `{'descr': '<i4', 'fortran_order': False, 'shape': (3, 81), }` padded with spaces and a newline, then
 * the raw values. Pure: bytes in, arrays out; files are read in load.ts.
 */

export class NpyError extends Error {
  override name = 'NpyError';
}

export interface NpyDtype {
  /** As written in the header: '<i4', '|u1', '>i8', '|b1'. */
  descr: string;
  kind: 'i' | 'u' | 'b';
  bytes: 1 | 2 | 4 | 8;
  littleEndian: boolean;
}

export interface NpyHeader {
  version: [number, number];
  dtype: NpyDtype;
  shape: number[];
  /** Byte offset of the first value. */
  dataOffset: number;
}

export interface NpyArray {
  header: NpyHeader;
  data: Int32Array;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];
/** Bytes needed to know the header's length: magic, version, the longest length field. */
export const NPY_PREAMBLE_BYTES = 12;

/** The total length of magic + header, from the first NPY_PREAMBLE_BYTES bytes. */
export function npyHeaderEnd(prefix: Uint8Array): number {
  if (prefix.length < 10 || MAGIC.some((b, i) => prefix[i] !== b)) throw new NpyError('not a .npy file (bad magic)');
  const major = prefix[6]!;
  if (major === 1) return 10 + (prefix[8]! | (prefix[9]! << 8));
  if (major === 2 || major === 3) {
    if (prefix.length < 12) throw new NpyError('truncated .npy header');
    return 12 + (prefix[8]! | (prefix[9]! << 8) | (prefix[10]! << 16)) + prefix[11]! * 0x1000000;
  }
  throw new NpyError(`unsupported .npy format version ${major}.${prefix[7]}`);
}

export function parseNpyHeader(bytes: Uint8Array): NpyHeader {
  const end = npyHeaderEnd(bytes);
  if (bytes.length < end) throw new NpyError('truncated .npy header');
  const major = bytes[6]!;
  const start = major === 1 ? 10 : 12;
  const text = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(start, end));
  const dict = parsePythonLiteral(text);
  if (!(dict instanceof Map)) throw new NpyError('the .npy header is not a dict');
  const descr = dict.get('descr');
  const fortran = dict.get('fortran_order');
  const shape = dict.get('shape');
  if (typeof descr !== 'string') throw new NpyError(`unsupported dtype ${JSON.stringify(describe(descr))} (only plain integer and bool arrays)`);
  if (fortran !== false) throw new NpyError('Fortran-order arrays are not supported (only C order)');
  if (!Array.isArray(shape) || !shape.every((d): d is number => typeof d === 'number' && Number.isSafeInteger(d) && d >= 0)) {
    throw new NpyError('the .npy header has no valid shape');
  }
  return { version: [major, bytes[7]!], dtype: parseDtype(descr), shape, dataOffset: end };
}

/** A whole array, every value converted to a 32-bit integer. */
export function readNpy(bytes: Uint8Array): NpyArray {
  const header = parseNpyHeader(bytes);
  const count = header.shape.reduce((a, b) => a * b, 1);
  const need = header.dataOffset + count * header.dtype.bytes;
  if (bytes.length < need) throw new NpyError(`truncated .npy data: ${bytes.length} bytes, the header promises ${need}`);
  const data = new Int32Array(count);
  decodeNpyValues(bytes.subarray(header.dataOffset, need), header.dtype, data, 0);
  return { header, data };
}

/** Decodes raw values (whole elements) into `out` from `outOffset`. */
export function decodeNpyValues(raw: Uint8Array, dtype: NpyDtype, out: Int32Array, outOffset: number): void {
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const n = Math.floor(raw.byteLength / dtype.bytes);
  const le = dtype.littleEndian;
  for (let i = 0; i < n; i++) {
    const at = i * dtype.bytes;
    let v: number;
    switch (dtype.bytes) {
      case 1:
        v = dtype.kind === 'i' ? view.getInt8(at) : view.getUint8(at);
        break;
      case 2:
        v = dtype.kind === 'i' ? view.getInt16(at, le) : view.getUint16(at, le);
        break;
      case 4:
        v = dtype.kind === 'i' ? view.getInt32(at, le) : view.getUint32(at, le);
        break;
      case 8: {
        const big = dtype.kind === 'i' ? view.getBigInt64(at, le) : view.getBigUint64(at, le);
        v = Number(big);
        break;
      }
    }
    if (v > 0x7fffffff || v < -0x80000000) throw new NpyError(`value ${v} does not fit a 32-bit integer`);
    out[outOffset + i] = v;
  }
}

function parseDtype(descr: string): NpyDtype {
  const m = /^([<>|=])([iub])([1248])$/.exec(descr);
  if (!m) throw new NpyError(`unsupported dtype '${descr}' (only plain integer and bool arrays)`);
  const bytes = Number(m[3]) as 1 | 2 | 4 | 8;
  const kind = m[2] as 'i' | 'u' | 'b';
  if (kind === 'b' && bytes !== 1) throw new NpyError(`unsupported dtype '${descr}'`);
  // '=' is native order; every platform Node runs the reference data on is little-endian.
  return { descr, kind, bytes, littleEndian: m[1] !== '>' };
}

function describe(v: PyValue | undefined): unknown {
  return v instanceof Map ? Object.fromEntries(v) : v;
}

/** The Python literal subset .npy headers use: dicts, tuples, lists, strings, integers, booleans, None. */
type PyValue = string | number | boolean | null | PyValue[] | Map<string, PyValue>;

function parsePythonLiteral(text: string): PyValue {
  let i = 0;
  const fail = (what: string): never => {
    throw new NpyError(`bad .npy header at character ${i}: ${what} in ${JSON.stringify(text.trim())}`);
  };
  const skip = (): void => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const value = (): PyValue => {
    skip();
    const ch = text[i];
    if (ch === '{') {
      i++;
      const map = new Map<string, PyValue>();
      for (;;) {
        skip();
        if (text[i] === '}') {
          i++;
          return map;
        }
        const key = value();
        if (typeof key !== 'string') fail('a dict key that is not a string');
        skip();
        if (text[i] !== ':') fail("':' expected");
        i++;
        map.set(key as string, value());
        skip();
        if (text[i] === ',') i++;
        else if (text[i] !== '}') fail("',' or '}' expected");
      }
    }
    if (ch === '(' || ch === '[') {
      const close = ch === '(' ? ')' : ']';
      i++;
      const items: PyValue[] = [];
      for (;;) {
        skip();
        if (text[i] === close) {
          i++;
          return items;
        }
        items.push(value());
        skip();
        if (text[i] === ',') i++;
        else if (text[i] !== close) fail(`',' or '${close}' expected`);
      }
    }
    if (ch === "'" || ch === '"') {
      const end = text.indexOf(ch, i + 1);
      if (end < 0) fail('unterminated string');
      const s = text.slice(i + 1, end);
      i = end + 1;
      return s;
    }
    const word = /^(True|False|None|-?\d+L?)/.exec(text.slice(i));
    if (!word) return fail('unexpected character');
    i += word[0].length;
    if (word[0] === 'True') return true;
    if (word[0] === 'False') return false;
    if (word[0] === 'None') return null;
    return Number(word[0].replace('L', ''));
  };
  const result = value();
  skip();
  if (i !== text.length) fail('trailing characters');
  return result;
}
