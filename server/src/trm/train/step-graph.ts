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
 *            puzzle_emb_lr      float32  []           lr of the puzzle embedding (with sparse SignSGD only)
 *   outputs  next/<input>                             the updated parameter, moments and EMA of each input above
 *            lm_loss, q_halt_loss, loss float32  []   batch means (loss = lm_loss + 0.5 q_halt_loss)
 *            q_halt             float32  [B]          halting logits
 *            correct_cells, valid_cells  int32 [B]    labelled cells predicted right, labelled cells
 *            exact              bool     [B]          every labelled cell right (the q_halt target)
 *            y_out, z_out       float32  [B, L, D]    the carry for the next supervision step
 *            grad/<param>       float32               gradient of loss before the update (option)
 *
 * Puzzle embeddings: with `puzzleEmbSignSgd` the table is trained as the reference trains it, by sparse
 * SignSGD on the rows in the batch (sparse-sign-sgd.ts: its own lr and weight decay, no moments, no EMA).
 * Without it the whole table is one more AdamW parameter, as the tiny and small presets (and the shipped
 * ARC model) train it: rows absent from a batch then still decay and keep moving with their moments.
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
import { sparseSignSgdUpdate, type SparseSignSgdOptions } from './sparse-sign-sgd';

export const TRAIN_INPUTS = {
  ...STEP_INPUTS,
  labels: 'labels',
  lr: 'lr',
  biasCorrection1: 'bias_correction1',
  biasCorrection2: 'bias_correction2',
  puzzleEmbLr: 'puzzle_emb_lr',
} as const;

/** The parameter the reference trains by sparse SignSGD. */
export const PUZZLE_EMBEDDING = 'puzzle_emb.weights';

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
   * Train the puzzle embedding by the reference's sparse SignSGD (weight decay here, lr fed per step as
   * puzzle_emb_lr) instead of AdamW. Only for a config with a puzzle embedding.
   */
  puzzleEmbSignSgd?: SparseSignSgdOptions;
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
  puzzleEmbSignSgd: SparseSignSgdOptions | undefined;
  trainOnly: readonly string[] | undefined;
}

export interface TrainStepGraph {
  graph: Graph;
  config: TrmConfig;
  options: ResolvedTrainStepOptions;
  /** Every parameter in parameterSpecs order; each is a graph input of its own name. */
  parameters: ParameterSpec[];
  /** Names of the parameters AdamW updates (with moments, EMA and next/ outputs). */
  trainable: string[];
  /** Names of the parameters sparse SignSGD updates (a next/ output each, no moments, no EMA). */
  signSgd: string[];
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
  const signSgd = options.puzzleEmbSignSgd;
  if (signSgd && !(signSgd.weightDecay >= 0)) throw new RangeError(`the puzzle embedding's weight decay must be >= 0, got ${signSgd.weightDecay}`);
  return {
    batchSize,
    crossEntropy: options.crossEntropy ?? 'stablemax',
    adamw,
    emaDecay,
    gradientOutputs: options.gradientOutputs ?? false,
    puzzleEmbSignSgd: signSgd ? { weightDecay: signSgd.weightDecay } : undefined,
    trainOnly: options.trainOnly,
  };
}

export function buildTrainStepGraph(config: TrmConfig, options: TrainStepOptions): TrainStepGraph {
  assertValidConfig(config);
  const resolved = resolveTrainStepOptions(options);
  const B = resolved.batchSize;
  const { seqLen: S, hiddenSize: D, puzzleEmbLen: P } = config;
  const { totalLen: L } = trmDims(config);
  if (resolved.puzzleEmbSignSgd && P === 0) throw new RangeError('sparse SignSGD of the puzzle embedding: this config has no puzzle embedding');
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
  const updated = (s: ParameterSpec): boolean => s.trainable && (!only || only.includes(s.name));
  const bySignSgd = (s: ParameterSpec): boolean => resolved.puzzleEmbSignSgd !== undefined && s.name === PUZZLE_EMBEDDING;
  const trainable = specs.filter((s) => updated(s) && !bySignSgd(s));
  const signSgd = specs.filter((s) => updated(s) && bySignSgd(s));
  const weights = trainable.map((s) => paramValues.get(s.name) as Value);
  const signSgdWeights = signSgd.map((s) => paramValues.get(s.name) as Value);
  const allGrads = gradients(g, loss.total, [...weights, ...signSgdWeights]);
  const grads = allGrads.slice(0, weights.length);

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
  if (signSgd.length) {
    const lr = g.input(TRAIN_INPUTS.puzzleEmbLr, 'float32', []);
    signSgd.forEach((spec, i) => {
      const grad = allGrads[weights.length + i] as Value;
      g.scope(`sign_sgd.${spec.name}`, () => {
        const next = sparseSignSgdUpdate(signSgdWeights[i] as Value, grad, puzzleIds as Value, lr, resolved.puzzleEmbSignSgd as SparseSignSgdOptions);
        g.output(stateName.next(spec.name), next);
      });
      if (resolved.gradientOutputs) g.output(stateName.grad(spec.name), grad);
    });
  }

  g.output(TRAIN_OUTPUTS.lmLoss, loss.lmLoss);
  g.output(TRAIN_OUTPUTS.qHaltLoss, loss.qHaltLoss);
  g.output(TRAIN_OUTPUTS.loss, loss.total);
  g.output(TRAIN_OUTPUTS.qHalt, step.qHalt);
  g.output(TRAIN_OUTPUTS.correctCells, op.cast(loss.correctCells, 'int32'));
  g.output(TRAIN_OUTPUTS.validCells, op.cast(loss.validCells, 'int32'));
  g.output(TRAIN_OUTPUTS.exact, loss.exact);
  g.output(TRAIN_OUTPUTS.yOut, step.y);
  g.output(TRAIN_OUTPUTS.zOut, step.z);
  return { graph: g, config, options: resolved, parameters: specs, trainable: trainable.map((s) => s.name), signSgd: signSgd.map((s) => s.name) };
}
