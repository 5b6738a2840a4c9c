/**
 * The independent sudoku oracle: plain backtracking over the grid, written to be obviously correct rather
 * than fast. It shares no code with the product (it imports nothing): its own box geometry, its own
 * row / column / box checks, no bitmasks and no propagation. At each step it branches on whatever has the
 * fewest alternatives, found by scanning: the digits a blank allows, or the blanks where a row, column or
 * box can still take a digit it lacks. Both lists are exhaustive, so no solution is skipped; branching on
 * the second kind too is what keeps 17-given puzzles to milliseconds (cells alone take seconds).
 */

export interface OracleOutcome {
  /** Solutions found, never more than the limit. */
  count: number;
  solutions: number[][][];
}

/** Box height and width of the supported sizes: 2x2, 2 rows x 3 columns, 3x3. */
export function oracleBoxShape(size: number): { rows: number; cols: number } {
  if (size === 4) return { rows: 2, cols: 2 };
  if (size === 6) return { rows: 2, cols: 3 };
  if (size === 9) return { rows: 3, cols: 3 };
  throw new Error(`no sudoku of size ${size}`);
}

/** True when digit d can go at (row, col): no other cell of its row, column or box holds d. */
export function oracleAllows(grid: readonly (readonly number[])[], row: number, col: number, d: number): boolean {
  const size = grid.length;
  const box = oracleBoxShape(size);
  for (let i = 0; i < size; i++) {
    if (i !== col && grid[row]![i] === d) return false;
    if (i !== row && grid[i]![col] === d) return false;
  }
  const top = row - (row % box.rows);
  const left = col - (col % box.cols);
  for (let r = top; r < top + box.rows; r++) {
    for (let c = left; c < left + box.cols; c++) {
      if ((r !== row || c !== col) && grid[r]![c] === d) return false;
    }
  }
  return true;
}

/**
 * Counts the solutions of a grid (0 = blank), up to `limit`, keeping each one found. `shuffle` may reorder
 * the alternatives tried at each step (a random fill passes one); by default they go in reading order.
 */
export function oracleSolve(givens: readonly (readonly number[])[], limit = 2, shuffle?: (alternatives: number[]) => number[]): OracleOutcome {
  const size = givens.length;
  const box = oracleBoxShape(size);
  const boxOf = (r: number, c: number): number => Math.floor(r / box.rows) * (size / box.cols) + Math.floor(c / box.cols);
  // used[unit][d]: digit d already stands in that row, column or box.
  const table = (): boolean[][] => Array.from({ length: size }, () => new Array<boolean>(size + 1).fill(false));
  const rowHas = table();
  const colHas = table();
  const boxHas = table();
  const grid = givens.map((row) => {
    if (row.length !== size) throw new Error('the oracle takes square grids');
    return row.slice();
  });
  const solutions: number[][][] = [];
  const put = (r: number, c: number, d: number, on: boolean): void => {
    rowHas[r]![d] = on;
    colHas[c]![d] = on;
    boxHas[boxOf(r, c)]![d] = on;
  };
  const allows = (r: number, c: number, d: number): boolean => !rowHas[r]![d] && !colHas[c]![d] && !boxHas[boxOf(r, c)]![d];
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      const d = grid[r]![c]!;
      if (d === 0) continue;
      if (!(Number.isInteger(d) && d >= 1 && d <= size && allows(r, c, d))) return { count: 0, solutions };
      put(r, c, d, true);
    }
  }

  // Every row, column and box as its list of cells.
  const units: [number, number][][] = [];
  for (let i = 0; i < size; i++) {
    units.push(Array.from({ length: size }, (_, j): [number, number] => [i, j]));
    units.push(Array.from({ length: size }, (_, j): [number, number] => [j, i]));
    const top = Math.floor(i / (size / box.cols)) * box.rows;
    const left = (i % (size / box.cols)) * box.cols;
    units.push(Array.from({ length: size }, (_, j): [number, number] => [top + Math.floor(j / box.cols), left + (j % box.cols)]));
  }
  const place = (r: number, c: number, d: number): void => {
    grid[r]![c] = d;
    put(r, c, d, true);
  };
  const unplace = (r: number, c: number, d: number): void => {
    put(r, c, d, false);
    grid[r]![c] = 0;
  };

  // Each step branches on the fewest alternatives of two kinds, both exhaustive: the digits a blank cell
  // allows, or the blanks of one row, column or box that allow a digit it still lacks. Zero alternatives
  // of either kind is a dead end.
  const backtrack = (): void => {
    let best: { cells: [number, number][]; digits: number[] } | undefined;
    let bestCount = Infinity;
    for (let r = 0; r < size && bestCount > 0; r++) {
      for (let c = 0; c < size && bestCount > 0; c++) {
        if (grid[r]![c] !== 0) continue;
        const digits: number[] = [];
        for (let d = 1; d <= size; d++) if (allows(r, c, d)) digits.push(d);
        if (digits.length < bestCount) {
          best = { cells: digits.map((): [number, number] => [r, c]), digits };
          bestCount = digits.length;
        }
      }
    }
    if (!best) {
      // Every cell was filled with a digit its row, column and box allowed: a solution. Check it anyway.
      for (let r = 0; r < size; r++) for (let c = 0; c < size; c++) if (!oracleAllows(grid, r, c, grid[r]![c]!)) throw new Error('oracle bug');
      solutions.push(grid.map((row) => row.slice()));
      return;
    }
    for (const cells of units) {
      if (bestCount <= 1) break;
      for (let d = 1; d <= size && bestCount > 1; d++) {
        if (cells.some(([r, c]) => grid[r]![c] === d)) continue;
        const places = cells.filter(([r, c]) => grid[r]![c] === 0 && allows(r, c, d));
        if (places.length < bestCount) {
          best = { cells: places, digits: places.map(() => d) };
          bestCount = places.length;
        }
      }
    }
    const alternatives = best.cells.map((_, i) => i);
    for (const i of shuffle ? shuffle(alternatives) : alternatives) {
      const [r, c] = best.cells[i]!;
      const d = best.digits[i]!;
      place(r, c, d);
      backtrack();
      unplace(r, c, d);
      if (solutions.length >= limit) return;
    }
  };

  backtrack();
  return { count: solutions.length, solutions };
}
