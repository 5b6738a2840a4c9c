// Every differentiable op's gradient rule against central finite differences, in float64 (grad-check.ts
// says why), including broadcasting both ways, reductions with and without keepdims, one-hot scatter of
// repeated ids, strided slices, and the composite patterns the TRM is made of (RMSNorm, SwiGLU, attention,
// a weight reused across recursion steps).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as ort from 'onnxruntime-node';
import * as op from '../../../server/src/trm/graph';
import { Graph, gradients, serializeGraph, type Value } from '../../../server/src/trm/graph';
import { checkGradients } from './grad-check';

const f = (...shape: number[]): { shape: number[] } => ({ shape });
const pos = (...shape: number[]): { shape: number[]; positive: true } => ({ shape, positive: true });

describe('elementwise gradients match finite differences', () => {
  it('add, sub, mul, div without broadcasting', async () => {
    await checkGradients([f(2, 3), f(2, 3)], (a, b) => op.add(a!, b!));
    await checkGradients([f(2, 3), f(2, 3)], (a, b) => op.sub(a!, b!));
    await checkGradients([f(2, 3), f(2, 3)], (a, b) => op.mul(a!, b!));
    await checkGradients([f(2, 3), pos(2, 3)], (a, b) => op.div(a!, b!));
  });

  it('broadcasting sums the gradient back to each input shape', async () => {
    await checkGradients([f(2, 3), f(3)], (a, b) => op.add(a!, b!));
    await checkGradients([f(2, 1, 3), f(4, 1)], (a, b) => op.mul(a!, b!));
    await checkGradients([f(1, 3), f(2, 1)], (a, b) => op.sub(a!, b!));
    await checkGradients([f(2, 3, 4), pos(3, 1)], (a, b) => op.div(a!, b!));
    await checkGradients([pos(1), f(2, 3)], (a, b) => op.div(b!, a!));
    await checkGradients([f(2, 3)], (a) => op.mul(op.sub(1, a!), 3));
  });

  it('unary maps reuse their outputs correctly', async () => {
    await checkGradients([f(2, 3)], (a) => op.neg(a!));
    await checkGradients([f(2, 3)], (a) => op.exp(a!));
    await checkGradients([pos(2, 3)], (a) => op.log(a!));
    await checkGradients([pos(2, 3)], (a) => op.sqrt(a!));
    await checkGradients([pos(2, 3)], (a) => op.reciprocal(a!));
    await checkGradients([f(2, 3)], (a) => op.sigmoid(a!));
    await checkGradients([f(2, 3)], (a) => op.tanh(a!));
    await checkGradients([{ shape: [2, 3], data: [1, -2, 0.5, -0.1, 3, -4] }], (a) => op.relu(a!));
  });

  // ORT has only a float32 Atan, too coarse for finite differences: its rule is checked against the
  // closed form 1 / (1 + x^2) instead, on values from 0 to large (where Adam-atan2 saturates).
  it('atan (float32) against its closed-form derivative', async () => {
    const xs = [0, 0.5, -1, 2, -30, 1e4, Infinity, -Infinity];
    const g = new Graph();
    const x = g.input('x', 'float32', [xs.length]);
    const [dx] = gradients(g, op.reduceSum(op.atan(x), 0), [x]);
    g.output('y', op.atan(x));
    g.output('dx', dx!);
    const session = await ort.InferenceSession.create(serializeGraph(g));
    const out = await session.run({ x: new ort.Tensor('float32', Float32Array.from(xs), [xs.length]) });
    xs.forEach((v, i) => {
      assert.ok(Math.abs((out.y!.data as Float32Array)[i]! - Math.atan(v)) < 1e-6, `atan(${v})`);
      const expected = 1 / (1 + v * v);
      assert.ok(Math.abs((out.dx!.data as Float32Array)[i]! - expected) <= 1e-6 * expected, `atan'(${v})`);
    });
    assert.throws(() => op.atan(new Graph().input('d', 'float64', [1])), /expects float32/);
  });

  it('pow with the exponents the model and the loss use', async () => {
    for (const p of [2, 3, -0.5, 1.5, 1]) await checkGradients([pos(2, 3)], (a) => op.pow(a!, p));
    await checkGradients([f(2, 3)], (a) => op.pow(a!, 2));
  });

  it('where routes the gradient by the condition, broadcast condition included', async () => {
    const cond = { shape: [2, 1], dtype: 'bool' as const, data: [1, 0] };
    await checkGradients([cond, f(2, 3), f(3)], (c, a, b) => op.where(c!, a!, b!));
    await checkGradients([f(2, 3)], (a) => op.where(op.greater(a!, 0), op.mul(a!, a!), op.neg(a!)));
  });

  it('cast between float types and identity pass the gradient through', async () => {
    await checkGradients([f(2, 3)], (a) => op.cast(op.identity(a!), 'float64'));
  });
});

describe('reduction and softmax gradients match finite differences', () => {
  it('reduceSum and reduceMean over one or several axes, keepdims both ways', async () => {
    for (const keep of [true, false]) {
      await checkGradients([f(2, 3, 4)], (a) => op.reduceSum(a!, 1, keep));
      await checkGradients([f(2, 3, 4)], (a) => op.reduceSum(a!, [0, 2], keep));
      await checkGradients([f(2, 3, 4)], (a) => op.reduceMean(a!, -1, keep));
      await checkGradients([f(2, 3, 4)], (a) => op.reduceMean(a!, [0, 1, 2], keep));
    }
  });

  it('reduceMax sends the gradient to the maximum', async () => {
    for (const keep of [true, false]) await checkGradients([f(3, 4)], (a) => op.reduceMax(a!, 1, keep));
  });

  it('reduced gradients broadcast back into later elementwise ops', async () => {
    // mean(x) is [2, 1] here; its gradient meets a full-size one at x.
    await checkGradients([f(2, 5)], (a) => op.mul(op.sub(a!, op.reduceMean(a!, -1, true)), op.reduceSum(a!, 1, true)));
  });

  it('softmax over the last and the first axis', async () => {
    await checkGradients([f(2, 5)], (a) => op.softmax(a!, -1));
    await checkGradients([f(3, 2, 2)], (a) => op.softmax(a!, 0));
  });
});

describe('layout gradients match finite differences', () => {
  it('reshape, transpose, unsqueeze, squeeze, expand', async () => {
    await checkGradients([f(2, 3, 4)], (a) => op.reshape(a!, [6, -1]));
    await checkGradients([f(2, 3, 4)], (a) => op.transpose(a!, [2, 0, 1]));
    await checkGradients([f(2, 3)], (a) => op.unsqueeze(a!, [0, 2]));
    await checkGradients([f(2, 1, 3)], (a) => op.squeeze(a!, 1));
    await checkGradients([f(3, 1)], (a) => op.expand(a!, [2, 3, 4]));
  });

  it('slice along an axis, negative bounds, strided', async () => {
    await checkGradients([f(4, 5)], (a) => op.slice(a!, 1, 1, 4));
    await checkGradients([f(4, 5)], (a) => op.slice(a!, 0, -3, -1));
    await checkGradients([f(3, 7)], (a) => op.slice(a!, 1, 1, 7, 3));
    await checkGradients([f(3, 8)], (a) => op.slice(a!, 1, 0, 8, 2));
    // Two slices of one tensor (the fused gate_up weight split): the gradients land side by side.
    await checkGradients([f(4, 3)], (a) => op.mul(op.slice(a!, 0, 0, 2), op.slice(a!, 0, 2, 4)));
  });

  it('concat of several inputs, and pad', async () => {
    await checkGradients([f(2, 3), f(2, 1), f(2, 2)], (a, b, c) => op.concat([a!, b!, c!], 1));
    await checkGradients([f(1, 3), f(2, 3)], (a, b) => op.concat([a!, b!], 0));
    await checkGradients([f(2, 3)], (a) => op.pad(a!, [0, 2, 1, 1], 0.5));
  });

  it('gather from an embedding table with repeated ids', async () => {
    const ids = { shape: [2, 3], dtype: 'int64' as const, data: [1, 3, 1, 0, 3, 3] };
    await checkGradients([f(4, 5), ids], (table, i) => op.gather(table!, i!, 0));
  });

  it('gather along an inner axis, with negative and constant indices', async () => {
    const ids = { shape: [3], dtype: 'int64' as const, data: [2, -1, 0] };
    await checkGradients([f(2, 4, 3), ids], (x, i) => op.gather(x!, i!, 1));
    await checkGradients([f(2, 4, 3)], (x) => op.gather(x!, x!.graph.scalar(1, 'int64'), 1));
    await checkGradients([f(2, 4, 3)], (x) => op.gather(x!, x!.graph.scalar(-1, 'int64'), 2));
  });
});

describe('matmul gradients match finite differences', () => {
  it('plain and with batch dims on both sides', async () => {
    await checkGradients([f(3, 4), f(4, 2)], (a, b) => op.matmul(a!, b!));
    await checkGradients([f(2, 3, 4), f(2, 4, 5)], (a, b) => op.matmul(a!, b!));
  });

  it('with broadcast batch dims: a Linear, the mlp_t product, and a batch dim of 1', async () => {
    await checkGradients([f(2, 3, 4), f(4, 5)], (x, w) => op.matmul(x!, w!));
    await checkGradients([f(3, 4), f(2, 4, 5)], (w, h) => op.matmul(w!, h!));
    await checkGradients([f(2, 1, 3, 4), f(3, 4, 2)], (a, b) => op.matmul(a!, b!));
  });

  it('through transposed weights (x @ W^T), the way every Linear is built', async () => {
    await checkGradients([f(2, 3, 4), f(5, 4)], (x, w) => op.matmul(x!, op.transpose(w!)));
  });
});

describe('composite patterns of the TRM match finite differences', () => {
  const rmsNorm = (x: Value): Value =>
    op.mul(op.div(x, op.sqrt(op.add(op.reduceMean(op.pow(x, 2), -1, true), 1e-5))), x.graph.filled(1, [x.shape[x.rank - 1] as number], 'float64'));

  it('the RMSNorm pattern, over the last axis and the sequence axis', async () => {
    await checkGradients([f(2, 3, 4)], rmsNorm);
    await checkGradients([f(2, 3, 4)], (x) => op.div(x!, op.sqrt(op.add(op.reduceMean(op.pow(x!, 2), -2, true), 1e-5))));
  });

  it('SwiGLU with a fused gate/up weight', async () => {
    await checkGradients([f(2, 3, 4), f(6, 4), f(4, 3)], (x, gu, down) => {
      const gate = op.matmul(x!, op.transpose(op.slice(gu!, 0, 0, 3)));
      const up = op.matmul(x!, op.transpose(op.slice(gu!, 0, 3, 6)));
      return op.matmul(op.mul(op.mul(gate, op.sigmoid(gate)), up), op.transpose(down!));
    });
  });

  it('attention scores, softmax and values over heads', async () => {
    await checkGradients([f(1, 2, 3, 4), f(1, 2, 3, 4), f(1, 2, 3, 4)], (q, k, v) =>
      op.matmul(op.softmax(op.matmul(q!, op.transpose(k!, [0, 1, 3, 2])), -1), v!),
    );
  });

  it('values used several times: gradients sum over every use', async () => {
    await checkGradients([f(2, 3)], (x) => op.add(op.mul(x!, x!), op.exp(x!)));
    // A weight shared by three recursion steps, each normalised, as in the TRM.
    await checkGradients([f(2, 3), f(3, 3)], (h, w) => {
      let x = h!;
      for (let i = 0; i < 3; i++) x = rmsNorm(op.add(x, op.matmul(x, op.transpose(w!))));
      return x;
    });
  });
});
