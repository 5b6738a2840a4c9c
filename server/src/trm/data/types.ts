/**
 * What the trainer pulls: examples and batches of token sequences in a kind's model vocabulary
 * (puzzles/vocabulary.ts), and the JSON-able description of where they came from, for model cards.
 *
 * Labels are vocabulary ids. The reference datasets store `ignore_label_id = 0` and map it to -100 when
 * batching; here label 0 (= PAD in every vocabulary) itself means "no loss at this position", so inputs and
 * labels share one type and one pad value, and the trainer masks `label === IGNORE_LABEL`.
 */
import type { Canvas, PuzzleKind } from '../../puzzles/types';

/** The label value the loss skips: the pad token of every vocabulary. */
export const IGNORE_LABEL = 0;

/** The puzzle id of "no puzzle embedding" / an unknown ARC task (the reference blank_identifier_id). */
export const BLANK_PUZZLE_ID = 0;

export interface Example {
  /** S input tokens, row-major on the canvas. */
  inputs: Int32Array;
  /** S target tokens; IGNORE_LABEL where there is nothing to predict. */
  labels: Int32Array;
  /** Row of the puzzle-embedding table; BLANK_PUZZLE_ID for sudoku and maze. */
  puzzleId: number;
}

/** `size` examples laid out flat: inputs and labels are [size * seqLen], puzzleIds is [size]. */
export interface Batch {
  size: number;
  seqLen: number;
  inputs: Int32Array;
  labels: Int32Array;
  puzzleIds: Int32Array;
}

/**
 * A training stream plus its fixed held-out set. `next` never returns a held-out example; every call is
 * a pure function of the seed and `position`, so a resumed run continues the same stream after `seek`.
 */
export interface DatasetSource {
  readonly description: DatasetDescription;
  /** Distinct training items; one epoch visits each once (each with fresh augmentation). */
  readonly trainSize: number;
  /** Training examples drawn so far. */
  readonly position: number;
  /** `progress`: the step about to run; a curriculum (curriculum.ts) draws by it, other sources ignore it. */
  next(batchSize: number, progress?: TrainingProgress): Batch;
  /** Continue the stream as if `position` examples had been drawn (for resuming a checkpoint). */
  seek(position: number): void;
  /** The held-out examples, always the same ones in the same order, never augmented. */
  evalSet(): readonly Example[];
}

/** Where a training run stands: `step` steps done of `steps`. */
export interface TrainingProgress {
  step: number;
  steps: number;
}

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Where a dataset came from, as plain JSON for a model card; enough to regenerate it exactly. */
export interface DatasetDescription {
  /** Short identifier: "sudoku-9x9", "maze-30x30-hard", "arc-agi-1-training". */
  name: string;
  kind: PuzzleKind;
  canvas: Canvas;
  seqLen: number;
  vocabSize: number;
  /** Rows of the puzzle-embedding table, including the blank id 0. */
  numPuzzleIdentifiers: number;
  seed: number;
  train: { items: number; source: string };
  eval: { examples: number; source: string };
  /** Generator or loader settings, as given (after defaults). */
  settings: { [key: string]: JsonValue };
  /** The augmentations applied on the fly to training examples, in words. */
  augmentation: string[];
}
