/**
 * Code actions on puzzles: fill the cell under the cursor (a hint) and fill in the whole solution.
 * Edits are computed lazily in codeAction/resolve where the client supports it, since a model answer can
 * take a while; the document version is carried so a stale action is refused rather than misapplied.
 */
import { CodeActionKind, type CodeAction, type Range } from 'vscode-languageserver';
import type { ServerContext } from '../context';
import type { OpenPuzzle } from '../documents/puzzleDocuments';
import type { TextEditSpec } from '../puzzles/types';
import { documentEdit } from './edits';
import { blockingError, exactAnswer } from './exactAnswers';

export const HINT_KIND = `${CodeActionKind.RefactorRewrite}.trm.hint`;
export const SOLVE_KIND = `${CodeActionKind.RefactorRewrite}.trm.solve`;

interface ActionData {
  uri: string;
  version: number;
  action: 'hint' | 'solve';
  instance: number;
  row?: number;
  col?: number;
}

function isActionData(v: unknown): v is ActionData {
  const d = v as ActionData;
  return typeof d === 'object' && d !== null && typeof d.uri === 'string' && typeof d.version === 'number' && (d.action === 'hint' || d.action === 'solve');
}

export function listCodeActions(ctx: ServerContext, puzzle: OpenPuzzle, range: Range, only: string[] | undefined, hintsEnabled: boolean): CodeAction[] {
  if (puzzle.kind === 'arc' || blockingError(puzzle)) return [];
  const wants = (kind: string) => !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
  const instances = puzzle.language.instances(puzzle.parsed);
  if (instances.length === 0) return [];
  const actions: CodeAction[] = [];

  const cell = puzzle.language.cellAt(puzzle.parsed, range.start);
  const instance = instances.find((i) => i.index === (cell?.instance ?? 0));
  if (hintsEnabled && cell && instance && wants(HINT_KIND)) {
    const current = instance.current ?? instance.input;
    const answer = exactAnswer(puzzle, cell.instance);
    if (answer.ok && current[cell.row]?.[cell.col] !== answer.tokens[cell.row]?.[cell.col]) {
      const data: ActionData = { uri: puzzle.uri, version: puzzle.version, action: 'hint', instance: cell.instance, row: cell.row, col: cell.col };
      actions.push({ title: `Fill this cell (row ${cell.row + 1}, column ${cell.col + 1})`, kind: HINT_KIND, data });
    }
  }
  if (wants(SOLVE_KIND)) {
    const solvable = instances.some((i) => exactAnswer(puzzle, i.index).ok);
    if (solvable) {
      const data: ActionData = { uri: puzzle.uri, version: puzzle.version, action: 'solve', instance: -1 };
      actions.push({ title: 'Fill in the solution', kind: SOLVE_KIND, data });
    }
  }
  if (!ctx.abilities.resolveCodeActionEdits) return actions.map((a) => resolveCodeAction(ctx, a, puzzle));
  return actions;
}

function editsFor(puzzle: OpenPuzzle, data: ActionData): TextEditSpec[] {
  if (data.action === 'hint' && data.row !== undefined && data.col !== undefined) {
    const answer = exactAnswer(puzzle, data.instance);
    return answer.ok ? puzzle.language.writeCell(puzzle.parsed, data.instance, data.row, data.col, answer.tokens[data.row]![data.col]!) : [];
  }
  return puzzle.language.instances(puzzle.parsed).flatMap((instance) => {
    const answer = exactAnswer(puzzle, instance.index);
    return answer.ok ? puzzle.language.writeAnswer(puzzle.parsed, instance.index, answer.tokens) : [];
  });
}

/** Fills in `edit`; an action whose document has changed since it was offered gets no edit. */
export function resolveCodeAction(ctx: ServerContext, action: CodeAction, known?: OpenPuzzle): CodeAction {
  if (!isActionData(action.data)) return action;
  const data = action.data;
  const document = ctx.documents.get(data.uri);
  const puzzle = known ?? (document ? ctx.puzzles.get(document) : undefined);
  if (!puzzle || puzzle.version !== data.version) {
    return { ...action, disabled: { reason: 'The document changed since this action was offered.' } };
  }
  return { ...action, edit: documentEdit(ctx.abilities, puzzle.uri, puzzle.version, editsFor(puzzle, data)) };
}
