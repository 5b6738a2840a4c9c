/**
 * Reads a `.sudoku` file into cells with exact source ranges. Accepted layouts:
 * - a grid of N rows of N cells (N = 4, 6 or 9), one row per line, with optional spacing, `|` column
 *   separators and rule lines made of `-`, `+`, `=`, `|` and spaces, or of Unicode box-drawing characters
 *   (grids pasted from puzzle sites and terminals: `│`/`┃`/`║` separate columns, the others draw rules);
 * - the one-line form: all N*N cells on one line (spacing allowed), e.g. 81 characters for 9x9.
 * Blanks are `.`, `0` or `_`; `#` starts a comment line; blank lines are ignored. A `# puzzle: <one-line
 * givens>` comment records the original puzzle once a solution has been written into the grid (see edit.ts).
 */
import type { ParsedPuzzle, Problem, SourceRange } from '../types';
import { detectEol, range, splitLines } from '../common/text';
import { CappedProblems, MAX_SUDOKU_CHARS, tooLargeProblem } from '../common/limits';
import { type Board, boardFor, isSupportedSize, SUPPORTED_SIZES } from './board';

export interface SudokuCell {
  row: number;
  col: number;
  /** 0 for a blank, 1..9 for a digit as written (possibly too large for the board), -1 for a foreign character. */
  value: number;
  char: string;
  range: SourceRange;
}

/** A source line that holds cells. In the one-line form it holds the whole board. */
export interface SudokuRowLine {
  line: number;
  /** From the line's first to its last non-space character. */
  range: SourceRange;
  cells: SudokuCell[];
}

export interface SudokuComment {
  line: number;
  range: SourceRange;
  text: string;
}

/** The `# puzzle: ...` comment: `givens` is what follows the colon, spacing removed. */
export interface PuzzleComment extends SudokuComment {
  givens: string;
}

export interface SudokuDocument extends ParsedPuzzle {
  kind: 'sudoku';
  layout: 'grid' | 'one-line' | undefined;
  rowLines: SudokuRowLine[];
  comments: SudokuComment[];
  puzzleComment: PuzzleComment | undefined;
  /** The board, once a supported size is known (even if rows are then found to be wrong). */
  board: Board | undefined;
  /** Board rows of cells and their digits (0 = blank): set only when the grid parsed without problems. */
  cells: SudokuCell[][] | undefined;
  grid: number[][] | undefined;
  /** From the first row's first cell to the last row's last cell. */
  gridRange: SourceRange | undefined;
  /** First line of the grid block: the first row, or the rule lines directly above it. */
  gridBlockStartLine: number | undefined;
  /** The givens recorded by a `# puzzle:` comment that agrees with the grid. */
  originalGivens: number[][] | undefined;
  /** Why a `# puzzle:` comment was ignored, when it was. */
  puzzleCommentMismatch: string | undefined;
  eol: string;
}

const PUZZLE_COMMENT = /^\s*#\s*puzzle\s*:(.*)$/i;
const BLANK_CHARS = '.0_';

export function parseSudoku(text: string): SudokuDocument {
  const problems: Problem[] = [];
  const rowLines: SudokuRowLine[] = [];
  const comments: SudokuComment[] = [];
  const foreign: SudokuCell[] = [];
  let puzzleComment: PuzzleComment | undefined;
  let previousRuleStart: number | undefined;
  let gridBlockStartLine: number | undefined;
  const tooLarge = text.length > MAX_SUDOKU_CHARS;

  for (const line of tooLarge ? [] : splitLines(text)) {
    const first = firstNonSpace(line.text);
    if (first < 0) {
      previousRuleStart = undefined;
      continue;
    }
    const last = lastNonSpace(line.text);
    const lineRange = range(line.index, first, last + 1);
    if (line.text[first] === '#') {
      const comment = { line: line.index, range: lineRange, text: line.text.slice(first) };
      comments.push(comment);
      const m = PUZZLE_COMMENT.exec(line.text);
      if (m && !puzzleComment) puzzleComment = { ...comment, givens: m[1]!.replace(/\s+/g, '') };
      previousRuleStart = undefined;
      continue;
    }
    const cells = readCells(line.text, line.index);
    if (cells.length === 0) {
      // Only rule characters: a separator line.
      previousRuleStart ??= line.index;
      continue;
    }
    if (rowLines.length === 0) gridBlockStartLine = previousRuleStart ?? line.index;
    previousRuleStart = undefined;
    for (const cell of cells) if (cell.value < 0) foreign.push(cell);
    rowLines.push({ line: line.index, range: lineRange, cells });
  }

  const doc: SudokuDocument = {
    kind: 'sudoku',
    text,
    problems,
    layout: undefined,
    rowLines,
    comments,
    puzzleComment,
    board: undefined,
    cells: undefined,
    grid: undefined,
    gridRange: undefined,
    gridBlockStartLine,
    originalGivens: undefined,
    puzzleCommentMismatch: undefined,
    eol: detectEol(text),
  };

  if (tooLarge) {
    problems.push(tooLargeProblem('sudoku/too-large', 'a sudoku', text.length, MAX_SUDOKU_CHARS));
    return doc;
  }
  if (rowLines.length === 0) {
    problems.push({
      range: range(0, 0, 0),
      severity: 'error',
      code: 'sudoku/no-grid',
      message: "No sudoku grid found: write 4, 6 or 9 rows of digits, with '.', '0' or '_' for blanks.",
    });
    return doc;
  }
  doc.gridRange = { start: rowLines[0]!.range.start, end: rowLines[rowLines.length - 1]!.range.end };

  const size = inferSize(doc, problems);
  const board = size === undefined ? undefined : boardFor(size);
  doc.board = board;
  const foreignProblems = new CappedProblems(problems);
  for (const cell of foreign) foreignProblems.add(foreignCharacterProblem(cell, size));
  foreignProblems.finish('sudoku/invalid-character', 'characters that are not sudoku cells');
  if (!board) return doc;

  const cells = boardCells(doc, board);
  if (!cells) return doc;
  for (const row of cells) {
    for (const cell of row) {
      if (cell.value > board.size) {
        problems.push({
          range: cell.range,
          severity: 'error',
          code: 'sudoku/digit-out-of-range',
          message: `${cell.value} is not a digit of a ${board.size}x${board.size} sudoku: use 1-${board.size}, or '.' for a blank.`,
        });
      }
    }
  }
  if (problems.length > 0) return doc;
  doc.cells = cells;
  doc.grid = cells.map((row) => row.map((cell) => cell.value));
  readPuzzleComment(doc, board, doc.grid);
  return doc;
}

/** The one-line form of a digit grid, '.' for blanks: what the `# puzzle:` comment holds. */
export function oneLineForm(grid: readonly (readonly number[])[]): string {
  return grid.map((row) => row.map((d) => (d === 0 ? '.' : String(d))).join('')).join('');
}

function readCells(lineText: string, line: number): SudokuCell[] {
  const cells: SudokuCell[] = [];
  for (let i = 0; i < lineText.length; ) {
    const code = lineText.codePointAt(i)!;
    const width = code > 0xffff ? 2 : 1;
    const ch = lineText.slice(i, i + width);
    if (isSpacing(ch)) {
      i += width;
      continue;
    }
    if (isRuleChar(ch) && isRuleLine(lineText)) return [];
    let value: number;
    if (BLANK_CHARS.includes(ch)) value = 0;
    else if (ch >= '1' && ch <= '9') value = ch.charCodeAt(0) - 48;
    else value = -1;
    cells.push({ row: 0, col: 0, value, char: ch, range: range(line, i, i + width) });
    i += width;
  }
  return cells;
}

// Vertical box-drawing lines, light to double, dashed included: column separators like '|'.
const BOX_VERTICALS = '│┃║╎╏┆┇┊┋╽╿';

function isSpacing(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '|' || BOX_VERTICALS.includes(ch) || (ch.charCodeAt(0) > 127 && /^\s$/u.test(ch));
}

/** ASCII rule characters, and every box-drawing character (U+2500-U+257F) that is not a vertical line. */
function isRuleChar(ch: string): boolean {
  if (ch === '-' || ch === '+' || ch === '=') return true;
  const code = ch.charCodeAt(0);
  return ch.length === 1 && code >= 0x2500 && code <= 0x257f && !BOX_VERTICALS.includes(ch);
}

function isRuleLine(lineText: string): boolean {
  for (const ch of lineText) if (!isRuleChar(ch) && !isSpacing(ch)) return false;
  return true;
}

function firstNonSpace(s: string): number {
  for (let i = 0; i < s.length; i++) if (!/\s/.test(s[i]!)) return i;
  return -1;
}

function lastNonSpace(s: string): number {
  for (let i = s.length - 1; i >= 0; i--) if (!/\s/.test(s[i]!)) return i;
  return -1;
}

/**
 * The board size from the rows: a single line of 16, 36 or 81 cells is the one-line form; otherwise the
 * most common row length when it is a supported size (so one short row is reported as short, not as a
 * different board), else the number of rows. Wrong row lengths and counts become problems here.
 */
function inferSize(doc: SudokuDocument, problems: Problem[]): number | undefined {
  const rows = doc.rowLines;
  const gridRange = doc.gridRange!;
  if (rows.length === 1) {
    const n = rows[0]!.cells.length;
    const side = Math.round(Math.sqrt(n));
    if (n > 9) {
      if (side * side === n && isSupportedSize(side)) {
        doc.layout = 'one-line';
        return side;
      }
      problems.push({
        range: rows[0]!.range,
        severity: 'error',
        code: 'sudoku/unsupported-size',
        message: `A one-line sudoku needs 16, 36 or 81 cells (4x4, 6x6 or 9x9); this line has ${n}.`,
      });
      return undefined;
    }
  }
  doc.layout = 'grid';
  const counts = new Map<number, number>();
  for (const row of rows) counts.set(row.cells.length, (counts.get(row.cells.length) ?? 0) + 1);
  let mode = 0;
  let modeCount = 0;
  for (const [length, count] of counts) {
    const better =
      count > modeCount ||
      (count === modeCount && (length === rows.length || (isSupportedSize(length) && !isSupportedSize(mode))));
    if (better) {
      mode = length;
      modeCount = count;
    }
  }
  let size: number;
  if (isSupportedSize(mode)) size = mode;
  else if (isSupportedSize(rows.length)) size = rows.length;
  else {
    const shape = counts.size === 1 ? `${rows.length}x${mode}` : `${rows.length} rows of mostly ${mode} cells`;
    problems.push({
      range: gridRange,
      severity: 'error',
      code: 'sudoku/unsupported-size',
      message: `A grid of ${shape} is not a supported sudoku: use ${SUPPORTED_SIZES.map((n) => `${n}x${n}`).join(', ')}.`,
    });
    return undefined;
  }

  const rowProblems = new CappedProblems(problems);
  rows.forEach((row, i) => {
    if (row.cells.length === size) return;
    const n = row.cells.length;
    const diff = n < size ? `${size - n} missing` : `${n - size} too many`;
    rowProblems.add({
      range: row.range,
      severity: 'error',
      code: 'sudoku/row-length',
      message: `Row ${i + 1} has ${n} cells; a ${size}x${size} sudoku needs ${size} (${diff}).`,
    });
  });
  rowProblems.finish('sudoku/row-length', 'rows of the wrong length');
  if (rows.length < size) {
    const missing = size - rows.length;
    problems.push({
      range: rows[rows.length - 1]!.range,
      severity: 'error',
      code: 'sudoku/row-count',
      message: `Found ${rows.length} rows; a ${size}x${size} sudoku needs ${size} (${missing} missing after this row).`,
    });
  } else if (rows.length > size) {
    problems.push({
      range: { start: rows[size]!.range.start, end: rows[rows.length - 1]!.range.end },
      severity: 'error',
      code: 'sudoku/row-count',
      message: `Found ${rows.length} rows; a ${size}x${size} sudoku needs ${size}: these ${rows.length - size} are extra.`,
    });
  }
  return size;
}

/** Cells in board coordinates, or undefined when the rows do not make an N x N board. */
function boardCells(doc: SudokuDocument, board: Board): SudokuCell[][] | undefined {
  const n = board.size;
  const flat: SudokuCell[] = [];
  if (doc.layout === 'one-line') {
    if (doc.rowLines[0]!.cells.length !== n * n) return undefined;
    flat.push(...doc.rowLines[0]!.cells);
  } else {
    if (doc.rowLines.length !== n) return undefined;
    for (const row of doc.rowLines) {
      if (row.cells.length !== n) return undefined;
      flat.push(...row.cells);
    }
  }
  if (flat.length !== n * n) return undefined;
  const cells: SudokuCell[][] = [];
  for (let r = 0; r < n; r++) {
    const row = flat.slice(r * n, (r + 1) * n);
    row.forEach((cell, c) => {
      cell.row = r;
      cell.col = c;
    });
    cells.push(row);
  }
  return cells;
}

function foreignCharacterProblem(cell: SudokuCell, size: number | undefined): Problem {
  const digits = size === undefined ? '1-9' : `1-${size}`;
  const shown = JSON.stringify(cell.char);
  return {
    range: cell.range,
    severity: 'error',
    code: 'sudoku/invalid-character',
    message: `${shown} is not a sudoku cell: use digits ${digits}, and '.', '0' or '_' for blanks.`,
  };
}

/** Accepts the `# puzzle:` givens only when they fit the board and every given matches the grid. */
function readPuzzleComment(doc: SudokuDocument, board: Board, grid: number[][]): void {
  const comment = doc.puzzleComment;
  if (!comment) return;
  const n = board.size;
  const chars = [...comment.givens];
  if (chars.length !== n * n) {
    doc.puzzleCommentMismatch = `it has ${chars.length} cells, but the grid is ${n}x${n} (${n * n} cells)`;
    return;
  }
  const givens: number[][] = [];
  for (let r = 0; r < n; r++) {
    const row: number[] = [];
    for (let c = 0; c < n; c++) {
      const ch = chars[r * n + c]!;
      const d = BLANK_CHARS.includes(ch) ? 0 : ch >= '1' && ch <= '9' ? ch.charCodeAt(0) - 48 : -1;
      if (d < 0 || d > n) {
        doc.puzzleCommentMismatch = `${JSON.stringify(ch)} at row ${r + 1}, column ${c + 1} is not a digit 1-${n} or a blank`;
        return;
      }
      if (d !== 0 && grid[r]![c] !== d) {
        const actual = grid[r]![c] === 0 ? 'a blank' : String(grid[r]![c]);
        doc.puzzleCommentMismatch = `it has ${d} at row ${r + 1}, column ${c + 1}, but the grid has ${actual} there`;
        return;
      }
      row.push(d);
    }
    givens.push(row);
  }
  doc.originalGivens = givens;
}
