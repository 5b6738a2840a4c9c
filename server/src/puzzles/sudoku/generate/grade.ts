/**
 * How hard a sudoku is, in two measures: the hardest technique the singles solver (logic.ts) needs —
 * naked singles only, hidden singles too, or more than singles ("search") — and how much guessing a
 * backtracking solver that propagates singles between guesses does to prove the solution unique: the
 * guess points it visits over the whole tree (a second solution is looked for, so the count covers the
 * proof of uniqueness, not just the luck of finding the first one) and the deepest nesting of guesses.
 * The counter lives here rather than in the domain solver so that the solver's hot loop stays as it is.
 */
import type { Board } from '../board';
import { BIT_COUNT, BIT_DIGIT } from './bits';
import { solveWithSingles } from './logic';

export type SudokuHardest = 'naked-single' | 'hidden-single' | 'search';

export interface SudokuGrade {
  givens: number;
  hardest: SudokuHardest;
  /** Guess points of the singles-propagating backtracker (0: singles alone decide it). */
  guesses: number;
  /** Deepest nesting of guesses on any branch. */
  depth: number;
  /** Solutions found, counted up to 2. */
  solutions: number;
}

/** Guess points visited before grading gives up (a puzzle with many solutions can branch for long). */
const MAX_GUESSES = 100_000;

export function gradeSudoku(givens: ArrayLike<number>, board: Board): SudokuGrade {
  let count = 0;
  for (let i = 0; i < board.cellCount; i++) if (givens[i] !== 0) count++;
  const first = solveWithSingles(givens, board);
  const hardest: SudokuHardest = first.techniques.includes('search') ? 'search' : first.hiddenSingles > 0 ? 'hidden-single' : 'naked-single';
  let guesses = 0;
  let depth = 0;
  let solutions = 0;
  const visit = (grid: ArrayLike<number>, level: number): void => {
    const outcome = solveWithSingles(grid, board);
    if (outcome.contradiction) return;
    if (outcome.solved) {
      solutions++;
      return;
    }
    if (guesses >= MAX_GUESSES) throw new RangeError(`grading gave up after ${MAX_GUESSES} guesses`);
    guesses++;
    depth = Math.max(depth, level + 1);
    const { cell, mask } = fewestCandidates(outcome.grid, board);
    for (let m = mask; m !== 0 && solutions < 2; m &= m - 1) {
      const child = outcome.grid.slice();
      child[cell] = BIT_DIGIT[m & -m]!;
      visit(child, level + 1);
    }
  };
  visit(givens, 0);
  return { givens: count, hardest, guesses, depth, solutions };
}

/** The blank with the fewest digits its peers leave open, and those digits as a mask. */
function fewestCandidates(grid: Uint8Array, board: Board): { cell: number; mask: number } {
  let best = -1;
  let bestMask = 0;
  let bestCount = Infinity;
  for (let cell = 0; cell < board.cellCount; cell++) {
    if (grid[cell] !== 0) continue;
    let taken = 0;
    const peers = board.peers[cell]!;
    for (let i = 0; i < peers.length; i++) {
      const d = grid[peers[i]!]!;
      if (d !== 0) taken |= 1 << (d - 1);
    }
    const mask = board.allDigits & ~taken;
    const n = BIT_COUNT[mask]!;
    if (n < bestCount) {
      best = cell;
      bestMask = mask;
      bestCount = n;
    }
  }
  return { cell: best, mask: bestMask };
}
