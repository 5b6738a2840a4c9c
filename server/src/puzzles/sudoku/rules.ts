/**
 * The sudoku rules on a plain digit grid (0 = blank): which cells clash, and which digits a blank cell can
 * still take. Shared by diagnostics (on the document), verification (on a model's answer) and hovers.
 */
import { type Board, boxIndex } from './board';

export type UnitKind = 'row' | 'column' | 'box';

export interface CellRef {
  row: number;
  col: number;
}

/** Two or more cells of one unit holding the same digit. */
export interface Clash {
  unit: UnitKind;
  /** Zero-based row, column or box index. */
  unitIndex: number;
  digit: number;
  cells: CellRef[];
}

const UNIT_KINDS: readonly UnitKind[] = ['row', 'column', 'box'];

/** Every repeated digit in every row, column and box. Digits outside 1..N are ignored. */
export function findClashes(grid: readonly (readonly number[])[], board: Board): Clash[] {
  const clashes: Clash[] = [];
  const { size, units } = board;
  for (let u = 0; u < units.length; u++) {
    const unit = units[u]!;
    let seen = 0;
    let repeated = 0;
    for (let i = 0; i < unit.length; i++) {
      const d = digitAt(grid, unit[i]!, size);
      if (d < 1 || d > size) continue;
      const bit = 1 << (d - 1);
      if (seen & bit) repeated |= bit;
      seen |= bit;
    }
    for (let d = 1; repeated; d++) {
      const bit = 1 << (d - 1);
      if (!(repeated & bit)) continue;
      repeated &= ~bit;
      const cells: CellRef[] = [];
      for (let i = 0; i < unit.length; i++) {
        const cell = unit[i]!;
        if (digitAt(grid, cell, size) === d) cells.push({ row: Math.floor(cell / size), col: cell % size });
      }
      clashes.push({ unit: UNIT_KINDS[Math.floor(u / size)]!, unitIndex: u % size, digit: d, cells });
    }
  }
  return clashes;
}

/** The digits that no row, column or box peer of (row, col) holds, ascending (the cell's own digit ignored). */
export function candidatesAt(grid: readonly (readonly number[])[], board: Board, row: number, col: number): number[] {
  const { size } = board;
  const peers = board.peers[row * size + col];
  if (!peers) return [];
  let used = 0;
  for (let i = 0; i < peers.length; i++) {
    const d = digitAt(grid, peers[i]!, size);
    if (d >= 1 && d <= size) used |= 1 << (d - 1);
  }
  const candidates: number[] = [];
  for (let d = 1; d <= size; d++) if (!(used & (1 << (d - 1)))) candidates.push(d);
  return candidates;
}

/** Human unit name: "row 3", "column 5", "box 2" (1-based). */
export function unitName(kind: UnitKind, index: number): string {
  return `${kind} ${index + 1}`;
}

/** The 1-based box number of a cell, for messages. */
export function boxNumber(board: Board, row: number, col: number): number {
  return boxIndex(board, row, col) + 1;
}

function digitAt(grid: readonly (readonly number[])[], cell: number, size: number): number {
  return grid[Math.floor(cell / size)]?.[cell % size] ?? 0;
}
