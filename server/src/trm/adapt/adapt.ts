/**
 * Test-time adaptation of an ARC model to a task it was never trained on: a fresh puzzle-embedding row is
 * fitted to the task's own demonstration pairs while the network stays frozen (the step graph's
 * `trainOnly`), or, with `networkLr`, together with the whole network. Training draws are the reference augmentations, one per draw: a dihedral transform, a colour
 * permutation keeping 0, a translation on the canvas. The deep-supervision loop is the trainer's (carry and
 * halting per batch slot). One demonstration pair is held out: every `evalEvery` steps it is answered under
 * 8 augmented versions (the 8 dihedral transforms, each with its own colours); the row with the lowest
 * held-out loss is kept, and adaptation stops early once every version is reproduced exactly.
 *
 * The row is fitted in slot 0 of the table (the blank "unknown task" row), so the config and any number of
 * rows of the base model stay as they are; `withAdaptedRow` puts it back there to answer.
 */
import * as ort from 'onnxruntime-node';
import type { Canvas } from '../../puzzles/types';
import { Rng } from '../../puzzles/common/random';
import type { TrmConfig } from '../model/config';
import { encodeModel } from '../model/model-format';
import type { TrmWeights } from '../model/parameters';
import { createDeviceSession } from '../runtime/device';
import { TrainingSession } from '../train/session';
import { haltAndFigures, type Slots } from '../train/run';
import { encodeArcGrid, augmentArcGrid, randomArcAugmentation, translationRange, IDENTITY_ARC_AUGMENTATION, type ArcAugmentation } from '../data/arc/augment';
import type { ArcTrainPair, ColourGrid } from '../data/arc/tasks';
import { answerVersions, type VersionRequest } from './versions';

export const PUZZLE_TABLE = 'puzzle_emb.weights';
/** The row adaptation fits and answers with: the blank row, which a base model never trains on purpose. */
export const ADAPTED_ROW_ID = 0;

export class AdaptError extends Error {
  override name = 'AdaptError';
}

export class AdaptCancelledError extends Error {
  override name = 'AdaptCancelledError';
  constructor() {
    super('the adaptation was cancelled');
  }
}

export interface BaseModel {
  config: TrmConfig;
  weights: TrmWeights;
  canvas: Canvas;
}

export interface AdaptTask {
  train: readonly ArcTrainPair[];
  testInputs: readonly ColourGrid[];
}

export type RowInit = 'zeros' | 'mean';

export interface AdaptOptions {
  /** Step budget (default DEFAULT_ADAPT_STEPS). */
  steps?: number;
  batchSize?: number;
  /**
   * AdamW learning rate of the row (default 0.03). The reference's puzzle-embedding lr is 0.01 (SignSGD); here,
   * on 3 unseen tasks at 200 steps, 0.03 ended with far lower demonstration and held-out losses than 0.01.
   */
  lr?: number;
  seed?: number;
  /** Held-out check every this many steps (default 25), and at the last step. */
  evalEvery?: number;
  /**
   * The fresh row: the mean of the trained rows (default), or zeros as the reference initialises puzzle
   * embeddings. On 3 unseen ARC-AGI-1 tasks at 200 steps the mean ended with the lower held-out and
   * demonstration loss on every one (scripts/adapt-measure.ts --init zeros|mean; README).
   */
  init?: RowInit;
  /**
   * Also fine-tune the whole network, by AdamW at this learning rate (the same warm-up), as arXiv 2511.02886
   * adapts a pre-trained TRM. The row then moves by the reference's sparse SignSGD at `lr` (how the
   * reference trains task rows next to an AdamW network), and the result carries the adapted network.
   * Absent: the network stays frozen and only the row is fitted.
   */
  networkLr?: number;
  /** Supervision steps to answer with (default: the model's N_sup). */
  answerSteps?: number;
  intraOpThreads?: number;
}

export const DEFAULT_ADAPT_STEPS = 200;

export interface HeldOutCheck {
  /** Versions of the held-out pair reproduced exactly, of `versions`. */
  right: number;
  versions: number;
  loss: number;
}

export interface AdaptProgress {
  step: number;
  steps: number;
  /** Training loss of this step (lm + 0.5 q_halt, batch mean). */
  loss: number;
  /** The last held-out check (absent before the first, or when the task has one demonstration). */
  heldOut?: HeldOutCheck;
  etaSeconds: number;
}

export interface AdaptEvents {
  progress?(p: AdaptProgress): void;
  /** Polled before every step: true stops the run with AdaptCancelledError. */
  cancelled?(): boolean;
}

export interface AdaptedRow {
  row: Float32Array;
  /** The step the kept row comes from, and the steps run. */
  bestStep: number;
  stepsRun: number;
  stopped: 'reproduced' | 'budget';
  /** The held-out check of the kept row; absent for a task with a single demonstration. */
  heldOut?: HeldOutCheck;
  /** Loss on the demonstrations trained on (as given, top-left), with the fresh row and with the kept one. */
  trainLossBefore: number;
  trainLossAfter: number;
  seconds: number;
  init: RowInit;
  /** With `networkLr`: every weight of the adapted model (its table holds `row` in the adapted slot). */
  network?: TrmWeights;
}

/** The base weights with `row` in the adapted slot of the puzzle-embedding table (a copy; the base is kept). */
export function withAdaptedRow(weights: TrmWeights, row: Float32Array): TrmWeights {
  const table = weights.get(PUZZLE_TABLE);
  if (!table) throw new AdaptError('this model has no puzzle-embedding table to adapt');
  if (row.length === 0 || table.length % row.length !== 0) throw new AdaptError(`an adapted row of ${row.length} values does not fit this model's puzzle-embedding table`);
  const copy = Float32Array.from(table);
  copy.set(row, ADAPTED_ROW_ID * row.length);
  return new Map([...weights, [PUZZLE_TABLE, copy]]);
}

/** Row length of the model's puzzle-embedding table. */
export function rowLength(config: TrmConfig): number {
  return config.puzzleEmbNdim;
}

export function initialRow(base: BaseModel, init: RowInit): Float32Array {
  const n = rowLength(base.config);
  const row = new Float32Array(n);
  if (init === 'zeros') return row;
  const table = base.weights.get(PUZZLE_TABLE)!;
  const rows = table.length / n;
  // Row 0 is the blank row: the mean is over the trained tasks' rows.
  for (let r = 1; r < rows; r++) for (let i = 0; i < n; i++) row[i]! += table[r * n + i]! / (rows - 1);
  return row;
}

/** Why the model cannot adapt to this task, in words for a user; undefined when it can. */
export function adaptProblem(base: BaseModel, task: AdaptTask): string | undefined {
  const { config, canvas } = base;
  if (config.puzzleEmbLen === 0 || !base.weights.has(PUZZLE_TABLE)) return 'the model has no puzzle embedding, so there is no task row to learn';
  if (config.seqLen !== canvas.rows * canvas.cols) return `the model reads ${config.seqLen} tokens, not a ${canvas.rows}x${canvas.cols} canvas`;
  if (task.train.length === 0) return 'the task has no demonstration pairs to learn from';
  const side = Math.min(canvas.rows, canvas.cols);
  const grids: [string, ColourGrid][] = [
    ...task.train.flatMap((p, i): [string, ColourGrid][] => [[`demonstration ${i + 1} input`, p.input], [`demonstration ${i + 1} output`, p.output]]),
    ...task.testInputs.map((g, i): [string, ColourGrid] => [`test ${i + 1} input`, g]),
  ];
  // A rotated grid swaps its sides, so each must fit the canvas both ways.
  for (const [what, g] of grids) {
    if (Math.max(g.length, g[0]!.length) > side) return `${what} is ${g.length}x${g[0]!.length}, larger than the model's ${canvas.rows}x${canvas.cols} canvas allows (at most ${side}x${side}, any orientation)`;
  }
  return undefined;
}

/** The 8 dihedral transforms, each with a colour permutation of its own (identity colours for the identity). */
export function evaluationAugmentations(rng: Rng): ArcAugmentation[] {
  return Array.from({ length: 8 }, (_, t) => (t === 0 ? IDENTITY_ARC_AUGMENTATION : { dihedral: t, colours: randomArcAugmentation(rng).colours }));
}

export async function adaptTask(base: BaseModel, task: AdaptTask, options: AdaptOptions = {}, events: AdaptEvents = {}): Promise<AdaptedRow> {
  const problem = adaptProblem(base, task);
  if (problem) throw new AdaptError(problem);
  const { config, canvas } = base;
  const steps = options.steps ?? DEFAULT_ADAPT_STEPS;
  if (!Number.isInteger(steps) || steps < 1) throw new AdaptError(`the step budget must be a positive integer, got ${steps}`);
  const B = options.batchSize ?? 16;
  const lr = options.lr ?? 0.03;
  const seed = options.seed ?? 0;
  const evalEvery = options.evalEvery ?? 25;
  const init = options.init ?? 'mean';
  const answerSteps = options.answerSteps ?? config.haltMaxSteps;
  const networkLr = options.networkLr;
  if (networkLr !== undefined && !(Number.isFinite(networkLr) && networkLr > 0)) throw new AdaptError(`the network's learning rate must be a positive number, got ${networkLr}`);
  const started = performance.now();

  const heldOutPair = task.train.length >= 2 ? task.train[task.train.length - 1] : undefined;
  const trainPairs = heldOutPair ? task.train.slice(0, -1) : task.train.slice();
  const heldOutRequests: VersionRequest[] = heldOutPair
    ? evaluationAugmentations(new Rng(seed, 'adapt/held-out')).map((augmentation) => ({ input: heldOutPair.input, target: heldOutPair.output, augmentation }))
    : [];
  const trainRequests: VersionRequest[] = trainPairs.map((p) => ({ input: p.input, target: p.output, augmentation: IDENTITY_ARC_AUGMENTATION }));
  const answer = async (weights: TrmWeights, requests: VersionRequest[]) => {
    const session = await weightsSession(base.config, weights, options.intraOpThreads);
    try {
      return await answerVersions(session, config, canvas, ADAPTED_ROW_ID, requests, answerSteps);
    } finally {
      await session.release();
    }
  };
  const meanLoss = (answers: { loss?: number }[]) => answers.reduce((s, a) => s + (a.loss ?? 0), 0) / Math.max(1, answers.length);

  const fresh = initialRow(base, init);
  const freshWeights = withAdaptedRow(base.weights, fresh);
  const trainLossBefore = meanLoss(await answer(freshWeights, trainRequests));
  const session = await TrainingSession.create(config, {
    batchSize: B,
    crossEntropy: 'softmax',
    adamw: { weightDecay: 0 },
    ...(networkLr === undefined ? { trainOnly: [PUZZLE_TABLE] } : { puzzleEmbSignSgd: { weightDecay: 0 } }),
    device: 'cpu',
    weights: freshWeights,
    seed,
    ...(options.intraOpThreads !== undefined ? { intraOpThreads: options.intraOpThreads } : {}),
  });
  const S = config.seqLen;
  const slots: Slots = {
    batch: { size: B, seqLen: S, inputs: new Int32Array(B * S), labels: new Int32Array(B * S), puzzleIds: new Int32Array(B).fill(ADAPTED_ROW_ID) },
    steps: new Int32Array(B),
  };
  let carry = session.initialCarry();
  let drawn = 0;
  const refill = () => {
    for (let row = 0; row < B; row++) {
      if (carry.reset[row] !== 1) continue;
      const rng = new Rng(seed, `adapt/draw/${drawn++}`);
      const pair = trainPairs[rng.int(trainPairs.length)]!;
      const aug = randomArcAugmentation(rng);
      const input = augmentArcGrid(pair.input, aug);
      const output = augmentArcGrid(pair.output, aug);
      let top = 0;
      let left = 0;
      // As the reference (and the trainer): one draw in n stays at the top-left, where answers are asked.
      if (rng.uniform() >= 1 / trainPairs.length) {
        const range = translationRange(input, output, canvas);
        top = rng.int(range.rows + 1);
        left = rng.int(range.cols + 1);
      }
      slots.batch.inputs.set(encodeArcGrid(input, canvas, top, left), row * S);
      slots.batch.labels.set(encodeArcGrid(output, canvas, top, left), row * S);
      slots.steps[row] = 0;
    }
  };
  const currentRow = () => session.weights().get(PUZZLE_TABLE)!.slice(ADAPTED_ROW_ID * rowLength(config), (ADAPTED_ROW_ID + 1) * rowLength(config));

  // Frozen network: only the row changes, so the kept model is the base with the kept row.
  const modelWith = (row: Float32Array): TrmWeights => (networkLr === undefined ? withAdaptedRow(base.weights, row) : session.weights());
  let best: { row: Float32Array; weights: TrmWeights; step: number; heldOut?: HeldOutCheck } = { row: fresh, weights: freshWeights, step: 0 };
  let lastCheck: HeldOutCheck | undefined;
  let stopped: AdaptedRow['stopped'] = 'budget';
  let step = 0;
  try {
    while (step < steps) {
      if (events.cancelled?.()) throw new AdaptCancelledError();
      refill();
      const warm = Math.min(1, (step + 1) / 10);
      const result = networkLr === undefined ? await session.step(slots.batch, carry, lr * warm) : await session.step(slots.batch, carry, networkLr * warm, lr * warm);
      step++;
      const { reset } = haltAndFigures(result, slots, { haltExploration: 0.1 }, config.haltMaxSteps, new Rng(seed, `adapt/halt/${step}`), 0);
      carry = { y: result.carry.y, z: result.carry.z, reset };
      const row = currentRow();
      if (step % evalEvery === 0 || step === steps) {
        const weights = modelWith(row);
        if (heldOutPair) {
          const answers = await answer(weights, heldOutRequests);
          lastCheck = { right: answers.filter((a) => a.exact).length, versions: answers.length, loss: meanLoss(answers) };
          if (!best.heldOut || lastCheck.loss < best.heldOut.loss) best = { row, weights, step, heldOut: lastCheck };
        } else {
          best = { row, weights, step };
        }
      }
      const elapsed = (performance.now() - started) / 1000;
      events.progress?.({ step, steps, loss: result.loss, ...(lastCheck ? { heldOut: lastCheck } : {}), etaSeconds: (elapsed / step) * (steps - step) });
      if (lastCheck && lastCheck.right === lastCheck.versions && best.heldOut === lastCheck) {
        stopped = 'reproduced';
        break;
      }
    }
  } finally {
    await session.release();
  }
  const trainLossAfter = meanLoss(await answer(best.weights, trainRequests));
  return {
    row: best.row,
    bestStep: best.step,
    stepsRun: step,
    stopped,
    ...(best.heldOut ? { heldOut: best.heldOut } : {}),
    trainLossBefore,
    trainLossAfter,
    seconds: (performance.now() - started) / 1000,
    init,
    ...(networkLr !== undefined ? { network: best.weights } : {}),
  };
}

/** An inference session of the base model answering with `row` as task row ADAPTED_ROW_ID (release it after). */
export async function adaptedSession(base: BaseModel, row: Float32Array, intraOpThreads?: number): Promise<ort.InferenceSession> {
  return weightsSession(base.config, withAdaptedRow(base.weights, row), intraOpThreads);
}

async function weightsSession(config: TrmConfig, weights: TrmWeights, intraOpThreads?: number): Promise<ort.InferenceSession> {
  const tuning = intraOpThreads !== undefined ? { intraOpThreads } : {};
  return (await createDeviceSession(encodeModel(config, weights), 'cpu', tuning)).session;
}
