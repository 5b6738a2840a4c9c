/**
 * Training presets per puzzle kind. `tiny` finishes in minutes on two CPU cores and is what the tests and
 * the shipped models use; `small` is a longer CPU run; `paper` is the reference recipe
 * (TinyRecursiveModels config/arch/trm.yaml + config/cfg_pretrain.yaml, with the official README's command
 * lines for Sudoku-Extreme and Maze-Hard: 5-7M parameters, a 16-position puzzle-embedding prefix for every
 * kind trained by sparse SignSGD, Adam-atan2, EMA 0.999, batch 768, evaluation over all N_sup steps), meant
 * for a GPU. The README's table compares it with the reference point by point. Many fields can be
 * overridden from the command line; a run's card states its choices.
 */
import { PRESET_SIZES, type PresetName } from '../../contract/presets';
import type { PuzzleKind } from '../../puzzles/types';
import type { TrmConfig } from '../model/config';
import type { CrossEntropyKind } from './act-loss';
import type { OptimizerName } from './adamw';

export { PRESET_NAMES, type PresetName } from '../../contract/presets';

/** What to generate or load, before the board size is applied. */
export type DataPlan =
  | {
      kind: 'sudoku';
      trainSize: number;
      evalSize: number;
      givens: Record<number, readonly [number, number]>;
      difficulty: 'singles' | 'search' | 'any';
      /** 9x9: a band mix ("easy:2,search:1", puzzles/sudoku/generate/bands.ts) that replaces givens and difficulty. */
      bands?: string;
      /** With bands: draw them easiest first, opening one after another over the run (trm/data/curriculum.ts). */
      curriculum?: boolean;
    }
  | {
      kind: 'maze';
      trainSize: number;
      evalSize: number;
      loopProbability: number;
      minPathFraction: number;
      /** Extra openings per maze, [min, max]: replaces loopProbability (puzzles/maze/generate/bands.ts). */
      loops?: readonly [number, number];
      /** With loops: draw mazes with fewer loops first (trm/data/curriculum.ts). */
      curriculum?: boolean;
    }
  | {
      kind: 'arc';
      collections: string[];
      maxSide: number;
      taskCount: number;
      augmentationIds: number;
      /** Task ids never trained on, in any collection: the tasks the model is measured on as unseen (models/arc-heldout.json). */
      heldOutTasks?: string[];
      /** Collections whose task ids are never trained on (arc-agi_evaluation: kept for outside measurement). */
      excludeIdsOf?: string[];
      /** Keep only the first task of each id across the collections (ARC-AGI-2 training repeats ARC-AGI-1 ids). */
      firstOfEachName?: boolean;
    };

export interface TrainPlan {
  batchSize: number;
  steps: number;
  lr: number;
  /** Linear warm-up from 0 over this many steps, then cosine decay to lr * minLrRatio. */
  warmupSteps: number;
  minLrRatio: number;
  weightDecay: number;
  /** Absent: AdamW (kept out of the plan then, so checkpoints of runs from before the option still resume). */
  optimizer?: Exclude<OptimizerName, 'adamw'>;
  /**
   * The reference's sparse SignSGD of the puzzle embedding (puzzle_emb_lr, puzzle_emb_weight_decay), its lr
   * on the same warm-up and schedule as `lr`. Absent: the table is one more parameter of the main optimiser
   * (kept out of the plan then, so checkpoints of runs from before the option still resume).
   */
  puzzleEmbSignSgd?: { lr: number; weightDecay: number };
  emaDecay?: number;
  crossEntropy: CrossEntropyKind;
  /** Probability that a sequence must think at least a random 2..N_sup steps before it may halt. */
  haltExploration: number;
  evalEvery: number;
  checkpointEvery: number;
}

export interface Preset {
  name: PresetName;
  kind: PuzzleKind;
  /** Board side when --size is not given: the contract's PRESET_SIZES, which the extension offers too. */
  defaultSize: number;
  model: Partial<TrmConfig>;
  data: DataPlan;
  train: TrainPlan;
  /**
   * How the trainer measures held-out accuracy for the card: true halts early (`haltsAt`, as the
   * editor does by default); false runs all N_sup steps, as the reference evaluates.
   */
  evalHaltEarly: boolean;
}

// 4x4 down to the minimum of 4 givens: with only easy ones the model solves every puzzle in one supervision
// step, which leaves nothing for the recursion preview to show. Up to 8, because 4x4 puzzles with 4-6 givens
// are so few up to symmetry that a held-out set disjoint from training cannot be drawn from them alone.
const SUDOKU_GIVENS: Record<number, readonly [number, number]> = { 4: [4, 8], 6: [14, 20], 9: [30, 38] };
const SUDOKU_HARD_GIVENS: Record<number, readonly [number, number]> = { 4: [4, 6], 6: [10, 14], 9: [17, 26] };

// The reference trains Sudoku-Extreme-1k and Maze-Hard-1k for 50000 epochs, evaluating every 5000: pretrain.py's
// total_steps = epochs * total_groups (1000 puzzles) * mean_puzzle_examples (1) / global_batch_size (768).
const PAPER_1K_STEPS = Math.floor((50000 * 1000) / 768);
const PAPER_1K_EVAL_EVERY = Math.floor((5000 * 1000) / 768);

const PRESETS: Record<PuzzleKind, Record<PresetName, Omit<Preset, 'defaultSize'>>> = {
  sudoku: {
    tiny: {
      name: 'tiny',
      kind: 'sudoku',
      model: { hiddenSize: 64, numHeads: 4, expansion: 2, hCycles: 2, lCycles: 2, mixer: 'mlp_t', posEncodings: 'none', haltMaxSteps: 6 },
      data: { kind: 'sudoku', trainSize: 2000, evalSize: 256, givens: SUDOKU_GIVENS, difficulty: 'singles' },
      train: { batchSize: 64, steps: 1500, lr: 2e-3, warmupSteps: 100, minLrRatio: 0.1, weightDecay: 0.1, crossEntropy: 'softmax', haltExploration: 0.1, evalEvery: 250, checkpointEvery: 250 },
      evalHaltEarly: true,
    },
    small: {
      name: 'small',
      kind: 'sudoku',
      model: { hiddenSize: 128, numHeads: 4, expansion: 4, hCycles: 3, lCycles: 4, mixer: 'mlp_t', posEncodings: 'none', haltMaxSteps: 8 },
      data: { kind: 'sudoku', trainSize: 10000, evalSize: 512, givens: SUDOKU_GIVENS, difficulty: 'singles' },
      train: { batchSize: 64, steps: 8000, lr: 1e-3, warmupSteps: 300, minLrRatio: 0.1, weightDecay: 0.1, emaDecay: 0.995, crossEntropy: 'softmax', haltExploration: 0.1, evalEvery: 1000, checkpointEvery: 500 },
      evalHaltEarly: true,
    },
    paper: {
      name: 'paper',
      kind: 'sudoku',
      model: { hiddenSize: 512, numHeads: 8, expansion: 4, hCycles: 3, lCycles: 6, mixer: 'mlp_t', posEncodings: 'none', haltMaxSteps: 16, puzzleEmbLen: 16, puzzleEmbNdim: 512 },
      data: { kind: 'sudoku', trainSize: 1000, evalSize: 1000, givens: SUDOKU_HARD_GIVENS, difficulty: 'search' },
      train: { batchSize: 768, steps: PAPER_1K_STEPS, lr: 1e-4, warmupSteps: 2000, minLrRatio: 1, weightDecay: 1.0, optimizer: 'adam-atan2', puzzleEmbSignSgd: { lr: 1e-4, weightDecay: 1.0 }, emaDecay: 0.999, crossEntropy: 'stablemax', haltExploration: 0.1, evalEvery: PAPER_1K_EVAL_EVERY, checkpointEvery: 1000 },
      evalHaltEarly: false,
    },
  },
  maze: {
    tiny: {
      name: 'tiny',
      kind: 'maze',
      model: { hiddenSize: 64, numHeads: 4, expansion: 2, hCycles: 2, lCycles: 3, mixer: 'attention', posEncodings: 'rope', haltMaxSteps: 6 },
      data: { kind: 'maze', trainSize: 3000, evalSize: 256, loopProbability: 0.05, minPathFraction: 0.15 },
      train: { batchSize: 64, steps: 2000, lr: 2e-3, warmupSteps: 100, minLrRatio: 0.1, weightDecay: 0.1, crossEntropy: 'softmax', haltExploration: 0.1, evalEvery: 250, checkpointEvery: 250 },
      evalHaltEarly: true,
    },
    small: {
      name: 'small',
      kind: 'maze',
      model: { hiddenSize: 128, numHeads: 4, expansion: 4, hCycles: 3, lCycles: 4, mixer: 'attention', posEncodings: 'rope', haltMaxSteps: 8 },
      data: { kind: 'maze', trainSize: 10000, evalSize: 512, loopProbability: 0.05, minPathFraction: 0.125 },
      train: { batchSize: 32, steps: 8000, lr: 1e-3, warmupSteps: 300, minLrRatio: 0.1, weightDecay: 0.1, emaDecay: 0.995, crossEntropy: 'softmax', haltExploration: 0.1, evalEvery: 1000, checkpointEvery: 500 },
      evalHaltEarly: true,
    },
    paper: {
      name: 'paper',
      kind: 'maze',
      model: { hiddenSize: 512, numHeads: 8, expansion: 4, hCycles: 3, lCycles: 4, mixer: 'attention', posEncodings: 'rope', haltMaxSteps: 16, puzzleEmbLen: 16, puzzleEmbNdim: 512 },
      data: { kind: 'maze', trainSize: 1000, evalSize: 1000, loopProbability: 0.05, minPathFraction: 0.125 },
      train: { batchSize: 768, steps: PAPER_1K_STEPS, lr: 1e-4, warmupSteps: 2000, minLrRatio: 1, weightDecay: 1.0, optimizer: 'adam-atan2', puzzleEmbSignSgd: { lr: 1e-4, weightDecay: 1.0 }, emaDecay: 0.999, crossEntropy: 'stablemax', haltExploration: 0.1, evalEvery: PAPER_1K_EVAL_EVERY, checkpointEvery: 1000 },
      evalHaltEarly: false,
    },
  },
  arc: {
    tiny: {
      name: 'tiny',
      kind: 'arc',
      model: { hiddenSize: 64, numHeads: 4, expansion: 2, hCycles: 2, lCycles: 2, mixer: 'attention', posEncodings: 'rope', haltMaxSteps: 6, puzzleEmbLen: 1, puzzleEmbNdim: 64 },
      data: { kind: 'arc', collections: ['arc-agi_training'], maxSide: 6, taskCount: 8, augmentationIds: 1 },
      train: { batchSize: 32, steps: 2000, lr: 2e-3, warmupSteps: 100, minLrRatio: 0.1, weightDecay: 0.1, crossEntropy: 'softmax', haltExploration: 0.1, evalEvery: 500, checkpointEvery: 250 },
      evalHaltEarly: true,
    },
    small: {
      name: 'small',
      kind: 'arc',
      model: { hiddenSize: 128, numHeads: 4, expansion: 4, hCycles: 3, lCycles: 4, mixer: 'attention', posEncodings: 'rope', haltMaxSteps: 8, puzzleEmbLen: 4, puzzleEmbNdim: 512 },
      data: { kind: 'arc', collections: ['arc-agi_training'], maxSide: 10, taskCount: 64, augmentationIds: 8 },
      train: { batchSize: 32, steps: 10000, lr: 1e-3, warmupSteps: 300, minLrRatio: 0.1, weightDecay: 0.1, emaDecay: 0.995, crossEntropy: 'softmax', haltExploration: 0.1, evalEvery: 1000, checkpointEvery: 500 },
      evalHaltEarly: true,
    },
    paper: {
      name: 'paper',
      kind: 'arc',
      model: { hiddenSize: 512, numHeads: 8, expansion: 4, hCycles: 3, lCycles: 4, mixer: 'attention', posEncodings: 'rope', haltMaxSteps: 16, puzzleEmbLen: 16, puzzleEmbNdim: 512 },
      data: { kind: 'arc', collections: ['arc-agi_training', 'arc-agi_evaluation'], maxSide: 30, taskCount: 800, augmentationIds: 1000 },
      train: { batchSize: 768, steps: 100000, lr: 1e-4, warmupSteps: 2000, minLrRatio: 1, weightDecay: 0.1, optimizer: 'adam-atan2', puzzleEmbSignSgd: { lr: 1e-2, weightDecay: 0.1 }, emaDecay: 0.999, crossEntropy: 'stablemax', haltExploration: 0.1, evalEvery: 10000, checkpointEvery: 1000 },
      evalHaltEarly: false,
    },
  },
};

export function presetFor(kind: PuzzleKind, name: PresetName): Preset {
  return { ...PRESETS[kind][name], defaultSize: PRESET_SIZES[kind][name] };
}

/** Learning rate at `step` (1-based): linear warm-up, then cosine decay to lr * minLrRatio at the last step. */
export function learningRate(plan: Pick<TrainPlan, 'lr' | 'warmupSteps' | 'minLrRatio' | 'steps'>, step: number): number {
  if (step <= plan.warmupSteps) return (plan.lr * step) / Math.max(1, plan.warmupSteps);
  const progress = Math.min(1, (step - plan.warmupSteps) / Math.max(1, plan.steps - plan.warmupSteps));
  const cosine = 0.5 * (1 + Math.cos(Math.PI * progress));
  return plan.lr * (plan.minLrRatio + (1 - plan.minLrRatio) * cosine);
}
