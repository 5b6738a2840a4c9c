/**
 * The training loss of one supervision step, in the graph: the reference's ACTLossHead
 * (TinyRecursiveModels models/losses.py) with `no_ACT_continue` (its default, so no Q-continue term):
 *
 *   lm_loss     = sum over sequences of  sum_{labelled s} CE(logits[s], label[s]) / max(1, #labelled)
 *   q_halt_loss = sum over sequences of  BCE_with_logits(q_halt, [every labelled cell is right])
 *   loss        = lm_loss + 0.5 * q_halt_loss
 *
 * each divided by the batch size here, as pretrain.py scales the loss by 1 / global_batch_size before
 * backward(): the gradients are those of the batch mean. CE is the reference's stable-max cross-entropy
 * (s(x) = x + 1 for x >= 0, 1 / (1 - x) below) or the usual softmax one. Label 0 (IGNORE_LABEL, the pad
 * token) means "no loss here". The correctness target is computed without gradient, from argmax == label.
 */
import type { Value } from '../graph/graph';
import * as op from '../graph/ops';

export type CrossEntropyKind = 'stablemax' | 'softmax';

export interface ActLossInputs {
  /** [B, S, V]. */
  logits: Value;
  /** [B]. */
  qHalt: Value;
  /** [B, S] int64; 0 (and anything below) is ignored. */
  labels: Value;
}

export interface ActLoss {
  /** Scalars: the batch means. */
  lmLoss: Value;
  qHaltLoss: Value;
  total: Value;
  /** Per sequence, [B] float32: labelled cells whose argmax is the label, and labelled cells. */
  correctCells: Value;
  validCells: Value;
  /** [B] bool: every labelled cell right (true for a sequence without labels, as in the reference). */
  exact: Value;
}

export const Q_HALT_LOSS_WEIGHT = 0.5;

export function actLoss({ logits, qHalt, labels }: ActLossInputs, kind: CrossEntropyKind): ActLoss {
  const g = logits.graph;
  const vocab = logits.shape[logits.rank - 1] as number;
  const batch = logits.shape[0] as number;
  return g.scope('loss', () => {
    const valid = op.cast(op.greater(labels, 0), 'float32');
    const validCells = op.reduceSum(valid, -1);
    const oneHot = op.cast(op.equal(op.unsqueeze(labels, -1), labelRange(g, vocab)), 'float32');
    const perCell = kind === 'stablemax' ? stablemaxCrossEntropy(logits, oneHot) : softmaxCrossEntropy(logits, oneHot);
    const divisor = op.where(op.less(validCells, 1), 1, validCells);
    const perSequence = op.div(op.reduceSum(op.mul(perCell, valid), -1), divisor);
    const lmLoss = op.mul(op.reduceSum(perSequence, 0), 1 / batch);

    const right = op.cast(op.equal(op.argmax(logits, -1), labels), 'float32');
    const correctCells = op.reduceSum(op.mul(right, valid), -1);
    const exact = op.equal(correctCells, validCells);
    const target = op.cast(exact, 'float32');
    const qHaltLoss = op.mul(op.reduceSum(bceWithLogits(qHalt, target), 0), 1 / batch);
    const total = op.add(lmLoss, op.mul(qHaltLoss, Q_HALT_LOSS_WEIGHT));
    return { lmLoss, qHaltLoss, total, correctCells, validCells, exact };
  });
}

/** [0, 1, ..., V-1] as int64, to compare labels against. */
function labelRange(g: Value['graph'], vocab: number): Value {
  return g.constant('int64', BigInt64Array.from({ length: vocab }, (_, i) => BigInt(i)), [vocab], 'label_range');
}

/**
 * -log(s(x_label) / sum_v s(x_v)). The 1 / (1 - x) branch is fed min(x, 0), so neither branch of the Where
 * ever produces an infinity whose zero gradient would turn into NaN.
 */
function stablemaxCrossEntropy(logits: Value, oneHot: Value): Value {
  const negative = op.less(logits, 0);
  const s = op.where(negative, op.reciprocal(op.sub(1, op.where(negative, logits, 0))), op.add(logits, 1));
  return op.sub(op.log(op.reduceSum(s, -1)), op.log(op.reduceSum(op.mul(s, oneHot), -1)));
}

/** logsumexp(x) - x_label, shifted by the (gradient-free) row maximum. */
function softmaxCrossEntropy(logits: Value, oneHot: Value): Value {
  const shifted = op.sub(logits, op.stopGradient(op.reduceMax(logits, -1, true)));
  return op.sub(op.log(op.reduceSum(op.exp(shifted), -1)), op.reduceSum(op.mul(shifted, oneHot), -1));
}

/**
 * max(x, 0) - x t + log(1 + e^-|x|), written as max(x, 0) - log(sigmoid(|x|)) - x t: sigmoid(|x|) lies in
 * [0.5, 1), so the log never underflows. Both kinks test x > 0, so at x = 0 the derivative comes out as
 * sigmoid(0) - t, the true one.
 */
function bceWithLogits(x: Value, target: Value): Value {
  const positive = op.greater(x, 0);
  const relu = op.where(positive, x, 0);
  const abs = op.where(positive, x, op.neg(x));
  return op.sub(op.sub(relu, op.log(op.sigmoid(abs))), op.mul(x, target));
}
