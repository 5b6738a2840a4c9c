/**
 * Edits to a `.sudoku` document: writing an answer or one cell in place, and the canonical layout.
 *
 * Writing a whole answer fills the blanks where they are, keeping the file's own layout (separators,
 * spacing, comments), and records the original puzzle in a `# puzzle: <one-line givens>` comment directly
 * above the grid, unless one is already there. Filling in place keeps the file a plain sudoku that any
 * tool reads; the comment keeps the puzzle recoverable, lets diagnostics tell givens from filled cells and
 * lets the model re-solve the original puzzle rather than the finished grid.
 */
import type { TextEditSpec, TokenGrid } from '../types';
import { range } from '../common/text';
import { sudokuVocabulary } from '../vocabulary';
import { instanceGivens } from './analysis';
import { oneLineForm, type SudokuDocument } from './parse';

export function writeSudokuAnswer(doc: SudokuDocument, answer: TokenGrid): TextEditSpec[] {
  const givens = instanceGivens(doc);
  const { cells, board } = doc;
  if (!givens || !cells || !board || answer.length !== board.size) return [];
  const edits: TextEditSpec[] = [];
  for (let r = 0; r < board.size; r++) {
    const row = answer[r]!;
    if (row.length !== board.size) return [];
    for (let c = 0; c < board.size; c++) {
      // Givens are never overwritten, whatever the answer says there.
      if (givens[r]![c] !== 0) continue;
      const digit = digitOf(row[c]!, board.size);
      const cell = cells[r]![c]!;
      if (digit === undefined || cell.char === String(digit)) continue;
      edits.push({ range: cell.range, newText: String(digit) });
    }
  }
  if (edits.length === 0 || doc.originalGivens) return edits;
  const comment = `# puzzle: ${oneLineForm(givens)}`;
  const existing = doc.puzzleComment;
  if (existing) {
    // A '# puzzle:' line that disagrees with the grid is replaced by the true givens.
    edits.unshift({ range: existing.range, newText: comment });
  } else {
    const line = doc.gridBlockStartLine ?? cells[0]![0]!.range.start.line;
    edits.unshift({ range: range(line, 0, 0), newText: comment + doc.eol });
  }
  return edits;
}

/** One digit into one cell that is not a given; no edit for a given or a token that is not a digit. */
export function writeSudokuCell(doc: SudokuDocument, row: number, col: number, token: number): TextEditSpec[] {
  const givens = instanceGivens(doc);
  const cell = doc.cells?.[row]?.[col];
  if (!givens || !cell || !doc.board || givens[row]![col] !== 0) return [];
  const digit = digitOf(token, doc.board.size);
  if (digit === undefined || cell.char === String(digit)) return [];
  return [{ range: cell.range, newText: String(digit) }];
}

/**
 * The canonical layout: comments first (the `# puzzle:` line last, directly above the grid), then the
 * grid with one space between cells, ` | ` between boxes and rule lines between bands, e.g. for 9x9
 * `5 3 . | . 7 . | . . .` and `------+-------+------`. Blanks become '.'.
 */
export function formatSudoku(doc: SudokuDocument): string | undefined {
  const { grid, board } = doc;
  if (!grid || !board) return undefined;
  const lines = doc.comments.filter((c) => c.line !== doc.puzzleComment?.line).map((c) => c.text);
  if (doc.puzzleComment) lines.push(doc.puzzleComment.text);
  const groupWidth = 2 * board.boxCols - 1;
  const stacks = board.size / board.boxCols;
  const rule = Array.from({ length: stacks }, (_, i) => '-'.repeat(groupWidth + (i === 0 || i === stacks - 1 ? 1 : 2))).join('+');
  for (let r = 0; r < board.size; r++) {
    if (r > 0 && r % board.boxRows === 0) lines.push(rule);
    const groups: string[] = [];
    for (let s = 0; s < stacks; s++) {
      const digits = grid[r]!.slice(s * board.boxCols, (s + 1) * board.boxCols);
      groups.push(digits.map((d) => (d === 0 ? '.' : String(d))).join(' '));
    }
    lines.push(groups.join(' | '));
  }
  return lines.join(doc.eol) + doc.eol;
}

function digitOf(token: number, size: number): number | undefined {
  return sudokuVocabulary.isDigitToken(token, size) ? sudokuVocabulary.tokenDigit(token) : undefined;
}
