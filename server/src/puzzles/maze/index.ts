/**
 * The `.maze` language: parsing, diagnostics, BFS as the exact solver, verification, edits, hovers and the
 * model encoding (reference Maze-Hard vocabulary, the maze at the top-left of the canvas, walls around it).
 */
import type { Canvas, HoverFacts, PuzzleInstance, PuzzleLanguage, SourcePosition, TokenGrid } from '../types';
import { MAZE_CHARSET, mazeVocabulary } from '../vocabulary';
import { analyseMaze } from './analysis';
import { diagnoseMaze } from './diagnose';
import { formatMaze, writeMazeAnswer, writeMazeCell } from './edit';
import { cellToken, type MazeDocument, mazeCellRange, mazeTokens, parseMaze } from './parse';
import { shortestPath } from './solve';
import { plural } from '../common/text';
import { verifyMaze } from './verify';

export type { MazeCell, MazeDocument } from './parse';
export { parseMaze, mazeTokens } from './parse';
export { distancesFrom, shortestPath } from './solve';
export { analysePath, type PathAnalysis, type PathIssue } from './path';

const { wall, open, start, goal, path } = mazeVocabulary;

export const mazeLanguage: PuzzleLanguage<MazeDocument> = {
  kind: 'maze',
  parse: parseMaze,
  diagnose: diagnoseMaze,

  instances(doc) {
    if (!doc.wellFormed || !doc.gridRange) return [];
    const instance: PuzzleInstance = {
      index: 0,
      label: `${doc.rows}x${doc.cols} maze`,
      rows: doc.rows,
      cols: doc.cols,
      input: mazeTokens(doc, false),
      range: doc.gridRange,
    };
    if (doc.pathCount > 0) instance.current = mazeTokens(doc, true);
    return [instance];
  },

  /**
   * BFS from S. `unique` here means "solvable": the shortest length is unique, though several paths may
   * reach it; the answer is the one BFS finds (neighbours tried up, down, left, right).
   */
  exactSolve(doc, instance) {
    if (instance !== 0) return { status: 'none', reason: `A maze file holds one maze (instance 0), not instance ${instance}.` };
    if (!doc.wellFormed) return { status: 'none', reason: 'The maze cannot be read.' };
    const analysis = analyseMaze(doc);
    if (!analysis) return { status: 'none', reason: 'The maze needs exactly one S and one G.' };
    const between = shortestPath(analysis.fromStart, doc.rows, doc.cols, analysis.goal);
    if (!between) return { status: 'none', reason: 'The goal cannot be reached from the start.' };
    const answer = mazeTokens(doc, false);
    for (const { row, col } of between) answer[row]![col] = path;
    return { status: 'unique', answer };
  },

  verify(doc, instance, answer) {
    if (instance !== 0) return { status: 'unverifiable', reason: `A maze file holds one maze, not instance ${instance}.` };
    return verifyMaze(doc, answer);
  },

  writeAnswer(doc, instance, answer) {
    return instance === 0 ? writeMazeAnswer(doc, answer) : [];
  },

  writeCell(doc, instance, row, col, token) {
    return instance === 0 ? writeMazeCell(doc, row, col, token) : [];
  },

  format: formatMaze,

  describe(doc, position) {
    return describeMaze(doc, position);
  },

  cellAt(doc, position) {
    const cell = cellUnder(doc, position);
    return cell ? { instance: 0, ...cell } : undefined;
  },

  answerCellRange(doc, instance, row, col) {
    if (instance !== 0 || row < 0 || row >= doc.rows || col < 0 || col >= doc.cols) return undefined;
    return mazeCellRange(doc, row, col);
  },

  /** The maze at the top-left, the rest of the canvas walls: walls are in the training data, pad tokens are not. */
  toModelInput(instance, canvas) {
    return toMazeModelInput(instance, canvas);
  },

  fromModelOutput(instance, canvas, sequence) {
    const answer: TokenGrid = [];
    for (let r = 0; r < instance.rows; r++) {
      const row: number[] = [];
      for (let c = 0; c < instance.cols; c++) row.push(Number(sequence[r * canvas.cols + c] ?? 0));
      answer.push(row);
    }
    return answer;
  },

  tokenText(token) {
    return token >= 1 && token <= MAZE_CHARSET.length ? mazeVocabulary.tokenChar(token) : '?';
  },
};

function toMazeModelInput(instance: PuzzleInstance, canvas: Canvas): Int32Array | { error: string } {
  if (instance.rows > canvas.rows || instance.cols > canvas.cols) {
    return { error: `This ${instance.rows}x${instance.cols} maze is larger than the model's ${canvas.rows}x${canvas.cols} canvas.` };
  }
  const seq = new Int32Array(canvas.rows * canvas.cols).fill(wall);
  for (let r = 0; r < instance.rows; r++) {
    for (let c = 0; c < instance.cols; c++) seq[r * canvas.cols + c] = instance.input[r]![c]!;
  }
  return seq;
}

/** The cell under a position; a cursor just after a row's last cell counts as on it. */
function cellUnder(doc: MazeDocument, position: SourcePosition): { row: number; col: number } | undefined {
  if (!doc.wellFormed) return undefined;
  const row = position.line - doc.firstLine;
  if (row < 0 || row >= doc.rows || position.character < 0 || position.character > doc.cols) return undefined;
  return { row, col: Math.min(position.character, doc.cols - 1) };
}

function describeMaze(doc: MazeDocument, position: SourcePosition): HoverFacts | undefined {
  const cell = cellUnder(doc, position);
  if (!cell) return undefined;
  const { row, col } = cell;
  const token = cellToken(doc, row, col);
  const analysis = analyseMaze(doc);
  const facts = [`row ${row + 1}, column ${col + 1}`, NAMES[token] ?? 'unknown'];
  if (analysis) {
    const reachable = analysis.shortest >= 0;
    if (token === start || token === goal) {
      facts.push(reachable ? `shortest path: ${analysis.shortest} steps` : 'the goal cannot be reached from the start');
      if (analysis.drawnPath.steps !== undefined && analysis.drawnPath.pathCells > 0) facts.push(`drawn path: ${analysis.drawnPath.steps} steps`);
    } else if (token === open || token === path) {
      const d = analysis.fromStart[row * doc.cols + col]!;
      facts.push(d >= 0 ? `${plural(d, 'step')} from the start` : 'not reachable from the start');
    }
  }
  const view = hoverWindow(doc, row, col);
  if (view.rows < doc.rows || view.cols < doc.cols) {
    facts.push(`picture: rows ${view.row0 + 1}–${view.row0 + view.rows}, columns ${view.col0 + 1}–${view.col0 + view.cols} around the cursor`);
  }
  return {
    range: mazeCellRange(doc, row, col),
    title: `${doc.rows}x${doc.cols} maze`,
    facts,
    grid: { tokens: windowTokens(doc, view), highlight: { row: row - view.row0, col: col - view.col0 } },
    instance: 0,
  };
}

/** Cells along each side of a hover's picture at most: a large maze is shown as the window around the cursor. */
export const HOVER_WINDOW_CELLS = 64;

interface MazeWindow {
  row0: number;
  col0: number;
  rows: number;
  cols: number;
}

function hoverWindow(doc: MazeDocument, row: number, col: number): MazeWindow {
  const span = (length: number, at: number): [number, number] => {
    if (length <= HOVER_WINDOW_CELLS) return [0, length];
    return [Math.max(0, Math.min(length - HOVER_WINDOW_CELLS, at - Math.floor(HOVER_WINDOW_CELLS / 2))), HOVER_WINDOW_CELLS];
  };
  const [row0, rows] = span(doc.rows, row);
  const [col0, cols] = span(doc.cols, col);
  return { row0, col0, rows, cols };
}

/** The window's cells as token rows, drawn path included: only the window is copied, never the whole maze. */
function windowTokens(doc: MazeDocument, view: MazeWindow): TokenGrid {
  const grid: TokenGrid = [];
  for (let r = view.row0; r < view.row0 + view.rows; r++) {
    grid.push(Array.from(doc.cells.subarray(r * doc.cols + view.col0, r * doc.cols + view.col0 + view.cols)));
  }
  return grid;
}

const NAMES: Record<number, string> = { [wall]: 'wall', [open]: 'open', [start]: 'start (S)', [goal]: 'goal (G)', [path]: 'path (o)' };
