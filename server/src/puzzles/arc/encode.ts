/**
 * The reference ARC encoding on the model canvas (TinyRecursiveModels, `dataset/build_arc_dataset.py`,
 * `np_grid_to_seq_translational_augment` without translation): the grid at the top-left as colour tokens
 * 2..11, an end-of-grid marker (1) along the row just below the grid (under its columns only) and down the
 * column just right of it (beside its rows only), each when it fits; pad (0) everywhere else.
 * Reading back follows the reference evaluator's `_crop`: the answer's shape comes from the output itself.
 */
import type { Canvas, PuzzleInstance, TokenGrid } from '../types';
import { arcVocabulary } from '../vocabulary';

export function arcToModelInput(instance: PuzzleInstance, canvas: Canvas): Int32Array | { error: string } {
  const { rows, cols, input } = instance;
  if (rows > canvas.rows || cols > canvas.cols) {
    return { error: `This ${rows}x${cols} grid is larger than the model's ${canvas.rows}x${canvas.cols} canvas.` };
  }
  const seq = new Int32Array(canvas.rows * canvas.cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) seq[r * canvas.cols + c] = input[r]![c]!;
  if (rows < canvas.rows) for (let c = 0; c < cols; c++) seq[rows * canvas.cols + c] = arcVocabulary.endOfGrid;
  if (cols < canvas.cols) for (let r = 0; r < rows; r++) seq[r * canvas.cols + cols] = arcVocabulary.endOfGrid;
  return seq;
}

/**
 * The largest top-left rectangle of colour tokens, scanning row by row and narrowing the width at the
 * first non-colour token of each row (the reference `_crop`). Returns colour tokens; empty when the
 * first cell is not a colour.
 */
export function arcCrop(sequence: ArrayLike<number>, canvas: Canvas): TokenGrid {
  let bestArea = 0;
  let bestRows = 0;
  let bestCols = 0;
  let width = canvas.cols;
  for (let r = 1; r <= canvas.rows; r++) {
    for (let c = 1; c <= width; c++) {
      const token = Number(sequence[(r - 1) * canvas.cols + (c - 1)] ?? 0);
      if (!arcVocabulary.isColourToken(token)) {
        width = c - 1;
        break;
      }
    }
    const area = r * width;
    if (area > bestArea) {
      bestArea = area;
      bestRows = r;
      bestCols = width;
    }
  }
  const grid: TokenGrid = [];
  for (let r = 0; r < bestRows; r++) {
    const row: number[] = [];
    for (let c = 0; c < bestCols; c++) row.push(Number(sequence[r * canvas.cols + c]));
    grid.push(row);
  }
  return grid;
}
