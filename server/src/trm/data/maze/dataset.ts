/**
 * Generated maze datasets: training and held-out mazes from two independent seed streams of the same
 * generator, eval mazes that are a dihedral image of a training maze (or of an earlier eval maze) dropped
 * and redrawn. Training examples get a random fitting dihedral transform on the fly; eval examples are
 * placed as drawn. Labels cover the whole canvas (the padding walls too), as the reference's 30x30 labels
 * do, so "exactly right" means the same thing for every maze size. Puzzle id 0 throughout.
 */
import type { Canvas } from '../../../puzzles/types';
import { mazeVocabulary } from '../../../puzzles/vocabulary';
import { Rng } from '../../../puzzles/common/random';
import { intBetween } from '../../../puzzles/common/permutation';
import { ShuffledSource } from '../source';
import { CURRICULUM_WORDS, CurriculumSource } from '../curriculum';
import { BLANK_PUZZLE_ID, type DatasetDescription, type DatasetSource, type Example, type JsonValue } from '../types';
import { fittingTransforms, mazeCanonicalKey, placeMaze, transformMaze } from './augment';
import type { MazeAlgorithm } from '../../../puzzles/maze/generate/carve';
import { generateMaze, type Maze } from '../../../puzzles/maze/generate/generate';

export interface MazeDatasetOptions {
  trainSize: number;
  evalSize: number;
  seed: number;
  /** The model canvas (default 30x30). */
  canvas?: Canvas;
  /** Maze side: a number, or [min, max] drawn per maze. Default: the canvas rows. */
  side?: number | readonly [number, number];
  /** Draw rows and columns independently from `side` (default false: square mazes). */
  rectangular?: boolean;
  algorithm?: MazeAlgorithm;
  loopProbability?: number;
  /** Extra walls opened per maze (a number, or [min, max] drawn per maze), each a loop: replaces loopProbability. */
  loops?: number | readonly [number, number];
  /** Fraction of rows * cols the shortest path must reach (default 1/8, i.e. 112 steps on 30x30). */
  minPathFraction?: number;
  farFraction?: number;
  uniqueShortestPath?: boolean;
  /** With `loops`: draw mazes with fewer loops first, each loops count opening in turn over the run (curriculum.ts). */
  curriculum?: boolean;
  /** On-the-fly dihedral augmentation of training examples (default true). */
  augment?: boolean;
  /** Defaults to "maze-<canvas>-hard". */
  name?: string;
}

export interface MazeSplits {
  train: Maze[];
  eval: Maze[];
  evalCollisions: number;
}

const MAX_COLLISIONS_PER_EVAL = 50;

export function generateMazeSplits(options: MazeDatasetOptions): MazeSplits {
  const canvas = canvasOf(options);
  const [min, max] = sideRange(options, canvas);
  // Square mazes must fit both ways; rectangular ones draw each side up to the canvas's own.
  const maxRows = options.rectangular ? Math.min(max, canvas.rows) : max;
  const maxCols = options.rectangular ? Math.min(max, canvas.cols) : max;
  if (min > max || min > Math.min(maxRows, maxCols) || (!options.rectangular && max > Math.min(canvas.rows, canvas.cols))) {
    throw new RangeError(`maze sides ${min}..${max} do not fit the ${canvas.rows}x${canvas.cols} canvas`);
  }
  const fraction = options.minPathFraction ?? 1 / 8;
  const draw = (rng: Rng): Maze => {
    const rows = intBetween(min, maxRows, rng);
    const cols = options.rectangular ? intBetween(min, maxCols, rng) : rows;
    return generateMaze(
      {
        rows,
        cols,
        minPathLength: Math.floor(fraction * rows * cols),
        ...(options.algorithm !== undefined && { algorithm: options.algorithm }),
        ...(options.loopProbability !== undefined && { loopProbability: options.loopProbability }),
        ...(options.loops !== undefined && {
          extraOpenings: typeof options.loops === 'number' ? options.loops : intBetween(options.loops[0], options.loops[1], rng),
        }),
        ...(options.farFraction !== undefined && { farFraction: options.farFraction }),
        ...(options.uniqueShortestPath !== undefined && { uniqueShortestPath: options.uniqueShortestPath }),
      },
      rng,
    );
  };
  const trainRng = new Rng(options.seed, 'maze/train');
  const train = Array.from({ length: options.trainSize }, () => draw(trainRng));
  const seen = new Set(train.map((m) => mazeCanonicalKey(m.input)));
  const evalRng = new Rng(options.seed, 'maze/eval');
  const evalSet: Maze[] = [];
  let evalCollisions = 0;
  while (evalSet.length < options.evalSize) {
    const maze = draw(evalRng);
    const key = mazeCanonicalKey(maze.input);
    if (seen.has(key)) {
      if (++evalCollisions > MAX_COLLISIONS_PER_EVAL * options.evalSize) {
        throw new Error(`only ${evalSet.length} of ${options.evalSize} held-out mazes differ from the training set; use larger mazes`);
      }
      continue;
    }
    seen.add(key);
    evalSet.push(maze);
  }
  return { train, eval: evalSet, evalCollisions };
}

export function mazeExample(maze: Maze, canvas: Canvas): Example {
  return { inputs: placeMaze(maze.input, canvas), labels: placeMaze(maze.label, canvas), puzzleId: BLANK_PUZZLE_ID };
}

export function mazeSource(options: MazeDatasetOptions, splits: MazeSplits = generateMazeSplits(options)): DatasetSource {
  const canvas = canvasOf(options);
  const augment = options.augment ?? true;
  const [min, max] = sideRange(options, canvas);
  const settings: { [key: string]: JsonValue } = {
    trainSize: options.trainSize,
    evalSize: options.evalSize,
    side: [min, max],
    rectangular: options.rectangular ?? false,
    algorithm: options.algorithm ?? 'dfs',
    loopProbability: options.loopProbability ?? 0.05,
    ...(options.loops !== undefined && { loops: typeof options.loops === 'number' ? options.loops : [options.loops[0], options.loops[1]] }),
    minPathFraction: options.minPathFraction ?? 1 / 8,
    farFraction: options.farFraction ?? 0.8,
    uniqueShortestPath: options.uniqueShortestPath ?? true,
    ...(options.curriculum && { curriculum: true }),
    augment,
  };
  const description: DatasetDescription = {
    name: options.name ?? `maze-${canvas.rows}x${canvas.cols}-hard`,
    kind: 'maze',
    canvas,
    seqLen: canvas.rows * canvas.cols,
    vocabSize: mazeVocabulary.size,
    numPuzzleIdentifiers: 1,
    seed: options.seed,
    train: {
      items: splits.train.length,
      source: `generated ${min}..${max} mazes${loopsNote(options)}, shortest path >= ${defaultPathNote(options)}, seed stream "maze/train"${options.curriculum ? `, ${CURRICULUM_WORDS}` : ''}`,
    },
    eval: {
      examples: splits.eval.length,
      source: `generated from seed stream "maze/eval", ${splits.evalCollisions} candidates equal to a training maze up to rotation/reflection dropped`,
    },
    settings,
    augmentation: augment ? ['dihedral transforms (the 8 symmetries of the square, those that fit the canvas)'] : [],
  };
  const render = (maze: Maze, rng: Rng): Example => {
    if (!augment) return mazeExample(maze, canvas);
    const options = fittingTransforms(maze.rows, maze.cols, canvas);
    const k = options[rng.int(options.length)]!;
    return {
      inputs: placeMaze(transformMaze(maze.input, k), canvas),
      labels: placeMaze(transformMaze(maze.label, k), canvas),
      puzzleId: BLANK_PUZZLE_ID,
    };
  };
  const evalExamples = splits.eval.map((m) => mazeExample(m, canvas));
  if (options.curriculum) {
    if (options.loops === undefined) throw new RangeError('a maze curriculum needs a loops range to order');
    // One band per loops count, fewest first, each weighted by its share of the data.
    const counts = [...new Set(splits.train.map((m) => m.loops))].sort((a, b) => a - b);
    const bands = counts.map((loops) => {
      const items = splits.train.filter((m) => m.loops === loops);
      return { name: `${loops} loops`, weight: items.length, items };
    });
    return new CurriculumSource({ description, bands, render, evalExamples });
  }
  return new ShuffledSource({ description, items: splits.train, render, evalExamples });
}

function loopsNote(options: MazeDatasetOptions): string {
  if (options.loops === undefined) return '';
  const [lo, hi] = typeof options.loops === 'number' ? [options.loops, options.loops] : options.loops;
  return lo === hi ? ` with ${lo} extra openings (loops)` : ` with ${lo}-${hi} extra openings (loops)`;
}

function defaultPathNote(options: MazeDatasetOptions): string {
  const fraction = options.minPathFraction ?? 1 / 8;
  return fraction === 1 / 8 ? 'rows*cols/8 steps' : `${fraction} * rows*cols steps`;
}

function canvasOf(options: MazeDatasetOptions): Canvas {
  return options.canvas ?? { rows: 30, cols: 30 };
}

function sideRange(options: MazeDatasetOptions, canvas: Canvas): [number, number] {
  const side = options.side ?? canvas.rows;
  return typeof side === 'number' ? [side, side] : [side[0], side[1]];
}
