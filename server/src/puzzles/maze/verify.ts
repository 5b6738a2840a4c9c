/**
 * Checks a proposed maze answer (a model's): the maze itself unchanged (walls, S, G), every other cell
 * open or path, and the path a simple chain from S to G of the shortest length. Any shortest path is
 * accepted, not only the one the exact solver returns.
 */
import type { TokenGrid, Verification, WrongCell } from '../types';
import { mazeVocabulary } from '../vocabulary';
import { analyseMaze } from './analysis';
import type { MazeDocument } from './parse';
import { analysePath } from './path';

const { wall, open, start, goal, path } = mazeVocabulary;

export function verifyMaze(doc: MazeDocument, answer: TokenGrid): Verification {
  const analysis = analyseMaze(doc);
  if (!analysis) return { status: 'unverifiable', reason: 'The maze cannot be read, or it lacks a single S and G.' };
  const { rows, cols } = doc;
  if (answer.length !== rows || answer.some((row) => row.length !== cols)) {
    return { status: 'wrong', wrongCells: [], summary: `The answer is ${answer.length}x${answer[0]?.length ?? 0}; this maze is ${rows}x${cols}.` };
  }

  const wrongCells: WrongCell[] = [];
  const cells = new Uint8Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const i = r * cols + c;
      const given = doc.cells[i] === path ? open : doc.cells[i]!;
      const actual = answer[r]![c]!;
      const reason = cellReason(given, actual);
      if (reason) wrongCells.push({ row: r, col: c, actual, expected: given, reason });
      // Unchanged walls, S and G for the path check, whatever the answer put there.
      cells[i] = given === open ? (actual === path ? path : open) : given;
    }
  }
  if (wrongCells.length > 0) return { status: 'wrong', wrongCells, summary: `${wrongCells.length} cells change the maze itself.` };

  const { shortest } = analysis;
  if (shortest < 0) {
    const drawn = pathCellsOf(cells, cols).map(({ row, col }) => ({ row, col, actual: path, reason: 'the goal cannot be reached' }));
    return { status: 'wrong', wrongCells: drawn, summary: 'The goal cannot be reached from the start, so no path can be right.' };
  }
  const drawn = analysePath(cells, rows, cols, analysis.start, analysis.goal);
  if (drawn.issues.length > 0) {
    const issues = drawn.issues.map((issue) => ({ row: issue.row, col: issue.col, actual: answer[issue.row]![issue.col]!, reason: issue.message }));
    return { status: 'wrong', wrongCells: issues, summary: `The path is not a simple chain from S to G (${issues.length} problem${issues.length === 1 ? '' : 's'}).` };
  }
  if (drawn.steps === undefined) {
    return {
      status: 'wrong',
      wrongCells: [{ row: analysis.goal.row, col: analysis.goal.col, actual: goal, reason: 'no path reaches the goal' }],
      summary: 'No path is drawn.',
    };
  }
  if (drawn.steps > shortest) {
    // Along a shortest path every cell is reached in exactly its BFS distance; the detour starts where the
    // drawn path takes longer than that.
    const late = (drawn.chain ?? [])
      .map((cell, step) => ({ cell, step, distance: analysis.fromStart[cell]! }))
      .filter(({ cell, step, distance }) => doc.cells[cell] !== goal && step > distance)
      .map(({ cell, step, distance }) => ({
        row: Math.floor(cell / cols),
        col: cell % cols,
        actual: path,
        reason: `the path reaches this cell in ${step} steps; it is ${distance} steps from the start`,
      }));
    return { status: 'wrong', wrongCells: late, summary: `The path takes ${drawn.steps} steps; the shortest takes ${shortest}.` };
  }
  return { status: 'correct' };
}

function cellReason(given: number, actual: number): string | undefined {
  if (actual < wall || actual > path) return `token ${actual} is not a maze cell`;
  if (given === open) return actual === open || actual === path ? undefined : `an open cell became ${describeToken(actual)}`;
  if (actual === given) return undefined;
  if (given === wall) return actual === path ? 'the path goes through a wall' : `a wall became ${describeToken(actual)}`;
  if (given === start) return 'the start moved';
  if (given === goal) return 'the goal moved';
  return 'this cell changed';
}

function describeToken(token: number): string {
  return token === wall ? 'a wall' : token === start ? 'a start' : token === goal ? 'a goal' : token === path ? 'path' : 'open';
}

function pathCellsOf(cells: Uint8Array, cols: number): { row: number; col: number }[] {
  const out: { row: number; col: number }[] = [];
  for (let i = 0; i < cells.length; i++) if (cells[i] === path) out.push({ row: Math.floor(i / cols), col: i % cols });
  return out;
}
