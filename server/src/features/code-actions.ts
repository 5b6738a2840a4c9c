/**
 * Code actions on puzzles: fill the cell under the cursor (a hint) and fill in the whole solution. The hint's
 * edit is computed in codeAction/resolve where the client supports it, since a model answer can take a
 * while; the document version travels with it so a stale action is refused rather than misapplied. The
 * solution runs the solve command, which asks the user before writing a model answer that fails verification.
 */
import { CodeActionKind, type CodeAction, type Position, type Range } from 'vscode-languageserver';
import type { ServerContext } from '../context';
import type { OpenPuzzle } from '../documents/puzzle-documents';
import { arcEditActions } from './arc-edit-actions';
import { SERVER_COMMANDS } from '../contract/commands';
import { documentEdit } from './edits';
import { blockingError, exactAnswer } from '../solving/exact-answers';
import { outcomeIndex } from '../solving/hint-choice';
import { hintAt } from './hints';
import { confirmedOpenCells } from '../solving/proposals';
import { learnTaskActions } from './learn-task';

export const HINT_KIND = `${CodeActionKind.RefactorRewrite}.trm.hint`;
export const SOLVE_KIND = `${CodeActionKind.RefactorRewrite}.trm.solve`;

interface HintData {
  uri: string;
  version: number;
  position: Position;
}

function isHintData(v: unknown): v is HintData {
  const d = v as HintData;
  return typeof d === 'object' && d !== null && typeof d.uri === 'string' && typeof d.version === 'number' && typeof d.position === 'object';
}

/** "with 4 (TRM, 98% sure)" when the model's answer for this version is already known. */
function knownHintTitle(ctx: ServerContext, puzzle: OpenPuzzle, cell: { instance: number; row: number; col: number }): string | undefined {
  const outcomes = ctx.answers.peek(puzzle);
  if (!outcomes) return undefined;
  const instances = puzzle.language.instances(puzzle.parsed);
  const index = outcomeIndex(instances, cell.instance);
  const outcome = outcomes[index];
  if (outcome?.status !== 'solved') return undefined;
  const confirmed = confirmedOpenCells(puzzle, instances[index]!, outcome.solution).find((c) => c.row === cell.row && c.col === cell.col);
  return confirmed ? ` with ${puzzle.language.tokenText(confirmed.token)} (TRM, ${Math.round(confirmed.confidence * 100)}% sure)` : undefined;
}

export async function listCodeActions(
  ctx: ServerContext,
  puzzle: OpenPuzzle,
  range: Range,
  only: string[] | undefined,
  hintsEnabled: boolean,
): Promise<CodeAction[]> {
  const wants = (kind: string) => !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
  // Whole-output ARC edits stay on offer in a file with errors: copying or filling repairs a broken output.
  const arcEdits = arcEditActions(ctx, puzzle, range, wants);
  if (blockingError(puzzle)) return arcEdits;
  const instances = puzzle.language.instances(puzzle.parsed);
  if (instances.length === 0) return arcEdits;
  const actions: CodeAction[] = [...arcEdits, ...(await learnTaskActions(ctx, puzzle, range, wants))];

  const cell = puzzle.kind === 'arc' ? undefined : puzzle.language.cellAt(puzzle.parsed, range.start);
  const instance = cell && instances[outcomeIndex(instances, cell.instance)];
  const exact = instance && exactAnswer(puzzle, instance.index);
  const current = instance && (instance.current ?? instance.input);
  const needsFilling = cell && exact?.ok && current?.[cell.row]?.[cell.col] !== exact.tokens[cell.row]?.[cell.col];
  if (hintsEnabled && cell && needsFilling && wants(HINT_KIND)) {
    const data: HintData = { uri: puzzle.uri, version: puzzle.version, position: range.start };
    const title = `Fill this cell${knownHintTitle(ctx, puzzle, cell) ?? ' (hint)'}`;
    actions.push({ title, kind: HINT_KIND, data });
  }
  if (wants(SOLVE_KIND)) {
    actions.push({ title: 'Fill in the solution', kind: SOLVE_KIND, command: { title: 'Fill in the solution', command: SERVER_COMMANDS.solve, arguments: [puzzle.uri] } });
  }
  if (ctx.abilities.resolveCodeActionEdits) return actions;
  return Promise.all(actions.map((a) => resolveCodeAction(ctx, a)));
}

/** Fills in a hint action's `edit`; an action whose document changed since it was offered is disabled. */
export async function resolveCodeAction(ctx: ServerContext, action: CodeAction): Promise<CodeAction> {
  if (!isHintData(action.data)) return action;
  const data = action.data;
  const document = ctx.documents.get(data.uri);
  const puzzle = document ? ctx.puzzles.get(document) : undefined;
  if (!puzzle || puzzle.version !== data.version) return { ...action, disabled: { reason: 'The document changed since this action was offered.' } };
  const hint = await hintAt(ctx, puzzle, data.position, 'this-cell');
  if ('message' in hint) return { ...action, disabled: { reason: hint.message } };
  const edits = puzzle.language.writeCell(puzzle.parsed, hint.instance, hint.row, hint.col, hint.token);
  return { ...action, edit: documentEdit(ctx.abilities, puzzle.uri, puzzle.version, edits) };
}
