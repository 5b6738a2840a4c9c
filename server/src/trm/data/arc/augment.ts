/**
 * The reference ARC augmentations (TinyRecursiveModels `build_arc_dataset.py`): a dihedral transform and a
 * colour permutation that keeps 0 (black, the background) fixed and shuffles 1..9, applied to every grid
 * of a task alike; and translation, the input and output placed at one random offset on the canvas such
 * that both fit (`np_grid_to_seq_translational_augment`), with the end-of-grid markers right after the
 * grid, where they would be at the top-left. Dihedral and colour moves are the domain's; the reference
 * order is colours first, then the transform, which commute anyway.
 */
import { dihedral, inverseDihedral, inversePermutation, permuteColours } from '../../../puzzles';
import type { Canvas } from '../../../puzzles/types';
import { arcVocabulary } from '../../../puzzles/vocabulary';
import type { Rng } from '../../../puzzles/common/random';
import { randomPermutation } from '../../../puzzles/common/permutation';
import type { ColourGrid } from './tasks';

export interface ArcAugmentation {
  /** Dihedral transform id, reference numbering (0 = identity). */
  dihedral: number;
  /** colours[c] is the new colour of colour c; colours[0] = 0. */
  colours: number[];
}

export const IDENTITY_ARC_AUGMENTATION: ArcAugmentation = { dihedral: 0, colours: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] };

export function randomArcAugmentation(rng: Rng): ArcAugmentation {
  return { dihedral: rng.int(8), colours: [0, ...randomPermutation(9, rng).map((c) => c + 1)] };
}

export function augmentArcGrid(grid: ColourGrid, aug: ArcAugmentation): ColourGrid {
  return dihedral(permuteColours(grid, aug.colours), aug.dihedral);
}

/** Undoes `augmentArcGrid`: how a model's answer to an augmented task is mapped back. */
export function restoreArcGrid(grid: ColourGrid, aug: ArcAugmentation): ColourGrid {
  return permuteColours(inverseDihedral(grid, aug.dihedral), inversePermutation(aug.colours));
}

/** Largest offsets (inclusive) at which both grids still fit the canvas. */
export function translationRange(input: ColourGrid, output: ColourGrid, canvas: Canvas): { rows: number; cols: number } {
  return {
    rows: canvas.rows - Math.max(input.length, output.length),
    cols: canvas.cols - Math.max(input[0]!.length, output[0]!.length),
  };
}

/**
 * A colour grid on the canvas with its top-left at (top, left): colour tokens, an end-of-grid marker along
 * the row below it (under its columns) and down the column right of it (beside its rows) when they fit,
 * pad elsewhere. At (0, 0) this is exactly `arcToModelInput`.
 */
export function encodeArcGrid(grid: ColourGrid, canvas: Canvas, top = 0, left = 0): Int32Array {
  const rows = grid.length;
  const cols = grid[0]!.length;
  if (top < 0 || left < 0 || top + rows > canvas.rows || left + cols > canvas.cols) {
    throw new RangeError(`a ${rows}x${cols} grid at (${top}, ${left}) does not fit the ${canvas.rows}x${canvas.cols} canvas`);
  }
  const seq = new Int32Array(canvas.rows * canvas.cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) seq[(top + r) * canvas.cols + left + c] = arcVocabulary.colourToken(grid[r]![c]!);
  }
  const below = top + rows;
  const right = left + cols;
  if (below < canvas.rows) for (let c = left; c < right; c++) seq[below * canvas.cols + c] = arcVocabulary.endOfGrid;
  if (right < canvas.cols) for (let r = top; r < below; r++) seq[r * canvas.cols + right] = arcVocabulary.endOfGrid;
  return seq;
}

/** The canvas moved up and left by (top, left), pad coming in: a translated example back at the top-left. */
export function untranslate(seq: ArrayLike<number>, canvas: Canvas, top: number, left: number): Int32Array {
  const out = new Int32Array(canvas.rows * canvas.cols);
  for (let r = top; r < canvas.rows; r++) {
    for (let c = left; c < canvas.cols; c++) out[(r - top) * canvas.cols + c - left] = seq[r * canvas.cols + c]!;
  }
  return out;
}
