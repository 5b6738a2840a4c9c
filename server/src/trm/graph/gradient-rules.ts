/**
 * The derivative of every op of the graph IR, in one table (tinygrad style): given the gradient of a node's
 * output, each rule emits the gradients of the inputs that want one, as ordinary graph nodes. `null` marks
 * ops through which no gradient flows (comparisons, ArgMax, StopGradient). The table is keyed by OpType, so
 * adding an op to types.ts without deciding its derivative does not compile.
 *
 * Conventions (see backward-builder.ts): `g` and the returned gradients are *compatible* with their values
 * (same rank, each dim equal or 1); broadcast inputs get their gradient summed back by `unbroadcast`. Rules
 * reuse forward values (a node's output, e.g. sigmoid(x), rather than recomputing it) and put scalar
 * factors on the smaller operand. Gradients of inputs that are integers or bool are never asked for.
 */
import type { BackwardBuilder } from './backward-builder';
import type { Value } from './graph';
import * as op from './ops';
import { GraphBuildError, formatShape } from './shape';
import type { Dim, OpSpec, OpType, Shape } from './types';

export interface RuleArgs<S extends OpSpec> {
  spec: S;
  inputs: readonly Value[];
  out: Value;
  /** The gradient of `out`, compatible with its shape. */
  g: Value;
  /** Whether input i needs a gradient (it is float and depends on a value being differentiated). */
  wants: (i: number) => boolean;
  b: BackwardBuilder;
}

/**
 * A gradient that is `piece` at [start, start + piece.shape[axis]) along `axis` and zero elsewhere: what a
 * Slice hands back. Left unmaterialised so that the pieces of one tensor (q and k of one projection, gate and
 * up of one weight) are joined by a Concat rather than each padded with zeros and summed.
 */
export interface SlicePiece {
  piece: Value;
  axis: number;
  start: number;
}

/** One gradient per input, compatible with that input's shape; undefined where none is wanted (or it is 0). */
export type GradientRule<S extends OpSpec = OpSpec> = (args: RuleArgs<S>) => ReadonlyArray<Value | SlicePiece | undefined>;

/** The spec of op K (intersection, not Extract: several ops share one union member, e.g. ReduceOp). */
type SpecOf<K extends OpType> = OpSpec & { op: K };
type RuleTable = { [K in OpType]: GradientRule<SpecOf<K>> | null };

const when = (wanted: boolean, grad: () => Value): Value | undefined => (wanted ? grad() : undefined);

export const GRADIENT_RULES: RuleTable = {
  // ---- elementwise: d(a op b) ---------------------------------------------------------------------------
  Add: ({ inputs: [x, y], out, g, wants, b }) => [
    when(wants(0), () => b.unbroadcast(g, out.shape, x!.shape)),
    when(wants(1), () => b.unbroadcast(g, out.shape, y!.shape)),
  ],
  Sub: ({ inputs: [x, y], out, g, wants, b }) => [
    when(wants(0), () => b.unbroadcast(g, out.shape, x!.shape)),
    when(wants(1), () => op.neg(b.unbroadcast(g, out.shape, y!.shape))),
  ],
  Mul: ({ inputs: [x, y], out, g, wants, b }) => [
    when(wants(0), () => b.unbroadcast(b.mul(g, y!), out.shape, x!.shape)),
    when(wants(1), () => b.unbroadcast(b.mul(g, x!), out.shape, y!.shape)),
  ],
  // d(x/y)/dy = -x/y^2 = -out/y; y is constant along the axes it was broadcast over, so the division by y
  // can come after the sum, on the smaller tensor.
  Div: ({ inputs: [x, y], out, g, wants, b }) => [
    when(wants(0), () => b.unbroadcast(op.div(g, y!), out.shape, x!.shape)),
    when(wants(1), () => op.div(op.neg(b.unbroadcast(op.mul(g, out), out.shape, y!.shape)), y!)),
  ],
  Neg: ({ g }) => [op.neg(g)],
  Exp: ({ out, g, b }) => [b.mul(g, out)],
  Log: ({ inputs: [x], g }) => [op.div(g, x!)],
  Sqrt: ({ out, g }) => [op.div(op.mul(g, 0.5), out)],
  Reciprocal: ({ out, g }) => [op.neg(op.mul(g, op.mul(out, out)))],
  Sigmoid: ({ out, g }) => [op.mul(g, op.mul(out, op.sub(1, out)))],
  Tanh: ({ out, g }) => [op.mul(g, op.sub(1, op.mul(out, out)))],
  Relu: ({ inputs: [x], g }) => [op.where(op.greater(x!, 0), g, 0)],
  Atan: ({ inputs: [x], g }) => [op.div(g, op.add(op.mul(x!, x!), 1))],
  Pow: ({ spec: { exponent: p }, inputs: [x], g }) => {
    if (p === 0) return [undefined];
    if (p === 1) return [g];
    if (p === 2) return [op.mul(op.mul(g, 2), x!)];
    return [op.mul(op.mul(g, p), op.pow(x!, p - 1))];
  },
  Where: ({ inputs: [cond, x, y], out, g, wants, b }) => [
    undefined,
    when(wants(1), () => b.unbroadcast(op.where(cond!, g, 0), out.shape, x!.shape)),
    when(wants(2), () => b.unbroadcast(op.where(cond!, 0, g), out.shape, y!.shape)),
  ],
  Cast: ({ inputs: [x], g }) => [x!.dtype === 'float32' || x!.dtype === 'float64' ? op.cast(g, x!.dtype) : undefined],
  Identity: ({ g }) => [g],
  StopGradient: null,
  Equal: null,
  Less: null,
  Greater: null,
  ArgMax: null,

  // ---- linear algebra, reductions -----------------------------------------------------------------------
  // out = a @ b: da = g @ b^T, db = a^T @ g, each summed over the batch dims its operand was broadcast over.
  // For x[..., k] @ W[k, n] (every Linear), db is one GEMM over the flattened rows rather than a batched
  // product and a sum; the transposes are the kind ORT folds into the GEMM.
  MatMul: ({ inputs: [a, w], out, g, wants, b }) => {
    const ge = b.exact(g, out.shape);
    const da = when(wants(0), () => {
      const full = op.matmul(ge, b.swapLast(w!));
      return b.unbroadcast(full, full.shape, a!.shape);
    });
    const db = when(wants(1), () => {
      if (w!.rank === 2 && a!.rank > 2 && a!.shape.every((d) => typeof d === 'number')) {
        const rows = op.reshape(a!, [-1, a!.shape[a!.rank - 1] as number]);
        return op.matmul(b.swapLast(rows), op.reshape(ge, [-1, out.shape[out.rank - 1] as number]));
      }
      const full = op.matmul(b.swapLast(a!), ge);
      return b.unbroadcast(full, full.shape, w!.shape);
    });
    return [da, db];
  },
  ReduceSum: ({ spec, g, b }) => [b.keepReducedDims(g, spec.axes, spec.keepdims)],
  ReduceMean: ({ spec, inputs: [x], g, b }) => {
    const n = spec.axes.reduce((acc, a) => acc * numericDim(x!.shape, a, 'ReduceMean'), 1);
    return [op.mul(b.keepReducedDims(g, spec.axes, spec.keepdims), 1 / n)];
  },
  // The gradient goes to the maxima, shared equally between ties.
  ReduceMax: ({ spec, inputs: [x], out, g, b }) => {
    const mask = op.cast(op.equal(x!, b.keepReducedDims(out, spec.axes, spec.keepdims)), x!.dtype);
    const count = op.reduceSum(mask, spec.axes, true);
    return [op.mul(mask, op.div(b.keepReducedDims(g, spec.axes, spec.keepdims), count))];
  },
  // dx = y * (g - sum(g * y)) along the axis.
  Softmax: ({ spec, out, g }) => {
    const gy = op.mul(g, out);
    return [op.sub(gy, op.mul(out, op.reduceSum(gy, spec.axis, true)))];
  },

  // ---- layout -------------------------------------------------------------------------------------------
  Reshape: ({ inputs: [x], out, g, b }) => [op.reshape(b.exact(g, out.shape), reshapeBack(x!.shape, out.shape))],
  Transpose: ({ spec, g, b }) => [b.transpose(g, inversePermutation(spec.perm))],
  Unsqueeze: ({ spec, g }) => [op.squeeze(g, spec.axes)],
  Squeeze: ({ spec, g }) => [op.unsqueeze(g, spec.axes)],
  Expand: ({ inputs: [x], out, g, b }) => [b.unbroadcast(g, out.shape, x!.shape)],
  Concat: ({ spec: { axis }, inputs, out, g, wants, b }) => {
    const ge = b.exactAlong(g, out.shape, [axis]);
    let offset = 0;
    return inputs.map((x, i) => {
      const start = offset;
      offset += x.shape[axis] as number;
      return when(wants(i), () => op.slice(ge, axis, start, offset));
    });
  },
  Slice: ({ spec, inputs: [x], out, g, b }) => {
    let gx = b.exactAlong(g, out.shape, spec.axes);
    if (spec.axes.length === 1 && spec.steps[0] === 1) return [{ piece: gx, axis: spec.axes[0] as number, start: spec.starts[0] as number }];
    if (spec.steps.every((s) => s === 1)) {
      const pads = new Array<number>(2 * x!.rank).fill(0);
      spec.axes.forEach((a, j) => {
        pads[a] = spec.starts[j] as number;
        pads[a + x!.rank] = numericDim(x!.shape, a, 'Slice') - (spec.starts[j] as number) - (out.shape[a] as number);
      });
      return [op.pad(gx, pads, 0)];
    }
    spec.axes.forEach((a, j) => {
      gx = unslice(gx, a, spec.starts[j] as number, spec.steps[j] as number, numericDim(x!.shape, a, 'Slice'));
    });
    return [gx];
  },
  Pad: ({ spec, inputs: [x], out, g, b }) => {
    const r = x!.rank;
    const axes = x!.shape.map((_, a) => a).filter((a) => (spec.pads[a] as number) + (spec.pads[a + r] as number) > 0);
    let gx = b.exactAlong(g, out.shape, axes);
    for (const a of axes) gx = op.slice(gx, a, spec.pads[a] as number, (spec.pads[a] as number) + (x!.shape[a] as number));
    return [gx];
  },
  Gather: ({ spec: { axis }, inputs: [data, indices], out, g, b }) => [gatherBackward(data!, indices!, axis, b.exact(g, out.shape), b), undefined],
};

/**
 * Gather's backward is a scatter-add. A constant scalar index (picking one row, as the Q head does) is a
 * Pad; otherwise the op set's scatter is a product with the one-hot matrix of the indices, [V, n] @ [n, Q],
 * which sums repeated ids for free and, for an embedding table of a small vocabulary, is one small GEMM.
 */
function gatherBackward(data: Value, indices: Value, axis: number, g: Value, b: BackwardBuilder): Value {
  const rows = numericDim(data.shape, axis, 'Gather');
  const fixed = constantScalar(indices);
  if (fixed !== undefined) {
    const k = fixed < 0 ? fixed + rows : fixed;
    const pads = new Array<number>(2 * data.rank).fill(0);
    pads[axis] = k;
    pads[axis + data.rank] = rows - k - 1;
    return op.pad(op.unsqueeze(g, axis), pads, 0);
  }
  const count = indices.shape.reduce<number>((n, _, i) => n * numericDim(indices.shape, i, 'Gather'), 1);
  const before = data.shape.slice(0, axis).reduce<number>((n, _, i) => n * numericDim(data.shape, i, 'Gather'), 1);
  const after = data.shape.slice(axis + 1).reduce<number>((n, _, i) => n * numericDim(data.shape, axis + 1 + i, 'Gather'), 1);
  let ids = op.reshape(indices, [1, count]);
  if (!isNonNegativeConstant(indices)) ids = op.where(op.less(ids, 0), op.add(ids, rows), ids);
  const oneHotT = op.cast(op.equal(b.indexColumn(rows, indices.dtype), ids), g.dtype);
  const grad = op.matmul(oneHotT, op.reshape(g, before === 1 ? [count, after] : [before, count, after]));
  return reshapeIfNeeded(grad, data.shape as number[]);
}

/** The backward of x[start::step] along `axis` of length `length`: g spread out with step - 1 zeros between. */
function unslice(g: Value, axis: number, start: number, step: number, length: number): Value {
  const size = numericDim(g.shape, axis, 'Slice');
  const spread = op.unsqueeze(g, axis + 1);
  const pads = new Array<number>(2 * spread.rank).fill(0);
  pads[axis + 1 + spread.rank] = step - 1;
  const target = g.shape.map((_, i) => (i < axis ? 0 : i === axis ? size * step : numericDim(g.shape, i, 'Slice')));
  let x = op.reshape(op.pad(spread, pads, 0), target);
  const tail = length - start - size * step;
  if (tail < 0) x = op.slice(x, axis, 0, size * step + tail);
  const out = new Array<number>(2 * g.rank).fill(0);
  out[axis] = start;
  out[axis + g.rank] = Math.max(tail, 0);
  return op.pad(x, out, 0);
}

/** The Reshape target that restores `input` from `output`: numbers, 0 for a symbol kept at its index, one -1. */
function reshapeBack(input: Shape, output: Shape): number[] {
  let inferred = false;
  return input.map((d, i) => {
    if (typeof d === 'number') return d;
    if (output[i] === d) return 0;
    if (inferred) throw new GraphBuildError(`gradient of Reshape: cannot restore ${formatShape(input)} from ${formatShape(output)}`);
    inferred = true;
    return -1;
  });
}

function inversePermutation(perm: readonly number[]): number[] {
  const inv = new Array<number>(perm.length);
  perm.forEach((p, i) => (inv[p] = i));
  return inv;
}

function numericDim(shape: Shape, axis: number, what: string): number {
  const d: Dim | undefined = shape[axis];
  if (typeof d !== 'number') throw new GraphBuildError(`gradient of ${what}: dim ${axis} of ${formatShape(shape)} must be known`);
  return d;
}

function reshapeIfNeeded(x: Value, shape: readonly number[]): Value {
  return x.shape.length === shape.length && x.shape.every((d, i) => d === shape[i]) ? x : op.reshape(x, shape);
}

function constantScalar(v: Value): number | undefined {
  return v.origin.kind === 'constant' && v.rank === 0 ? Number(v.origin.data[0]) : undefined;
}

function isNonNegativeConstant(v: Value): boolean {
  if (v.origin.kind !== 'constant') return false;
  const data = v.origin.data;
  for (let i = 0; i < data.length; i++) if (Number(data[i]) < 0) return false;
  return true;
}
