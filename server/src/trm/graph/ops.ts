/**
 * The op set of the graph IR, one function per op: each checks its inputs, infers the output dtype and
 * shape, and appends one node. The set is deliberately small and every op has a simple local derivative
 * (or none: comparisons, ArgMax, integer Cast), so the planned autodiff is one rule per op in one table.
 * Semantics are ONNX opset 17's; axes may be negative and are stored normalised.
 */
import { Graph, Value } from './graph';
import {
  GraphBuildError,
  broadcastShapes,
  formatShape,
  normalizeAxes,
  normalizeAxis,
  resolveReshape,
} from './shape';
import type {
  BinaryArithmeticOp,
  ComparisonOp,
  DType,
  Dim,
  OpSpec,
  ReduceOp,
  Shape,
  UnaryOp,
} from './types';

function node(spec: OpSpec, inputs: readonly Value[], dtype: DType, shape: Shape): Value {
  const g = (inputs[0] as Value).graph;
  return g.addNode(spec, inputs, [{ dtype, shape }])[0] as Value;
}

function fail(op: string, x: Value, why: string): never {
  const scope = x.graph.scopeName;
  throw new GraphBuildError(`${op}${scope ? ` in ${scope}` : ''}: ${why}`);
}

function requireFloat(op: string, x: Value): void {
  if (x.dtype !== 'float32' && x.dtype !== 'float64') fail(op, x, `expects float32 or float64, got ${x}`);
}

/** A number operand becomes a shared scalar constant of the other operand's dtype. */
function operand(x: Value | number, like: Value): Value {
  return typeof x === 'number' ? like.graph.scalar(x, like.dtype) : x;
}

// ---- elementwise --------------------------------------------------------------------------------------

function binary(op: BinaryArithmeticOp, a: Value | number, b: Value | number): Value {
  if (typeof a === 'number' && typeof b === 'number') throw new GraphBuildError(`${op}: both operands are numbers`);
  const x = operand(a, b as Value);
  const y = operand(b, x);
  if (x.dtype !== y.dtype) fail(op, x, `dtypes differ: ${x} and ${y}`);
  if (x.dtype === 'bool') fail(op, x, `does not take bool: ${x}`);
  return node({ op }, [x, y], x.dtype, broadcastShapes([x.shape, y.shape], `${op}(${x}, ${y})`));
}

export const add = (a: Value | number, b: Value | number): Value => binary('Add', a, b);
export const sub = (a: Value | number, b: Value | number): Value => binary('Sub', a, b);
export const mul = (a: Value | number, b: Value | number): Value => binary('Mul', a, b);
export const div = (a: Value | number, b: Value | number): Value => binary('Div', a, b);

function unary(op: UnaryOp, x: Value): Value {
  if (op !== 'Neg') requireFloat(op, x);
  else if (x.dtype === 'bool') fail(op, x, `does not take bool: ${x}`);
  return node({ op }, [x], x.dtype, x.shape);
}

export const neg = (x: Value): Value => unary('Neg', x);
export const exp = (x: Value): Value => unary('Exp', x);
export const log = (x: Value): Value => unary('Log', x);
export const sqrt = (x: Value): Value => unary('Sqrt', x);
export const reciprocal = (x: Value): Value => unary('Reciprocal', x);
export const sigmoid = (x: Value): Value => unary('Sigmoid', x);
export const tanh = (x: Value): Value => unary('Tanh', x);
export const relu = (x: Value): Value => unary('Relu', x);
/** float32 only: ORT's CPU provider has no double Atan kernel, and a graph it cannot run should not build. */
export function atan(x: Value): Value {
  if (x.dtype !== 'float32') fail('Atan', x, `expects float32 (ONNX Runtime has no other CPU kernel), got ${x}`);
  return unary('Atan', x);
}

/** x ** exponent for a fixed scalar exponent (the only form whose derivative needs no log x). */
export function pow(x: Value, exponent: number): Value {
  requireFloat('Pow', x);
  return node({ op: 'Pow', exponent }, [x], x.dtype, x.shape);
}

function compare(op: ComparisonOp, a: Value | number, b: Value | number): Value {
  if (typeof a === 'number' && typeof b === 'number') throw new GraphBuildError(`${op}: both operands are numbers`);
  const x = operand(a, b as Value);
  const y = operand(b, x);
  if (x.dtype !== y.dtype) fail(op, x, `dtypes differ: ${x} and ${y}`);
  if (op !== 'Equal' && x.dtype === 'bool') fail(op, x, `does not order bool values`);
  return node({ op }, [x, y], 'bool', broadcastShapes([x.shape, y.shape], `${op}(${x}, ${y})`));
}

export const equal = (a: Value | number, b: Value | number): Value => compare('Equal', a, b);
export const less = (a: Value | number, b: Value | number): Value => compare('Less', a, b);
export const greater = (a: Value | number, b: Value | number): Value => compare('Greater', a, b);

/** cond ? a : b, elementwise, all three broadcasting together. */
export function where(cond: Value, a: Value | number, b: Value | number): Value {
  if (cond.dtype !== 'bool') fail('Where', cond, `condition must be bool, got ${cond}`);
  if (typeof a === 'number' && typeof b === 'number') throw new GraphBuildError('Where: both branches are numbers');
  const x = operand(a, b as Value);
  const y = operand(b, x);
  if (x.dtype !== y.dtype) fail('Where', x, `branch dtypes differ: ${x} and ${y}`);
  const shape = broadcastShapes([cond.shape, x.shape, y.shape], `Where(${cond}, ${x}, ${y})`);
  return node({ op: 'Where' }, [cond, x, y], x.dtype, shape);
}

export function cast(x: Value, to: DType): Value {
  return node({ op: 'Cast', to }, [x], to, x.shape);
}

export function identity(x: Value): Value {
  return node({ op: 'Identity' }, [x], x.dtype, x.shape);
}

/** Identity in the forward pass; reverse-mode autodiff propagates no gradient through it. */
export function stopGradient(x: Value): Value {
  return node({ op: 'StopGradient' }, [x], x.dtype, x.shape);
}

// ---- linear algebra, reductions -----------------------------------------------------------------------

/** Batched matrix product: [..., m, k] @ [..., k, n] -> [..., m, n], leading dims broadcasting. */
export function matmul(a: Value, b: Value): Value {
  requireFloat('MatMul', a);
  requireFloat('MatMul', b);
  if (a.rank < 2 || b.rank < 2) fail('MatMul', a, `needs rank >= 2 operands, got ${a} and ${b}`);
  const k1 = a.shape[a.rank - 1] as Dim;
  const k2 = b.shape[b.rank - 2] as Dim;
  if (k1 !== k2) fail('MatMul', a, `inner dims differ: ${a} @ ${b}`);
  if (a.dtype !== b.dtype) fail('MatMul', a, `dtypes differ: ${a} @ ${b}`);
  const batch = broadcastShapes([a.shape.slice(0, -2), b.shape.slice(0, -2)], `MatMul(${a}, ${b})`);
  return node({ op: 'MatMul' }, [a, b], a.dtype, [...batch, a.shape[a.rank - 2] as Dim, b.shape[b.rank - 1] as Dim]);
}

function reduce(op: ReduceOp, x: Value, axes: number | readonly number[], keepdims: boolean): Value {
  if (op !== 'ReduceMax') requireFloat(op, x);
  const list = normalizeAxes(typeof axes === 'number' ? [axes] : axes, x.rank, `${op}(${x})`);
  if (list.length === 0) fail(op, x, 'no axes given');
  const shape = x.shape.flatMap((d, i) => (list.includes(i) ? (keepdims ? [1] : []) : [d]));
  return node({ op, axes: list.sort((p, q) => p - q), keepdims }, [x], x.dtype, shape);
}

export const reduceSum = (x: Value, axes: number | readonly number[], keepdims = false): Value =>
  reduce('ReduceSum', x, axes, keepdims);
export const reduceMean = (x: Value, axes: number | readonly number[], keepdims = false): Value =>
  reduce('ReduceMean', x, axes, keepdims);
export const reduceMax = (x: Value, axes: number | readonly number[], keepdims = false): Value =>
  reduce('ReduceMax', x, axes, keepdims);

export function softmax(x: Value, axis = -1): Value {
  requireFloat('Softmax', x);
  return node({ op: 'Softmax', axis: normalizeAxis(axis, x.rank, `Softmax(${x})`) }, [x], x.dtype, x.shape);
}

/** Index of the first maximum along `axis`, int64. */
export function argmax(x: Value, axis = -1, keepdims = false): Value {
  const a = normalizeAxis(axis, x.rank, `ArgMax(${x})`);
  const shape = x.shape.flatMap((d, i) => (i === a ? (keepdims ? [1] : []) : [d]));
  return node({ op: 'ArgMax', axis: a, keepdims }, [x], 'int64', shape);
}

// ---- layout -------------------------------------------------------------------------------------------

/** ONNX Reshape: 0 copies the input dim at that index, one -1 is inferred. */
export function reshape(x: Value, shape: readonly number[]): Value {
  return node({ op: 'Reshape', shape: [...shape] }, [x], x.dtype, resolveReshape(x.shape, shape, `Reshape(${x})`));
}

/** Permutes dims; without `perm`, reverses them. */
export function transpose(x: Value, perm?: readonly number[]): Value {
  const p = perm ? normalizeAxes(perm, x.rank, `Transpose(${x})`) : x.shape.map((_, i) => x.rank - 1 - i);
  if (p.length !== x.rank) fail('Transpose', x, `perm [${p.join(', ')}] does not match ${x}`);
  return node({ op: 'Transpose', perm: p }, [x], x.dtype, p.map((i) => x.shape[i] as Dim));
}

export function concat(values: readonly Value[], axis: number): Value {
  const first = values[0];
  if (!first) throw new GraphBuildError('Concat: no inputs');
  const a = normalizeAxis(axis, first.rank, `Concat(${first})`);
  let total = 0;
  for (const v of values) {
    if (v.dtype !== first.dtype || v.rank !== first.rank) fail('Concat', v, `mismatched input ${v} vs ${first}`);
    v.shape.forEach((d, i) => {
      if (i !== a && d !== first.shape[i]) fail('Concat', v, `dim ${i} differs: ${v} vs ${first}`);
    });
    const d = v.shape[a] as Dim;
    if (typeof d !== 'number') fail('Concat', v, `cannot concatenate along symbolic dim '${d}'`);
    total += d;
  }
  const shape = first.shape.map((d, i) => (i === a ? total : d));
  return node({ op: 'Concat', axis: a }, values, first.dtype, shape);
}

/** x[start:end:step] along `axis` (numpy conventions, negative indices allowed, step > 0). */
export function slice(x: Value, axis: number, start: number, end: number, step = 1): Value {
  const a = normalizeAxis(axis, x.rank, `Slice(${x})`);
  const d = x.shape[a] as Dim;
  if (typeof d !== 'number') fail('Slice', x, `cannot slice symbolic dim '${d}'`);
  if (!Number.isInteger(step) || step <= 0) fail('Slice', x, `step must be a positive integer, got ${step}`);
  const clamp = (i: number): number => Math.min(Math.max(i < 0 ? i + d : i, 0), d);
  const s = clamp(start);
  const e = clamp(end);
  const size = Math.max(0, Math.ceil((e - s) / step));
  if (size === 0) fail('Slice', x, `empty slice ${start}:${end} of dim ${d}`);
  const shape = x.shape.map((dim, i) => (i === a ? size : dim));
  return node({ op: 'Slice', starts: [s], ends: [e], axes: [a], steps: [step] }, [x], x.dtype, shape);
}

/** Constant padding; `pads` is ONNX's [begin_0, ..., begin_r-1, end_0, ..., end_r-1], all >= 0. */
export function pad(x: Value, pads: readonly number[], value = 0): Value {
  if (pads.length !== 2 * x.rank) fail('Pad', x, `needs ${2 * x.rank} pads for ${x}, got ${pads.length}`);
  if (pads.some((p) => !Number.isInteger(p) || p < 0)) fail('Pad', x, `pads must be non-negative integers`);
  const shape = x.shape.map((d, i) => {
    const extra = (pads[i] as number) + (pads[i + x.rank] as number);
    if (extra === 0) return d;
    if (typeof d !== 'number') fail('Pad', x, `cannot pad symbolic dim '${d}'`);
    return d + extra;
  });
  return node({ op: 'Pad', pads: [...pads], value }, [x], x.dtype, shape);
}

/** data.take(indices, axis): out shape = data[:axis] + indices + data[axis+1:]. Embedding lookup at axis 0. */
export function gather(data: Value, indices: Value, axis = 0): Value {
  if (indices.dtype !== 'int64' && indices.dtype !== 'int32') fail('Gather', indices, `indices must be integers, got ${indices}`);
  const a = normalizeAxis(axis, data.rank, `Gather(${data})`);
  const shape = [...data.shape.slice(0, a), ...indices.shape, ...data.shape.slice(a + 1)];
  return node({ op: 'Gather', axis: a }, [data, indices], data.dtype, shape);
}

export function unsqueeze(x: Value, axes: number | readonly number[]): Value {
  const list = typeof axes === 'number' ? [axes] : axes;
  const rank = x.rank + list.length;
  const norm = normalizeAxes(list, rank, `Unsqueeze(${x})`).sort((p, q) => p - q);
  const rest = [...x.shape];
  const shape: Dim[] = [];
  for (let i = 0; i < rank; i++) shape.push(norm.includes(i) ? 1 : (rest.shift() as Dim));
  return node({ op: 'Unsqueeze', axes: norm }, [x], x.dtype, shape);
}

export function squeeze(x: Value, axes: number | readonly number[]): Value {
  const norm = normalizeAxes(typeof axes === 'number' ? [axes] : axes, x.rank, `Squeeze(${x})`).sort((p, q) => p - q);
  for (const a of norm) if (x.shape[a] !== 1) fail('Squeeze', x, `dim ${a} of ${x} is not 1`);
  return node({ op: 'Squeeze', axes: norm }, [x], x.dtype, x.shape.filter((_, i) => !norm.includes(i)));
}

/** Broadcasts x to `shape` (ONNX Expand: bidirectional, so a 1 in `shape` keeps x's dim, symbolic too). */
export function expand(x: Value, shape: readonly number[]): Value {
  const out = broadcastShapes([x.shape, shape], `Expand(${x}, ${formatShape(shape)})`);
  return node({ op: 'Expand', shape: [...shape] }, [x], x.dtype, out);
}

// ---- constants ----------------------------------------------------------------------------------------

export function constantF32(g: Graph, data: Float32Array | readonly number[], shape: readonly number[], hint?: string): Value {
  return g.constant('float32', data instanceof Float32Array ? data : Float32Array.from(data), shape, hint);
}

export function constantI64(g: Graph, data: readonly number[], shape: readonly number[], hint?: string): Value {
  return g.constant('int64', BigInt64Array.from(data, (n) => BigInt(n)), shape, hint);
}
