/**
 * Random complete sudoku grids by randomised backtracking: fill the cell with the fewest candidates, trying
 * its digits in a random order. Unlike "one pattern plus permutations", this reaches every grid, not only
 * the relabellings and row/column shuffles of one, so generated puzzles cover the space the model will meet.
 */
import type { Board } from '../board';
import type { Rng } from '../../common/random';
import { BIT_COUNT as BIT_COUNT_TABLE, BIT_DIGIT as BIT_DIGIT_TABLE } from './bits';

// Local aliases: a hot loop then reads a plain variable, not an imported binding (a getter under some loaders).
const BIT_COUNT = BIT_COUNT_TABLE;
const BIT_DIGIT = BIT_DIGIT_TABLE;

/** A complete grid, row-major digits 1..N. */
export function randomCompleteGrid(board: Board, rng: Rng): Uint8Array {
  const value = new Uint8Array(board.cellCount);
  // Per unit, the digits already placed; a cell's candidates are what none of its three units holds.
  const used = new Uint16Array(board.units.length);
  const unitsOf = unitsOfCells(board);
  if (!fill(board, value, used, unitsOf, rng)) throw new Error(`no complete ${board.size}x${board.size} grid found (cannot happen)`);
  return value;
}

function fill(board: Board, value: Uint8Array, used: Uint16Array, unitsOf: Int16Array, rng: Rng): boolean {
  let best = -1;
  let bestMask = 0;
  let bestCount = 99;
  for (let cell = 0; cell < board.cellCount; cell++) {
    if (value[cell] !== 0) continue;
    const mask = board.allDigits & ~(used[unitsOf[3 * cell]!]! | used[unitsOf[3 * cell + 1]!]! | used[unitsOf[3 * cell + 2]!]!);
    const n = BIT_COUNT[mask]!;
    if (n < bestCount) {
      best = cell;
      bestMask = mask;
      bestCount = n;
      if (n <= 1) break;
    }
  }
  if (best < 0) return true;
  if (bestCount === 0) return false;
  const digits: number[] = [];
  for (let m = bestMask; m; m &= m - 1) digits.push(BIT_DIGIT[m & -m]!);
  for (let i = digits.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [digits[i], digits[j]] = [digits[j]!, digits[i]!];
  }
  const u0 = unitsOf[3 * best]!;
  const u1 = unitsOf[3 * best + 1]!;
  const u2 = unitsOf[3 * best + 2]!;
  for (const d of digits) {
    const bit = 1 << (d - 1);
    value[best] = d;
    used[u0] = used[u0]! | bit;
    used[u1] = used[u1]! | bit;
    used[u2] = used[u2]! | bit;
    if (fill(board, value, used, unitsOf, rng)) return true;
    used[u0] = used[u0]! & ~bit;
    used[u1] = used[u1]! & ~bit;
    used[u2] = used[u2]! & ~bit;
  }
  value[best] = 0;
  return false;
}

const unitsCache = new WeakMap<Board, Int16Array>();

/** For each cell, its row, column and box unit indices (3 per cell). */
export function unitsOfCells(board: Board): Int16Array {
  let table = unitsCache.get(board);
  if (!table) {
    table = new Int16Array(board.cellCount * 3);
    const seen = new Uint8Array(board.cellCount);
    board.units.forEach((unit, u) => {
      for (const cell of unit) table![3 * cell + seen[cell]!++] = u;
    });
    unitsCache.set(board, table);
  }
  return table;
}
