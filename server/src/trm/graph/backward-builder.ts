/**
 * What the gradient rules (gradient-rules.ts) emit through: the shape bookkeeping of reverse mode and the
 * small simplifications that keep a backward graph lean.
 *
 * Gradients are *compatible* with the value they belong to rather than always of its exact shape: same rank,
 * each dim equal to the value's or 1, meaning "the same along that axis". The backward of a mean over the
 * last axis is then a [B, L, 1] tensor that the next elementwise rule broadcasts for free, instead of an
 * Expand materialising [B, L, D]. Rules that need the exact shape (MatMul, Reshape, Gather, ...) ask `exact`.
 */
import { Graph, Value } from './graph';
import type { SlicePiece } from './gradient-rules';
import * as op from './ops';
import { GraphBuildError, broadcastShapes, formatShape, shapesEqual } from './shape';
import type { DType, Dim, Shape } from './types';

export class BackwardBuilder {
  private readonly transposes = new Map<Value, Map<string, Value>>();
  private readonly ones = new Map<Value, boolean>();
  private readonly ranges = new Map<string, Value>();

  constructor(readonly graph: Graph) {}

  /** `g` (compatible with `shape`) broadcast to exactly `shape`: an Expand only where a dim is 1 in g. */
  exact(g: Value, shape: Shape): Value {
    if (shapesEqual(g.shape, shape)) return g;
    const target = shape.map((d, i) => {
      if (d === g.shape[i]) return 1;
      if (typeof d !== 'number') throw new GraphBuildError(`gradient: cannot broadcast ${g} to the symbolic dim '${d}' of ${formatShape(shape)}`);
      return d;
    });
    return op.expand(g, target);
  }

  /** `g` exact along `axes` only (the rest may stay compatible). */
  exactAlong(g: Value, shape: Shape, axes: readonly number[]): Value {
    return axes.some((a) => g.shape[a] !== shape[a]) ? this.exact(g, shape) : g;
  }

  /**
   * The gradient of an input of shape `target` that was broadcast to `outShape`, from `g` (compatible with
   * `outShape`): summed over the broadcast axes. Where g is itself constant along such an axis, the sum is
   * a multiplication by the axis length instead.
   */
  unbroadcast(g: Value, outShape: Shape, target: Shape): Value {
    const lead = outShape.length - target.length;
    const sumAxes: number[] = [];
    let factor = 1;
    for (let i = 0; i < outShape.length; i++) {
      const t = i < lead ? 1 : (target[i - lead] as Dim);
      const o = outShape[i] as Dim;
      if (t === o) continue;
      if (g.shape[i] !== 1) sumAxes.push(i);
      else if (typeof o === 'number') factor *= o;
      else throw new GraphBuildError(`gradient: cannot sum ${g} over the symbolic dim '${o}' it is constant along`);
    }
    const leading = Array.from({ length: lead }, (_, i) => i);
    let x = g;
    // One ReduceSum without keepdims when it removes exactly the leading axes (the MatMul batch case).
    const dropsLeading = lead > 0 && sumAxes.length === lead && sumAxes.every((a, i) => a === i);
    if (sumAxes.length) x = op.reduceSum(x, sumAxes, !dropsLeading);
    if (factor !== 1) x = op.mul(x, factor);
    if (lead > 0 && !dropsLeading) x = op.squeeze(x, leading);
    return x;
  }

  /**
   * The sum of a value's gradient contributions. Slice pieces along one axis are laid side by side: each run
   * of adjacent pieces becomes one Concat, padded with zeros only where the run does not cover the axis.
   */
  sum(contributions: ReadonlyArray<Value | SlicePiece>, shape: Shape): Value {
    const dense: Value[] = [];
    const byAxis = new Map<number, SlicePiece[]>();
    for (const c of contributions) {
      if (c instanceof Value) dense.push(c);
      else byAxis.set(c.axis, [...(byAxis.get(c.axis) ?? []), c]);
    }
    for (const [axis, pieces] of byAxis) dense.push(...this.placePieces(pieces, axis, shape));
    return dense.reduce((a, c) => op.add(a, c));
  }

  /** Runs of adjacent, non-overlapping pieces, each concatenated and padded to the full axis. */
  private placePieces(pieces: SlicePiece[], axis: number, shape: Shape): Value[] {
    const length = (p: SlicePiece): number => p.piece.shape[axis] as number;
    const runs: SlicePiece[][] = [];
    for (const p of [...pieces].sort((x, y) => x.start - y.start)) {
      const run = runs.find((r) => {
        const last = r[r.length - 1] as SlicePiece;
        return last.start + length(last) === p.start;
      });
      if (run) run.push(p);
      else runs.push([p]);
    }
    return runs.map((run) => {
      const parts = run.map((p) => this.exact(p.piece, shape.map((d, i) => (i === axis ? length(p) : d))));
      const joined = parts.length === 1 ? (parts[0] as Value) : op.concat(parts, axis);
      const start = (run[0] as SlicePiece).start;
      const end = start + run.reduce((n, p) => n + length(p), 0);
      const full = shape[axis] as number;
      if (start === 0 && end === full) return joined;
      const pads = new Array<number>(2 * shape.length).fill(0);
      pads[axis] = start;
      pads[axis + shape.length] = full - end;
      return op.pad(joined, pads, 0);
    });
  }

  /** ReduceX's output gradient back at the input's rank: dims of 1 at the reduced axes. */
  keepReducedDims(g: Value, axes: readonly number[], keepdims: boolean): Value {
    return keepdims ? g : op.unsqueeze(g, axes);
  }

  /**
   * transpose(x, perm), emitted once per (x, perm). When x is itself a Transpose that this undoes, its input
   * is returned: the backward of x @ transpose(W) multiplies by W itself.
   */
  transpose(x: Value, perm: readonly number[]): Value {
    if (perm.every((p, i) => p === i)) return x;
    const origin = x.origin;
    if (origin.kind === 'node' && origin.node.spec.op === 'Transpose') {
      const inner = origin.node.spec.perm;
      if (perm.every((p, i) => inner[p] === i)) return origin.node.inputs[0] as Value;
    }
    let byPerm = this.transposes.get(x);
    if (!byPerm) this.transposes.set(x, (byPerm = new Map()));
    const key = perm.join(',');
    let t = byPerm.get(key);
    if (!t) byPerm.set(key, (t = op.transpose(x, perm)));
    return t;
  }

  /** x with its last two dims swapped (the matrix transpose of a batched matrix). */
  swapLast(x: Value): Value {
    const perm = x.shape.map((_, i) => i);
    perm[x.rank - 1] = x.rank - 2;
    perm[x.rank - 2] = x.rank - 1;
    return this.transpose(x, perm);
  }

  /** a * b, skipping a multiplication by a constant of ones that would not change a's shape. */
  mul(a: Value, b: Value): Value {
    const out = broadcastShapes([a.shape, b.shape], `Mul(${a}, ${b})`);
    if (this.isOnes(b) && shapesEqual(out, a.shape)) return a;
    if (this.isOnes(a) && shapesEqual(out, b.shape)) return b;
    return op.mul(a, b);
  }

  /** The constant column [0, 1, ..., n-1]^T, [n, 1], as `dtype` (for one-hot comparisons), one per (n, dtype). */
  indexColumn(n: number, dtype: DType): Value {
    const key = `${dtype}:${n}`;
    let r = this.ranges.get(key);
    if (!r) {
      r =
        dtype === 'int64' ? this.graph.constant('int64', BigInt64Array.from({ length: n }, (_, i) => BigInt(i)), [n, 1], `index_column${n}`)
        : dtype === 'int32' ? this.graph.constant('int32', Int32Array.from({ length: n }, (_, i) => i), [n, 1], `index_column${n}`)
        : fail(`indexColumn: indices must be int64 or int32, got ${dtype}`);
      this.ranges.set(key, r);
    }
    return r;
  }

  private isOnes(v: Value): boolean {
    let known = this.ones.get(v);
    if (known === undefined) {
      const o = v.origin;
      known = o.kind === 'constant' && (v.dtype === 'float32' || v.dtype === 'float64') && (o.data as Float32Array | Float64Array).every((x) => x === 1);
      this.ones.set(v, known);
    }
    return known;
  }
}

function fail(message: string): never {
  throw new GraphBuildError(message);
}
