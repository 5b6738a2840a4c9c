/**
 * Inlay hints: the model's values as ghost digits in the blank cells of a sudoku, only for cells the exact
 * solver confirms. Mazes get none: a ghost character between maze cells would shear the picture.
 */
import { InlayHintKind, type InlayHint, type Range } from 'vscode-languageserver';
import type { ServerContext } from '../context';
import type { OpenPuzzle } from '../documents/puzzle-documents';
import { blockingError } from '../solving/exact-answers';
import { confirmedOpenCells } from '../solving/proposals';

function inside(range: Range, line: number): boolean {
  return line >= range.start.line && line <= range.end.line;
}

export async function inlayHints(ctx: ServerContext, puzzle: OpenPuzzle, range: Range): Promise<InlayHint[]> {
  if (puzzle.kind !== 'sudoku' || blockingError(puzzle)) return [];
  const settings = await ctx.settings.get(puzzle.uri);
  if (!settings.hints.inlay) return [];
  const instances = puzzle.language.instances(puzzle.parsed);
  const outcomes = await ctx.answers.get(puzzle);
  const hints: InlayHint[] = [];
  instances.forEach((instance, i) => {
    const outcome = outcomes[i];
    if (outcome?.status !== 'solved') return;
    for (const cell of confirmedOpenCells(puzzle, instance, outcome.solution)) {
      const at = puzzle.language.answerCellRange(puzzle.parsed, instance.index, cell.row, cell.col);
      if (!at || !inside(range, at.start.line)) continue;
      hints.push({
        position: at.start,
        label: puzzle.language.tokenText(cell.token),
        kind: InlayHintKind.Type,
        tooltip: `TRM ${outcome.solution.model.name}: ${Math.round(cell.confidence * 100)}% sure; confirmed by the exact solver`,
        paddingRight: false,
      });
    }
  });
  return hints;
}
