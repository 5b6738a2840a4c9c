/** The smallest real training run the trainer tests share: a 4x4 sudoku model trained for 8 steps in seconds. */
import type { TrainOptions } from '../../../server/src/trm/train/run';

export function tinyRun(out: string, extra: Partial<TrainOptions> = {}): TrainOptions {
  return {
    kind: 'sudoku',
    preset: 'tiny',
    size: 4,
    seed: 3,
    out,
    intraOpThreads: 1,
    overrides: {
      model: { hiddenSize: 32, expansion: 2, haltMaxSteps: 3 },
      train: { batchSize: 8, steps: 8, warmupSteps: 2, evalEvery: 1000, checkpointEvery: 3 },
      data: { trainSize: 64, evalSize: 16 },
    },
    ...extra,
  };
}

/** Training hooks that print nothing and never ask the run to stop. */
export const quiet = { progress() {}, log() {}, stopRequested: () => false };
