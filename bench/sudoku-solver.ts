/**
 * The exact sudoku solver against `@algorithm.ts/sudoku` (a dancing-links solver from npm, a dev dependency
 * of this bench only), both measured in this run on the same puzzles: µs per puzzle, median and worst over
 * each set. Ours runs the uniqueness check the diagnostics need (stop at 2 solutions, so a unique puzzle's
 * whole search tree is explored) and, like for like, a first-solution solve; the peer can only find the first
 * solution, so the uniqueness ratio flatters it. Each puzzle's time is the fastest of several repeats: on
 * this shared machine a millisecond-long solve is often preempted, and the fastest run is the one that was not.
 * Run directly: `node --import tsx bench/sudoku-solver.ts`.
 */
import { SudokuSolver } from '@algorithm.ts/sudoku';
import { fileURLToPath } from 'node:url';
import { boardFor, solveSudoku } from '../server/src/puzzles/sudoku';
import { minimalPuzzle, prng, randomSolvedGrid } from '../test/oracles/sudoku-cases';
import { collection } from '../test/unit/puzzles/sudoku-collections';

type Grid = number[][];

export interface SolverBenchRow {
  name: string;
  puzzles: number;
  /** µs per puzzle: ours with limit 2 and limit 1, and the peer's first solution. */
  unique: { median: number; max: number };
  first: { median: number; max: number };
  peer: { median: number; max: number };
}

const board = boardFor(9)!;

function gridOf(line: string): Grid {
  return Array.from({ length: 9 }, (_, r) => [...line.slice(r * 9, r * 9 + 9)].map((ch) => (ch === '.' ? 0 : Number(ch))));
}

/** Seeded minimal 9x9 puzzles (every given needed), made the way the differential test makes them. */
export function minimalPuzzles(count: number, seed: number): Grid[] {
  const random = prng(seed);
  const counter = (grid: Grid, limit: number): number => solveSudoku(grid, board, limit).count;
  return Array.from({ length: count }, () => minimalPuzzle(randomSolvedGrid(9, random), random, counter));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** µs per call of `solve` on each puzzle: the fastest of `repeats` timed calls. */
function perPuzzle<P>(puzzles: readonly P[], solve: (p: P) => unknown, repeats: number): number[] {
  return puzzles.map((p) => {
    const times: number[] = [];
    for (let i = 0; i < repeats; i++) {
      const start = performance.now();
      solve(p);
      times.push((performance.now() - start) * 1000);
    }
    return Math.min(...times);
  });
}

function summary(times: number[]): { median: number; max: number } {
  return { median: median(times), max: Math.max(...times) };
}

export function benchSolverSet(name: string, grids: readonly Grid[], repeats = 7): SolverBenchRow {
  const peer = new SudokuSolver({ childMatrixWidth: 3 });
  // The peer's board: one flat array, -1 blank, digits 0-based.
  const flat = grids.map((g) => g.flat().map((d) => d - 1));
  const answer = new Array<number>(81).fill(-1);
  for (const [i, g] of grids.entries()) {
    const ours = solveSudoku(g, board, 2);
    if (ours.count !== 1) throw new Error(`bench puzzle ${i} of ${name} is not unique`);
    if (!peer.solve(flat[i]!, answer) || answer.some((d, cell) => d + 1 !== ours.solutions[0]!.flat()[cell])) {
      throw new Error(`the peer solves puzzle ${i} of ${name} differently`);
    }
  }
  // Warm both up so neither pays for compilation inside the figures.
  for (let round = 0; round < 3; round++) {
    for (const [i, g] of grids.entries()) {
      solveSudoku(g, board, 2);
      peer.solve(flat[i]!, answer);
    }
  }
  return {
    name,
    puzzles: grids.length,
    unique: summary(perPuzzle(grids, (g) => solveSudoku(g, board, 2), repeats)),
    first: summary(perPuzzle(grids, (g) => solveSudoku(g, board, 1), repeats)),
    peer: summary(perPuzzle(flat, (p) => peer.solve(p, answer), repeats)),
  };
}

export function benchSudokuSolver(): SolverBenchRow[] {
  const lines = (names: Parameters<typeof collection>[0][]): Grid[] => names.flatMap((n) => collection(n)).map((l) => gridOf(l.replace(/0/g, '.')));
  return [
    benchSolverSet('easy: Norvig easy50', lines(['easy50'])),
    benchSolverSet('hard minimal: 200 generated, 21-27 givens', minimalPuzzles(200, 9)),
    benchSolverSet('hard: top95 + hardest', lines(['top95', 'hardest'])),
    benchSolverSet('hard minimal: 200 of Royle\'s 17-given', lines(['sudoku17-sample'])),
  ];
}

export function formatSolverRows(rows: readonly SolverBenchRow[]): string[] {
  const us = (x: number): string => `${x.toFixed(1).padStart(7)} µs`;
  const out = ['µs per puzzle (median / worst); ratio = the peer\'s time over ours (above 1: ours is faster)'];
  for (const r of rows) {
    out.push(`${r.name} (${r.puzzles} puzzles)`);
    out.push(`  ours, uniqueness check (stop at 2)  median ${us(r.unique.median)}  worst ${us(r.unique.max)}   x${(r.peer.median / r.unique.median).toFixed(2)} / x${(r.peer.max / r.unique.max).toFixed(2)} vs the peer`);
    out.push(`  ours, first solution                median ${us(r.first.median)}  worst ${us(r.first.max)}   x${(r.peer.median / r.first.median).toFixed(2)} / x${(r.peer.max / r.first.max).toFixed(2)} vs the peer`);
    out.push(`  @algorithm.ts/sudoku, first solution median ${us(r.peer.median)}  worst ${us(r.peer.max)}`);
  }
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const line of formatSolverRows(benchSudokuSolver())) console.log(line);
}
