/**
 * Sudoku puzzles with a unique solution, a chosen number of givens and a chosen difficulty class:
 * a random complete grid, then givens removed in a random order, each removal kept only while the puzzle
 * stays in the class:
 * - "singles": still solvable by naked and hidden singles (which implies a unique solution);
 * - "search": still uniquely solvable (the domain solver's count), and at the end singles must stall;
 * - "any": still uniquely solvable.
 * Singles-solvability only gets lost as givens go, so a "singles" puzzle keeps its class on every step and
 * a "search" one is checked once, at the target. A "search" run that lands on a singles-solvable puzzle
 * then walks among puzzles of the same grid and givens count (put one removed given back, take another
 * away, keep uniqueness) until singles stall: at 10 givens only ~4 % of 6x6 puzzles need search, so fresh
 * grids alone would be slow. A run that cannot reach the target (the puzzle became minimal first) starts
 * over with a fresh grid. Every uniquely solvable 4x4 puzzle yields to singles (checked exhaustively over
 * all 288 grids), so 4x4 "search" is refused up front.
 *
 * `minimal` puzzles: every cell is tried once, in a random order, and blanked when the puzzle stays
 * unique. A given kept in that pass stays needed (fewer givens never make a puzzle more constrained), so
 * the result is minimal: no given can go. Its givens count is whatever the pass reaches (`givens` is
 * ignored); with difficulty "search" a minimal puzzle that singles solve is thrown away for a fresh grid.
 * With difficulty "singles" a blank is kept only while singles still finish, so the result is minimal among
 * singles-solvable puzzles, not minimal outright.
 */
import { type Board, boardFor } from '../board';
import { solveSudoku } from '../solve';
import type { Rng } from '../../common/random';
import { shuffleInPlace } from '../../common/permutation';
import { randomCompleteGrid } from './complete-grid';
import { solveWithSingles, solvableBySingles, type SudokuTechnique } from './logic';

export type SudokuSize = 4 | 6 | 9;
export type SudokuDifficulty = 'singles' | 'search' | 'any';

export interface SudokuPuzzle {
  size: SudokuSize;
  /** Row-major digits, 0 = blank. */
  givens: Uint8Array;
  /** Row-major digits 1..N: the unique solution. */
  solution: Uint8Array;
  givenCount: number;
  /** What solving it takes (see logic.ts). */
  techniques: SudokuTechnique[];
  /** The difficulty band it was drawn for (bands.ts), when drawn from a band. */
  band?: string;
}

export interface SudokuGenerationOptions {
  size: SudokuSize;
  /** Givens to keep. */
  givens: number;
  difficulty: SudokuDifficulty;
  /** Blank every given that can go (a minimal puzzle); `givens` is then ignored. */
  minimal?: boolean;
  /** Fresh grids tried before giving up (a target far below what the class allows never succeeds). */
  maxAttempts?: number;
}

export class SudokuGenerationError extends Error {
  override name = 'SudokuGenerationError';
}

export function generateSudoku(options: SudokuGenerationOptions, rng: Rng): SudokuPuzzle {
  const board = boardFor(options.size);
  if (!board) throw new RangeError(`sudoku size must be 4, 6 or 9, got ${options.size}`);
  const { givens: target, difficulty } = options;
  if (!Number.isInteger(target) || target < 0 || target > board.cellCount) {
    throw new RangeError(`givens must be an integer in 0..${board.cellCount}, got ${target}`);
  }
  if (difficulty === 'search' && options.size === 4) {
    throw new SudokuGenerationError('no 4x4 sudoku needs search: naked and hidden singles solve every uniquely solvable one');
  }
  const maxAttempts = options.maxAttempts ?? 1000;
  if (options.minimal) return generateMinimal(board, options.size, difficulty, maxAttempts, rng);
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    const solution = randomCompleteGrid(board, rng);
    const givens = removeGivens(board, solution, target, difficulty, rng);
    if (!givens) continue;
    if (difficulty === 'search' && !walkToSearch(board, solution, givens, rng)) continue;
    const logic = solveWithSingles(givens, board);
    return { size: options.size, givens, solution, givenCount: target, techniques: logic.techniques };
  }
  throw new SudokuGenerationError(
    `no ${options.size}x${options.size} "${difficulty}" sudoku with ${target} givens in ${maxAttempts} attempts; try more givens`,
  );
}

function generateMinimal(board: Board, size: SudokuSize, difficulty: SudokuDifficulty, maxAttempts: number, rng: Rng): SudokuPuzzle {
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    const solution = randomCompleteGrid(board, rng);
    const givens = solution.slice();
    let count = board.cellCount;
    for (const cell of shuffleInPlace(Array.from({ length: board.cellCount }, (_, i) => i), rng)) {
      const saved = givens[cell]!;
      givens[cell] = 0;
      const keep = difficulty === 'singles' ? solvableBySingles(givens, board) : hasUniqueSolution(givens, board);
      if (keep) count--;
      else givens[cell] = saved;
    }
    const logic = solveWithSingles(givens, board);
    if (difficulty === 'search' && logic.solved) continue;
    return { size, givens, solution, givenCount: count, techniques: logic.techniques };
  }
  throw new SudokuGenerationError(`no minimal ${size}x${size} "${difficulty}" sudoku in ${maxAttempts} attempts`);
}

/** Blanks cells of `solution` in a random order down to `target` givens; undefined when it gets stuck above. */
function removeGivens(board: Board, solution: Uint8Array, target: number, difficulty: SudokuDifficulty, rng: Rng): Uint8Array | undefined {
  const puzzle = solution.slice();
  let count = board.cellCount;
  const order = shuffleInPlace(Array.from({ length: board.cellCount }, (_, i) => i), rng);
  for (const cell of order) {
    if (count === target) break;
    const saved = puzzle[cell]!;
    puzzle[cell] = 0;
    const keep = difficulty === 'singles' ? solvableBySingles(puzzle, board) : hasUniqueSolution(puzzle, board);
    if (keep) count--;
    else puzzle[cell] = saved;
  }
  return count === target ? puzzle : undefined;
}

/** Swaps steps taken looking for a puzzle that needs search, per grid. */
const SEARCH_WALK_STEPS = 60;

/**
 * Moves `puzzle` (in place) to one with the same givens count that singles cannot finish, one swap at a
 * time: a blank cell gets its solution digit back and a given is blanked, kept only when still unique.
 */
function walkToSearch(board: Board, solution: Uint8Array, puzzle: Uint8Array, rng: Rng): boolean {
  if (!solvableBySingles(puzzle, board)) return true;
  const blanks: number[] = [];
  const givens: number[] = [];
  for (let cell = 0; cell < board.cellCount; cell++) (puzzle[cell] === 0 ? blanks : givens).push(cell);
  if (blanks.length === 0 || givens.length === 0) return false;
  for (let step = 0; step < SEARCH_WALK_STEPS; step++) {
    const bi = rng.int(blanks.length);
    const gi = rng.int(givens.length);
    const restore = blanks[bi]!;
    const remove = givens[gi]!;
    puzzle[restore] = solution[restore]!;
    puzzle[remove] = 0;
    if (solvableBySingles(puzzle, board)) {
      blanks[bi] = remove;
      givens[gi] = restore;
      continue;
    }
    if (solveSudoku(toRows(puzzle, board.size), board, 2).count === 1) return true;
    puzzle[remove] = solution[remove]!;
    puzzle[restore] = 0;
  }
  return false;
}

/** Exactly one solution. Singles first: they are a sound shortcut and far cheaper than counting by search. */
export function hasUniqueSolution(puzzle: Uint8Array, board: Board): boolean {
  if (solvableBySingles(puzzle, board)) return true;
  return solveSudoku(toRows(puzzle, board.size), board, 2).count === 1;
}

export function toRows(flat: ArrayLike<number>, size: number): number[][] {
  const rows: number[][] = [];
  for (let r = 0; r < size; r++) rows.push(Array.from({ length: size }, (_, c) => flat[r * size + c]!));
  return rows;
}
