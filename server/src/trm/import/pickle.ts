/**
 * A restricted reader of Python pickles: the opcodes `torch.save` writes (protocol 2; protocols 3-5 too),
 * with every global looked up in an allow-list the caller supplies. A pickle is a small stack program whose
 * GLOBAL + REDUCE opcodes call arbitrary Python functions (`os.system`, `builtins.eval`, ...); here nothing
 * is ever called but the allow-list's own JavaScript builders, and a global not on the list stops the read
 * at once with a PickleRefusedError naming it, as PyTorch's `weights_only` unpickler does.
 *
 * Python values become: None -> null, bool, int -> number (bigint beyond 2^53), float -> number, str ->
 * string, bytes -> Uint8Array, list and tuple -> array, dict -> Map.
 */

export type PickleValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | PickleValue[]
  | Map<PickleValue, PickleValue>
  | PickleGlobal
  | PickleObject;

/** An allowed global: what REDUCE (calling it) makes of its arguments. */
export interface PickleGlobal {
  readonly kind: 'global';
  readonly qualifiedName: string;
  call(args: PickleValue[]): PickleValue;
}

/** An object an allowed global built (a tensor, a storage reference): opaque to the reader. */
export interface PickleObject {
  readonly kind: 'object';
  readonly type: string;
  /** BUILD on the object (`__setstate__`); absent: BUILD is refused. */
  setState?(state: PickleValue): void;
}

export interface UnpickleOptions {
  /** 'module.name' -> the global. Anything else is refused. */
  globals: ReadonlyMap<string, PickleGlobal>;
  /** BINPERSID: what a persistent id stands for (torch: a storage). Absent: persistent ids are refused. */
  persistentLoad?(pid: PickleValue): PickleValue;
  /** Where the pickle came from, for messages. */
  source: string;
}

export class PickleError extends Error {
  override name = 'PickleError';
}

/** The pickle asks for something not on the allow-list; nothing was run. */
export class PickleRefusedError extends PickleError {
  override name = 'PickleRefusedError';
  constructor(
    readonly global: string,
    message: string,
  ) {
    super(message);
  }
}

export interface UnpickleResult {
  value: PickleValue;
  /** Offset just past the STOP opcode: the legacy torch format puts several pickles back to back. */
  end: number;
}

const MARK = Symbol('mark');
type StackItem = PickleValue | typeof MARK;

/** Caps what a hostile pickle can make the reader hold besides the input itself. */
const MAX_MEMO = 1 << 20;

export function unpickle(bytes: Uint8Array, options: UnpickleOptions, start = 0): UnpickleResult {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = new TextDecoder('utf-8', { fatal: true });
  const stack: StackItem[] = [];
  const memo = new Map<number, PickleValue>();
  let pos = start;

  const fail = (why: string): never => {
    throw new PickleError(`${options.source}: not a valid pickle (${why}, at byte ${pos})`);
  };
  const need = (n: number): number => {
    if (n < 0 || pos + n > bytes.length) fail('truncated');
    const at = pos;
    pos += n;
    return at;
  };
  const u8 = (): number => bytes[need(1)]!;
  const u16 = (): number => view.getUint16(need(2), true);
  const u32 = (): number => view.getUint32(need(4), true);
  const i32 = (): number => view.getInt32(need(4), true);
  const u64 = (): number => {
    const v = view.getBigUint64(need(8), true);
    if (v > BigInt(bytes.length)) fail('a length beyond the input');
    return Number(v);
  };
  const raw = (n: number): Uint8Array => bytes.subarray(need(n), pos);
  const utf8 = (n: number): string => {
    try {
      return text.decode(raw(n));
    } catch {
      return fail('a string that is not UTF-8');
    }
  };
  const line = (): string => {
    const end = bytes.indexOf(0x0a, pos);
    if (end < 0) fail('an unterminated line');
    const s = new TextDecoder('latin1').decode(bytes.subarray(pos, end));
    pos = end + 1;
    return s;
  };
  const pop = (): PickleValue => {
    if (stack.length === 0) fail('pop from an empty stack');
    const v = stack.pop()!;
    if (v === MARK) fail('a mark where a value was expected');
    return v as PickleValue;
  };
  const top = (): PickleValue => {
    const v = stack[stack.length - 1];
    if (v === undefined || v === MARK) fail('no value on the stack');
    return v as PickleValue;
  };
  const popMark = (): PickleValue[] => {
    const at = stack.lastIndexOf(MARK);
    if (at < 0) fail('no mark on the stack');
    const items = stack.splice(at) as PickleValue[];
    items.shift();
    return items;
  };
  const remember = (index: number, v: PickleValue): void => {
    if (!memo.has(index) && memo.size >= MAX_MEMO) fail('too many memo entries');
    memo.set(index, v);
  };
  const recall = (index: number): PickleValue => {
    if (!memo.has(index)) fail(`memo entry ${index} is not set`);
    return memo.get(index)!;
  };
  const findGlobal = (module: string, name: string): PickleGlobal => {
    const qualified = `${module}.${name}`;
    const g = options.globals.get(qualified);
    if (!g) {
      throw new PickleRefusedError(
        qualified,
        `${options.source}: refusing to load: the pickle asks for the Python global ${qualified}, which a ` +
          `PyTorch state_dict never needs (a pickle can run code through such globals; nothing was run)`,
      );
    }
    return g;
  };
  const asDict = (v: PickleValue, op: string): Map<PickleValue, PickleValue> =>
    v instanceof Map ? v : fail(`${op} on something that is not a dict`);
  const asList = (v: PickleValue, op: string): PickleValue[] => (Array.isArray(v) ? v : fail(`${op} on something that is not a list`));

  for (;;) {
    const opcode = u8();
    switch (opcode) {
      case 0x80: // PROTO
        if (u8() > 5) fail('a pickle protocol above 5');
        break;
      case 0x95: // FRAME: a length hint only
        need(8);
        break;
      case 0x2e: // STOP
        return { value: pop(), end: pos };
      case 0x28: // MARK
        stack.push(MARK);
        break;
      case 0x30: // POP
        if (stack.pop() === undefined) fail('pop from an empty stack');
        break;
      case 0x31: // POP_MARK
        popMark();
        break;
      case 0x32: // DUP
        stack.push(top());
        break;
      case 0x4e: // NONE
        stack.push(null);
        break;
      case 0x88: // NEWTRUE
        stack.push(true);
        break;
      case 0x89: // NEWFALSE
        stack.push(false);
        break;
      case 0x4a: // BININT
        stack.push(i32());
        break;
      case 0x4b: // BININT1
        stack.push(u8());
        break;
      case 0x4d: // BININT2
        stack.push(u16());
        break;
      case 0x8a: // LONG1
        stack.push(decodeLong(raw(u8())));
        break;
      case 0x8b: {
        // LONG4
        const n = i32();
        if (n < 0) fail('a negative length');
        stack.push(decodeLong(raw(n)));
        break;
      }
      case 0x47: // BINFLOAT (big-endian)
        stack.push(view.getFloat64(need(8), false));
        break;
      case 0x58: // BINUNICODE
        stack.push(utf8(u32()));
        break;
      case 0x8c: // SHORT_BINUNICODE
        stack.push(utf8(u8()));
        break;
      case 0x8d: // BINUNICODE8
        stack.push(utf8(u64()));
        break;
      case 0x42: // BINBYTES
        stack.push(raw(u32()).slice());
        break;
      case 0x43: // SHORT_BINBYTES
        stack.push(raw(u8()).slice());
        break;
      case 0x8e: // BINBYTES8
        stack.push(raw(u64()).slice());
        break;
      case 0x54: // BINSTRING (Python 2 str, as bytes)
        stack.push(raw(i32()).slice());
        break;
      case 0x55: // SHORT_BINSTRING
        stack.push(raw(u8()).slice());
        break;
      case 0x29: // EMPTY_TUPLE
        stack.push([]);
        break;
      case 0x74: // TUPLE
        stack.push(popMark());
        break;
      case 0x85: // TUPLE1
        stack.push([pop()]);
        break;
      case 0x86: {
        // TUPLE2
        const b = pop();
        stack.push([pop(), b]);
        break;
      }
      case 0x87: {
        // TUPLE3
        const c = pop();
        const b = pop();
        stack.push([pop(), b, c]);
        break;
      }
      case 0x5d: // EMPTY_LIST
        stack.push([]);
        break;
      case 0x6c: // LIST
        stack.push(popMark());
        break;
      case 0x61: {
        // APPEND
        const v = pop();
        asList(top(), 'APPEND').push(v);
        break;
      }
      case 0x65: {
        // APPENDS
        const items = popMark();
        asList(top(), 'APPENDS').push(...items);
        break;
      }
      case 0x7d: // EMPTY_DICT
        stack.push(new Map());
        break;
      case 0x64: {
        // DICT
        const items = popMark();
        const d = new Map<PickleValue, PickleValue>();
        for (let i = 0; i + 1 < items.length; i += 2) d.set(items[i]!, items[i + 1]!);
        stack.push(d);
        break;
      }
      case 0x73: {
        // SETITEM
        const v = pop();
        const k = pop();
        asDict(top(), 'SETITEM').set(k, v);
        break;
      }
      case 0x75: {
        // SETITEMS
        const items = popMark();
        if (items.length % 2) fail('SETITEMS with an odd number of items');
        const d = asDict(top(), 'SETITEMS');
        for (let i = 0; i < items.length; i += 2) d.set(items[i]!, items[i + 1]!);
        break;
      }
      case 0x63: {
        // GLOBAL "module\nname\n"
        const module = line();
        stack.push(findGlobal(module, line()));
        break;
      }
      case 0x93: {
        // STACK_GLOBAL
        const name = pop();
        const module = pop();
        if (typeof module !== 'string' || typeof name !== 'string') fail('STACK_GLOBAL without two strings');
        stack.push(findGlobal(module as string, name as string));
        break;
      }
      case 0x52: {
        // REDUCE
        const args = pop();
        const callable = pop();
        if (!isGlobal(callable)) fail('REDUCE on something that is not an allowed global');
        if (!Array.isArray(args)) fail('REDUCE without an argument tuple');
        stack.push((callable as PickleGlobal).call(args as PickleValue[]));
        break;
      }
      case 0x62: {
        // BUILD
        const state = pop();
        const target = top();
        if (target instanceof Map) break; // OrderedDict's __dict__ (torch's _metadata): not needed
        if (isObject(target) && target.setState) target.setState(state);
        else fail('BUILD on an object that takes no state');
        break;
      }
      case 0x51: {
        // BINPERSID
        const pid = pop();
        if (!options.persistentLoad) fail('a persistent id where none is expected');
        stack.push(options.persistentLoad!(pid));
        break;
      }
      case 0x71: // BINPUT
        remember(u8(), top());
        break;
      case 0x72: // LONG_BINPUT
        remember(u32(), top());
        break;
      case 0x94: // MEMOIZE
        remember(memo.size, top());
        break;
      case 0x68: // BINGET
        stack.push(recall(u8()));
        break;
      case 0x6a: // LONG_BINGET
        stack.push(recall(u32()));
        break;
      case 0x81: // NEWOBJ
      case 0x92: // NEWOBJ_EX
      case 0x69: // INST
      case 0x6f: // OBJ
      case 0x82: // EXT1
      case 0x83: // EXT2
      case 0x84: // EXT4
        throw new PickleRefusedError(
          `opcode 0x${opcode.toString(16)}`,
          `${options.source}: refusing to load: the pickle constructs a Python object (opcode 0x${opcode.toString(16)}), which a PyTorch state_dict never needs; nothing was run`,
        );
      default:
        fail(`opcode 0x${opcode.toString(16)} is not one torch.save writes`);
    }
  }
}

/** Python's two's-complement little-endian long. */
function decodeLong(b: Uint8Array): number | bigint {
  if (b.length === 0) return 0;
  let v = 0n;
  for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]!);
  if (b[b.length - 1]! & 0x80) v -= 1n << BigInt(8 * b.length);
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

export function isGlobal(v: unknown): v is PickleGlobal {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'global';
}

export function isObject(v: unknown): v is PickleObject {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'object';
}
