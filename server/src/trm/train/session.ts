/**
 * A TrainingSession owns one onnxruntime session of the training-step graph (step-graph.ts) and the
 * training state between runs: parameters, AdamW moments, EMA weights and the step count. `step` is one
 * optimiser step on one supervision step of a batch (AdamW, and sparse SignSGD of the puzzle embedding
 * when the session was made with `puzzleEmbSignSgd`); what to feed next (carry, halting, replacing solved
 * puzzles, the lr schedule) is the trainer's business.
 *
 * State is kept as the ORT tensors the last run returned and fed back as they are: no copies between
 * steps. A run never writes into its inputs and always returns fresh outputs, so the arrays handed out by
 * `weights()` and `state()` stay valid snapshots after later steps (treat them as read-only).
 */
import * as ort from 'onnxruntime-node';
import type { TrmConfig } from '../model/config';
import { trmDims } from '../model/config';
import { serializeGraph } from '../graph/onnx-writer';
import { initWeights } from '../model/init';
import { weightProblems, type TrmWeights } from '../model/parameters';
import { createDeviceSession, type Device, type DevicePreference } from '../runtime/device';
import { TRAIN_INPUTS, TRAIN_OUTPUTS, buildTrainStepGraph, stateName, type ResolvedTrainStepOptions, type TrainStepOptions } from './step-graph';

export interface TrainingSessionOptions extends TrainStepOptions {
  /**
   * As the server's device setting: 'auto' is CUDA when it loads, else WebGPU on a hardware adapter, else the
   * CPU (not timed against the CPU, unlike serving). On WebGPU the step runs there, but the training state
   * returns to the CPU after each step: onnxruntime-node 1.30 cannot read a GPU tensor back, and checkpoints
   * and the exported model need the weights. Default 'auto'.
   */
  device?: DevicePreference;
  /** Threads per op; default: ONNX Runtime's choice. */
  intraOpThreads?: number;
  /** Starting weights; default initWeights(config, seed). */
  weights?: TrmWeights;
  seed?: number;
}

/**
 * One batch, laid out like the data module's Batch (which can be passed as is): [B * S] tokens and labels
 * (label 0 = ignored), [B] puzzle ids (read only when the config has a puzzle embedding).
 */
export interface StepBatch {
  inputs: ArrayLike<number>;
  labels: ArrayLike<number>;
  puzzleIds?: ArrayLike<number>;
}

/** The carried states, [B * L * D] each, and [B] reset flags (1: start this sequence from H_init/L_init). */
export interface Carry {
  y: Float32Array;
  z: Float32Array;
  reset: Uint8Array;
}

export interface StepResult {
  /** Batch means of the loss parts; loss = lmLoss + 0.5 * qHaltLoss. */
  lmLoss: number;
  qHaltLoss: number;
  loss: number;
  /** Per sequence [B]: halting logit, labelled cells right, labelled cells, all of them right (1/0). */
  qHalt: Float32Array;
  correctCells: Int32Array;
  validCells: Int32Array;
  exact: Uint8Array;
  /** The states after this step, to carry into the next (reset all 0: set the sequences you replace). */
  carry: Carry;
  /** Optimiser steps taken, this one included. */
  step: number;
  /** d loss / d parameter before the update, per trained parameter (only with `gradientOutputs`). */
  gradients?: Map<string, Float32Array>;
}

/** Everything needed to resume bit-exactly. Maps are keyed by parameter name. */
export interface TrainingState {
  step: number;
  params: Map<string, Float32Array>;
  adamM: Map<string, Float32Array>;
  adamV: Map<string, Float32Array>;
  /** Present exactly when the session keeps an EMA. */
  ema?: Map<string, Float32Array>;
}

type TensorMap = Map<string, ort.Tensor>;

export class TrainingSession {
  private readonly params: TensorMap = new Map();
  private readonly adamM: TensorMap = new Map();
  private readonly adamV: TensorMap = new Map();
  private readonly ema: TensorMap | undefined;
  private readonly shapes: Map<string, number[]>;
  private readonly trainable: readonly string[];
  private readonly signSgd: readonly string[];
  private readonly scratch: { tokens: BigInt64Array; labels: BigInt64Array; puzzleIds: BigInt64Array };
  private steps = 0;
  private running = false;

  private constructor(
    readonly config: TrmConfig,
    readonly options: ResolvedTrainStepOptions,
    private readonly session: ort.InferenceSession,
    readonly device: Device,
    readonly fallbackReason: string | undefined,
    shapes: Map<string, number[]>,
    trainable: readonly string[],
    signSgd: readonly string[],
    weights: TrmWeights,
  ) {
    this.shapes = shapes;
    this.trainable = trainable;
    this.signSgd = signSgd;
    this.ema = options.emaDecay !== undefined ? new Map() : undefined;
    for (const [name, shape] of shapes) this.params.set(name, tensor(Float32Array.from(weights.get(name) as Float32Array), shape));
    for (const name of trainable) {
      const shape = shapes.get(name) as number[];
      const size = (weights.get(name) as Float32Array).length;
      this.adamM.set(name, tensor(new Float32Array(size), shape));
      this.adamV.set(name, tensor(new Float32Array(size), shape));
      // The reference's EMAHelper starts from the initial weights.
      this.ema?.set(name, this.params.get(name) as ort.Tensor);
    }
    const B = options.batchSize;
    this.scratch = {
      tokens: new BigInt64Array(B * config.seqLen),
      labels: new BigInt64Array(B * config.seqLen),
      puzzleIds: new BigInt64Array(B),
    };
  }

  static async create(config: TrmConfig, options: TrainingSessionOptions): Promise<TrainingSession> {
    const weights = options.weights ?? initWeights(config, options.seed ?? 0);
    const problems = weightProblems(config, weights);
    if (problems.length) throw new Error(`the starting weights do not match the config: ${problems.join('; ')}`);
    const built = buildTrainStepGraph(config, options);
    const tuning = options.intraOpThreads !== undefined ? { intraOpThreads: options.intraOpThreads } : {};
    const { session, device, fallbackReason } = await createDeviceSession(serializeGraph(built.graph), options.device ?? 'auto', tuning);
    const shapes = new Map(built.parameters.map((p) => [p.name, p.shape]));
    return new TrainingSession(config, built.options, session, device, fallbackReason, shapes, built.trainable, built.signSgd, weights);
  }

  get batchSize(): number {
    return this.options.batchSize;
  }

  /** Optimiser steps taken so far (t of the bias corrections). */
  get stepCount(): number {
    return this.steps;
  }

  /** A carry for a fresh batch: zero states, every sequence reset. */
  initialCarry(): Carry {
    const size = this.batchSize * trmDims(this.config).totalLen * this.config.hiddenSize;
    return { y: new Float32Array(size), z: new Float32Array(size), reset: new Uint8Array(this.batchSize).fill(1) };
  }

  /**
   * One supervision step forward and backward, and one AdamW update with learning rate `lr`; with sparse
   * SignSGD of the puzzle embedding, `puzzleEmbLr` is that optimiser's learning rate for this step.
   */
  async step(batch: StepBatch, carry: Carry, lr: number, puzzleEmbLr?: number): Promise<StepResult> {
    if (this.running) throw new Error('TrainingSession.step: the previous step has not finished');
    if (!Number.isFinite(lr) || lr < 0) throw new RangeError(`learning rate must be a finite number >= 0, got ${lr}`);
    if (this.signSgd.length && (puzzleEmbLr === undefined || !Number.isFinite(puzzleEmbLr) || puzzleEmbLr < 0)) {
      throw new RangeError(`this session trains the puzzle embedding by sparse SignSGD: give its learning rate (a finite number >= 0), got ${puzzleEmbLr}`);
    }
    const feeds = this.batchFeeds(batch, carry);
    if (this.signSgd.length) feeds[TRAIN_INPUTS.puzzleEmbLr] = scalar(puzzleEmbLr as number);
    const t = this.steps + 1;
    const { beta1, beta2 } = this.options.adamw;
    feeds[TRAIN_INPUTS.lr] = scalar(lr);
    feeds[TRAIN_INPUTS.biasCorrection1] = scalar(1 - Math.pow(beta1, t));
    feeds[TRAIN_INPUTS.biasCorrection2] = scalar(1 - Math.pow(beta2, t));
    for (const [name, value] of this.params) feeds[name] = value;
    for (const name of this.trainable) {
      feeds[stateName.m(name)] = this.adamM.get(name) as ort.Tensor;
      feeds[stateName.v(name)] = this.adamV.get(name) as ort.Tensor;
      if (this.ema) feeds[stateName.ema(name)] = this.ema.get(name) as ort.Tensor;
    }
    this.running = true;
    let out: ort.InferenceSession.ReturnType;
    try {
      out = await this.session.run(feeds);
    } finally {
      this.running = false;
    }
    const get = (name: string): ort.Tensor => {
      const v = out[name];
      if (!v) throw new Error(`the training graph did not return ${name}`);
      return v as ort.Tensor;
    };
    for (const name of this.trainable) {
      this.params.set(name, get(stateName.next(name)));
      this.adamM.set(name, get(stateName.next(stateName.m(name))));
      this.adamV.set(name, get(stateName.next(stateName.v(name))));
      this.ema?.set(name, get(stateName.next(stateName.ema(name))));
    }
    for (const name of this.signSgd) this.params.set(name, get(stateName.next(name)));
    this.steps = t;
    const gradients = this.options.gradientOutputs
      ? new Map([...this.trainable, ...this.signSgd].map((name) => [name, get(stateName.grad(name)).data as Float32Array]))
      : undefined;
    return {
      lmLoss: get(TRAIN_OUTPUTS.lmLoss).data[0] as number,
      qHaltLoss: get(TRAIN_OUTPUTS.qHaltLoss).data[0] as number,
      loss: get(TRAIN_OUTPUTS.loss).data[0] as number,
      qHalt: get(TRAIN_OUTPUTS.qHalt).data as Float32Array,
      correctCells: get(TRAIN_OUTPUTS.correctCells).data as Int32Array,
      validCells: get(TRAIN_OUTPUTS.validCells).data as Int32Array,
      exact: get(TRAIN_OUTPUTS.exact).data as Uint8Array,
      carry: {
        y: get(TRAIN_OUTPUTS.yOut).data as Float32Array,
        z: get(TRAIN_OUTPUTS.zOut).data as Float32Array,
        reset: new Uint8Array(this.batchSize),
      },
      step: t,
      ...(gradients ? { gradients } : {}),
    };
  }

  /**
   * The current weights, or their EMA (the weights without one, H_init/L_init and a puzzle embedding trained
   * by SignSGD, are the current ones in both, as in the reference's EMA copy of the model).
   */
  weights(which: 'current' | 'ema' = 'current'): TrmWeights {
    if (which === 'ema' && !this.ema) throw new Error('this training session keeps no EMA of the weights (emaDecay is not set)');
    const out: TrmWeights = new Map();
    const ema = which === 'ema' ? this.ema : undefined;
    for (const [name, value] of this.params) out.set(name, (ema?.get(name) ?? value).data as Float32Array);
    return out;
  }

  state(): TrainingState {
    const data = (m: TensorMap): Map<string, Float32Array> => new Map([...m].map(([k, v]) => [k, v.data as Float32Array]));
    return {
      step: this.steps,
      params: data(this.params),
      adamM: data(this.adamM),
      adamV: data(this.adamV),
      ...(this.ema ? { ema: data(this.ema) } : {}),
    };
  }

  /** Continues from `state` (copied): the next step is state.step + 1 and computes what it would have. */
  restore(state: TrainingState): void {
    if (this.running) throw new Error('TrainingSession.restore: a step is running');
    if (!Number.isInteger(state.step) || state.step < 0) throw new Error(`invalid training state: step ${state.step}`);
    if (!!state.ema !== !!this.ema) {
      throw new Error(`invalid training state: it ${state.ema ? 'has' : 'lacks'} EMA weights and this session ${this.ema ? 'keeps' : 'keeps no'} EMA`);
    }
    const problems = weightProblems(this.config, state.params);
    const check = (what: string, m: Map<string, Float32Array> | undefined): void => {
      if (!m) return;
      for (const name of this.trainable) {
        const size = (this.shapes.get(name) as number[]).reduce((a, b) => a * b, 1);
        if (m.get(name)?.length !== size) problems.push(`${what} of ${name} is missing or has the wrong size`);
      }
    };
    check('AdamW m', state.adamM);
    check('AdamW v', state.adamV);
    check('EMA', state.ema);
    if (problems.length) throw new Error(`invalid training state: ${problems.join('; ')}`);
    const copy = (name: string, from: Map<string, Float32Array>): ort.Tensor =>
      tensor(Float32Array.from(from.get(name) as Float32Array), this.shapes.get(name) as number[]);
    for (const name of this.shapes.keys()) this.params.set(name, copy(name, state.params));
    for (const name of this.trainable) {
      this.adamM.set(name, copy(name, state.adamM));
      this.adamV.set(name, copy(name, state.adamV));
      if (this.ema && state.ema) this.ema.set(name, copy(name, state.ema));
    }
    this.steps = state.step;
  }

  async release(): Promise<void> {
    await this.session.release();
  }

  private batchFeeds(batch: StepBatch, carry: Carry): Record<string, ort.Tensor> {
    const B = this.batchSize;
    const S = this.config.seqLen;
    const { totalLen: L } = trmDims(this.config);
    const D = this.config.hiddenSize;
    const expect = (what: string, length: number, want: number): void => {
      if (length !== want) throw new RangeError(`${what} has ${length} values; this session trains batches of ${B} (expected ${want})`);
    };
    expect('batch.inputs', batch.inputs.length, B * S);
    expect('batch.labels', batch.labels.length, B * S);
    expect('carry.y', carry.y.length, B * L * D);
    expect('carry.z', carry.z.length, B * L * D);
    expect('carry.reset', carry.reset.length, B);
    const { tokens, labels, puzzleIds } = this.scratch;
    for (let i = 0; i < B * S; i++) {
      tokens[i] = BigInt(batch.inputs[i] as number);
      labels[i] = BigInt(batch.labels[i] as number);
    }
    const feeds: Record<string, ort.Tensor> = {
      [TRAIN_INPUTS.tokens]: new ort.Tensor('int64', tokens, [B, S]),
      [TRAIN_INPUTS.labels]: new ort.Tensor('int64', labels, [B, S]),
      [TRAIN_INPUTS.y]: tensor(carry.y, [B, L, D]),
      [TRAIN_INPUTS.z]: tensor(carry.z, [B, L, D]),
      [TRAIN_INPUTS.reset]: new ort.Tensor('bool', carry.reset, [B]),
    };
    if (this.config.puzzleEmbLen > 0) {
      if (!batch.puzzleIds) throw new RangeError('this config has a puzzle embedding: the batch needs puzzleIds');
      expect('batch.puzzleIds', batch.puzzleIds.length, B);
      for (let i = 0; i < B; i++) puzzleIds[i] = BigInt(batch.puzzleIds[i] as number);
      feeds[TRAIN_INPUTS.puzzleIds] = new ort.Tensor('int64', puzzleIds, [B]);
    }
    return feeds;
  }
}

function tensor(data: Float32Array, shape: readonly number[]): ort.Tensor {
  return new ort.Tensor('float32', data, shape);
}

function scalar(value: number): ort.Tensor {
  return new ort.Tensor('float32', Float32Array.of(value), []);
}
