/**
 * Two attempts per test input, as ARC is scored: the answers of every augmented version (already mapped
 * back to the task's frame) are grouped by grid, ranked by how many versions gave each, ties by their mean
 * sigmoid(q_halt), then by first appearance (the reference's stable sort); the top two are attempt 1 and 2.
 * An answer that crops to no grid at all (the top-left cell is not a colour) is not a candidate: the
 * reference would vote for it too, but it cannot be written as an output, so it would waste an attempt.
 */
import type { ColourGrid } from '../data/arc/tasks';

export interface Candidate {
  grid: ColourGrid;
  /** Versions that gave this grid. */
  votes: number;
  /** Mean sigmoid(q_halt) of those versions: the model's own confidence that it is done. */
  meanHalt: number;
}

export function gridKey(grid: ColourGrid): string {
  return `${grid.length}x${grid[0]?.length ?? 0}:${grid.map((r) => r.join('')).join('/')}`;
}

/** Every distinct answer, best first. */
export function rankAnswers(answers: readonly { grid: ColourGrid; qHalt: number }[]): Candidate[] {
  const byKey = new Map<string, { grid: ColourGrid; votes: number; haltSum: number; first: number }>();
  answers.forEach((a, i) => {
    if (a.grid.length === 0 || (a.grid[0]?.length ?? 0) === 0) return;
    const key = gridKey(a.grid);
    const entry = byKey.get(key) ?? { grid: a.grid, votes: 0, haltSum: 0, first: i };
    entry.votes++;
    entry.haltSum += 1 / (1 + Math.exp(-a.qHalt));
    byKey.set(key, entry);
  });
  return [...byKey.values()]
    .map((e) => ({ grid: e.grid, votes: e.votes, meanHalt: e.haltSum / e.votes, first: e.first }))
    .sort((x, y) => y.votes - x.votes || y.meanHalt - x.meanHalt || x.first - y.first)
    .map(({ grid, votes, meanHalt }) => ({ grid, votes, meanHalt }));
}

export interface TestAttempts {
  /** Absent only when no version was answered. */
  attempt1?: Candidate;
  /** The runner-up; absent when every version gave the same grid. */
  attempt2?: Candidate;
  /** Versions answered (those without a grid included). */
  versions: number;
  /** Distinct answers among them. */
  distinct: number;
}

export function twoAttempts(answers: readonly { grid: ColourGrid; qHalt: number }[]): TestAttempts {
  const ranked = rankAnswers(answers);
  return {
    ...(ranked[0] ? { attempt1: ranked[0] } : {}),
    ...(ranked[1] ? { attempt2: ranked[1] } : {}),
    versions: answers.length,
    distinct: ranked.length,
  };
}
