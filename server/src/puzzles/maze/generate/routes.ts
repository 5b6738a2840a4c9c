/**
 * How many ways lead from S to G in a maze, in two bounded counts: shortest paths (BFS layers, each cell
 * adding up the counts of its neighbours one step nearer; capped so the numbers stay small) and simple
 * routes of any length (depth-first enumeration of paths that never revisit a cell, stopped at a cap or
 * when a step budget runs out, which a maze with many loops reaches quickly; `routesExact` says whether
 * the count is complete).
 */
import { distancesFrom } from '../solve';
import type { MazeCell } from '../parse';
import { mazeVocabulary } from '../../vocabulary';

export interface MazeRoutes {
  /** Shortest S-G paths, at most `maxCount`. */
  shortestPaths: number;
  /** Simple S-G paths, at most `maxCount`. */
  routes: number;
  /** False when the enumeration stopped at the cap or the step budget: `routes` is then a lower bound. */
  routesExact: boolean;
}

export interface RouteCountOptions {
  /** Default 64. */
  maxCount?: number;
  /** Cells the enumeration may step through in all (default 200 000). */
  stepBudget?: number;
}

export function countMazeRoutes(cells: ArrayLike<number>, rows: number, cols: number, start: MazeCell, goal: MazeCell, options: RouteCountOptions = {}): MazeRoutes {
  const maxCount = options.maxCount ?? 64;
  let budget = options.stepBudget ?? 200_000;
  const open = (i: number): boolean => cells[i] !== mazeVocabulary.wall;
  const grid = Uint8Array.from({ length: rows * cols }, (_, i) => cells[i]!);
  const dist = distancesFrom(grid, rows, cols, start);
  const s = start.row * cols + start.col;
  const g = goal.row * cols + goal.col;
  const neighbours = (i: number): number[] => {
    const r = Math.floor(i / cols);
    const c = i % cols;
    const out: number[] = [];
    if (r > 0) out.push(i - cols);
    if (r < rows - 1) out.push(i + cols);
    if (c > 0) out.push(i - 1);
    if (c < cols - 1) out.push(i + 1);
    return out.filter(open);
  };

  let shortestPaths = 0;
  if (dist[g]! >= 0) {
    const ways = new Float64Array(rows * cols);
    const order = Array.from({ length: rows * cols }, (_, i) => i).filter((i) => dist[i]! >= 0 && dist[i]! <= dist[g]!);
    order.sort((a, b) => dist[a]! - dist[b]!);
    for (const i of order) {
      if (i === s) ways[i] = 1;
      else for (const n of neighbours(i)) if (dist[n] === dist[i]! - 1) ways[i] = Math.min(ways[i]! + ways[n]!, maxCount);
    }
    shortestPaths = ways[g]!;
  }

  let routes = 0;
  let stopped = false;
  const onPath = new Uint8Array(rows * cols);
  const walk = (i: number): void => {
    if (stopped) return;
    if (i === g) {
      if (++routes >= maxCount) stopped = true;
      return;
    }
    if (--budget < 0) {
      stopped = true;
      return;
    }
    onPath[i] = 1;
    for (const n of neighbours(i)) if (!onPath[n]) walk(n);
    onPath[i] = 0;
  };
  if (dist[g]! >= 0) walk(s);
  return { shortestPaths, routes, routesExact: !stopped };
}
