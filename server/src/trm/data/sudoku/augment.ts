/**
 * The reference sudoku augmentation (`shuffle_sudoku` in TinyRecursiveModels' build_sudoku_dataset.py),
 * generalised to 4x4 and 6x6: relabel the digits, permute the bands (and the rows inside each band), the
 * stacks (and the columns inside each stack), and transpose. Each maps valid grids to valid grids and a
 * unique solution to the unique solution of the transformed puzzle.
 *
 * Transpose only where boxes are square (4x4, 9x9): a 6x6 board's 2x3 boxes become 3x2 boxes under
 * transposition, a different puzzle family from the one the domain, the files and the model use.
 */
import type { Board } from '../../../puzzles/sudoku';
import { sudokuVocabulary } from '../../../puzzles/vocabulary';
import type { Rng } from '../../../puzzles/common/random';
import { randomPermutation } from '../../../puzzles/common/permutation';

export interface SudokuAugmentation {
  /** Output row i reads input row rowOrder[i] (after the optional transpose). */
  rowOrder: number[];
  colOrder: number[];
  transpose: boolean;
  /** digitMap[d] is the new digit for digit d (1..N); digitMap[0] = 0. */
  digitMap: number[];
}

export function identitySudokuAugmentation(board: Board): SudokuAugmentation {
  const order = Array.from({ length: board.size }, (_, i) => i);
  return { rowOrder: order, colOrder: order.slice(), transpose: false, digitMap: Array.from({ length: board.size + 1 }, (_, d) => d) };
}

export function randomSudokuAugmentation(board: Board, rng: Rng): SudokuAugmentation {
  const digitMap = [0, ...randomPermutation(board.size, rng).map((d) => d + 1)];
  const transpose = board.boxRows === board.boxCols && rng.uniform() < 0.5;
  return {
    rowOrder: groupedOrder(board.size / board.boxRows, board.boxRows, rng),
    colOrder: groupedOrder(board.size / board.boxCols, board.boxCols, rng),
    transpose,
    digitMap,
  };
}

/** `groups` blocks of `width` lines: the blocks shuffled, and the lines inside each block shuffled. */
function groupedOrder(groups: number, width: number, rng: Rng): number[] {
  return randomPermutation(groups, rng).flatMap((g) => randomPermutation(width, rng).map((i) => g * width + i));
}

/** Applies `aug` to a row-major N*N grid of sudoku tokens (blank 1, digit d as d+1); other tokens pass through. */
export function augmentSudokuTokens(tokens: ArrayLike<number>, size: number, aug: SudokuAugmentation): Int32Array {
  const out = new Int32Array(size * size);
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      const r = aug.rowOrder[i]!;
      const c = aug.colOrder[j]!;
      const t = aug.transpose ? tokens[c * size + r]! : tokens[r * size + c]!;
      out[i * size + j] = sudokuVocabulary.isDigitToken(t, size) ? sudokuVocabulary.digitToken(aug.digitMap[sudokuVocabulary.tokenDigit(t)]!) : t;
    }
  }
  return out;
}
