/**
 * Edits to a `.maze` document. An answer is written in place: open cells on the answer's path become
 * `o`, earlier `o` cells off it go back to open (written with the file's usual open character), and
 * walls, S and G are never touched. One edit per changed row, spanning only the changed characters.
 *
 * The canonical layout writes open cells as spaces, as the reference data does; rows keep their trailing
 * spaces, since they are cells (an editor that trims trailing whitespace would break such a maze; '.'
 * is the trim-proof alternative and is read the same).
 */
import type { TextEditSpec, TokenGrid } from '../types';
import { range } from '../common/text';
import { mazeVocabulary } from '../vocabulary';
import type { MazeDocument } from './parse';

const { open, path } = mazeVocabulary;

export function writeMazeAnswer(doc: MazeDocument, answer: TokenGrid): TextEditSpec[] {
  if (!doc.wellFormed || answer.length !== doc.rows || answer.some((row) => row.length !== doc.cols)) return [];
  const edits: TextEditSpec[] = [];
  for (let r = 0; r < doc.rows; r++) {
    const before = doc.rowTexts[r]!;
    let after = '';
    for (let c = 0; c < doc.cols; c++) after += nextChar(doc, before[c]!, answer[r]![c]!);
    const span = changedSpan(before, after);
    if (span) edits.push({ range: range(doc.firstLine + r, span.from, span.to), newText: after.slice(span.from, span.to) });
  }
  return edits;
}

/** Marks one open cell as path, or turns a path cell back to open; nothing for walls, S, G or other tokens. */
export function writeMazeCell(doc: MazeDocument, row: number, col: number, token: number): TextEditSpec[] {
  if (!doc.wellFormed || row < 0 || row >= doc.rows || col < 0 || col >= doc.cols) return [];
  if (token !== open && token !== path) return [];
  const before = doc.rowTexts[row]![col]!;
  const after = nextChar(doc, before, token);
  return after === before ? [] : [{ range: range(doc.firstLine + row, col, col + 1), newText: after }];
}

export function formatMaze(doc: MazeDocument): string | undefined {
  if (!doc.wellFormed) return undefined;
  return doc.rowTexts.map((row) => row.replaceAll('.', ' ')).join(doc.eol) + doc.eol;
}

function nextChar(doc: MazeDocument, current: string, token: number): string {
  const isOpen = current === ' ' || current === '.' || current === 'o';
  if (!isOpen) return current;
  if (token === path) return 'o';
  return current === 'o' ? doc.openChar : current;
}

function changedSpan(before: string, after: string): { from: number; to: number } | undefined {
  let from = 0;
  while (from < before.length && before[from] === after[from]) from++;
  if (from === before.length) return undefined;
  let to = before.length;
  while (to > from && before[to - 1] === after[to - 1]) to--;
  return { from, to };
}
