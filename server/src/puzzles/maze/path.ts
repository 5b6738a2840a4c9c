/**
 * Reads a drawn path: the `o` cells plus S and G must form a simple 4-connected chain from S to G, so the
 * drawing has exactly one reading. Every `o` then touches exactly two path cells and S and G one each;
 * anything else is reported on the cell where the drawing goes wrong.
 */
import { neighbours4 } from '../common/grid';
import { mazeVocabulary } from '../vocabulary';
import type { MazeCell } from './parse';

export type PathIssueKind = 'stray' | 'dead-end' | 'branch' | 'start-not-on-path' | 'goal-not-reached' | 'loop';

export interface PathIssue extends MazeCell {
  kind: PathIssueKind;
  message: string;
}

export interface PathAnalysis {
  /** Number of `o` cells. */
  pathCells: number;
  /** The first MAX_RECORDED_ISSUES issues in reading order (a drawing of a million stray cells has a million). */
  issues: PathIssue[];
  /** How many issues there are in all. */
  issueCount: number;
  /** Steps from S to G along the path, when it is a valid chain. */
  steps: number | undefined;
  /** The chain's cells (row-major indices) from S to G, when it is valid. */
  chain: number[] | undefined;
}

/** Issues kept as objects; the rest are only counted, so the work stays bounded by the maze's size alone. */
export const MAX_RECORDED_ISSUES = 1000;

export function analysePath(cells: Uint8Array, rows: number, cols: number, startCell: MazeCell, goalCell: MazeCell): PathAnalysis {
  const { path } = mazeVocabulary;
  const s = startCell.row * cols + startCell.col;
  const g = goalCell.row * cols + goalCell.col;
  const onPath = (i: number): boolean => i === s || i === g || cells[i] === path;
  const neighbours = (i: number): number[] => neighbours4(i, rows, cols);
  // Called for every path cell: counted in place rather than through a neighbour list per cell.
  const degree = (i: number): number => {
    const r = Math.floor(i / cols);
    const c = i - r * cols;
    return (r > 0 && onPath(i - cols) ? 1 : 0) + (r < rows - 1 && onPath(i + cols) ? 1 : 0) + (c > 0 && onPath(i - 1) ? 1 : 0) + (c < cols - 1 && onPath(i + 1) ? 1 : 0);
  };

  let pathCells = 0;
  for (let i = 0; i < cells.length; i++) if (cells[i] === path && i !== s && i !== g) pathCells++;
  const issues: PathIssue[] = [];
  let issueCount = 0;
  const at = (i: number, kind: PathIssueKind, message: () => string): void => {
    if (issueCount++ < MAX_RECORDED_ISSUES) issues.push({ row: Math.floor(i / cols), col: i % cols, kind, message: message() });
  };

  if (pathCells === 0) {
    const adjacent = neighbours(s).includes(g);
    return { pathCells, issues, issueCount, steps: adjacent ? 1 : undefined, chain: adjacent ? [s, g] : undefined };
  }

  // The pieces touching S and G, found only when a dead end asks which piece it is on.
  let startPiece: Set<number> | undefined;
  let goalPiece: Set<number> | undefined;
  const fromStart = () => (startPiece ??= reach(s, onPath, neighbours));
  const fromGoal = () => (goalPiece ??= reach(g, onPath, neighbours));
  for (let i = 0; i < cells.length; i++) {
    if (cells[i] !== path || i === s || i === g) continue;
    const d = degree(i);
    if (d === 0) at(i, 'stray', () => 'Path cell not connected: it touches no other path cell, S or G.');
    else if (d === 1) {
      if (fromStart().has(i)) at(i, 'dead-end', () => 'The path from S stops here: it does not reach the goal.');
      else if (fromGoal().has(i)) at(i, 'dead-end', () => 'The path to G starts here: it is not connected to the start.');
      else at(i, 'dead-end', () => 'Path cell not connected: this piece of path touches neither S nor G.');
    } else if (d > 2) at(i, 'branch', () => `The path branches here (${d} path neighbours; a path has 2).`);
  }
  const sd = degree(s);
  const gd = degree(g);
  if (sd === 0) at(s, 'start-not-on-path', () => 'The drawn path does not start at S.');
  else if (sd > 1) at(s, 'branch', () => 'The path branches at the start (S touches more than one path cell).');
  if (gd === 0) at(g, 'goal-not-reached', () => 'The drawn path does not reach the goal.');
  else if (gd > 1) at(g, 'branch', () => 'The path branches at the goal (G touches more than one path cell).');
  if (issueCount > 0) return { pathCells, issues, issueCount, steps: undefined, chain: undefined };

  // Every degree is right, so S's piece is a chain ending at G; any other piece is a closed loop.
  const seen = new Set<number>(fromStart());
  for (let i = 0; i < cells.length; i++) {
    if (cells[i] !== path || seen.has(i)) continue;
    const loop = reach(i, onPath, neighbours);
    for (const j of loop) seen.add(j);
    at(i, 'loop', () => `Path cell not connected: ${loop.size} path cells form a loop apart from the path from S to G.`);
  }
  if (issueCount > 0) return { pathCells, issues, issueCount, steps: undefined, chain: undefined };
  return { pathCells, issues, issueCount, steps: pathCells + 1, chain: walkChain(s, g, onPath, neighbours) };
}

/** Follows a valid chain from S, each step to the one path neighbour not yet visited. */
function walkChain(s: number, g: number, onPath: (i: number) => boolean, neighbours: (i: number) => number[]): number[] {
  const chain = [s];
  let previous = -1;
  let current = s;
  while (current !== g) {
    const next = neighbours(current).find((j) => j !== previous && onPath(j));
    if (next === undefined) break;
    previous = current;
    current = next;
    chain.push(current);
  }
  return chain;
}

function reach(from: number, onPath: (i: number) => boolean, neighbours: (i: number) => number[]): Set<number> {
  const seen = new Set<number>([from]);
  const stack = [from];
  while (stack.length > 0) {
    const i = stack.pop()!;
    for (const j of neighbours(i)) {
      if (!seen.has(j) && onPath(j)) {
        seen.add(j);
        stack.push(j);
      }
    }
  }
  return seen;
}
