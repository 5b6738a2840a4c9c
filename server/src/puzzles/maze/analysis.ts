/**
 * Per-document cache of the maze's BFS distances and drawn-path reading, shared by diagnostics, hovers,
 * verification and the exact solver.
 */
import type { MazeCell, MazeDocument } from './parse';
import { analysePath, type PathAnalysis } from './path';
import { distancesFrom } from './solve';

export interface MazeAnalysis {
  start: MazeCell;
  goal: MazeCell;
  fromStart: Int32Array;
  /** Steps of the shortest path, -1 when the goal is unreachable. */
  shortest: number;
  drawnPath: PathAnalysis;
}

const cache = new WeakMap<MazeDocument, MazeAnalysis | null>();

/** The analysis of a well-formed maze with exactly one S and one G; undefined otherwise. */
export function analyseMaze(doc: MazeDocument): MazeAnalysis | undefined {
  const hit = cache.get(doc);
  if (hit !== undefined) return hit ?? undefined;
  let result: MazeAnalysis | null = null;
  if (doc.wellFormed && doc.starts.length === 1 && doc.goals.length === 1) {
    const start = doc.starts[0]!;
    const goal = doc.goals[0]!;
    const fromStart = distancesFrom(doc.cells, doc.rows, doc.cols, start);
    const shortest = fromStart[goal.row * doc.cols + goal.col]!;
    const drawnPath = analysePath(doc.cells, doc.rows, doc.cols, start, goal);
    result = { start, goal, fromStart, shortest, drawnPath };
  }
  cache.set(doc, result);
  return result ?? undefined;
}
