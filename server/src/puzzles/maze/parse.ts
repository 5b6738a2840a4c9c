/**
 * Reads a `.maze` file: a rectangular ASCII grid, one row per line: `#` wall, space or `.` open, `S` start,
 * `G` goal, `o` a drawn path (as in the reference Maze-Hard data). Cells are UTF-16 code units, so column
 * c of a row is character c of its line.
 *
 * Comments are not supported: `#` is a wall, so a "comment" line would be a row of the maze. Blank lines
 * before and after the grid are ignored; an empty line inside it is an error. Rows must all be as wide:
 * a short row is an error rather than silently padded, because editors that trim trailing whitespace
 * would otherwise change the maze without anyone noticing (write '.' for open cells at the end of a row).
 */
import type { ParsedPuzzle, Problem, SourceRange } from '../types';
import { detectEol, range, splitLines } from '../common/text';
import { CappedProblems, MAX_MAZE_CELLS, MAX_MAZE_CHARS, tooLargeProblem } from '../common/limits';
import { mazeVocabulary } from '../vocabulary';

export interface MazeCell {
  row: number;
  col: number;
}

export interface MazeDocument extends ParsedPuzzle {
  kind: 'maze';
  /** Source line of row 0. */
  firstLine: number;
  /** Each row's text as written. */
  rowTexts: string[];
  rows: number;
  /** The rows' common width (the most common row length). */
  cols: number;
  /** Row-major vocabulary tokens (wall, open, start, goal, path); 0 where a cell is missing or foreign. */
  cells: Uint8Array;
  starts: MazeCell[];
  goals: MazeCell[];
  pathCount: number;
  /** True when every row is complete and every character is a maze cell. */
  wellFormed: boolean;
  gridRange: SourceRange | undefined;
  /** The character open cells are mostly written with: '.' or ' '. */
  openChar: ' ' | '.';
  eol: string;
}

const { wall, open, start, goal, path } = mazeVocabulary;

/** The token of each ASCII character that is a maze cell ('.' is open too), 0 for the rest. */
const ASCII_TOKENS = (() => {
  const table = new Uint8Array(128);
  for (let code = 0; code < 128; code++) table[code] = mazeVocabulary.charToken(String.fromCharCode(code)) ?? 0;
  table[46] = open;
  return table;
})();

export function parseMaze(text: string): MazeDocument {
  const problems: Problem[] = [];
  const empty = emptyMaze(text, problems);
  if (text.length > MAX_MAZE_CHARS) {
    problems.push(tooLargeProblem('maze/too-large', 'a maze', text.length, MAX_MAZE_CHARS));
    return empty;
  }
  const lines = splitLines(text);
  let first = 0;
  let last = lines.length - 1;
  while (first <= last && lines[first]!.text.trim() === '') first++;
  while (last >= first && lines[last]!.text.trim() === '') last--;

  const doc = empty;
  doc.firstLine = first;
  if (first > last) {
    problems.push({
      range: range(0, 0, 0),
      severity: 'error',
      code: 'maze/empty',
      message: "No maze found: draw a grid with '#' walls, spaces or '.' for open cells, one 'S' and one 'G'.",
    });
    return doc;
  }

  const rowTexts = lines.slice(first, last + 1).map((l) => l.text);
  const rows = rowTexts.length;
  const cols = commonWidth(rowTexts);
  if (rows * cols > MAX_MAZE_CELLS) {
    problems.push({
      ...tooLargeProblem('maze/too-large', 'a maze', text.length, MAX_MAZE_CHARS),
      message: `This maze is ${rows}x${cols} (${(rows * cols).toLocaleString('en-US')} cells); mazes are read up to ${MAX_MAZE_CELLS.toLocaleString('en-US')} cells (1000x1000), so it is not checked further.`,
    });
    return doc;
  }
  doc.rowTexts = rowTexts;
  doc.rows = rows;
  doc.cols = cols;
  doc.gridRange = { start: { line: first, character: 0 }, end: { line: last, character: rowTexts[rows - 1]!.length } };
  const cells = new Uint8Array(rows * cols);
  doc.cells = cells;
  let dots = 0;
  let spaces = 0;
  // A row's faults and a bad character's are reported up to a limit each, then summarised.
  const rowProblems = new CappedProblems(problems);
  const foreign = new CappedProblems(problems);

  for (let r = 0; r < rows; r++) {
    const rowText = rowTexts[r]!;
    const line = first + r;
    if (rowText.length === 0) {
      rowProblems.add({
        range: range(line, 0, 0),
        severity: 'error',
        code: 'maze/blank-line',
        message: `Empty line inside the maze (row ${r + 1}): every row needs ${cols} cells; draw open cells with '.' or spaces.`,
      });
      continue;
    }
    for (let c = 0; c < rowText.length; ) {
      const code = rowText.codePointAt(c)!;
      const width = code > 0xffff ? 2 : 1;
      // Cells are ASCII: looked up by code, with no string made per character (a maze can have a million).
      const token = code < 128 ? ASCII_TOKENS[code]! : 0;
      if (token === 0) {
        const at = range(line, c, c + width);
        const ch = rowText.slice(c, c + width);
        foreign.add(() => ({ range: at, severity: 'error', code: 'maze/invalid-character', message: foreignMessage(ch) }), at);
      } else if (c < cols) {
        cells[r * cols + c] = token;
        if (token === start) doc.starts.push({ row: r, col: c });
        else if (token === goal) doc.goals.push({ row: r, col: c });
        else if (token === path) doc.pathCount++;
        else if (code === 46 /* . */) dots++;
        else if (code === 32 /* space */) spaces++;
      }
      c += width;
    }
    if (rowText.length !== cols) {
      const n = Math.abs(cols - rowText.length);
      const message =
        rowText.length < cols
          ? `Row ${r + 1} is ${n} ${n === 1 ? 'cell' : 'cells'} short of the maze's width of ${cols}. Rows must be equally wide; if an editor trimmed trailing spaces, write open cells at the end of a row as '.'.`
          : `Row ${r + 1} is ${n} ${n === 1 ? 'cell' : 'cells'} wider than the maze's width of ${cols}.`;
      rowProblems.add({ range: range(line, 0, rowText.length), severity: 'error', code: 'maze/ragged-row', message });
    }
  }
  rowProblems.finish('maze/ragged-row', 'rows that are empty or not as wide as the maze');
  foreign.finish('maze/invalid-character', 'characters that are not maze cells');
  doc.openChar = dots > spaces ? '.' : ' ';
  doc.wellFormed = problems.length === 0;
  return doc;
}

function emptyMaze(text: string, problems: Problem[]): MazeDocument {
  return {
    kind: 'maze',
    text,
    problems,
    firstLine: 0,
    rowTexts: [],
    rows: 0,
    cols: 0,
    cells: new Uint8Array(0),
    starts: [],
    goals: [],
    pathCount: 0,
    wellFormed: false,
    gridRange: undefined,
    openChar: ' ',
    eol: detectEol(text),
  };
}

/** The most common row length (ties go to the wider), so one odd row is the one reported. */
function commonWidth(rowTexts: readonly string[]): number {
  const counts = new Map<number, number>();
  for (const t of rowTexts) if (t.length > 0) counts.set(t.length, (counts.get(t.length) ?? 0) + 1);
  let best = 0;
  let bestCount = 0;
  for (const [length, count] of counts) {
    if (count > bestCount || (count === bestCount && length > best)) {
      best = length;
      bestCount = count;
    }
  }
  return best;
}

function foreignMessage(ch: string): string {
  const hint =
    ch === '\t' ? 'a tab is not a cell: use spaces or \'.\' for open cells'
    : ch === 's' ? "did you mean 'S' (start)?"
    : ch === 'g' ? "did you mean 'G' (goal)?"
    : ch === 'O' || ch === '0' || ch === '*' ? "did you mean 'o' (path)?"
    : "use '#' for walls, space or '.' for open cells, 'S', 'G' and 'o' for the path";
  return `${JSON.stringify(ch)} is not a maze cell: ${hint}.`;
}

export function cellToken(doc: MazeDocument, row: number, col: number): number {
  return doc.cells[row * doc.cols + col] ?? 0;
}

/** The source range of one cell. */
export function mazeCellRange(doc: MazeDocument, row: number, col: number): SourceRange {
  return range(doc.firstLine + row, col, col + 1);
}

/** The maze as token rows; with `withPath` false, drawn path cells become open cells (the model's input). */
export function mazeTokens(doc: MazeDocument, withPath: boolean): number[][] {
  const grid: number[][] = [];
  for (let r = 0; r < doc.rows; r++) {
    const row = Array.from(doc.cells.subarray(r * doc.cols, (r + 1) * doc.cols));
    if (!withPath) for (let c = 0; c < row.length; c++) if (row[c] === path) row[c] = open;
    grid.push(row);
  }
  return grid;
}

export function isPassable(token: number): boolean {
  return token !== wall && token !== 0;
}
