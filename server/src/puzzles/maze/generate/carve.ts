/**
 * Carving the walls of a maze: a lattice of cells two apart inside a wall border, joined into a spanning
 * tree by randomised depth-first search (long winding corridors: long shortest paths, the "hard" kind) or
 * randomised Prim (many short dead ends), then a few extra walls between neighbouring cells knocked out so
 * that there are loops and more than one route to choose from.
 *
 * On an even side the lattice has one spare line; which side it falls on is drawn at random so that the
 * training data does not teach "the last row before the border is always a wall".
 */
import { neighbours4 } from '../../common/grid';
import { mazeVocabulary } from '../../vocabulary';
import type { Rng } from '../../common/random';

export type MazeAlgorithm = 'dfs' | 'prim';

/** Row-major wall/open tokens. */
export interface CarvedMaze {
  rows: number;
  cols: number;
  cells: Uint8Array;
}

export const MIN_MAZE_SIDE = 5;

/**
 * `extraOpenings`, when given, replaces `loopProbability`: exactly that many inner walls between lattice
 * cells are opened, drawn at random. Each one closes exactly one cycle of the spanning tree, so the maze
 * then has that many independent loops.
 */
export function carveMaze(rows: number, cols: number, algorithm: MazeAlgorithm, loopProbability: number, rng: Rng, extraOpenings?: number): CarvedMaze {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < MIN_MAZE_SIDE || cols < MIN_MAZE_SIDE) {
    throw new RangeError(`a maze is at least ${MIN_MAZE_SIDE}x${MIN_MAZE_SIDE}, got ${rows}x${cols}`);
  }
  const cells = new Uint8Array(rows * cols).fill(mazeVocabulary.wall);
  const lattice = latticeAxis(rows, rng);
  const latticeCols = latticeAxis(cols, rng);
  const R = lattice.count;
  const C = latticeCols.count;
  const at = (i: number, j: number): number => (lattice.offset + 2 * i) * cols + latticeCols.offset + 2 * j;
  /** The wall cell between lattice cells a and b (lattice indices i * C + j), which are neighbours. */
  const between = (a: number, b: number): number => (at(Math.floor(a / C), a % C) + at(Math.floor(b / C), b % C)) / 2;
  for (let k = 0; k < R * C; k++) cells[at(Math.floor(k / C), k % C)] = mazeVocabulary.open;

  const neighbours = (k: number): number[] => neighbours4(k, R, C);
  const open = (a: number, b: number): void => {
    cells[between(a, b)] = mazeVocabulary.open;
  };
  if (algorithm === 'dfs') carveDfs(R * C, neighbours, open, rng);
  else carvePrim(R * C, neighbours, open, rng);

  if (extraOpenings !== undefined) {
    const closed: number[] = [];
    for (let k = 0; k < R * C; k++) {
      if ((k + 1) % C !== 0 && cells[between(k, k + 1)] === mazeVocabulary.wall) closed.push(between(k, k + 1));
      if (k + C < R * C && cells[between(k, k + C)] === mazeVocabulary.wall) closed.push(between(k, k + C));
    }
    if (!Number.isInteger(extraOpenings) || extraOpenings < 0 || extraOpenings > closed.length) {
      throw new RangeError(`a ${rows}x${cols} maze has ${closed.length} inner walls to open, not ${extraOpenings}`);
    }
    for (let i = 0; i < extraOpenings; i++) {
      const j = i + rng.int(closed.length - i);
      [closed[i], closed[j]] = [closed[j]!, closed[i]!];
      cells[closed[i]!] = mazeVocabulary.open;
    }
  } else if (loopProbability > 0) {
    for (let k = 0; k < R * C; k++) {
      // Each inner wall once: towards the right and downwards neighbour.
      for (const n of [k + 1, k + C]) {
        if ((n === k + 1 && (k + 1) % C === 0) || n >= R * C) continue;
        const w = between(k, n);
        if (cells[w] === mazeVocabulary.wall && rng.uniform() < loopProbability) cells[w] = mazeVocabulary.open;
      }
    }
  }
  return { rows, cols, cells };
}

/** Lattice lines along one side: at offset, offset + 2, ..., inside the border. */
function latticeAxis(side: number, rng: Rng): { offset: number; count: number } {
  const inner = side - 2;
  const offset = inner % 2 === 0 ? 1 + rng.int(2) : 1;
  return { offset, count: Math.floor((side - 2 - offset) / 2) + 1 };
}

function carveDfs(n: number, neighbours: (k: number) => number[], open: (a: number, b: number) => void, rng: Rng): void {
  const visited = new Uint8Array(n);
  const stack = [rng.int(n)];
  visited[stack[0]!] = 1;
  while (stack.length > 0) {
    const k = stack[stack.length - 1]!;
    const fresh = neighbours(k).filter((m) => !visited[m]);
    if (fresh.length === 0) {
      stack.pop();
      continue;
    }
    const m = fresh[rng.int(fresh.length)]!;
    visited[m] = 1;
    open(k, m);
    stack.push(m);
  }
}

function carvePrim(n: number, neighbours: (k: number) => number[], open: (a: number, b: number) => void, rng: Rng): void {
  const inMaze = new Uint8Array(n);
  const inFrontier = new Uint8Array(n);
  const frontier: number[] = [];
  const add = (k: number): void => {
    inMaze[k] = 1;
    for (const m of neighbours(k)) {
      if (!inMaze[m] && !inFrontier[m]) {
        inFrontier[m] = 1;
        frontier.push(m);
      }
    }
  };
  add(rng.int(n));
  while (frontier.length > 0) {
    const f = rng.int(frontier.length);
    const k = frontier[f]!;
    frontier[f] = frontier[frontier.length - 1]!;
    frontier.pop();
    const joined = neighbours(k).filter((m) => inMaze[m]);
    open(k, joined[rng.int(joined.length)]!);
    add(k);
  }
}
