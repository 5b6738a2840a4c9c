/**
 * Breadth-first search on the maze's 4-neighbour grid: distances from a cell to every cell, and one
 * shortest path from S to G. A maze's shortest length is unique even when several paths achieve it.
 */
import { mazeVocabulary } from '../vocabulary';
import type { MazeCell } from './parse';

/** Neighbour order: up, down, left, right (fixed, so the path the solver returns is deterministic). */
export const NEIGHBOURS: readonly (readonly [number, number])[] = [
  [-1, 0],
  [1, 0],
  [0, -1],
  [0, 1],
];

/** Steps from `from` to every cell through non-wall cells; -1 where unreachable. */
export function distancesFrom(cells: Uint8Array, rows: number, cols: number, from: MazeCell): Int32Array {
  const dist = new Int32Array(rows * cols).fill(-1);
  const queue = new Int32Array(rows * cols);
  const source = from.row * cols + from.col;
  if (!passable(cells[source]!)) return dist;
  dist[source] = 0;
  let head = 0;
  let tail = 0;
  queue[tail++] = source;
  while (head < tail) {
    const cell = queue[head++]!;
    const r = Math.floor(cell / cols);
    const c = cell - r * cols;
    const d = dist[cell]! + 1;
    for (let k = 0; k < 4; k++) {
      let next: number;
      if (k === 0) next = r > 0 ? cell - cols : -1;
      else if (k === 1) next = r < rows - 1 ? cell + cols : -1;
      else if (k === 2) next = c > 0 ? cell - 1 : -1;
      else next = c < cols - 1 ? cell + 1 : -1;
      if (next >= 0 && dist[next] === -1 && passable(cells[next]!)) {
        dist[next] = d;
        queue[tail++] = next;
      }
    }
  }
  return dist;
}

/** The cells strictly between S and G on one shortest path, from S's side; undefined when G is unreachable. */
export function shortestPath(dist: Int32Array, rows: number, cols: number, goal: MazeCell): MazeCell[] | undefined {
  let cell = goal.row * cols + goal.col;
  if (dist[cell]! < 0) return undefined;
  const between: MazeCell[] = [];
  while (dist[cell]! > 1) {
    const r = Math.floor(cell / cols);
    const c = cell - r * cols;
    for (const [dr, dc] of NEIGHBOURS) {
      const nr = r + dr;
      const nc = c + dc;
      if (nr < 0 || nr >= rows || nc < 0 || nc >= cols) continue;
      const next = nr * cols + nc;
      if (dist[next] === dist[cell]! - 1) {
        cell = next;
        break;
      }
    }
    between.push({ row: Math.floor(cell / cols), col: cell % cols });
  }
  return between.reverse();
}

function passable(token: number): boolean {
  return token !== mazeVocabulary.wall && token !== 0;
}
