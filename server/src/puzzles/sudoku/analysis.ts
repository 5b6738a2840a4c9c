/**
 * Cached solver results per parsed document: diagnostics, hovers, verification and exact solving all
 * ask the same questions of one parse, and a hard puzzle's search is the costly part.
 */
import type { TokenGrid } from '../types';
import { sudokuVocabulary } from '../vocabulary';
import type { SudokuDocument } from './parse';
import { type SolveOutcome, solveSudoku } from './solve';

interface Cache {
  grid?: SolveOutcome;
  input?: SolveOutcome;
}

const caches = new WeakMap<SudokuDocument, Cache>();

function cacheOf(doc: SudokuDocument): Cache {
  let cache = caches.get(doc);
  if (!cache) {
    cache = {};
    caches.set(doc, cache);
  }
  return cache;
}

/** The givens the model and the exact solver work from: the recorded original puzzle, else the grid. */
export function instanceGivens(doc: SudokuDocument): number[][] | undefined {
  return doc.originalGivens ?? doc.grid;
}

/** Solutions (up to 2) of the grid as it stands in the file. */
export function solveGrid(doc: SudokuDocument): SolveOutcome | undefined {
  if (!doc.grid || !doc.board) return undefined;
  const cache = cacheOf(doc);
  cache.grid ??= solveSudoku(doc.grid, doc.board);
  return cache.grid;
}

/** Solutions (up to 2) of the instance's givens (the original puzzle when recorded). */
export function solveInstance(doc: SudokuDocument): SolveOutcome | undefined {
  const givens = instanceGivens(doc);
  if (!givens || !doc.board) return undefined;
  if (givens === doc.grid) return solveGrid(doc);
  const cache = cacheOf(doc);
  cache.input ??= solveSudoku(givens, doc.board);
  return cache.input;
}

export function digitsToTokens(grid: readonly (readonly number[])[]): TokenGrid {
  return grid.map((row) => row.map((d) => (d === 0 ? sudokuVocabulary.blank : sudokuVocabulary.digitToken(d))));
}

/** The first cell (row-major) where two grids differ. */
export function firstDifference(a: readonly (readonly number[])[], b: readonly (readonly number[])[]): { row: number; col: number } | undefined {
  for (let r = 0; r < a.length; r++) {
    for (let c = 0; c < a[r]!.length; c++) if (a[r]![c] !== b[r]?.[c]) return { row: r, col: c };
  }
  return undefined;
}
