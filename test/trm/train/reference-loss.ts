/**
 * The training objective computed independently of the graph, in float64: the ACT loss of the reference
 * (models/losses.py ACTLossHead) written in plain loops over the outputs of the reference forward pass
 * (../reference-forward.ts), and the loss as a function of the weights *of the last cycle only*, which is
 * what the training step's gradient is the gradient of: the first T - 1 cycles run on fixed weights (the
 * reference's torch.no_grad()), the last cycle and the heads on the weights being varied.
 */
import type { TrmConfig } from '../../../server/src/trm/model/config';
import type { TrmWeights } from '../../../server/src/trm/model/parameters';
import { referenceSupervisionStep, type ReferenceInputs } from '../reference-forward';

export type CrossEntropy = 'stablemax' | 'softmax';

export interface ReferenceLoss {
  lmLoss: number;
  qHaltLoss: number;
  total: number;
  correctCells: number[];
  validCells: number[];
  exact: boolean[];
}

function crossEntropy(row: ArrayLike<number>, label: number, kind: CrossEntropy): number {
  const values = Array.from(row);
  if (kind === 'stablemax') {
    const s = values.map((x) => (x >= 0 ? x + 1 : 1 / (1 - x)));
    return Math.log(s.reduce((a, b) => a + b, 0)) - Math.log(s[label]!);
  }
  const max = Math.max(...values);
  return max + Math.log(values.reduce((a, x) => a + Math.exp(x - max), 0)) - values[label]!;
}

/** labels [B * S], 0 = ignored; logits [B * S * V]; qHalt [B]. */
export function referenceActLoss(
  logits: ArrayLike<number>,
  qHalt: ArrayLike<number>,
  labels: ArrayLike<number>,
  batch: number,
  vocab: number,
  kind: CrossEntropy,
): ReferenceLoss {
  const S = labels.length / batch;
  const out: ReferenceLoss = { lmLoss: 0, qHaltLoss: 0, total: 0, correctCells: [], validCells: [], exact: [] };
  for (let b = 0; b < batch; b++) {
    let sum = 0;
    let valid = 0;
    let correct = 0;
    for (let s = 0; s < S; s++) {
      const label = labels[b * S + s]!;
      if (label <= 0) continue;
      const row = Array.from({ length: vocab }, (_, v) => logits[(b * S + s) * vocab + v]!);
      sum += crossEntropy(row, label, kind);
      valid++;
      if (row.indexOf(Math.max(...row)) === label) correct++;
    }
    const exact = correct === valid;
    const q = qHalt[b]!;
    out.lmLoss += sum / Math.max(valid, 1) / batch;
    out.qHaltLoss += (Math.max(q, 0) - q * (exact ? 1 : 0) + Math.log1p(Math.exp(-Math.abs(q)))) / batch;
    out.correctCells.push(correct);
    out.validCells.push(valid);
    out.exact.push(exact);
  }
  out.total = out.lmLoss + 0.5 * out.qHaltLoss;
  return out;
}

/**
 * loss(w) with the first T - 1 cycles run once on `fixedWeights`: call the returned function with the
 * weights of the last cycle (and of the embedding and heads it uses).
 */
export function lastCycleLoss(
  config: TrmConfig,
  fixedWeights: TrmWeights,
  inputs: ReferenceInputs,
  labels: ArrayLike<number>,
  kind: CrossEntropy,
): (weights: TrmWeights) => ReferenceLoss {
  let carried = inputs;
  if (config.hCycles > 1) {
    const early = referenceSupervisionStep({ ...config, hCycles: config.hCycles - 1 }, fixedWeights, inputs);
    carried = { ...inputs, y: early.y, z: early.z, reset: inputs.reset.map(() => false) };
  }
  const last = { ...config, hCycles: 1 };
  return (weights) => {
    const out = referenceSupervisionStep(last, weights, carried);
    return referenceActLoss(out.logits, out.qHalt, labels, inputs.batch, config.vocabSize, kind);
  };
}
