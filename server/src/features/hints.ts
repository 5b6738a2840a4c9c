/** The hint for the cell under an LSP position: the choice itself is solving/hint-choice.ts. */
import type { Position } from 'vscode-languageserver';
import type { ServerContext } from '../context';
import type { OpenPuzzle } from '../documents/puzzle-documents';
import { chooseHint, type Hint, type HintMode } from '../solving/hint-choice';

export function hintAt(ctx: ServerContext, puzzle: OpenPuzzle, position: Position | undefined, mode: HintMode = 'best'): Promise<Hint | { message: string }> {
  const at = position ? puzzle.language.cellAt(puzzle.parsed, position) : undefined;
  return chooseHint(puzzle, at, () => ctx.answers.get(puzzle), mode);
}
