/**
 * The training-step graph: one TRM supervision step (the same `Trm` as the served graph, weights as graph
 * inputs), the ACT loss, its gradients by reverse-mode autodiff, and the AdamW (+ EMA) update, so that one
 * onnxruntime run is one optimiser step. Only the last of the T recursion cycles carries gradient
 * (`detachEarlyCycles`), as the reference runs the first T - 1 under torch.no_grad().
 *
 *   inputs   tokens, labels     int64    [B, S]       labels: 0 = no loss at this position
 *            puzzle_ids         int64    [B]          only with a puzzle embedding
 *            y, z               float32  [B, L, D]    carried states, as in the served graph
 *            reset              bool     [B]          true: start from H_init / L_init
 *            <param>            float32  its shape    every parameter (H_init, L_init too: read, never updated)
 *            adam_m/<param>, adam_v/<param>           AdamW moments of each trainable parameter
 *            ema/<param>                              EMA of each trainable parameter (when EMA is on)
 *            lr, bias_correction1, bias_correction2   float32 []: the step's lr, 1 - b1^t, 1 - b2^t
 *   outputs  next/<input>                             the updated parameter, moments and EMA of each input above
 *            lm_loss, q_halt_loss, loss float32  []   batch means (loss = lm_loss + 0.5 q_halt_loss)
 *            q_halt             float32  [B]          halting logits
 *            correct_cells, valid_cells  int32 [B]    labelled cells predicted right, labelled cells
 *            exact              bool     [B]          every labelled cell right (the q_halt target)
 *            y_out, z_out       float32  [B, L, D]    the carry for the next supervision step
 *            grad/<param>       float32               gradient of loss before the update (option)
 *
 * Puzzle embeddings: the reference trains puzzle_emb.weights with a separate sparse SignSGD (lr 1e-2, its
 * own weight decay) on the rows in the batch only; here the whole table is one more AdamW parameter. Rows
 * absent from a batch still decay and keep moving with their moments: with many puzzles, few per batch,
 * expect different dynamics from the paper's ARC runs.
 */
import { Trm } from '../model/architecture';
import type { TrmConfig } from '../model/config';
import { assertValidConfig, trmDims } from '../model/config';
import { gradients } from '../graph/autodiff';
import { Graph, type Value } from '../graph/graph';
import * as op from '../graph/ops';
import { STEP_INPUTS, STEP_OUTPUTS } from '../model/inference-graph';
import { inputParameters, parameterSpecs, type ParameterSpec } from '../model/parameters';
import { actLoss, type CrossEntropyKind } from './act-loss';
import { DEFAULT_ADAMW, OPTIMIZER_NAMES, adamwScalars, adamwUpdate, emaUpdate, type AdamWOptions } from './adamw';

export const TRAIN_INPUTS = {
  ...STEP_INPUTS,
  labels: 'labels',
  lr: 'lr',
  biasCorrection1: 'bias_correction1',
  biasCorrection2: 'bias_correction2',
} as const;

export const TRAIN_OUTPUTS = {
  lmLoss: 'lm_loss',
  qHaltLoss: 'q_halt_loss',
  loss: 'loss',
  qHalt: STEP_OUTPUTS.qHalt,
  correctCells: 'correct_cells',
  validCells: 'valid_cells',
  exact: 'exact',
  yOut: STEP_OUTPUTS.yOut,
  zOut: STEP_OUTPUTS.zOut,
} as const;

/** Graph names of the optimiser state of parameter `name`, and of the updated value of any state input. */
export const stateName = {
  m: (name: string): string => `adam_m/${name}`,
  v: (name: string): string => `adam_v/${name}`,
  ema: (name: string): string => `ema/${name}`,
  next: (input: string): string => `next/${input}`,
  grad: (name: string): string => `grad/${name}`,
} as const;

export interface TrainStepOptions {
  /** B: the graph is built for one batch size (pad a short batch with ignored labels). */
  batchSize: number;
  /** The reference's stable-max cross-entropy (its default), or softmax. */
  crossEntropy?: CrossEntropyKind;
  adamw?: Partial<AdamWOptions>;
  /** EMA decay of the weights (the paper: 0.999); omitted: no EMA inputs/outputs. */
  emaDecay?: number;
  /** Also output grad/<param> (for checking the gradients). */
  gradientOutputs?: boolean;
  /**
   * Update only these trainable parameters (default: all); the rest are read as inputs and get no
   * gradient, moments or next/ outputs. Test-time adaptation trains the puzzle embedding alone this way.
   */
  trainOnly?: readonly string[];
}

export interface ResolvedTrainStepOptions {
  batchSize: number;
  crossEntropy: CrossEntropyKind;
  adamw: AdamWOptions;
  emaDecay: number | undefined;
  gradientOutputs: boolean;
  trainOnly: readonly string[] | undefined;
}

export interface TrainStepGraph {
  graph: Graph;
  config: TrmConfig;
  options: ResolvedTrainStepOptions;
  /** Every parameter in parameterSpecs order; each is a graph input of its own name. */
  parameters: ParameterSpec[];
  /** Names of the parameters the step updates (with moments, EMA and next/ outputs). */
  trainable: string[];
}

export function resolveTrainStepOptions(options: TrainStepOptions): ResolvedTrainStepOptions {
  const { batchSize, emaDecay } = options;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batch size must be a positive integer, got ${batchSize}`);
  if (emaDecay !== undefined && !(emaDecay >= 0 && emaDecay < 1)) throw new RangeError(`EMA decay must be in [0, 1), got ${emaDecay}`);
  const adamw = { ...DEFAULT_ADAMW, ...options.adamw };
  if (!(adamw.beta1 >= 0 && adamw.beta1 < 1 && adamw.beta2 >= 0 && adamw.beta2 < 1)) {
    throw new RangeError(`AdamW betas must be in [0, 1), got ${adamw.beta1}, ${adamw.beta2}`);
  }
  if (!(adamw.eps > 0) || !(adamw.weightDecay >= 0)) throw new RangeError(`AdamW needs eps > 0 and weight decay >= 0`);
  if (!OPTIMIZER_NAMES.includes(adamw.variant)) throw new RangeError(`unknown optimiser ${JSON.stringify(adamw.variant)}: ${OPTIMIZER_NAMES.join(' or ')}`);
  return {
    batchSize,
    crossEntropy: options.crossEntropy ?? 'stablemax',
    adamw,
    emaDecay,
    gradientOutputs: options.gradientOutputs ?? false,
    trainOnly: options.trainOnly,
  };
}

export function buildTrainStepGraph(config: TrmConfig, options: TrainStepOptions): TrainStepGraph {
  assertValidConfig(config);
  const resolved = resolveTrainStepOptions(options);
  const B = resolved.batchSize;
  const { seqLen: S, hiddenSize: D, puzzleEmbLen: P } = config;
  const { totalLen: L } = trmDims(config);
  const g = new Graph();
  const tokens = g.input(TRAIN_INPUTS.tokens, 'int64', [B, S]);
  const labels = g.input(TRAIN_INPUTS.labels, 'int64', [B, S]);
  const puzzleIds = P > 0 ? g.input(TRAIN_INPUTS.puzzleIds, 'int64', [B]) : undefined;
  const y = g.input(TRAIN_INPUTS.y, 'float32', [B, L, D]);
  const z = g.input(TRAIN_INPUTS.z, 'float32', [B, L, D]);
  const reset = g.input(TRAIN_INPUTS.reset, 'bool', [B]);
  const params = inputParameters(g, config);
  const specs = parameterSpecs(config);
  // Declared up front, so the inputs come in parameterSpecs order whatever the architecture reads first.
  const paramValues = new Map(specs.map((s) => [s.name, params(s.name)]));

  const trm = new Trm(g, config, params);
  const step = trm.supervisionStep({ tokens, y, z, reset, ...(puzzleIds ? { puzzleIds } : {}) }, { detachEarlyCycles: true });
  const loss = actLoss({ logits: step.logits, qHalt: step.qHalt, labels }, resolved.crossEntropy);

  const only = resolved.trainOnly;
  if (only) {
    const unknown = only.filter((name) => !specs.some((s) => s.trainable && s.name === name));
    if (unknown.length) throw new RangeError(`trainOnly names no trainable parameter of this config: ${unknown.join(', ')}`);
  }
  const trainable = specs.filter((s) => s.trainable && (!only || only.includes(s.name)));
  const weights = trainable.map((s) => paramValues.get(s.name) as Value);
  const grads = gradients(g, loss.total, weights);

  const optimiser = g.scope('adamw', () =>
    adamwScalars(
      {
        lr: g.input(TRAIN_INPUTS.lr, 'float32', []),
        biasCorrection1: g.input(TRAIN_INPUTS.biasCorrection1, 'float32', []),
        biasCorrection2: g.input(TRAIN_INPUTS.biasCorrection2, 'float32', []),
      },
      resolved.adamw,
    ),
  );
  trainable.forEach((spec, i) => {
    const name = spec.name;
    const grad = grads[i] as Value;
    const m = g.input(stateName.m(name), 'float32', spec.shape);
    const v = g.input(stateName.v(name), 'float32', spec.shape);
    const ema = resolved.emaDecay !== undefined ? g.input(stateName.ema(name), 'float32', spec.shape) : undefined;
    g.scope(`adamw.${name}`, () => {
      const next = adamwUpdate({ param: weights[i] as Value, m, v }, grad, optimiser, resolved.adamw);
      g.output(stateName.next(name), next.param);
      g.output(stateName.next(m.name), next.m);
      g.output(stateName.next(v.name), next.v);
      if (ema) g.output(stateName.next(ema.name), emaUpdate(ema, next.param, resolved.emaDecay as number));
    });
    if (resolved.gradientOutputs) g.output(stateName.grad(name), grad);
  });

  g.output(TRAIN_OUTPUTS.lmLoss, loss.lmLoss);
  g.output(TRAIN_OUTPUTS.qHaltLoss, loss.qHaltLoss);
  g.output(TRAIN_OUTPUTS.loss, loss.total);
  g.output(TRAIN_OUTPUTS.qHalt, step.qHalt);
  g.output(TRAIN_OUTPUTS.correctCells, op.cast(loss.correctCells, 'int32'));
  g.output(TRAIN_OUTPUTS.validCells, op.cast(loss.validCells, 'int32'));
  g.output(TRAIN_OUTPUTS.exact, loss.exact);
  g.output(TRAIN_OUTPUTS.yOut, step.y);
  g.output(TRAIN_OUTPUTS.zOut, step.z);
  return { graph: g, config, options: resolved, parameters: specs, trainable: trainable.map((s) => s.name) };
}
