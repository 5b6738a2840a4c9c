/**
 * What to write for each puzzle instance: the model's answer when a model is loaded, checked against the
 * rules and the exact solver; the exact solver's answer when no model serves the puzzle. A model answer
 * that fails verification is never written without the user choosing it.
 */
import type { PuzzleInstance, TokenGrid, WrongCell } from '../puzzles/types';
import type { ModelOutcome, ModelSolution } from '../trm/runtime/puzzle-solver';
import { exactAnswer, type ExactAnswer, type PuzzleRef } from './exact-answers';

export type Proposal =
  | { kind: 'model-verified'; instance: PuzzleInstance; tokens: TokenGrid; solution: ModelSolution }
  | { kind: 'model-unverified'; instance: PuzzleInstance; tokens: TokenGrid; solution: ModelSolution; reason: string }
  | { kind: 'model-wrong'; instance: PuzzleInstance; tokens: TokenGrid; solution: ModelSolution; wrongCells: WrongCell[]; summary: string; exact: ExactAnswer }
  | { kind: 'exact'; instance: PuzzleInstance; tokens: TokenGrid; note?: string; whyNotModel: string }
  | { kind: 'none'; instance: PuzzleInstance; message: string };

export function propose(puzzle: PuzzleRef, instance: PuzzleInstance, outcome: ModelOutcome | undefined): Proposal {
  if (outcome?.status === 'solved') {
    const solution = outcome.solution;
    const verdict = puzzle.language.verify(puzzle.parsed, instance.index, solution.answer);
    switch (verdict.status) {
      case 'correct':
        return { kind: 'model-verified', instance, tokens: solution.answer, solution };
      case 'unverifiable':
        return { kind: 'model-unverified', instance, tokens: solution.answer, solution, reason: verdict.reason };
      case 'wrong':
        return {
          kind: 'model-wrong',
          instance,
          tokens: solution.answer,
          solution,
          wrongCells: verdict.wrongCells,
          summary: verdict.summary,
          exact: exactAnswer(puzzle, instance.index),
        };
    }
  }
  const whyNotModel = outcome ? (outcome.status === 'no-model' ? outcome.reason : `The model failed: ${outcome.message}`) : 'No model is loaded.';
  const exact = exactAnswer(puzzle, instance.index);
  if (exact.ok) return { kind: 'exact', instance, tokens: exact.tokens, whyNotModel, ...(exact.note ? { note: exact.note } : {}) };
  return { kind: 'none', instance, message: `${exact.message} ${whyNotModel}` };
}

/** "row 2, column 5" for the first few wrong cells, for messages. */
export function describeWrongCells(cells: readonly WrongCell[], limit = 5): string {
  const listed = cells.slice(0, limit).map((c) => `row ${c.row + 1}, column ${c.col + 1} (${c.reason})`);
  return cells.length > limit ? `${listed.join('; ')}; and ${cells.length - limit} more` : listed.join('; ');
}

/**
 * Cells of the model's answer that the exact solver confirms (same value as the unique exact answer) and
 * that the file has not filled yet, most confident first: the candidates for a hint.
 */
export function confirmedOpenCells(puzzle: PuzzleRef, instance: PuzzleInstance, solution: ModelSolution) {
  const exact = puzzle.language.exactSolve(puzzle.parsed, instance.index);
  if (exact.status !== 'unique') return [];
  const current = instance.current ?? instance.input;
  const cells: { row: number; col: number; token: number; confidence: number }[] = [];
  solution.answer.forEach((row, r) =>
    row.forEach((token, c) => {
      if (current[r]?.[c] === token || exact.answer[r]?.[c] !== token) return;
      cells.push({ row: r, col: c, token, confidence: solution.confidence[r]?.[c] ?? 0 });
    }),
  );
  return cells.sort((a, b) => b.confidence - a.confidence);
}
