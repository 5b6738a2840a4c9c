// The served supervision-step graph, run in onnxruntime-node, equals the independent reference forward pass
// (test/trm/reference-forward.ts) on the same random weights: both mixers, with and without the puzzle
// prefix, RoPE / learned / no positions, batch 1 and 3, carried state over two steps and mixed resets.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as ort from 'onnxruntime-node';
import type { TrmConfig } from '../../server/src/trm/model/config';
import { serializeGraph } from '../../server/src/trm/graph';
import { buildSupervisionStepGraph } from '../../server/src/trm/model/inference-graph';
import { maxAbsDiff, runModel, values } from './ort-run';
import { referenceSupervisionStep, type ReferenceOutputs } from './reference-forward';
import { randomInputs, randomWeights, runSteps, smallConfig, stepFeeds, type StepInputs } from './trm-fixtures';

const TOLERANCE = 1e-4;

function compare(label: string, got: Record<string, ort.Tensor>, want: ReferenceOutputs): void {
  const pairs: Array<[string, ArrayLike<number>]> = [
    ['logits', want.logits],
    ['q_halt', want.qHalt],
    ['q_continue', want.qContinue],
    ['y_out', want.y],
    ['z_out', want.z],
  ];
  for (const [name, expected] of pairs) {
    const diff = maxAbsDiff(values(got[name]), expected);
    assert.ok(diff <= TOLERANCE, `${label}: ${name} differs by ${diff}`);
  }
  assert.deepEqual(values(got['answer']), want.answer, `${label}: answer`);
  if (got['cycle_answers']) assert.deepEqual(values(got['cycle_answers']), want.cycleAnswers, `${label}: cycle_answers`);
}

/** Two supervision steps: the first with `reset`, the second fed the first's y_out/z_out and no reset. */
async function checkAgainstReference(config: TrmConfig, batch: number, reset: boolean[]): Promise<void> {
  const weights = randomWeights(config, 7);
  const graph = buildSupervisionStepGraph(config, weights, { cycleAnswers: true });
  const session = await ort.InferenceSession.create(serializeGraph(graph), { executionProviders: ['cpu'] });
  try {
    const first = randomInputs(config, batch, 11, reset);
    const got1 = await runSteps(session, config, first);
    compare('step 1', got1, referenceSupervisionStep(config, weights, first));
    const second: StepInputs = {
      ...first,
      y: got1['y_out']!.data as Float32Array,
      z: got1['z_out']!.data as Float32Array,
      reset: reset.map(() => false),
    };
    const got2 = await runSteps(session, config, second);
    compare('step 2 (carried)', got2, referenceSupervisionStep(config, weights, second));
  } finally {
    await session.release();
  }
}

describe('the ONNX supervision step equals the reference forward pass', () => {
  it('mlp_t, no puzzle prefix, no positions, batch 1', () =>
    checkAgainstReference(smallConfig({ mixer: 'mlp_t', posEncodings: 'none' }), 1, [true]));

  it('mlp_t, no puzzle prefix, batch 3 with mixed resets', () =>
    checkAgainstReference(smallConfig({ mixer: 'mlp_t', posEncodings: 'none', hCycles: 3, lCycles: 3 }), 3, [true, false, true]));

  it('mlp_t with a puzzle prefix and learned positions', () =>
    checkAgainstReference(
      smallConfig({ mixer: 'mlp_t', posEncodings: 'learned', puzzleEmbLen: 2, puzzleEmbNdim: 40, numPuzzleIdentifiers: 3 }),
      3,
      [false, true, false],
    ));

  it('attention with RoPE, no puzzle prefix, batch 1', () =>
    checkAgainstReference(smallConfig({ posEncodings: 'rope', seqLen: 36, hiddenSize: 64 }), 1, [true]));

  it('attention with RoPE and a puzzle prefix, batch 3 with mixed resets', () =>
    checkAgainstReference(
      smallConfig({ posEncodings: 'rope', puzzleEmbLen: 3, puzzleEmbNdim: 64, numPuzzleIdentifiers: 5, hCycles: 3, lCycles: 2 }),
      3,
      [true, false, false],
    ));

  it('attention with learned positions and a puzzle prefix', () =>
    checkAgainstReference(
      smallConfig({ posEncodings: 'learned', puzzleEmbLen: 1, puzzleEmbNdim: 32, numPuzzleIdentifiers: 2, lCycles: 3 }),
      3,
      [false, false, true],
    ));

  it('attention without position encodings, one layer', () =>
    checkAgainstReference(smallConfig({ posEncodings: 'none', lLayers: 1 }), 1, [false]));
});

describe('the served graph interface', () => {
  it('has the documented inputs and outputs, with symbolic batch', () => {
    const config = smallConfig({ puzzleEmbLen: 2, puzzleEmbNdim: 64, numPuzzleIdentifiers: 3, hCycles: 3 });
    const g = buildSupervisionStepGraph(config, randomWeights(config, 1), { cycleAnswers: true });
    const L = config.seqLen + 2;
    assert.deepEqual(
      g.inputs.map((v) => v.toString()),
      ['tokens: int64[batch, 16]', `y: float32[batch, ${L}, 32]`, `z: float32[batch, ${L}, 32]`, 'reset: bool[batch]', 'puzzle_ids: int64[batch]'],
    );
    assert.deepEqual(g.outputs.map((v) => v.toString()), [
      'logits: float32[batch, 16, 7]',
      'q_halt: float32[batch]',
      'q_continue: float32[batch]',
      `y_out: float32[batch, ${L}, 32]`,
      `z_out: float32[batch, ${L}, 32]`,
      'answer: int64[batch, 16]',
      'cycle_answers: int64[batch, 3, 16]',
    ]);
  });

  it('stores each weight once under its reference name, however many recursion steps use it', () => {
    const config = smallConfig({ mixer: 'mlp_t' });
    const g = buildSupervisionStepGraph(config, randomWeights(config, 1));
    const params = g.parameters().map((v) => v.name).sort();
    assert.deepEqual(params, [...randomWeights(config, 1).keys()].sort());
    assert.equal(g.inputs.length, 4, 'no puzzle_ids without a puzzle embedding');
    assert.ok(g.nodes.some((n) => n.name.startsWith('cycle1.z1.L_level.layers.1.mlp_t/')), 'scoped node names');
  });
});

describe('one architecture, two parameter sources', () => {
  it('weights fed as graph inputs give the same step as weights stored as initializers', async () => {
    const config = smallConfig({ posEncodings: 'rope', puzzleEmbLen: 1, puzzleEmbNdim: 20, numPuzzleIdentifiers: 2 });
    const weights = randomWeights(config, 9);
    const feeds = stepFeeds(config, randomInputs(config, 2, 4, [true, false]));
    const asInputs = buildSupervisionStepGraph(config, 'inputs');
    assert.deepEqual(asInputs.initializers.filter((v) => v.origin.kind === 'parameter'), []);
    const weightFeeds = Object.fromEntries(
      asInputs.parameters().map((p) => [p.name, new ort.Tensor('float32', weights.get(p.name)!, p.shape as number[])]),
    );
    const a = await runModel(serializeGraph(asInputs), { ...feeds, ...weightFeeds });
    const b = await runModel(serializeGraph(buildSupervisionStepGraph(config, weights)), feeds);
    for (const name of ['logits', 'q_halt', 'y_out', 'z_out']) assert.equal(maxAbsDiff(values(a[name]), values(b[name])), 0, name);
  });

  it('training mode stops gradients at the states entering the last cycle, and computes the same values', async () => {
    const config = smallConfig({ hCycles: 3 });
    const weights = randomWeights(config, 2);
    const detached = buildSupervisionStepGraph(config, weights, { detachEarlyCycles: true });
    const stops = detached.nodes.filter((n) => n.spec.op === 'StopGradient');
    // H_init and L_init (reference buffers) always; y and z before the last cycle in training.
    assert.deepEqual(stops.map((n) => n.name), ['reset/StopGradient', 'reset/StopGradient_2', 'cycle2/StopGradient', 'cycle2/StopGradient_2']);
    const firstOfLastCycle = detached.nodes.findIndex((n) => n.name.startsWith('cycle2.z0'));
    assert.ok(detached.nodes.indexOf(stops[3]!) < firstOfLastCycle);
    const feeds = stepFeeds(config, randomInputs(config, 1, 4, [false]));
    const a = await runModel(serializeGraph(detached), feeds);
    const b = await runModel(serializeGraph(buildSupervisionStepGraph(config, weights)), feeds);
    assert.equal(maxAbsDiff(values(a['logits']), values(b['logits'])), 0);
  });
});
