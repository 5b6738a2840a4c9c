/**
 * Choosing a hint: the model's most confident cell that the exact solver confirms and the file has not
 * filled yet (the cell under the cursor when it qualifies); the exact solver's cell when no model serves
 * the puzzle. ARC has no hints: no answer cell can be confirmed there.
 */
import type { PuzzleInstance, PuzzleKind, TokenGrid } from '../puzzles/types';
import type { ModelOutcome } from '../trm/runtime/puzzle-solver';
import { blockingError, exactAnswer, type PuzzleRef } from './exact-answers';
import { confirmedOpenCells } from './proposals';

export interface Hint {
  instance: number;
  row: number;
  col: number;
  token: number;
  /** Where it came from, for the user: "TRM, 97% sure, confirmed by the exact solver". */
  source: string;
}

/** A cell of one instance of a document, as `PuzzleLanguage.cellAt` finds it. */
export interface CellAt {
  instance: number;
  row: number;
  col: number;
}

/**
 * `best`: the most confident confirmed cell, preferring the one under the cursor.
 * `this-cell`: only the cell under the cursor (the "Fill this cell" code action).
 */
export type HintMode = 'best' | 'this-cell';

/** Where the outcome of instance number `instance` sits in the list of outcomes (`instances()` order). */
export function outcomeIndex(instances: readonly PuzzleInstance[], instance: number): number {
  return instances.findIndex((i) => i.index === instance);
}

type CellRef = { row: number; col: number };

function needsFilling(current: TokenGrid, answer: TokenGrid, at: CellRef | undefined): CellRef | undefined {
  return at && current[at.row]?.[at.col] !== answer[at.row]?.[at.col] ? at : undefined;
}

function firstOpenCell(current: TokenGrid, answer: TokenGrid, at: CellRef | undefined): CellRef | undefined {
  if (needsFilling(current, answer, at)) return at;
  for (let row = 0; row < answer.length; row++) {
    for (let col = 0; col < answer[row]!.length; col++) if (current[row]?.[col] !== answer[row]![col]) return { row, col };
  }
  return undefined;
}

/** The hint for `at` (the cursor's cell, if any); `outcomes` is asked only when a model answer can help. */
export async function chooseHint(
  puzzle: PuzzleRef & { kind: PuzzleKind },
  at: CellAt | undefined,
  outcomes: () => Promise<readonly ModelOutcome[]>,
  mode: HintMode = 'best',
): Promise<Hint | { message: string }> {
  if (puzzle.kind === 'arc') return { message: 'Hints are for sudoku and mazes: an ARC answer cannot be checked cell by cell.' };
  const blocked = blockingError(puzzle);
  if (blocked) return { message: blocked };
  const instances = puzzle.language.instances(puzzle.parsed);
  const index = outcomeIndex(instances, at?.instance ?? 0);
  const instance = instances[index];
  if (!instance) return { message: 'Nothing to hint in this document.' };
  if (mode === 'this-cell' && !at) return { message: 'The cursor is not on a cell.' };

  const outcome = (await outcomes())[index];
  let why = '';
  if (outcome?.status === 'solved') {
    const cells = confirmedOpenCells(puzzle, instance, outcome.solution);
    const atCursor = cells.find((c) => at && c.row === at.row && c.col === at.col);
    const cell = mode === 'this-cell' ? atCursor : (atCursor ?? cells[0]);
    if (cell) {
      const sure = Math.round(cell.confidence * 100);
      return { instance: instance.index, ...cell, source: `TRM ${outcome.solution.model.name}, ${sure}% sure, confirmed by the exact solver` };
    }
    why = mode === 'this-cell' ? "the model's value for this cell is not confirmed" : 'the model had no confirmed cell left to offer';
  } else {
    why = outcome?.status === 'no-model' ? outcome.reason : `the model failed: ${outcome?.message ?? 'no answer'}`;
  }

  const exact = exactAnswer(puzzle, instance.index);
  if (!exact.ok) return { message: exact.message };
  const current = instance.current ?? instance.input;
  const cursorCell = at && at.instance === instance.index ? at : undefined;
  const cell = mode === 'this-cell' ? needsFilling(current, exact.tokens, cursorCell) : firstOpenCell(current, exact.tokens, cursorCell);
  if (!cell) return { message: mode === 'this-cell' ? 'This cell is already right.' : 'The puzzle is already solved.' };
  return { instance: instance.index, ...cell, token: exact.tokens[cell.row]![cell.col]!, source: `exact solver; ${why}` };
}
