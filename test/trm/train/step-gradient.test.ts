// The whole training step's gradient (before the optimiser) against finite differences of an independent
// float64 computation: the reference forward pass (../reference-forward.ts) and the reference ACT loss
// (reference-loss.ts), with the first T - 1 cycles on fixed weights as the reference's no_grad does.
//
// Why this is trustworthy in float32: the finite differences are taken in float64 (h = 1e-3, truncation
// error ~1e-7 relative, rounding ~1e-13), with the exact perturbation that a float32 weight can hold, so
// the only noise is the float32 of the graph's own gradient. Entries are compared against the largest
// gradient entry of the same parameter (relative error per entry would be meaningless for near-zero ones).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TrmConfig } from '../../../server/src/trm/model/config';
import type { TrmWeights } from '../../../server/src/trm/model/parameters';
import { Rng } from '../../../server/src/puzzles/common/random';
import { TrainingSession } from '../../../server/src/trm/train/session';
import { referenceSupervisionStep } from '../reference-forward';
import { randomInputs, randomWeights, smallConfig } from '../trm-fixtures';
import { lastCycleLoss, type CrossEntropy } from './reference-loss';

const H = 1e-3;
/** |autodiff - finite difference| <= TOLERANCE * (largest |gradient| of that parameter). */
const TOLERANCE = 3e-4;
const SAMPLES_PER_PARAMETER = 5;

/** Random labels, some ignored; sequence 0 labelled with the model's own answer, so its q_halt target is 1. */
function labelsFor(config: TrmConfig, weights: TrmWeights, inputs: ReturnType<typeof randomInputs>, seed: number): number[] {
  const rng = new Rng(seed, 'labels');
  const S = config.seqLen;
  const answer = referenceSupervisionStep(config, weights, inputs).answer;
  return Array.from({ length: inputs.batch * S }, (_, i) => {
    if (rng.uniform() < 0.2) return 0;
    return i < S ? answer[i]! : 1 + rng.int(config.vocabSize - 1);
  });
}

/** Entries to check: the largest by |gradient| and a few at random. */
function sampleEntries(grad: Float32Array, rng: Rng): number[] {
  const byMagnitude = Array.from(grad.keys()).sort((a, b) => Math.abs(grad[b]!) - Math.abs(grad[a]!));
  const picked = new Set(byMagnitude.slice(0, 2));
  while (picked.size < Math.min(SAMPLES_PER_PARAMETER, grad.length)) picked.add(rng.int(grad.length));
  return [...picked];
}

async function checkStepGradient(config: TrmConfig, reset: boolean[], kind: CrossEntropy): Promise<void> {
  const weights = randomWeights(config, 3);
  const inputs = randomInputs(config, reset.length, 5, reset);
  const labels = labelsFor(config, weights, inputs, 9);
  const loss = lastCycleLoss(config, weights, inputs, labels, kind);
  const expected = loss(weights);
  assert.ok(expected.exact[0], 'sequence 0 is labelled with its own answer');

  const session = await TrainingSession.create(config, {
    batchSize: reset.length,
    device: 'cpu',
    weights,
    crossEntropy: kind,
    gradientOutputs: true,
  });
  let result;
  try {
    const carry = { y: inputs.y, z: inputs.z, reset: Uint8Array.from(reset, (r) => (r ? 1 : 0)) };
    result = await session.step({ inputs: inputs.tokens, labels, puzzleIds: inputs.puzzleIds ?? [] }, carry, 0);
  } finally {
    await session.release();
  }
  assert.ok(Math.abs(result.lmLoss - expected.lmLoss) < 1e-4 * Math.max(1, expected.lmLoss), `lm_loss ${result.lmLoss} vs ${expected.lmLoss}`);
  assert.ok(Math.abs(result.qHaltLoss - expected.qHaltLoss) < 1e-4 * Math.max(1, expected.qHaltLoss), `q_halt_loss ${result.qHaltLoss} vs ${expected.qHaltLoss}`);
  assert.deepEqual(Array.from(result.exact, Boolean), expected.exact);
  assert.deepEqual(Array.from(result.validCells), expected.validCells);
  assert.deepEqual(Array.from(result.correctCells), expected.correctCells);

  const rng = new Rng(17, 'entries');
  const gradients = result.gradients;
  assert.ok(gradients);
  for (const [name, grad] of gradients) {
    const scale = grad.reduce((m, g) => Math.max(m, Math.abs(g)), 0);
    assert.ok(scale > 0, `${name} has a gradient`);
    for (const j of sampleEntries(grad, rng)) {
      const base = weights.get(name)!;
      const perturbed = (delta: number): { loss: number; step: number } => {
        const w = Float32Array.from(base);
        w[j] = base[j]! + delta;
        return { loss: loss(new Map(weights).set(name, w)).total, step: w[j]! - base[j]! };
      };
      const plus = perturbed(H);
      const minus = perturbed(-H);
      const numeric = (plus.loss - minus.loss) / (plus.step - minus.step);
      const error = Math.abs(grad[j]! - numeric);
      assert.ok(error <= TOLERANCE * scale, `${name}[${j}]: autodiff ${grad[j]}, finite difference ${numeric} (largest |grad| ${scale})`);
    }
  }
}

describe('the training step gradient equals finite differences of the reference loss', () => {
  it('mlp_t, no positions, batch 2 with one reset, stable-max', () =>
    checkStepGradient(smallConfig({ mixer: 'mlp_t', posEncodings: 'none' }), [true, false], 'stablemax'));

  it('attention with RoPE, batch 2, softmax', () => checkStepGradient(smallConfig({ posEncodings: 'rope' }), [false, true], 'softmax'));

  it('attention with learned positions and a puzzle-embedding prefix, T = 3', () =>
    checkStepGradient(
      smallConfig({ posEncodings: 'learned', puzzleEmbLen: 2, puzzleEmbNdim: 40, numPuzzleIdentifiers: 3, hCycles: 3, lCycles: 1 }),
      [true, false],
      'stablemax',
    ));
});
