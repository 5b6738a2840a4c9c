// Every op of the graph builder, built, serialised to ONNX opset 17 and run in onnxruntime-node, against
// values worked out by hand; plus the shape inference that must reject a wrong graph at build time.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as op from '../../server/src/trm/graph';
import { Graph, GraphBuildError, Value } from '../../server/src/trm/graph';
import { bool, f32, i32, i64, runGraph, values, type Feeds } from './ort-run';

/** Builds `out = build(inputs...)`, runs it, returns the output's values and dims. */
async function run(
  inputs: Array<{ name: string; dtype: op.DType; shape: op.Shape }>,
  build: (...xs: Value[]) => Value,
  feeds: Feeds,
): Promise<{ v: number[]; dims: readonly number[]; out: Value }> {
  const g = new Graph();
  const xs = inputs.map((i) => g.input(i.name, i.dtype, i.shape));
  const out = g.output('out', build(...xs));
  const result = (await runGraph(g, feeds))['out'];
  assert.ok(result);
  return { v: values(result), dims: result.dims, out };
}

function close(actual: number[], expected: number[], tol = 1e-6): void {
  assert.equal(actual.length, expected.length, `length ${actual.length} vs ${expected.length}`);
  actual.forEach((a, i) => {
    const e = expected[i] as number;
    assert.ok(Math.abs(a - e) <= tol * Math.max(1, Math.abs(e)), `[${i}] ${a} vs ${e}`);
  });
}

const X = { name: 'x', dtype: 'float32' as const, shape: [2, 3] };
const xData = [1, -2, 3, 0.5, 4, -1];
const xFeed = { x: f32(xData, [2, 3]) };

describe('elementwise ops run in ORT as computed by hand', () => {
  it('add, sub, mul, div broadcast and accept number operands', async () => {
    const Y = { name: 'y', dtype: 'float32' as const, shape: [3] };
    const feeds = { ...xFeed, y: f32([10, 20, 30], [3]) };
    close((await run([X, Y], (x, y) => op.add(x!, y!), feeds)).v, [11, 18, 33, 10.5, 24, 29]);
    close((await run([X, Y], (x, y) => op.sub(y!, x!), feeds)).v, [9, 22, 27, 9.5, 16, 31]);
    close((await run([X, Y], (x, y) => op.mul(x!, y!), feeds)).v, [10, -40, 90, 5, 80, -30]);
    close((await run([X, Y], (x, y) => op.div(x!, y!), feeds)).v, [0.1, -0.1, 0.1, 0.05, 0.2, -1 / 30]);
    close((await run([X], (x) => op.sub(1, x!), xFeed)).v, xData.map((a) => 1 - a));
    close((await run([X], (x) => op.div(x!, 2), xFeed)).v, xData.map((a) => a / 2));
  });

  it('unary maps and scalar pow', async () => {
    const pos = [0.5, 1, 2, 3, 4, 9];
    const feeds = { x: f32(pos, [2, 3]) };
    const cases: Array<[(x: Value) => Value, (a: number) => number]> = [
      [op.neg, (a) => -a],
      [op.exp, Math.exp],
      [op.log, Math.log],
      [op.sqrt, Math.sqrt],
      [op.reciprocal, (a) => 1 / a],
      [op.sigmoid, (a) => 1 / (1 + Math.exp(-a))],
      [op.tanh, Math.tanh],
      [(x) => op.relu(op.sub(x, 2)), (a) => Math.max(0, a - 2)],
      [(x) => op.pow(x, 2), (a) => a * a],
      [(x) => op.pow(x, -0.5), (a) => a ** -0.5],
    ];
    for (const [build, expect] of cases) close((await run([X], (x) => build(x!), feeds)).v, pos.map(expect), 1e-5);
  });

  it('comparisons give bool, where selects with broadcasting, cast converts', async () => {
    const Y = { name: 'y', dtype: 'float32' as const, shape: [3] };
    const feeds = { ...xFeed, y: f32([1, 4, 0], [3]) };
    assert.deepEqual((await run([X, Y], (x, y) => op.equal(x!, y!), feeds)).v, [1, 0, 0, 0, 1, 0]);
    assert.deepEqual((await run([X, Y], (x, y) => op.less(x!, y!), feeds)).v, [0, 1, 0, 1, 0, 1]);
    assert.deepEqual((await run([X, Y], (x, y) => op.greater(x!, y!), feeds)).v, [0, 0, 1, 0, 0, 0]);
    const C = { name: 'c', dtype: 'bool' as const, shape: [2, 1] };
    const w = await run([C, X], (c, x) => op.where(c!, x!, -7), { ...xFeed, c: bool([true, false], [2, 1]) });
    assert.deepEqual(w.v, [1, -2, 3, -7, -7, -7]);
    const c = await run([X], (x) => op.cast(x!, 'int64'), xFeed);
    assert.equal(c.out.dtype, 'int64');
    assert.deepEqual(c.v, [1, -2, 3, 0, 4, -1]);
    close((await run([C], (b) => op.cast(b!, 'float32'), { c: bool([true, false], [2, 1]) })).v, [1, 0]);
  });

  it('identity and stopGradient pass values through', async () => {
    close((await run([X], (x) => op.identity(x!), xFeed)).v, xData);
    close((await run([X], (x) => op.stopGradient(op.mul(x!, 3)), xFeed)).v, xData.map((a) => 3 * a));
  });
});

describe('reductions, softmax, argmax, matmul run in ORT as computed by hand', () => {
  it('reduceSum (axes as input), reduceMean and reduceMax (axes as attribute), keepdims both ways', async () => {
    const s = await run([X], (x) => op.reduceSum(x!, 1), xFeed);
    assert.deepEqual(s.dims, [2]);
    close(s.v, [2, 3.5]);
    const m = await run([X], (x) => op.reduceMean(x!, -1, true), xFeed);
    assert.deepEqual(m.dims, [2, 1]);
    close(m.v, [2 / 3, 3.5 / 3]);
    const mx = await run([X], (x) => op.reduceMax(x!, 0), xFeed);
    close(mx.v, [1, 4, 3]);
    const all = await run([X], (x) => op.reduceSum(x!, [0, 1], true), xFeed);
    assert.deepEqual(all.dims, [1, 1]);
    close(all.v, [5.5]);
  });

  it('softmax over the last and the first axis', async () => {
    const sm = (row: number[]): number[] => {
      const m = Math.max(...row);
      const e = row.map((a) => Math.exp(a - m));
      const z = e.reduce((a, b) => a + b);
      return e.map((a) => a / z);
    };
    close((await run([X], (x) => op.softmax(x!), xFeed)).v, [...sm([1, -2, 3]), ...sm([0.5, 4, -1])]);
    const cols = [0, 1, 2].map((j) => sm([xData[j]!, xData[j + 3]!]));
    close((await run([X], (x) => op.softmax(x!, 0), xFeed)).v, [0, 1].flatMap((i) => cols.map((c) => c[i]!)));
  });

  it('argmax picks the first maximum and returns int64', async () => {
    const a = await run([X], (x) => op.argmax(x!, -1), xFeed);
    assert.equal(a.out.dtype, 'int64');
    assert.deepEqual(a.v, [2, 1]);
    assert.deepEqual((await run([X], (x) => op.argmax(x!, 0, true), xFeed)).dims, [1, 3]);
  });

  it('matmul broadcasts batch dims', async () => {
    const A = { name: 'a', dtype: 'float32' as const, shape: ['batch', 2, 3] };
    const B = { name: 'b', dtype: 'float32' as const, shape: [3, 2] };
    const feeds = { a: f32([1, 2, 3, 4, 5, 6, 1, 0, 0, 0, 1, 0], [2, 2, 3]), b: f32([1, 0, 0, 1, 1, 1], [3, 2]) };
    const r = await run([A, B], (a, b) => op.matmul(a!, b!), feeds);
    assert.deepEqual(r.out.shape, ['batch', 2, 2]);
    assert.deepEqual(r.v, [4, 5, 10, 11, 1, 0, 0, 1]);
  });
});

describe('layout ops run in ORT as computed by hand', () => {
  it('reshape copies 0 dims and infers -1, also against a symbolic batch', async () => {
    const B = { name: 'x', dtype: 'float32' as const, shape: ['batch', 2, 3] };
    const feeds = { x: f32([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], [2, 2, 3]) };
    const r = await run([B], (x) => op.reshape(x!, [0, 3, -1]), feeds);
    assert.deepEqual(r.out.shape, ['batch', 3, 2]);
    assert.deepEqual(r.dims, [2, 3, 2]);
    const flat = await run([B], (x) => op.reshape(x!, [-1, 6]), feeds);
    assert.deepEqual(flat.out.shape, ['batch', 6]);
    assert.deepEqual(flat.v, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it('transpose, concat, slice, pad', async () => {
    const t = await run([X], (x) => op.transpose(x!), xFeed);
    assert.deepEqual(t.dims, [3, 2]);
    assert.deepEqual(t.v, [1, 0.5, -2, 4, 3, -1]);
    assert.deepEqual((await run([X], (x) => op.concat([x!, x!], 1), xFeed)).v, [1, -2, 3, 1, -2, 3, 0.5, 4, -1, 0.5, 4, -1]);
    assert.deepEqual((await run([X], (x) => op.concat([x!, op.mul(x!, 0)], 0), xFeed)).dims, [4, 3]);
    assert.deepEqual((await run([X], (x) => op.slice(x!, 1, 1, 3), xFeed)).v, [-2, 3, 4, -1]);
    assert.deepEqual((await run([X], (x) => op.slice(x!, -1, 0, 3, 2), xFeed)).v, [1, 3, 0.5, -1]);
    assert.deepEqual((await run([X], (x) => op.slice(x!, 0, -1, 100), xFeed)).v, [0.5, 4, -1]);
    const p = await run([X], (x) => op.pad(x!, [0, 1, 0, 2], 9), xFeed);
    assert.deepEqual(p.dims, [2, 6]);
    assert.deepEqual(p.v, [9, 1, -2, 3, 9, 9, 9, 0.5, 4, -1, 9, 9]);
  });

  it('gather looks up embedding rows with int64 and int32 indices', async () => {
    const E = { name: 'e', dtype: 'float32' as const, shape: [3, 2] };
    const e = f32([0, 1, 10, 11, 20, 21], [3, 2]);
    const I = { name: 'i', dtype: 'int64' as const, shape: ['batch', 2] };
    const r = await run([E, I], (w, i) => op.gather(w!, i!), { e, i: i64([2, 0, 1, 1], [2, 2]) });
    assert.deepEqual(r.out.shape, ['batch', 2, 2]);
    assert.deepEqual(r.v, [20, 21, 0, 1, 10, 11, 10, 11]);
    const J = { name: 'i', dtype: 'int32' as const, shape: [2] };
    assert.deepEqual((await run([E, J], (w, i) => op.gather(w!, i!, 1), { e, i: i32([1, 0], [2]) })).v, [1, 0, 11, 10, 21, 20]);
  });

  it('unsqueeze, squeeze and expand', async () => {
    const u = await run([X], (x) => op.unsqueeze(x!, [0, -1]), xFeed);
    assert.deepEqual(u.dims, [1, 2, 3, 1]);
    assert.deepEqual((await run([X], (x) => op.squeeze(op.unsqueeze(x!, 1), 1), xFeed)).dims, [2, 3]);
    const V = { name: 'v', dtype: 'float32' as const, shape: ['batch', 1, 2] };
    const ex = await run([V], (v) => op.expand(v!, [1, 3, 2]), { v: f32([1, 2, 3, 4], [2, 1, 2]) });
    assert.deepEqual(ex.out.shape, ['batch', 3, 2]);
    assert.deepEqual(ex.v, [1, 2, 1, 2, 1, 2, 3, 4, 3, 4, 3, 4]);
  });

  it('constants of every dtype are initializers', async () => {
    const r = await run([X], (x) => op.add(x!, op.constantF32(x!.graph, [1, 2, 3], [3])), xFeed);
    close(r.v, [2, 0, 6, 1.5, 6, 2]);
    const idx = await run([X], (x) => op.gather(x!, op.constantI64(x!.graph, [1], [1]), 1), xFeed);
    assert.deepEqual(idx.v, [-2, 4]);
  });
});

describe('shape inference rejects wrong graphs when they are built', () => {
  const g = new Graph();
  const a = g.input('a', 'float32', ['batch', 4, 8]);
  const b = g.input('b', 'float32', [6, 2]);
  const n = g.input('n', 'int64', [4]);
  const throwsBuild = (f: () => unknown, message: RegExp): void => {
    assert.throws(f, (e: unknown) => e instanceof GraphBuildError && message.test(e.message));
  };

  it('matmul with differing inner dims', () => throwsBuild(() => op.matmul(a, b), /MatMul.*inner dims differ.*\[batch, 4, 8\].*\[6, 2\]/));
  it('broadcasting of incompatible dims', () => throwsBuild(() => op.add(a, b), /Add.*do not broadcast/));
  it('a symbolic dim against a number', () => throwsBuild(() => op.add(a, g.input('c', 'float32', [3, 1, 1])), /do not broadcast \(dim batch vs 3\)/));
  it('mixed dtypes', () => throwsBuild(() => op.add(a, n), /dtypes differ/));
  it('float ops on integers', () => throwsBuild(() => op.exp(n), /Exp.*expects float32/));
  it('reshape to a different element count', () => throwsBuild(() => op.reshape(b, [5, -1]), /not divisible/));
  it('reshape that would need a product of a symbol', () => throwsBuild(() => op.reshape(a, [-1]), /product of symbols/));
  it('concat of mismatched dims', () => throwsBuild(() => op.concat([a, op.transpose(a, [0, 2, 1])], 1), /Concat.*dim 2 differs/));
  it('concat along a symbolic dim', () => throwsBuild(() => op.concat([a, a], 0), /symbolic dim 'batch'/));
  it('squeeze of a non-1 dim', () => throwsBuild(() => op.squeeze(a, 1), /dim 1 of .* is not 1/));
  it('axes out of range', () => throwsBuild(() => op.reduceSum(a, 3), /axis 3 is out of range/));
  it('gather with float indices', () => throwsBuild(() => op.gather(b, a), /indices must be integers/));
  it('slice with a non-positive step', () => throwsBuild(() => op.slice(b, 0, 0, 6, -1), /step must be a positive integer/));
  it('values of another graph', () => throwsBuild(() => op.add(a, new Graph().input('x', 'float32', [1])), /another graph/));
  it('a reused input name', () => throwsBuild(() => g.input('a', 'float32', [1]), /already used/));
  it('a parameter with the wrong number of values', () =>
    throwsBuild(() => g.parameter('w', [2, 3], new Float32Array(5)), /expected 6 values for shape \[2, 3\], got 5/));
  it('errors name the scope they occur in', () =>
    throwsBuild(() => g.scope('L_level.layers.0', () => op.matmul(a, b)), /MatMul in L_level\.layers\.0/));
});

describe('names follow scopes and outputs keep their names', () => {
  it('nodes are named after their scope, outputs are renamed or passed through Identity', () => {
    const g = new Graph();
    const x = g.input('x', 'float32', [2]);
    const y = g.scope('L_level', () => g.scope('layers.0', () => op.add(op.mul(x, 2), op.mul(x, 3))));
    assert.deepEqual(g.nodes.map((n) => n.name), ['L_level.layers.0/Mul', 'L_level.layers.0/Mul_2', 'L_level.layers.0/Add']);
    assert.equal(g.output('y', y), y);
    assert.equal(y.name, 'y');
    const again = g.output('x_out', x);
    assert.equal(again.name, 'x_out');
    assert.equal(g.nodes.at(-1)?.spec.op, 'Identity');
  });
});
