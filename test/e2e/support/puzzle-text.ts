/**
 * Reading the example puzzle files the way the scenarios need: where a cell is (to put the cursor on it) and
 * what is left blank. Deliberately naive and independent of the extension's parsers: the suite checks what a
 * person sees in the text, not what the server thinks.
 */

/** A 1-based editor position, as Go to Line/Column takes it. */
export interface EditorPosition {
  line: number;
  column: number;
}

/** Sudoku grid rows: not comments (`#`), not rule lines (`---+---`), not empty. */
export function sudokuRows(text: string): string[] {
  return text.split(/\r?\n/).filter((line) => line.trim() !== '' && !line.startsWith('#') && !/^[-+|\s]+$/.test(line));
}

/** How many blank cells (`.`, `0` or `_`) the sudoku grid still has. */
export function sudokuBlanks(text: string): number {
  return sudokuRows(text).reduce((n, row) => n + (row.match(/[._0]/g)?.length ?? 0), 0);
}

/** The first sudoku cell whose character matches `cell` (e.g. /\d/ for a given, /\./ for a blank). */
export function firstSudokuCell(text: string, cell: RegExp): EditorPosition {
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (!sudokuRows(line).length) continue;
    for (let j = 0; j < line.length; j++) {
      if (cell.test(line[j] ?? '') && !/[|\s]/.test(line[j] ?? '')) return { line: i + 1, column: j + 1 };
    }
  }
  throw new Error(`no sudoku cell matching ${cell} in:\n${text}`);
}

/** The first colour value of an ARC grid row (a line like `[0, 4, 6],`). */
export function firstArcCell(text: string): EditorPosition {
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const match = /^(\s*\[\s*)\d/.exec(lines[i] ?? '');
    if (match) return { line: i + 1, column: (match[1]?.length ?? 0) + 1 };
  }
  throw new Error(`no ARC grid row in:\n${text}`);
}

/** How many cells of a maze are marked as path (`o`). */
export function mazePathCells(text: string): number {
  return text.match(/o/g)?.length ?? 0;
}

/** Every blank sudoku cell (`.`, `0` or `_` in a grid row), in reading order. */
export function blankSudokuCells(text: string): EditorPosition[] {
  const cells: EditorPosition[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (!sudokuRows(line).length) return;
    [...line].forEach((ch, j) => {
      if (/[._0]/.test(ch)) cells.push({ line: i + 1, column: j + 1 });
    });
  });
  return cells;
}
