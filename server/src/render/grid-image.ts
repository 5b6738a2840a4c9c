/**
 * Draws token grids (any puzzle kind) as small PNG pictures for hover markdown: ARC grids in the ARC
 * palette, mazes as walls and floor, sudoku as digits with box lines. Marks outline cells that changed
 * between recursion steps, cells that are wrong, and the cell under the cursor.
 */
import type { PuzzleKind, TokenGrid } from '../puzzles/types';
import { ARC_COLOURS } from '../puzzles/arc/palette';
import { arcVocabulary, mazeVocabulary, sudokuVocabulary } from '../puzzles/vocabulary';
import { drawGlyph } from './glyphs';
import { hexRgb, Raster, type Rgb } from './png';

export type CellMark = 'changed' | 'wrong' | 'cursor';

export interface GridPictureOptions {
  /** Cells to outline, keyed `${row},${col}`. */
  marks?: ReadonlyMap<string, CellMark>;
  /** Sudoku only: cells that are givens, drawn darker than filled-in digits. */
  givens?: readonly (readonly boolean[])[];
  /** Largest side of the picture in pixels. */
  maxSide?: number;
}


const GRID_LINE = hexRgb('#555555');
const MARK_COLOURS: Record<CellMark, Rgb> = {
  changed: hexRgb('#FF8C00'),
  wrong: hexRgb('#E00000'),
  cursor: hexRgb('#1E90FF'),
};
const PAD_COLOUR = hexRgb('#2B2B2B');
const SUDOKU_BACKGROUND = hexRgb('#FFFFFF');
const SUDOKU_GIVEN = hexRgb('#111111');
const SUDOKU_FILLED = hexRgb('#1565C0');
const MAZE_COLOURS: Record<number, Rgb> = {
  [mazeVocabulary.wall]: hexRgb('#333333'),
  [mazeVocabulary.open]: hexRgb('#F4F4F4'),
  [mazeVocabulary.start]: hexRgb('#2E7D32'),
  [mazeVocabulary.goal]: hexRgb('#C62828'),
  [mazeVocabulary.path]: hexRgb('#42A5F5'),
};

export function sudokuBoxShape(size: number): { rows: number; cols: number } {
  if (size === 6) return { rows: 2, cols: 3 };
  const side = Math.round(Math.sqrt(size));
  return side * side === size ? { rows: side, cols: side } : { rows: size, cols: size };
}

function cellSizeFor(rows: number, cols: number, maxSide: number): number {
  return Math.max(4, Math.min(24, Math.floor(maxSide / Math.max(rows, cols, 1))));
}

/**
 * The most cells a picture shows along either side. Callers pass small grids (a sudoku, an ARC grid, a
 * window of a maze); this bound keeps a picture of any grid a few hundred pixels wide, whatever it is given.
 */
export const MAX_PICTURE_CELLS = 64;

/** The rows and columns a picture shows: all of them, or a window of at most `limit` around `focus`. */
export interface PictureWindow {
  row0: number;
  col0: number;
  rows: number;
  cols: number;
}

export function pictureWindow(rows: number, cols: number, focus: { row: number; col: number } | undefined, limit = MAX_PICTURE_CELLS): PictureWindow {
  const span = (length: number, at: number): [number, number] => {
    if (length <= limit) return [0, length];
    const start = Math.max(0, Math.min(length - limit, at - Math.floor(limit / 2)));
    return [start, limit];
  };
  const [row0, r] = span(rows, focus?.row ?? 0);
  const [col0, c] = span(cols, focus?.col ?? 0);
  return { row0, col0, rows: r, cols: c };
}

function widestRow(tokens: TokenGrid): number {
  let widest = 0;
  for (const row of tokens) if (row.length > widest) widest = row.length;
  return widest;
}

/** The first cursor mark, where a window of a large grid is centred. */
function cursorOf(marks: ReadonlyMap<string, CellMark> | undefined): { row: number; col: number } | undefined {
  for (const [key, mark] of marks ?? []) {
    if (mark !== 'cursor') continue;
    const [row, col] = key.split(',').map(Number) as [number, number];
    return { row, col };
  }
  return undefined;
}

export function renderGrid(kind: PuzzleKind, tokens: TokenGrid, options: GridPictureOptions = {}): Raster {
  const window = pictureWindow(tokens.length, widestRow(tokens), cursorOf(options.marks));
  const { rows, cols } = window;
  const cell = cellSizeFor(rows, cols, options.maxSide ?? 216);
  const line = 1;
  const raster = new Raster(cols * cell + line, rows * cell + line);
  raster.fillRect(0, 0, raster.width, raster.height, GRID_LINE);

  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const token = tokens[window.row0 + r]?.[window.col0 + c] ?? 0;
      const x = c * cell + line;
      const y = r * cell + line;
      const inner = cell - line;
      if (kind === 'arc') {
        const colour = arcVocabulary.isColourToken(token) ? ARC_COLOURS[arcVocabulary.tokenColour(token)]! : undefined;
        raster.fillRect(x, y, inner, inner, colour ? hexRgb(colour) : PAD_COLOUR);
      } else if (kind === 'maze') {
        raster.fillRect(x, y, inner, inner, MAZE_COLOURS[token] ?? PAD_COLOUR);
        if (token === mazeVocabulary.start) drawGlyph(raster, 'S', x, y, inner, hexRgb('#FFFFFF'));
        if (token === mazeVocabulary.goal) drawGlyph(raster, 'G', x, y, inner, hexRgb('#FFFFFF'));
      } else {
        raster.fillRect(x, y, inner, inner, SUDOKU_BACKGROUND);
        if (sudokuVocabulary.isDigitToken(token, Math.max(rows, cols))) {
          const ink = options.givens?.[window.row0 + r]?.[window.col0 + c] === false ? SUDOKU_FILLED : SUDOKU_GIVEN;
          drawGlyph(raster, String(sudokuVocabulary.tokenDigit(token)), x, y, inner, ink);
        }
      }
    }
  }

  if (kind === 'sudoku') drawBoxLines(raster, rows, cols, cell);

  for (const [key, mark] of options.marks ?? []) {
    const [markRow, markCol] = key.split(',').map(Number) as [number, number];
    const r = markRow - window.row0;
    const c = markCol - window.col0;
    if (r < 0 || r >= rows || c < 0 || c >= cols) continue;
    raster.strokeRect(c * cell, r * cell, cell + line, cell + line, Math.max(2, Math.floor(cell / 5)), MARK_COLOURS[mark]);
  }
  return raster;
}

function drawBoxLines(raster: Raster, rows: number, cols: number, cell: number): void {
  const box = sudokuBoxShape(Math.max(rows, cols));
  const ink = hexRgb('#000000');
  for (let r = 0; r <= rows; r += box.rows) raster.fillRect(0, r * cell - 1, raster.width, 3, ink);
  for (let c = 0; c <= cols; c += box.cols) raster.fillRect(c * cell - 1, 0, 3, raster.height, ink);
}

/** Markdown for a grid picture: an inline PNG image with a text alternative for clients without images. */
export function gridMarkdown(kind: PuzzleKind, tokens: TokenGrid, alt: string, options: GridPictureOptions = {}): string {
  return `![${alt.replace(/[[\]]/g, '')}](${renderGrid(kind, tokens, options).toDataUri()})`;
}

export function markKey(row: number, col: number): string {
  return `${row},${col}`;
}
