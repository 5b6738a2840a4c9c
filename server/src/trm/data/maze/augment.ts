/**
 * Maze augmentation and canvas placement. A maze is transformed at its natural size by one of the 8
 * dihedral transforms (the reference Maze-Hard augmentation) and then placed at the top-left of the model
 * canvas with walls around it, exactly as the server places a user's maze (`mazeLanguage.toModelInput`),
 * so training sees mazes where inference puts them. A transform that swaps rows and columns is used only
 * when the swapped maze still fits the canvas (always, on the usual square canvas).
 *
 * Walls, S, G and the path are all kept by every transform, and distances are preserved, so the label's
 * path stays a shortest path; with a unique shortest path it is exactly the BFS answer of the new maze.
 */
import { dihedral, mazeLanguage } from '../../../puzzles';
import type { Canvas, PuzzleInstance, TokenGrid } from '../../../puzzles/types';

/** The dihedral transforms (reference numbering) whose result fits the canvas. */
export function fittingTransforms(rows: number, cols: number, canvas: Canvas): number[] {
  const out: number[] = [];
  for (let k = 0; k < 8; k++) {
    const swaps = k === 1 || k === 3 || k === 6 || k === 7;
    const [r, c] = swaps ? [cols, rows] : [rows, cols];
    if (r <= canvas.rows && c <= canvas.cols) out.push(k);
  }
  return out;
}

/** A maze-sized token grid on the canvas: the grid at the top-left, walls elsewhere. */
export function placeMaze(grid: TokenGrid, canvas: Canvas): Int32Array {
  const instance: PuzzleInstance = {
    index: 0,
    label: 'generated maze',
    rows: grid.length,
    cols: grid[0]?.length ?? 0,
    input: grid,
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
  };
  const placed = mazeLanguage.toModelInput(instance, canvas);
  if (!(placed instanceof Int32Array)) throw new RangeError(placed.error);
  return placed;
}

export function transformMaze(grid: TokenGrid, k: number): TokenGrid {
  return dihedral(grid, k);
}

/** Equal for mazes that are dihedral images of each other: the held-out split's collision key. */
export function mazeCanonicalKey(input: TokenGrid): string {
  let best: string | undefined;
  for (let k = 0; k < 8; k++) {
    const t = dihedral(input, k);
    const key = `${t.length}x${t[0]?.length ?? 0}:${t.map((row) => String.fromCharCode(...row.map((v) => 48 + v))).join('')}`;
    if (best === undefined || key < best) best = key;
  }
  return best!;
}
