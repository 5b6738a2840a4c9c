/**
 * Answers from the exact solvers (sudoku search, maze BFS): what the solve and hint features use when no
 * model is loaded, and what model answers are verified against when one is.
 */
import type { ParsedPuzzle, Problem, PuzzleLanguage } from '../puzzles/types';
import type { TokenGrid } from '../puzzles/types';

/** A parsed puzzle with its language: what the solving features need, from the editor or the CLI. */
export interface PuzzleRef {
  language: PuzzleLanguage;
  parsed: ParsedPuzzle;
}

export type ExactAnswer = { ok: true; tokens: TokenGrid; note?: string } | { ok: false; message: string };

export function exactAnswer(puzzle: PuzzleRef, instance: number): ExactAnswer {
  const result = puzzle.language.exactSolve(puzzle.parsed, instance);
  switch (result.status) {
    case 'unique':
      return { ok: true, tokens: result.answer };
    case 'multiple':
      return { ok: true, tokens: result.answers[0], note: 'The puzzle has more than one solution; this is one of them.' };
    case 'none':
      return { ok: false, message: `No solution: ${result.reason}` };
    case 'unsupported':
      return { ok: false, message: result.reason };
  }
}

/**
 * Every problem of a parsed document, computed once per parse: diagnostics, hovers, hints and code actions of
 * one document version share it (diagnosing a large maze takes a fraction of a second; hovers come often).
 */
const diagnosed = new WeakMap<ParsedPuzzle, Problem[]>();

export function problemsOf(puzzle: PuzzleRef): Problem[] {
  let problems = diagnosed.get(puzzle.parsed);
  if (!problems) {
    problems = puzzle.language.diagnose(puzzle.parsed);
    diagnosed.set(puzzle.parsed, problems);
  }
  return problems;
}

/** True when the document has errors that make solving meaningless (broken grid, rule clashes). */
export function blockingError(puzzle: PuzzleRef): string | undefined {
  const error = problemsOf(puzzle).find((p) => p.severity === 'error' && !p.code.endsWith('/no-solution'));
  return error ? `Fix the errors in the file first: ${error.message}` : undefined;
}
