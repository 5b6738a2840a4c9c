/**
 * Whether a puzzle lies outside the band its model was trained on (the card's `trainingBand`,
 * trm/model/training-band.ts), and the sentence that says so: a sudoku with fewer givens or needing a
 * harder technique than the training puzzles, a maze with more loops, a larger side, or a shortest path
 * shorter than the training mazes'. Sudokus easier than the band, mazes with fewer loops and longer paths get
 * no note: the models hold up there; mazes with a shorter path do not (docs/experiments.md). One place for the
 * decision, so the hover and `trm solve` say the same.
 */
import type { PuzzleInstance, PuzzleKind } from '../puzzles/types';
import { boardFor } from '../puzzles/sudoku';
import { solveWithSingles } from '../puzzles/sudoku/generate';
import { cycleRank } from '../puzzles/maze/generate';
import { distancesFrom } from '../puzzles/maze/solve';
import { mazeVocabulary, sudokuVocabulary } from '../puzzles/vocabulary';
import { parseTrainingBand, SUDOKU_TECHNIQUES } from '../trm/model/training-band';
import { plural } from '../puzzles/common/text';
import type { ModelOutcome, ModelSolution } from '../trm/runtime/puzzle-solver';

const NEEDS = { 'naked-single': 'naked singles', 'hidden-single': 'hidden singles', search: 'search (singles stall)' } as const;

/** The note for a puzzle outside the model's training band, or undefined (inside it, or no band recorded). */
export function outsideTrainingBand(model: { name: string; trainingBand?: unknown }, kind: PuzzleKind, instance: PuzzleInstance): string | undefined {
  const band = parseTrainingBand(model.trainingBand);
  if (!band || band.kind !== kind) return undefined;
  const trained = `${model.name}'s training band (${band.description})`;
  if (band.kind === 'sudoku') {
    const board = boardFor(instance.rows);
    if (!board || instance.rows !== band.size || instance.cols !== band.size) return undefined;
    const digits = instance.input.flat().map((t) => (sudokuVocabulary.isDigitToken(t, board.size) ? sudokuVocabulary.tokenDigit(t) : 0));
    // One pass of singles, never the backtracker: a hover must not wait on a search (an unsolvable grid can
    // take one arbitrarily long), and the hardest technique the band knows past singles is "search" anyway.
    const givens = digits.filter((d) => d !== 0).length;
    const singles = solveWithSingles(digits, board);
    const hardest = singles.techniques.includes('search') ? 'search' : singles.hiddenSingles > 0 ? 'hidden-single' : 'naked-single';
    const reasons: string[] = [];
    if (givens < band.givens[0]) reasons.push(`${givens} givens`);
    if (SUDOKU_TECHNIQUES.indexOf(hardest) > SUDOKU_TECHNIQUES.indexOf(band.hardest)) reasons.push(`needs ${NEEDS[hardest]}`);
    if (reasons.length === 0) return undefined;
    return `This puzzle (${reasons.join('; ')}) is harder than ${trained}: expect errors.`;
  }
  const loops = cycleRank(instance.input.flat(), instance.rows, instance.cols);
  const side = Math.max(instance.rows, instance.cols);
  const reasons: string[] = [];
  if (loops > band.loops[1]) reasons.push(`${plural(loops, 'loop')}, so several routes`);
  if (side > band.side[1]) reasons.push(`${instance.rows}x${instance.cols}`);
  const path = band.path && shortestPathSteps(instance);
  // Only a shorter path: longer ones are where the maze models do best (the cards' path tables).
  if (band.path && path !== undefined && path < band.path[0]) reasons.push(`a shortest path of ${plural(path, 'step')}, shorter than the training mazes'`);
  if (reasons.length === 0) return undefined;
  return `This maze (${reasons.join('; ')}) is outside ${trained}: expect errors.`;
}

/** Steps from S to G, or undefined when the maze lacks one S and one G or G is unreachable. */
function shortestPathSteps(instance: PuzzleInstance): number | undefined {
  const cells = Uint8Array.from(instance.input.flat());
  const at = (token: number): number[] => [...cells.keys()].filter((i) => cells[i] === token);
  const [starts, goals] = [at(mazeVocabulary.start), at(mazeVocabulary.goal)];
  if (starts.length !== 1 || goals.length !== 1) return undefined;
  const cell = (i: number) => ({ row: Math.floor(i / instance.cols), col: i % instance.cols });
  const steps = distancesFrom(cells, instance.rows, instance.cols, cell(starts[0]!))[goals[0]!]!;
  return steps < 0 ? undefined : steps;
}

/** The outside-band note for a model outcome (none unless the model answered). */
export function trainingBandNote(outcome: ModelOutcome | undefined, kind: PuzzleKind, instance: PuzzleInstance): string | undefined {
  return outcome?.status === 'solved' ? outsideTrainingBand(outcome.solution.model, kind, instance) : undefined;
}

/** The solution with the outside-band note added to its own note (what the recursion view prints). */
export function withTrainingBandNote(solution: ModelSolution, kind: PuzzleKind, instance: PuzzleInstance): ModelSolution {
  const note = outsideTrainingBand(solution.model, kind, instance);
  return note ? { ...solution, note: solution.note ? `${solution.note} ${note}` : note } : solution;
}
