/**
 * Shape arithmetic for build-time shape inference: broadcasting, axis normalisation and reshape resolution,
 * over dims that are numbers or symbols ('batch'). Every failure is a GraphBuildError whose message names
 * the op and the shapes involved, so a wrong architecture fails when the graph is built, not when it runs.
 */
import type { Dim, Shape } from './types';

export class GraphBuildError extends Error {
  override name = 'GraphBuildError';
}

export function formatShape(shape: Shape): string {
  return `[${shape.join(', ')}]`;
}

export function shapesEqual(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** The number of elements, or undefined when a dim is symbolic. */
export function staticSize(shape: Shape): number | undefined {
  let n = 1;
  for (const d of shape) {
    if (typeof d !== 'number') return undefined;
    n *= d;
  }
  return n;
}

/** Maps a possibly negative axis into [0, rank). */
export function normalizeAxis(axis: number, rank: number, what: string): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    throw new GraphBuildError(`${what}: axis ${axis} is out of range for a rank-${rank} tensor`);
  }
  return axis < 0 ? axis + rank : axis;
}

export function normalizeAxes(axes: readonly number[], rank: number, what: string): number[] {
  const out = axes.map((a) => normalizeAxis(a, rank, what));
  if (new Set(out).size !== out.length) throw new GraphBuildError(`${what}: repeated axis in [${axes.join(', ')}]`);
  return out;
}

function broadcastDim(a: Dim, b: Dim, what: string, sa: Shape, sb: Shape): Dim {
  if (a === b) return a;
  if (a === 1) return b;
  if (b === 1) return a;
  throw new GraphBuildError(
    `${what}: shapes ${formatShape(sa)} and ${formatShape(sb)} do not broadcast (dim ${String(a)} vs ${String(b)})`,
  );
}

/** Numpy broadcasting. A symbolic dim broadcasts only against 1 or the same symbol. */
export function broadcastShapes(shapes: readonly Shape[], what: string): Dim[] {
  const rank = Math.max(...shapes.map((s) => s.length));
  let out: Dim[] = new Array<Dim>(rank).fill(1);
  let sofar: Shape = out;
  for (const s of shapes) {
    const padded: Dim[] = [...new Array<Dim>(rank - s.length).fill(1), ...s];
    out = out.map((d, i) => broadcastDim(d, padded[i] as Dim, what, sofar, s));
    sofar = out;
  }
  return out;
}

/**
 * A product of dims as a numeric coefficient times a multiset of symbols, so that reshape can infer a -1
 * against shapes like [batch, 81, 128] -> [-1, 128] only when the answer is one dim.
 */
interface Monomial {
  coefficient: number;
  symbols: string[];
}

function monomial(dims: readonly Dim[]): Monomial {
  const m: Monomial = { coefficient: 1, symbols: [] };
  for (const d of dims) {
    if (typeof d === 'number') m.coefficient *= d;
    else m.symbols.push(d);
  }
  m.symbols.sort();
  return m;
}

/** ONNX Reshape semantics (allowzero = 0): 0 copies the input dim at that index, one -1 is inferred. */
export function resolveReshape(input: Shape, target: readonly number[], what: string): Dim[] {
  const fail = (why: string): never => {
    throw new GraphBuildError(`${what}: cannot reshape ${formatShape(input)} to [${target.join(', ')}]: ${why}`);
  };
  if (target.filter((d) => d === -1).length > 1) fail('more than one -1');
  const dims: Dim[] = target.map((d, i) => {
    if (d === 0) {
      if (i >= input.length) fail(`0 at index ${i} has no input dim to copy`);
      return input[i] as Dim;
    }
    if (d < -1 || !Number.isInteger(d)) fail(`invalid dim ${d}`);
    return d;
  });
  const whole = monomial(input);
  const known = monomial(dims.filter((d) => d !== -1));
  const inferred = dims.indexOf(-1);
  const remaining = [...whole.symbols];
  for (const s of known.symbols) {
    const k = remaining.indexOf(s);
    if (k < 0) fail(`symbol '${s}' is not in the input shape`);
    remaining.splice(k, 1);
  }
  if (inferred < 0) {
    if (remaining.length > 0 || whole.coefficient !== known.coefficient) fail('element counts differ');
    return dims;
  }
  if (known.coefficient === 0 || whole.coefficient % known.coefficient !== 0) fail('element count is not divisible');
  const coefficient = whole.coefficient / known.coefficient;
  if (remaining.length === 0) dims[inferred] = coefficient;
  else if (remaining.length === 1 && coefficient === 1) dims[inferred] = remaining[0] as string;
  else fail('the inferred dim would be a product of symbols');
  return dims;
}
