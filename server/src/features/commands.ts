/**
 * Server commands (`workspace/executeCommand`), usable from any LSP client: solve a whole puzzle and give a
 * hint. Edits go through `workspace/applyEdit` against the document version that was solved.
 */
import type { Position } from 'vscode-languageserver';
import type { ServerContext } from '../context';
import type { OpenPuzzle } from '../documents/puzzleDocuments';
import type { TextEditSpec, TokenGrid } from '../puzzles/types';
import { documentEdit } from './edits';
import { blockingError, exactAnswer } from './exactAnswers';

export const SERVER_COMMANDS = {
  solve: 'trm.server.solve',
  hint: 'trm.server.hint',
} as const;

export interface CommandResult {
  applied: boolean;
  message: string;
}

function openPuzzle(ctx: ServerContext, uri: unknown): OpenPuzzle | string {
  if (typeof uri !== 'string') return 'Expected a document URI as the first argument.';
  const document = ctx.documents.get(uri);
  if (!document) return `The document is not open: ${uri}`;
  return ctx.puzzles.get(document) ?? 'This document is not a sudoku, maze or ARC task.';
}

async function apply(ctx: ServerContext, puzzle: OpenPuzzle, label: string, edits: TextEditSpec[]): Promise<boolean> {
  if (edits.length === 0) return false;
  const result = await ctx.connection.workspace.applyEdit({ label, edit: documentEdit(ctx.abilities, puzzle.uri, puzzle.version, edits) });
  return result.applied;
}

export async function solveCommand(ctx: ServerContext, uri: unknown): Promise<CommandResult> {
  const puzzle = openPuzzle(ctx, uri);
  if (typeof puzzle === 'string') return { applied: false, message: puzzle };
  const blocked = blockingError(puzzle);
  if (blocked) return { applied: false, message: blocked };
  const instances = puzzle.language.instances(puzzle.parsed);
  if (instances.length === 0) return { applied: false, message: 'Nothing to solve in this document.' };

  const edits: TextEditSpec[] = [];
  const notes: string[] = [];
  for (const instance of instances) {
    const answer = exactAnswer(puzzle, instance.index);
    if (!answer.ok) {
      notes.push(instances.length > 1 ? `${instance.label}: ${answer.message}` : answer.message);
      continue;
    }
    if (answer.note) notes.push(answer.note);
    edits.push(...puzzle.language.writeAnswer(puzzle.parsed, instance.index, answer.tokens));
  }
  if (edits.length === 0) return { applied: false, message: notes.join(' ') || 'The puzzle is already solved.' };
  const applied = await apply(ctx, puzzle, 'TRM: solve puzzle', edits);
  const message = applied ? ['Solved with the exact solver.', ...notes].join(' ') : 'The editor did not apply the solution (the document changed?).';
  return { applied, message };
}

/** The cell to hint: the one under the cursor when it still needs filling, else the first one that does. */
function chooseHintCell(puzzle: OpenPuzzle, current: TokenGrid, answer: TokenGrid, instance: number, position: Position | undefined) {
  const at = position ? puzzle.language.cellAt(puzzle.parsed, position) : undefined;
  if (at && at.instance === instance && current[at.row]?.[at.col] !== answer[at.row]?.[at.col]) return at;
  for (let row = 0; row < answer.length; row++) {
    for (let col = 0; col < answer[row]!.length; col++) {
      if (current[row]?.[col] !== answer[row]![col]) return { instance, row, col };
    }
  }
  return undefined;
}

export async function hintCommand(ctx: ServerContext, uri: unknown, position: unknown): Promise<CommandResult> {
  const puzzle = openPuzzle(ctx, uri);
  if (typeof puzzle === 'string') return { applied: false, message: puzzle };
  if (puzzle.kind === 'arc') return { applied: false, message: 'Hints are for sudoku and mazes: an ARC answer cannot be checked cell by cell.' };
  const blocked = blockingError(puzzle);
  if (blocked) return { applied: false, message: blocked };
  const pos = isPosition(position) ? position : undefined;
  const instance = (pos && puzzle.language.cellAt(puzzle.parsed, pos)?.instance) ?? 0;
  const target = puzzle.language.instances(puzzle.parsed).find((i) => i.index === instance);
  if (!target) return { applied: false, message: 'Nothing to hint in this document.' };
  const answer = exactAnswer(puzzle, instance);
  if (!answer.ok) return { applied: false, message: answer.message };
  const current = target.current ?? target.input;
  const cell = chooseHintCell(puzzle, current, answer.tokens, instance, pos);
  if (!cell) return { applied: false, message: 'The puzzle is already solved.' };
  const token = answer.tokens[cell.row]![cell.col]!;
  const applied = await apply(ctx, puzzle, 'TRM: hint', puzzle.language.writeCell(puzzle.parsed, instance, cell.row, cell.col, token));
  return {
    applied,
    message: applied
      ? `Hint: row ${cell.row + 1}, column ${cell.col + 1} is ${puzzle.language.tokenText(token)} (exact solver).`
      : 'The editor did not apply the hint (the document changed?).',
  };
}

export function isPosition(v: unknown): v is Position {
  return typeof v === 'object' && v !== null && typeof (v as Position).line === 'number' && typeof (v as Position).character === 'number';
}
