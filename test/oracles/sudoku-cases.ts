/**
 * Seeded sudoku cases for the differential test of the solver against the oracle: random solved grids,
 * puzzles made from them by removing givens (at random, or down to minimal ones where every given is
 * needed), puzzles with no solution whose clash only search reveals, and puzzles with several solutions.
 * It imports nothing from the product. Making minimal puzzles asks "still unique?" dozens of times per
 * puzzle, so the caller passes the counter to use for that (the fast solver); every case it yields is then
 * judged by both solver and oracle, and a minimal puzzle's minimality is itself re-checked by the oracle
 * through its "one given removed" cases.
 */
import { oracleAllows, oracleBoxShape, oracleSolve } from './sudoku-oracle';

export type Grid = number[][];
/** Counts solutions up to `limit`. */
export type SolutionCounter = (grid: Grid, limit: number) => number;

/** What the case was made to be; the oracle decides what it is. */
export type CaseKind = 'random-removal' | 'minimal' | 'minimal-less-one' | 'search-clash';

export interface SudokuCase {
  kind: CaseKind;
  grid: Grid;
}

/** mulberry32, kept here so the cases depend on no product code. */
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function copy(grid: Grid): Grid {
  return grid.map((row) => row.slice());
}

/** A random solved grid: the oracle's backtracking from an empty grid, trying alternatives in random order. */
export function randomSolvedGrid(size: number, random: () => number): Grid {
  const empty: Grid = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  const filled = oracleSolve(empty, 1, (alternatives) => shuffled(alternatives, random)).solutions[0];
  if (!filled) throw new Error('no solved grid found');
  return filled;
}

/**
 * Another solved grid from one: digits relabelled, bands and the rows in each band shuffled, stacks and the
 * columns in each stack shuffled. Each move keeps every row, column and box a permutation, and it is far
 * cheaper than a fresh fill.
 */
export function shuffledSolvedGrid(solved: Grid, random: () => number): Grid {
  const size = solved.length;
  const box = oracleBoxShape(size);
  const lines = (group: number): number[] =>
    shuffled(Array.from({ length: size / group }, (_, i) => i), random).flatMap((g) => shuffled(Array.from({ length: group }, (_, i) => g * group + i), random));
  const rows = lines(box.rows);
  const cols = lines(box.cols);
  const relabel = [0, ...shuffled(Array.from({ length: size }, (_, i) => i + 1), random)];
  return rows.map((r) => cols.map((c) => relabel[solved[r]![c]!]!));
}

function allCells(size: number): [number, number][] {
  const cells: [number, number][] = [];
  for (let r = 0; r < size; r++) for (let c = 0; c < size; c++) cells.push([r, c]);
  return cells;
}

/** The solved grid with `blanks` cells, chosen at random, cleared: unique or not, as it falls. */
export function randomRemoval(solved: Grid, blanks: number, random: () => number): Grid {
  const grid = copy(solved);
  for (const [r, c] of shuffled(allCells(solved.length), random).slice(0, blanks)) grid[r]![c] = 0;
  return grid;
}

/** Removes givens in random order while the puzzle stays unique: every given left is needed. */
export function minimalPuzzle(solved: Grid, random: () => number, count: SolutionCounter): Grid {
  const grid = copy(solved);
  for (const [r, c] of shuffled(allCells(solved.length), random)) {
    const d = grid[r]![c]!;
    grid[r]![c] = 0;
    if (count(grid, 2) !== 1) grid[r]![c] = d;
  }
  return grid;
}

/** The givens' cells of a grid. */
export function givenCells(grid: Grid): [number, number][] {
  return allCells(grid.length).filter(([r, c]) => grid[r]![c] !== 0);
}

/** The puzzle with one given cleared: several solutions when the puzzle is minimal. */
export function withoutGiven(grid: Grid, [r, c]: [number, number]): Grid {
  const out = copy(grid);
  out[r]![c] = 0;
  return out;
}

/**
 * A unique puzzle with one blank filled by a digit its row, column and box allow but its solution does not
 * have: no two givens clash, yet no solution exists (every solution would be one of the puzzle's). Undefined
 * when no blank has such a digit.
 */
export function searchClash(puzzle: Grid, solution: Grid, random: () => number): Grid | undefined {
  const size = puzzle.length;
  for (const [r, c] of shuffled(allCells(size), random)) {
    if (puzzle[r]![c] !== 0) continue;
    const wrong = Array.from({ length: size }, (_, i) => i + 1).filter((d) => d !== solution[r]![c] && oracleAllows(puzzle, r, c, d));
    if (wrong.length === 0) continue;
    const out = copy(puzzle);
    out[r]![c] = wrong[Math.floor(random() * wrong.length)]!;
    return out;
  }
  return undefined;
}

/** How many cases of each source a run makes, per size. */
export interface CasePlan {
  size: number;
  /** Random-removal puzzles, with a number of blanks drawn from [minBlanks, maxBlanks]. */
  randomRemoval: number;
  minBlanks: number;
  maxBlanks: number;
  /** Minimal puzzles; each also yields `lessOnePerMinimal` puzzles with one given removed and one search clash. */
  minimal: number;
  lessOnePerMinimal: number;
}

const FRESH_EVERY = 8;

/** Every case of a plan, made from `seed` alone. */
export function* sudokuCases(plan: CasePlan, seed: number, count: SolutionCounter): Generator<SudokuCase> {
  const random = prng(seed);
  // A fresh fill now and then, shuffled copies of it in between.
  let fresh = randomSolvedGrid(plan.size, random);
  let made = 0;
  const nextSolved = (): Grid => {
    if (++made % FRESH_EVERY === 0) fresh = randomSolvedGrid(plan.size, random);
    return shuffledSolvedGrid(fresh, random);
  };
  for (let i = 0; i < plan.randomRemoval; i++) {
    const solved = nextSolved();
    const blanks = plan.minBlanks + Math.floor(random() * (plan.maxBlanks - plan.minBlanks + 1));
    yield { kind: 'random-removal', grid: randomRemoval(solved, blanks, random) };
  }
  for (let i = 0; i < plan.minimal; i++) {
    const solved = nextSolved();
    const puzzle = minimalPuzzle(solved, random, count);
    yield { kind: 'minimal', grid: puzzle };
    const givens = shuffled(givenCells(puzzle), random);
    for (const cell of givens.slice(0, plan.lessOnePerMinimal)) yield { kind: 'minimal-less-one', grid: withoutGiven(puzzle, cell) };
    const clash = searchClash(puzzle, solved, random);
    if (clash) yield { kind: 'search-clash', grid: clash };
  }
}
