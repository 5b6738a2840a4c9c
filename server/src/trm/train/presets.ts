/**
 * Training presets per puzzle kind. `tiny` finishes in minutes on two CPU cores and is what the tests and
 * the shipped models use; `small` is a longer CPU run; `paper` is the paper's configuration (5-7M
 * parameters, batch 768), meant for a GPU. Every field can be overridden from the command line.
 */
import type { PuzzleKind } from '../../puzzles/types';
import type { TrmConfig } from '../model/config';
import type { CrossEntropyKind } from './act-loss';
import type { OptimizerName } from './adamw';

export type PresetName = 'tiny' | 'small' | 'paper';
export const PRESET_NAMES: readonly PresetName[] = ['tiny', 'small', 'paper'];

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
    }
  | {
      kind: 'maze';
      trainSize: number;
      evalSize: number;
      loopProbability: number;
      minPathFraction: number;
      /** Extra openings per maze, [min, max]: replaces loopProbability (puzzles/maze/generate/bands.ts). */
      loops?: readonly [number, number];
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
  /** Board side when --size is not given. */
  defaultSize: number;
  model: Partial<TrmConfig>;
  data: DataPlan;
  train: TrainPlan;
}

// 4x4 down to the minimum of 4 givens: with only easy ones the model solves every puzzle in one supervision
// step, which leaves nothing for the recursion preview to show. Up to 8, because 4x4 puzzles with 4-6 givens
// are so few up to symmetry that a held-out set disjoint from training cannot be drawn from them alone.
const SUDOKU_GIVENS: Record<number, readonly [number, number]> = { 4: [4, 8], 6: [14, 20], 9: [30, 38] };
const SUDOKU_HARD_GIVENS: Record<number, readonly [number, number]> = { 4: [4, 6], 6: [10, 14], 9: [17, 26] };

const PRESETS: Record<PuzzleKind, Record<PresetName, Preset>> = {
  sudoku: {
    tiny: {
      name: 'tiny',
      kind: 'sudoku',
      defaultSize: 4,
      model: { hiddenSize: 64, numHeads: 4, expansion: 2, hCycles: 2, lCycles: 2, mixer: 'mlp_t', posEncodings: 'none', haltMaxSteps: 6 },
      data: { kind: 'sudoku', trainSize: 2000, evalSize: 256, givens: SUDOKU_GIVENS, difficulty: 'singles' },
      train: { batchSize: 64, steps: 1500, lr: 2e-3, warmupSteps: 100, minLrRatio: 0.1, weightDecay: 0.1, crossEntropy: 'softmax', haltExploration: 0.1, evalEvery: 250, checkpointEvery: 250 },
    },
    small: {
      name: 'small',
      kind: 'sudoku',
      defaultSize: 6,
      model: { hiddenSize: 128, numHeads: 4, expansion: 4, hCycles: 3, lCycles: 4, mixer: 'mlp_t', posEncodings: 'none', haltMaxSteps: 8 },
      data: { kind: 'sudoku', trainSize: 10000, evalSize: 512, givens: SUDOKU_GIVENS, difficulty: 'singles' },
      train: { batchSize: 64, steps: 8000, lr: 1e-3, warmupSteps: 300, minLrRatio: 0.1, weightDecay: 0.1, emaDecay: 0.995, crossEntropy: 'softmax', haltExploration: 0.1, evalEvery: 1000, checkpointEvery: 500 },
    },
    paper: {
      name: 'paper',
      kind: 'sudoku',
      defaultSize: 9,
      model: { hiddenSize: 512, numHeads: 8, expansion: 4, hCycles: 3, lCycles: 6, mixer: 'mlp_t', posEncodings: 'none', haltMaxSteps: 16 },
      data: { kind: 'sudoku', trainSize: 1000, evalSize: 1000, givens: SUDOKU_HARD_GIVENS, difficulty: 'search' },
      train: { batchSize: 768, steps: 60000, lr: 1e-4, warmupSteps: 2000, minLrRatio: 1, weightDecay: 1.0, optimizer: 'adam-atan2', emaDecay: 0.999, crossEntropy: 'stablemax', haltExploration: 0.1, evalEvery: 5000, checkpointEvery: 1000 },
    },
  },
  maze: {
    tiny: {
      name: 'tiny',
      kind: 'maze',
      defaultSize: 9,
      model: { hiddenSize: 64, numHeads: 4, expansion: 2, hCycles: 2, lCycles: 3, mixer: 'attention', posEncodings: 'rope', haltMaxSteps: 6 },
      data: { kind: 'maze', trainSize: 3000, evalSize: 256, loopProbability: 0.05, minPathFraction: 0.15 },
      train: { batchSize: 64, steps: 2000, lr: 2e-3, warmupSteps: 100, minLrRatio: 0.1, weightDecay: 0.1, crossEntropy: 'softmax', haltExploration: 0.1, evalEvery: 250, checkpointEvery: 250 },
    },
    small: {
      name: 'small',
      kind: 'maze',
      defaultSize: 15,
      model: { hiddenSize: 128, numHeads: 4, expansion: 4, hCycles: 3, lCycles: 4, mixer: 'attention', posEncodings: 'rope', haltMaxSteps: 8 },
      data: { kind: 'maze', trainSize: 10000, evalSize: 512, loopProbability: 0.05, minPathFraction: 0.125 },
      train: { batchSize: 32, steps: 8000, lr: 1e-3, warmupSteps: 300, minLrRatio: 0.1, weightDecay: 0.1, emaDecay: 0.995, crossEntropy: 'softmax', haltExploration: 0.1, evalEvery: 1000, checkpointEvery: 500 },
    },
    paper: {
      name: 'paper',
      kind: 'maze',
      defaultSize: 30,
      model: { hiddenSize: 512, numHeads: 8, expansion: 4, hCycles: 3, lCycles: 4, mixer: 'attention', posEncodings: 'rope', haltMaxSteps: 16 },
      data: { kind: 'maze', trainSize: 1000, evalSize: 1000, loopProbability: 0.05, minPathFraction: 0.125 },
      train: { batchSize: 768, steps: 60000, lr: 1e-4, warmupSteps: 2000, minLrRatio: 1, weightDecay: 1.0, optimizer: 'adam-atan2', emaDecay: 0.999, crossEntropy: 'stablemax', haltExploration: 0.1, evalEvery: 5000, checkpointEvery: 1000 },
    },
  },
  arc: {
    tiny: {
      name: 'tiny',
      kind: 'arc',
      defaultSize: 8,
      model: { hiddenSize: 64, numHeads: 4, expansion: 2, hCycles: 2, lCycles: 2, mixer: 'attention', posEncodings: 'rope', haltMaxSteps: 6, puzzleEmbLen: 1, puzzleEmbNdim: 64 },
      data: { kind: 'arc', collections: ['arc-agi_training'], maxSide: 6, taskCount: 8, augmentationIds: 1 },
      train: { batchSize: 32, steps: 2000, lr: 2e-3, warmupSteps: 100, minLrRatio: 0.1, weightDecay: 0.1, crossEntropy: 'softmax', haltExploration: 0.1, evalEvery: 500, checkpointEvery: 250 },
    },
    small: {
      name: 'small',
      kind: 'arc',
      defaultSize: 12,
      model: { hiddenSize: 128, numHeads: 4, expansion: 4, hCycles: 3, lCycles: 4, mixer: 'attention', posEncodings: 'rope', haltMaxSteps: 8, puzzleEmbLen: 4, puzzleEmbNdim: 512 },
      data: { kind: 'arc', collections: ['arc-agi_training'], maxSide: 10, taskCount: 64, augmentationIds: 8 },
      train: { batchSize: 32, steps: 10000, lr: 1e-3, warmupSteps: 300, minLrRatio: 0.1, weightDecay: 0.1, emaDecay: 0.995, crossEntropy: 'softmax', haltExploration: 0.1, evalEvery: 1000, checkpointEvery: 500 },
    },
    paper: {
      name: 'paper',
      kind: 'arc',
      defaultSize: 30,
      model: { hiddenSize: 512, numHeads: 8, expansion: 4, hCycles: 3, lCycles: 4, mixer: 'attention', posEncodings: 'rope', haltMaxSteps: 16, puzzleEmbLen: 16, puzzleEmbNdim: 512 },
      data: { kind: 'arc', collections: ['arc-agi_training', 'arc-agi_evaluation'], maxSide: 30, taskCount: 800, augmentationIds: 1000 },
      train: { batchSize: 768, steps: 100000, lr: 1e-4, warmupSteps: 2000, minLrRatio: 1, weightDecay: 0.1, optimizer: 'adam-atan2', emaDecay: 0.999, crossEntropy: 'stablemax', haltExploration: 0.1, evalEvery: 10000, checkpointEvery: 1000 },
    },
  },
};

export function presetFor(kind: PuzzleKind, name: PresetName): Preset {
  return PRESETS[kind][name];
}

/** Learning rate at `step` (1-based): linear warm-up, then cosine decay to lr * minLrRatio at the last step. */
export function learningRate(plan: Pick<TrainPlan, 'lr' | 'warmupSteps' | 'minLrRatio' | 'steps'>, step: number): number {
  if (step <= plan.warmupSteps) return (plan.lr * step) / Math.max(1, plan.warmupSteps);
  const progress = Math.min(1, (step - plan.warmupSteps) / Math.max(1, plan.steps - plan.warmupSteps));
  const cosine = 0.5 * (1 + Math.cos(Math.PI * progress));
  return plan.lr * (plan.minLrRatio + (1 - plan.minLrRatio) * cosine);
}
