// What the backward pass emits, structurally: nothing for values off the path from wrt to the loss or
// behind a StopGradient, no backward nodes for the first T - 1 cycles of a training step, no needless
// Expand / Identity / multiplication by ones, forward values reused (W rather than transpose(transpose(W))),
// slices of one tensor joined by a Concat rather than zero-padded and summed, and zero gradients for
// weights the loss does not reach.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as op from '../../../server/src/trm/graph';
import { Graph, gradients, type Node, type Value } from '../../../server/src/trm/graph';
import { buildTrainStepGraph } from '../../../server/src/trm/train/step-graph';
import { smallConfig } from '../trm-fixtures';

const backward = (g: Graph): Node[] => g.nodes.filter((n) => n.name.startsWith('grad:'));
const opsOf = (nodes: readonly Node[]): string[] => nodes.map((n) => n.spec.op);

describe('the backward graph holds only what the gradient needs', () => {
  it('emits nothing for side branches and StopGradient paths, and a constant zero for an unreached weight', () => {
    const g = new Graph();
    const x = g.input('x', 'float32', [2, 3]);
    const w = g.input('w', 'float32', [2, 3]);
    const unused = g.input('unused', 'float32', [4]);
    op.exp(op.mul(x, w)); // a side branch that does not reach the loss
    const loss = op.reduceSum(op.add(op.mul(x, op.stopGradient(op.sigmoid(w))), op.tanh(x)), [0, 1]);
    const [gx, gw, gu] = gradients(g, loss, [x, w, unused]);
    // d/dx: the seed unsqueezed, times sg(sigmoid(w)), plus tanh's g * (1 - t * t), summed.
    assert.deepEqual(opsOf(backward(g)).sort(), ['Add', 'Mul', 'Mul', 'Mul', 'Sub', 'Unsqueeze'].sort());
    assert.equal(gw!.origin.kind, 'constant', 'w only reaches the loss through StopGradient');
    assert.equal(gu!.origin.kind, 'constant');
    assert.deepEqual(gx!.shape, [2, 3]);
  });

  it('a Linear (x @ W^T) differentiates through W itself: no Transpose of the transpose, no Expand or Identity', () => {
    const g = new Graph();
    const x = g.input('x', 'float32', [4, 5, 8]);
    const w = g.input('w', 'float32', [6, 8]);
    const loss = op.reduceSum(op.mul(op.matmul(x, op.transpose(w)), g.input('r', 'float32', [4, 5, 6])), [0, 1, 2]);
    gradients(g, loss, [x, w]);
    const nodes = backward(g);
    const products = nodes.filter((n) => n.spec.op === 'MatMul');
    assert.ok(products.some((n) => n.inputs.includes(w)), 'dx = g @ W reads W directly');
    assert.ok(!opsOf(nodes).includes('Expand') && !opsOf(nodes).includes('Identity'));
    // dW^T is one 2-D product over the flattened rows, then one transpose back to W's layout.
    assert.ok(products.some((n) => n.outputs[0]!.rank === 2 && n.outputs[0]!.shape.join() === '8,6'));
  });

  it('RMSNorm: the gradient of the mean stays [.., 1] until it meets x, and the ones scale is skipped', () => {
    const g = new Graph();
    const x = g.input('x', 'float32', [2, 3, 4]);
    const normed = op.div(x, op.sqrt(op.add(op.reduceMean(op.pow(x, 2), -1, true), 1e-5)));
    const loss = op.reduceSum(op.mul(op.mul(normed, g.filled(1, [4])), g.input('r', 'float32', [2, 3, 4])), [0, 1, 2]);
    gradients(g, loss, [x]);
    const nodes = backward(g);
    assert.ok(!opsOf(nodes).includes('Expand'));
    const full = nodes.filter((n) => n.outputs[0]!.shape.join() === '2,3,4');
    // g * r, g / r_ms, g * normed, 2 x g_mean, and the sum of the two paths into x.
    assert.equal(full.length, 5, full.map((n) => n.name).join(', '));
  });

  it('gradients of slices that tile a tensor are concatenated, not padded and summed', () => {
    const g = new Graph();
    const w = g.input('w', 'float32', [6, 4]);
    const x = g.input('x', 'float32', [3, 4]);
    const gate = op.matmul(x, op.transpose(op.slice(w, 0, 0, 3)));
    const up = op.matmul(x, op.transpose(op.slice(w, 0, 3, 6)));
    gradients(g, op.reduceSum(op.mul(gate, up), [0, 1]), [w]);
    const ops = opsOf(backward(g));
    assert.ok(ops.includes('Concat') && !ops.includes('Pad'), ops.join(' '));
  });

  it('the training step has no backward nodes for the first T - 1 cycles and none for H_init / L_init', () => {
    const config = smallConfig({ hCycles: 3, lCycles: 2 });
    const { graph } = buildTrainStepGraph(config, { batchSize: 2 });
    const nodes = backward(graph);
    assert.ok(nodes.length > 0);
    assert.deepEqual(nodes.filter((n) => /^grad:cycle[01]\./.test(n.name)).map((n) => n.name), []);
    assert.ok(nodes.some((n) => n.name.startsWith('grad:cycle2.')));
    assert.ok(!nodes.some((n) => n.name.startsWith('grad:reset')), 'the reset to H_init/L_init is not differentiated');
    assert.ok(!opsOf(nodes).includes('Expand') && !opsOf(nodes).includes('Identity'));
    const inputs = new Set(graph.inputs.map((v: Value) => v.name));
    for (const name of ['tokens', 'labels', 'y', 'z', 'reset', 'lr', 'bias_correction1', 'bias_correction2', 'H_init', 'adam_m/lm_head.weight', 'adam_v/lm_head.weight']) {
      assert.ok(inputs.has(name), `input ${name}`);
    }
    assert.ok(!inputs.has('adam_m/H_init') && !inputs.has('ema/lm_head.weight'), 'no optimiser state for buffers, no EMA unless asked');
  });
});
