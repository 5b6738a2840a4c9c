/**
 * Held-out sets per difficulty band for `trm eval --bands`: for a 9x9 sudoku model, puzzles of every
 * sudoku band (puzzles/sudoku/generate/bands.ts); for a maze model, mazes of the model's side in every loops band
 * (puzzles/maze/generate/bands.ts) with the model's own minimum path length. Each puzzle is tagged with what it is —
 * band, and then what it turned out to need (hardest technique, givens, guesses; routes and path steps for mazes) — so
 * the figures can be split each way. Puzzles equal to one of the model's training or held-out puzzles
 * (the canonical keys the dataset's held-out split already uses) are dropped and redrawn.
 */
import { boardFor } from '../../puzzles/sudoku';
import {
  generateMazeSplits,
  generateSudokuSplits,
  mazeCanonicalKey,
  mazeExample,
  sudokuCanonicalKey,
  sudokuExample,
  type Example,
} from '../data';
import {
  generateSudokuInBand,
  gradeSudoku,
  parseSudokuMix,
  SUDOKU_9X9_BANDS,
  type SudokuSize,
} from '../../puzzles/sudoku/generate';
import { countMazeRoutes, defaultMazeLoopBands, generateMaze } from '../../puzzles/maze/generate';
import { Rng } from '../../puzzles/common/random';
import { DatasetSpecError, type DatasetSpec } from './datasets';
import type { ExampleResult } from './evaluate';
import type { BandRow } from '../../contract/model-card';

export interface TaggedExample {
  example: Example;
  /** Tag name -> value, e.g. { band: 'search', technique: 'search', givens: '23-25' }. */
  tags: Record<string, string>;
}

export interface BandedSet {
  examples: TaggedExample[];
  /** Tag names in the order their tables print. */
  tagNames: string[];
  /** How each band was drawn, for the printed header. */
  bands: { name: string; description: string }[];
  /** Candidates dropped because the model's dataset held them. */
  dropped: number;
}

const MAX_DROPS_PER_PUZZLE = 50;

export function bandedHeldOut(spec: DatasetSpec, perBand: number, seed: number): BandedSet {
  if (spec.plan.kind === 'sudoku') return sudokuBands(spec, perBand, seed);
  if (spec.plan.kind === 'maze') return mazeBands(spec, perBand, seed);
  throw new DatasetSpecError('difficulty bands are defined for sudoku and maze models, not ARC');
}

function sudokuBands(spec: DatasetSpec, perBand: number, seed: number): BandedSet {
  const plan = spec.plan;
  if (plan.kind !== 'sudoku') throw new Error('unreachable');
  if (spec.size !== 9) throw new DatasetSpecError(`difficulty bands are defined for 9x9 sudoku, not ${spec.size}x${spec.size}`);
  const board = boardFor(9)!;
  const splits = generateSudokuSplits({
    size: spec.size as SudokuSize,
    trainSize: plan.trainSize,
    evalSize: plan.evalSize,
    seed: spec.seed,
    givens: plan.givens[9] ?? [30, 38],
    difficulty: plan.difficulty,
    ...(plan.bands !== undefined && { mix: parseSudokuMix(plan.bands) }),
  });
  const seen = new Set([...splits.train, ...splits.eval].map((p) => sudokuCanonicalKey(p.givens, board)));
  let dropped = 0;
  const examples: TaggedExample[] = [];
  for (const band of SUDOKU_9X9_BANDS) {
    const rng = new Rng(seed, `eval-bands/sudoku/${band.name}`);
    for (let n = 0; n < perBand; ) {
      const puzzle = generateSudokuInBand(band, rng);
      const key = sudokuCanonicalKey(puzzle.givens, board);
      if (seen.has(key)) {
        if (++dropped > MAX_DROPS_PER_PUZZLE * perBand) throw new DatasetSpecError(`too few ${band.name} puzzles differ from the model's dataset`);
        continue;
      }
      seen.add(key);
      n++;
      const grade = gradeSudoku(puzzle.givens, board);
      examples.push({
        example: sudokuExample(puzzle),
        tags: { band: band.name, technique: grade.hardest, givens: givensBucket(grade.givens), guesses: guessesBucket(grade.guesses) },
      });
    }
  }
  return { examples, tagNames: ['band', 'technique', 'givens', 'guesses'], bands: SUDOKU_9X9_BANDS.map((b) => ({ name: b.name, description: b.description })), dropped };
}

function mazeBands(spec: DatasetSpec, perBand: number, seed: number): BandedSet {
  const plan = spec.plan;
  if (plan.kind !== 'maze') throw new Error('unreachable');
  const side = spec.size;
  const canvas = { rows: side, cols: side };
  const splits = generateMazeSplits({
    trainSize: plan.trainSize,
    evalSize: plan.evalSize,
    seed: spec.seed,
    canvas,
    side,
    loopProbability: plan.loopProbability,
    minPathFraction: plan.minPathFraction,
    ...(plan.loops !== undefined && { loops: plan.loops }),
  });
  const seen = new Set([...splits.train, ...splits.eval].map((m) => mazeCanonicalKey(m.input)));
  const minPathLength = Math.floor(plan.minPathFraction * side * side);
  const bands = defaultMazeLoopBands(side);
  let dropped = 0;
  const examples: TaggedExample[] = [];
  for (const band of bands) {
    const rng = new Rng(seed, `eval-bands/maze/${band.name}`);
    for (let n = 0; n < perBand; ) {
      const extraOpenings = band.loops[0] + rng.int(band.loops[1] - band.loops[0] + 1);
      const maze = generateMaze({ rows: side, cols: side, extraOpenings, minPathLength }, rng);
      const key = mazeCanonicalKey(maze.input);
      if (seen.has(key)) {
        if (++dropped > MAX_DROPS_PER_PUZZLE * perBand) throw new DatasetSpecError(`too few mazes with ${band.name} loops differ from the model's dataset`);
        continue;
      }
      seen.add(key);
      n++;
      const routes = countMazeRoutes(maze.input.flat(), side, side, maze.start, maze.goal);
      examples.push({
        example: mazeExample(maze, canvas),
        tags: { loops: band.name, routes: routesBucket(routes.routes, routes.routesExact), path: pathBucket(maze.pathLength, side) },
      });
    }
  }
  return {
    examples,
    tagNames: ['loops', 'routes', 'path'],
    bands: bands.map((b) => ({ name: b.name, description: `${side}x${side}, ${b.name} extra openings, one shortest path of >= ${minPathLength} steps` })),
    dropped,
  };
}

function givensBucket(givens: number): string {
  const edges: [number, number][] = [[17, 22], [23, 25], [26, 29], [30, 35], [36, 45], [46, 81]];
  const [lo, hi] = edges.find(([lo, hi]) => givens >= lo && givens <= hi) ?? [givens, givens];
  return `${lo}-${hi}`;
}

function guessesBucket(guesses: number): string {
  return guesses === 0 ? '0' : guesses === 1 ? '1' : guesses <= 3 ? '2-3' : guesses <= 10 ? '4-10' : '11+';
}

function routesBucket(routes: number, exact: boolean): string {
  if (!exact || routes > 16) return '17+';
  return routes === 1 ? '1' : routes <= 4 ? '2-4' : '5-16';
}

/** Shortest-path steps in buckets at 10, 15 and 25 % of the side's cells (15 %: the tiny preset's Maze-Hard filter). */
function pathBucket(steps: number, side: number): string {
  const edges = [0.1, 0.15, 0.25].map((f) => Math.floor(f * side * side));
  const lower = [1, ...edges].filter((e) => e <= steps).pop()!;
  const upper = edges.find((e) => e > steps);
  return upper === undefined ? `${lower}+ steps` : `${lower}-${upper - 1} steps`;
}

/** Fixed print orders where a natural one exists; other values go by their leading number. */
const TAG_ORDER: Record<string, readonly string[]> = {
  band: ['easy', 'medium', 'hard', 'search', 'minimal'],
  technique: ['naked-single', 'hidden-single', 'search'],
};

function tagSort(tag: string): (a: string, b: string) => number {
  const order = TAG_ORDER[tag];
  if (order) return (a, b) => order.indexOf(a) - order.indexOf(b);
  return (a, b) => parseInt(a, 10) - parseInt(b, 10);
}

/** The figures of a banded set split each way its tags allow: tag -> one row per value, in print order. */
export function bandTables(set: BandedSet, results: readonly ExampleResult[]): Record<string, BandRow[]> {
  const tables: Record<string, BandRow[]> = {};
  for (const tag of set.tagNames) {
    const groups = new Map<string, ExampleResult[]>();
    set.examples.forEach((t, i) => {
      const value = t.tags[tag]!;
      groups.set(value, [...(groups.get(value) ?? []), results[i]!]);
    });
    tables[tag] = [...groups.keys()].sort(tagSort(tag)).map((value) => {
      const rs = groups.get(value)!;
      const cells = rs.reduce((s, r) => s + r.cells, 0);
      return {
        value,
        puzzles: rs.length,
        exact: rs.filter((r) => r.exact).length / rs.length,
        cell: cells ? rs.reduce((s, r) => s + r.cellsRight, 0) / cells : 0,
        supervisionSteps: rs.reduce((s, r) => s + r.steps, 0) / rs.length,
      };
    });
  }
  return tables;
}
