/**
 * Code actions that edit a whole ARC test output, as the ARC testing interface's buttons do: copy the input,
 * resize, fill with one colour. The edits are cheap, so they come with the action (no resolve step).
 */
import type { CodeAction, Range } from 'vscode-languageserver';
import type { ServerContext } from '../context';
import type { OpenPuzzle } from '../documents/puzzle-documents';
import { ARC_COLOUR_NAMES, arcOutputEdits, testPairAt, type ArcDocument } from '../puzzles/arc';
import { documentEdit } from './edits';

export const ARC_EDIT_KIND = 'refactor.rewrite.trm.arcOutput';

export function arcEditActions(ctx: ServerContext, puzzle: OpenPuzzle, range: Range, wants: (kind: string) => boolean): CodeAction[] {
  if (puzzle.kind !== 'arc' || !wants(ARC_EDIT_KIND)) return [];
  const doc = puzzle.parsed as ArcDocument;
  const pair = testPairAt(doc, doc.lines.offsetAt(range.start));
  if (!pair) return [];
  return arcOutputEdits(doc, pair.index, (c) => ARC_COLOUR_NAMES[c]!).map(({ title, edits }) => ({
    title: doc.test.length > 1 ? `Test ${pair.index + 1}: ${title}` : title,
    kind: ARC_EDIT_KIND,
    edit: documentEdit(ctx.abilities, puzzle.uri, puzzle.version, edits),
  }));
}
