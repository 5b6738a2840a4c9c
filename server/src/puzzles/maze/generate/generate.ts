/**
 * Maze puzzles in the spirit of the reference Maze-Hard (30x30, long shortest path): a carved maze
 * (carve.ts), S on a random open cell, G drawn among the cells far from S (at least `farFraction` of the
 * farthest distance), and the whole maze redrawn until the shortest S-G path is at least `minPathLength`
 * steps. The label is the maze with that path marked `o`, as the domain's BFS finds it.
 *
 * By default the shortest path must also be the only shortest path: with loops there can be several
 * equally short routes, and then the label would be one arbitrary choice among right answers (and a
 * rotated copy would pick a different one than the label's rotation), which trains the model on noise.
 */
import { distancesFrom, shortestPath } from '../solve';
import type { MazeCell } from '../parse';
import type { TokenGrid } from '../../types';
import { mazeVocabulary } from '../../vocabulary';
import type { Rng } from '../../common/random';
import { carveMaze, type CarvedMaze, type MazeAlgorithm } from './carve';

export interface MazeGenerationOptions {
  rows: number;
  cols: number;
  /** Default 'dfs'. */
  algorithm?: MazeAlgorithm;
  /** Chance that each remaining wall between two lattice cells is opened (default 0.05). */
  loopProbability?: number;
  /** Open exactly this many extra walls instead (each adds one loop; see carve.ts): replaces loopProbability. */
  extraOpenings?: number;
  /** Shortest-path steps at least (default: rows * cols / 8, rounded down: 112 on 30x30). */
  minPathLength?: number;
  /** G is at least this fraction of S's farthest distance away (default 0.8). */
  farFraction?: number;
  /** Refuse mazes with two shortest paths (default true). */
  uniqueShortestPath?: boolean;
  /** Mazes tried before giving up (default 1000). */
  maxAttempts?: number;
}

export interface Maze {
  rows: number;
  cols: number;
  /** Walls, open cells, S and G. */
  input: TokenGrid;
  /** The input with the shortest path's cells (strictly between S and G) marked `o`. */
  label: TokenGrid;
  start: MazeCell;
  goal: MazeCell;
  /** Steps from S to G. */
  pathLength: number;
  /** Independent loops of the open cells (edges - cells + connected parts): 0 for a perfect maze. */
  loops: number;
}

export class MazeGenerationError extends Error {
  override name = 'MazeGenerationError';
}

/** Starts tried per carved maze before carving another. */
const STARTS_PER_MAZE = 4;

export function defaultMinPathLength(rows: number, cols: number): number {
  return Math.floor((rows * cols) / 8);
}

export function generateMaze(options: MazeGenerationOptions, rng: Rng): Maze {
  const { rows, cols } = options;
  const algorithm = options.algorithm ?? 'dfs';
  const loopProbability = options.loopProbability ?? 0.05;
  const minPathLength = options.minPathLength ?? defaultMinPathLength(rows, cols);
  const farFraction = options.farFraction ?? 0.8;
  const unique = options.uniqueShortestPath ?? true;
  const maxAttempts = options.maxAttempts ?? 1000;
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    const carved = carveMaze(rows, cols, algorithm, loopProbability, rng, options.extraOpenings);
    const openCells: number[] = [];
    for (let i = 0; i < carved.cells.length; i++) if (carved.cells[i] === mazeVocabulary.open) openCells.push(i);
    for (let s = 0; s < STARTS_PER_MAZE; s++) {
      const startIndex = openCells[rng.int(openCells.length)]!;
      const start = { row: Math.floor(startIndex / cols), col: startIndex % cols };
      const dist = distancesFrom(carved.cells, rows, cols, start);
      let farthest = 0;
      for (let i = 0; i < dist.length; i++) if (dist[i]! > farthest) farthest = dist[i]!;
      const threshold = Math.max(minPathLength, Math.ceil(farFraction * farthest), 1);
      const far = openCells.filter((i) => dist[i]! >= threshold);
      if (far.length === 0) continue;
      const goalIndex = far[rng.int(far.length)]!;
      if (unique && countShortestPaths(carved, dist, goalIndex) !== 1) continue;
      return finish(carved, start, { row: Math.floor(goalIndex / cols), col: goalIndex % cols }, dist);
    }
  }
  throw new MazeGenerationError(
    `no ${rows}x${cols} maze with a shortest path of at least ${minPathLength} steps${unique ? ' (and only one)' : ''} in ${maxAttempts} attempts; lower minPathLength, loopProbability or the extra openings`,
  );
}

function finish(carved: CarvedMaze, start: MazeCell, goal: MazeCell, dist: Int32Array): Maze {
  const { rows, cols, cells } = carved;
  cells[start.row * cols + start.col] = mazeVocabulary.start;
  cells[goal.row * cols + goal.col] = mazeVocabulary.goal;
  const input: TokenGrid = [];
  for (let r = 0; r < rows; r++) input.push(Array.from(cells.subarray(r * cols, (r + 1) * cols)));
  const label = input.map((row) => row.slice());
  for (const { row, col } of shortestPath(dist, rows, cols, goal)!) label[row]![col] = mazeVocabulary.path;
  return { rows, cols, input, label, start, goal, pathLength: dist[goal.row * cols + goal.col]!, loops: cycleRank(cells, rows, cols) };
}

/** Edges minus vertices plus components of the graph of non-wall cells and their 4-neighbour links. */
export function cycleRank(cells: ArrayLike<number>, rows: number, cols: number): number {
  const parent = Int32Array.from({ length: rows * cols }, (_, i) => i);
  const root = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const open = (i: number): boolean => cells[i] !== mazeVocabulary.wall;
  let vertices = 0;
  let edges = 0;
  let components = 0;
  for (let i = 0; i < rows * cols; i++) if (open(i)) vertices++;
  components = vertices;
  for (let i = 0; i < rows * cols; i++) {
    if (!open(i)) continue;
    for (const n of [(i + 1) % cols !== 0 ? i + 1 : -1, i + cols < rows * cols ? i + cols : -1]) {
      if (n < 0 || !open(n)) continue;
      edges++;
      const a = root(i);
      const b = root(n);
      if (a !== b) {
        parent[a] = b;
        components--;
      }
    }
  }
  return edges - vertices + components;
}

/** Shortest paths from the BFS source to `goal`, counted up to 2. */
export function countShortestPaths(maze: { rows: number; cols: number }, dist: Int32Array, goal: number): number {
  const { rows, cols } = maze;
  const order = Array.from({ length: dist.length }, (_, i) => i).filter((i) => dist[i]! >= 0 && dist[i]! <= dist[goal]!);
  order.sort((a, b) => dist[a]! - dist[b]!);
  const count = new Uint8Array(dist.length);
  for (const cell of order) {
    if (dist[cell] === 0) {
      count[cell] = 1;
      continue;
    }
    const r = Math.floor(cell / cols);
    const c = cell % cols;
    let n = 0;
    if (r > 0 && dist[cell - cols] === dist[cell]! - 1) n += count[cell - cols]!;
    if (r < rows - 1 && dist[cell + cols] === dist[cell]! - 1) n += count[cell + cols]!;
    if (c > 0 && dist[cell - 1] === dist[cell]! - 1) n += count[cell - 1]!;
    if (c < cols - 1 && dist[cell + 1] === dist[cell]! - 1) n += count[cell + 1]!;
    count[cell] = Math.min(n, 2);
  }
  return count[goal]!;
}
