/** Document formatting: the kind's canonical layout as one whole-document edit (none when unreadable). */
import type { TextEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { OpenPuzzle } from '../documents/puzzle-documents';

export function formatPuzzle(document: TextDocument, puzzle: OpenPuzzle): TextEdit[] {
  const formatted = puzzle.language.format(puzzle.parsed);
  if (formatted === undefined || formatted === puzzle.parsed.text) return [];
  return [{ range: { start: { line: 0, character: 0 }, end: document.positionAt(puzzle.parsed.text.length) }, newText: formatted }];
}
