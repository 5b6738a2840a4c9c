/**
 * The optimiser update, in the graph: AdamW with decoupled weight decay in the order of operations of
 * torch.optim.AdamW (1.13, single-tensor path), and the reference's EMA of the weights (TinyRecursiveModels ema.py):
 *
 *   p <- p * (1 - lr * wd)
 *   m <- b1 m + (1 - b1) g          v <- b2 v + (1 - b2) g^2
 *   p <- p - (lr / bc1) * m / (sqrt(v) / sqrt(bc2) + eps)          bc_i = 1 - b_i^t
 *   ema <- (1 - mu) p + mu ema
 *
 * The learning rate (warm-up and schedule are the caller's) and the bias corrections (from the step count,
 * in double precision) are fed per step as scalars; the rest are build-time constants.
 *
 * The `adam-atan2` variant is what the paper trains with (Everett et al. 2024, as in the reference's
 * adam_atan2 package): the same moments, decay and step size, but the update direction is
 * atan2(m, sqrt(v) / sqrt(bc2)) instead of m / (sqrt(v) / sqrt(bc2) + eps): bounded by pi/2 and with no eps.
 * The `tiny` and `small` presets keep AdamW (the shipped models were trained with it); `paper` uses atan2.
 */
import type { Value } from '../graph/graph';
import * as op from '../graph/ops';

export type OptimizerName = 'adamw' | 'adam-atan2';
export const OPTIMIZER_NAMES: readonly OptimizerName[] = ['adamw', 'adam-atan2'];

export interface AdamWOptions {
  variant: OptimizerName;
  beta1: number;
  beta2: number;
  /** AdamW only: adam-atan2 has none. */
  eps: number;
  weightDecay: number;
}

/** The reference pretrain config's betas (0.9, 0.95) and its sudoku/maze weight decay, eps of torch. */
export const DEFAULT_ADAMW: AdamWOptions = { variant: 'adamw', beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 1.0 };

/** The per-step scalars, [] float32 graph inputs. */
export interface AdamWStepInputs {
  lr: Value;
  /** 1 - beta1^t and 1 - beta2^t for the step t being taken (t = 1 on the first step). */
  biasCorrection1: Value;
  biasCorrection2: Value;
}

/** Scalars shared by every parameter's update, computed once per step. */
export interface AdamWScalars {
  decayFactor: Value;
  stepSize: Value;
  sqrtBc2: Value;
}

export function adamwScalars(inputs: AdamWStepInputs, options: AdamWOptions): AdamWScalars {
  return {
    decayFactor: op.sub(1, op.mul(inputs.lr, options.weightDecay)),
    stepSize: op.div(inputs.lr, inputs.biasCorrection1),
    sqrtBc2: op.sqrt(inputs.biasCorrection2),
  };
}

export interface AdamWState {
  param: Value;
  m: Value;
  v: Value;
}

export function adamwUpdate(state: AdamWState, grad: Value, scalars: AdamWScalars, options: AdamWOptions): AdamWState {
  const { beta1, beta2, eps } = options;
  const m = op.add(op.mul(state.m, beta1), op.mul(grad, 1 - beta1));
  const v = op.add(op.mul(state.v, beta2), op.mul(op.mul(grad, grad), 1 - beta2));
  const scale = op.div(op.sqrt(v), scalars.sqrtBc2);
  const direction = options.variant === 'adam-atan2' ? atan2NonNegative(m, scale) : op.div(m, op.add(scale, eps));
  const decayed = op.mul(state.param, scalars.decayFactor);
  const param = op.sub(decayed, op.mul(direction, scalars.stepSize));
  return { param, m, v };
}

/**
 * atan2(y, x) for x >= 0, from ONNX's Atan: atan(y / x), where y / 0 = +-inf gives +-pi/2 as atan2 does;
 * only 0 / 0 needs care (atan2(0, 0) = 0).
 */
function atan2NonNegative(y: Value, x: Value): Value {
  return op.where(op.equal(y, 0), 0, op.atan(op.div(y, x)));
}

export function emaUpdate(ema: Value, param: Value, decay: number): Value {
  return op.add(op.mul(param, 1 - decay), op.mul(ema, decay));
}
