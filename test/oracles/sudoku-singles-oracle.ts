/**
 * An independent singles solver for the tests: plain scans over rows, columns and boxes, no bitmasks, no
 * shared code with the product. `nakedOnly` restricts it to naked singles (a blank with one digit left).
 * It answers whether singles fill the whole grid.
 */
import { oracleAllows, oracleBoxShape } from './sudoku-oracle';

export function oracleSinglesSolve(givens: readonly (readonly number[])[], nakedOnly = false): boolean {
  const size = givens.length;
  const box = oracleBoxShape(size);
  const grid = givens.map((row) => row.slice());
  const options = (r: number, c: number): number[] => {
    const out: number[] = [];
    for (let d = 1; d <= size; d++) if (oracleAllows(grid, r, c, d)) out.push(d);
    return out;
  };
  const units: [number, number][][] = [];
  for (let i = 0; i < size; i++) {
    units.push(Array.from({ length: size }, (_, j) => [i, j] as [number, number]));
    units.push(Array.from({ length: size }, (_, j) => [j, i] as [number, number]));
  }
  for (let top = 0; top < size; top += box.rows) {
    for (let left = 0; left < size; left += box.cols) {
      const cells: [number, number][] = [];
      for (let r = top; r < top + box.rows; r++) for (let c = left; c < left + box.cols; c++) cells.push([r, c]);
      units.push(cells);
    }
  }
  for (;;) {
    let progress = false;
    for (let r = 0; r < size; r++) {
      for (let c = 0; c < size; c++) {
        if (grid[r]![c] !== 0) continue;
        const o = options(r, c);
        if (o.length === 0) return false;
        if (o.length === 1) {
          grid[r]![c] = o[0]!;
          progress = true;
        }
      }
    }
    if (!progress && !nakedOnly) {
      for (const unit of units) {
        for (let d = 1; d <= size && !progress; d++) {
          if (unit.some(([r, c]) => grid[r]![c] === d)) continue;
          const places = unit.filter(([r, c]) => grid[r]![c] === 0 && oracleAllows(grid, r, c, d));
          if (places.length === 1) {
            grid[places[0]![0]]![places[0]![1]] = d;
            progress = true;
          }
        }
        if (progress) break;
      }
    }
    if (!progress) return grid.every((row) => row.every((v) => v !== 0));
  }
}
