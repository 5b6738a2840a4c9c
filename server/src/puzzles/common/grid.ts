/**
 * Grid helpers shared by every kind: copying, comparing and the 8 dihedral transforms used for
 * augmentation (maze and ARC) and for undoing it on a model's answer.
 */

export function cloneGrid<T>(grid: readonly (readonly T[])[]): T[][] {
  return grid.map((row) => row.slice());
}

export function gridsEqual(a: readonly (readonly number[])[], b: readonly (readonly number[])[]): boolean {
  if (a.length !== b.length) return false;
  for (let r = 0; r < a.length; r++) {
    const ra = a[r]!;
    const rb = b[r]!;
    if (ra.length !== rb.length) return false;
    for (let c = 0; c < ra.length; c++) if (ra[c] !== rb[c]) return false;
  }
  return true;
}

/**
 * The 4-neighbours of cell i of a row-major rows x cols grid, in the order up, down, left, right (maze
 * generation draws from this list, so the order is part of what makes a seeded dataset reproducible).
 */
export function neighbours4(i: number, rows: number, cols: number): number[] {
  const r = Math.floor(i / cols);
  const c = i - r * cols;
  const out: number[] = [];
  if (r > 0) out.push(i - cols);
  if (r < rows - 1) out.push(i + cols);
  if (c > 0) out.push(i - 1);
  if (c < cols - 1) out.push(i + 1);
  return out;
}

/** rows x cols when every row has the same length, undefined otherwise (an empty grid is 0 x 0). */
export function gridShape(grid: readonly (readonly unknown[])[]): { rows: number; cols: number } | undefined {
  const cols = grid[0]?.length ?? 0;
  for (const row of grid) if (row.length !== cols) return undefined;
  return { rows: grid.length, cols };
}

/**
 * The inverse of each dihedral transform id: rotations by 90 and 270 degrees undo each other, the rest are
 * their own inverse. Same numbering as the reference `dataset/common.py`.
 */
export const DIHEDRAL_INVERSE: readonly number[] = [0, 3, 2, 1, 4, 5, 6, 7];

/**
 * One of the 8 symmetries of the square, numbered as the reference TRM code (numpy semantics):
 * 0 identity, 1 rot90 (counter-clockwise), 2 rot180, 3 rot270, 4 fliplr, 5 flipud, 6 transpose,
 * 7 anti-transpose (fliplr of rot90). Works on any rectangular grid; `k` outside 0..7 is a RangeError.
 */
export function dihedral<T>(grid: readonly (readonly T[])[], k: number): T[][] {
  if (!Number.isInteger(k) || k < 0 || k > 7) throw new RangeError(`dihedral transform id must be 0..7, got ${k}`);
  const h = grid.length;
  const w = grid[0]?.length ?? 0;
  const at = (r: number, c: number): T => grid[r]![c]!;
  // Each transform is written as "output cell (i, j) reads input cell ...", with the output's shape.
  const swapsAxes = k === 1 || k === 3 || k === 6 || k === 7;
  const outRows = swapsAxes ? w : h;
  const outCols = swapsAxes ? h : w;
  const read: (i: number, j: number) => T = [
    (i: number, j: number) => at(i, j),
    (i: number, j: number) => at(j, w - 1 - i),
    (i: number, j: number) => at(h - 1 - i, w - 1 - j),
    (i: number, j: number) => at(h - 1 - j, i),
    (i: number, j: number) => at(i, w - 1 - j),
    (i: number, j: number) => at(h - 1 - i, j),
    (i: number, j: number) => at(j, i),
    (i: number, j: number) => at(h - 1 - j, w - 1 - i),
  ][k]!;
  const out: T[][] = [];
  for (let i = 0; i < outRows; i++) {
    const row: T[] = new Array<T>(outCols);
    for (let j = 0; j < outCols; j++) row[j] = read(i, j);
    out.push(row);
  }
  return out;
}

export function inverseDihedral<T>(grid: readonly (readonly T[])[], k: number): T[][] {
  if (!Number.isInteger(k) || k < 0 || k > 7) throw new RangeError(`dihedral transform id must be 0..7, got ${k}`);
  return dihedral(grid, DIHEDRAL_INVERSE[k]!);
}
