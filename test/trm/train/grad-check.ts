/**
 * Gradient checking for graph ops: builds `out = build(inputs)` in float64, differentiates
 * loss = sum(out * R) (R a fixed random tensor, so the upstream gradient is not uniform) with `gradients`,
 * runs it in onnxruntime-node, and compares every entry with a central finite difference of the same graph.
 *
 * Why float64: in float32 a finite difference carries a rounding error of about 1e-7 * |loss| / h, which at
 * any h small enough for the truncation error to vanish swamps the small entries. ORT's CPU kernels take
 * double for every op of the IR (checked when this was written), so the check runs in double: with
 * h = 1e-5 the truncation error is ~1e-10 and rounding ~1e-11, and a 1e-6 relative tolerance is strict.
 */
import assert from 'node:assert/strict';
import * as ort from 'onnxruntime-node';
import { Graph, Value, gradients, serializeGraph } from '../../../server/src/trm/graph';
import * as op from '../../../server/src/trm/graph';
import { Rng } from '../../../server/src/puzzles/common/random';

export interface CheckInput {
  shape: number[];
  /** float64 (differentiated) by default; integer and bool inputs are fed but not differentiated. */
  dtype?: 'float64' | 'int64' | 'bool';
  /** Values; random normal (float), or required for int64/bool. */
  data?: readonly number[];
  /** Random values bounded away from 0 and positive, for log, sqrt, pow. */
  positive?: boolean;
}

export interface CheckOptions {
  h?: number;
  tolerance?: number;
  seed?: number;
}

function tensorOf(input: CheckInput, data: readonly number[]): ort.Tensor {
  const dtype = input.dtype ?? 'float64';
  if (dtype === 'int64') return new ort.Tensor('int64', BigInt64Array.from(data, (n) => BigInt(n)), input.shape);
  if (dtype === 'bool') return new ort.Tensor('bool', Uint8Array.from(data), input.shape);
  return new ort.Tensor('float64', Float64Array.from(data), input.shape);
}

/** Asserts that every entry of every float input's gradient matches finite differences. */
export async function checkGradients(
  inputs: readonly CheckInput[],
  build: (...xs: Value[]) => Value,
  { h = 1e-5, tolerance = 1e-6, seed = 1 }: CheckOptions = {},
): Promise<{ graph: Graph; grads: Value[] }> {
  const rng = new Rng(seed, 'grad-check');
  const g = new Graph();
  const xs = inputs.map((input, i) => g.input(`x${i}`, input.dtype ?? 'float64', input.shape));
  const out = build(...xs);
  const size = out.shape.reduce<number>((n, d) => n * (d as number), 1);
  const weights = Float64Array.from({ length: size }, () => rng.normal());
  // Flattened first, so that the loss is always a ReduceSum (whose backward uses the seed gradient).
  const loss = op.reduceSum(op.mul(op.reshape(out, [size]), g.constant('float64', weights, [size], 'R')), 0);
  const floats = xs.filter((x) => x.dtype === 'float64');
  const grads = gradients(g, loss, floats);
  g.output('loss', loss);
  const used = new Set(g.nodes.flatMap((n) => n.inputs));
  const unused = g.initializers.filter((v) => !used.has(v) && !g.outputs.includes(v)).map((v) => v.name);
  assert.deepEqual(unused, [], 'the backward pass leaves no unused constants behind');
  grads.forEach((gr, i) => g.output(`grad${i}`, gr));

  const values = inputs.map((input) => {
    if (input.data) return [...input.data];
    if ((input.dtype ?? 'float64') !== 'float64') throw new Error('integer and bool inputs need data');
    const n = input.shape.reduce((a, b) => a * b, 1);
    return Array.from({ length: n }, () => (input.positive ? 0.5 + 1.5 * rng.uniform() : rng.normal()));
  });
  const session = await ort.InferenceSession.create(serializeGraph(g), { executionProviders: ['cpu'] });
  try {
    const feeds = (vals: number[][]): Record<string, ort.Tensor> =>
      Object.fromEntries(inputs.map((input, i) => [`x${i}`, tensorOf(input, vals[i]!)]));
    const result = await session.run(feeds(values));
    const lossAt = async (vals: number[][]): Promise<number> => (await session.run(feeds(vals), ['loss']))['loss']!.data[0] as number;
    let k = 0;
    for (let i = 0; i < inputs.length; i++) {
      if (xs[i]!.dtype !== 'float64') continue;
      const analytic = result[`grad${k++}`]!.data as Float64Array;
      assert.equal(analytic.length, values[i]!.length, `x${i}: gradient has the input's size`);
      for (let j = 0; j < values[i]!.length; j++) {
        const plus = values.map((v) => [...v]);
        const minus = values.map((v) => [...v]);
        plus[i]![j]! += h;
        minus[i]![j]! -= h;
        const numeric = ((await lossAt(plus)) - (await lossAt(minus))) / (2 * h);
        const a = analytic[j]!;
        assert.ok(
          Math.abs(a - numeric) <= tolerance * Math.max(1, Math.abs(numeric)),
          `d loss / d x${i}[${j}]: autodiff ${a}, finite difference ${numeric}`,
        );
      }
    }
  } finally {
    await session.release();
  }
  return { graph: g, grads };
}
