/**
 * Generated sudoku datasets: a training set and a held-out eval set from two independent seed streams of
 * the same generator, with any eval puzzle whose canonical key (canonical.ts) occurs in training (or
 * earlier in eval) thrown away and replaced. Training examples are augmented on the fly; eval examples
 * never are. Every puzzle has puzzle id 0: sudoku models need no per-puzzle embedding.
 */
import { type Board, boardFor } from '../../../puzzles/sudoku';
import { sudokuVocabulary } from '../../../puzzles/vocabulary';
import { Rng } from '../../../puzzles/common/random';
import { intBetween } from '../../../puzzles/common/permutation';
import { ShuffledSource } from '../source';
import { CURRICULUM_WORDS, CurriculumSource } from '../curriculum';
import { BLANK_PUZZLE_ID, type DatasetDescription, type DatasetSource, type Example } from '../types';
import { augmentSudokuTokens, randomSudokuAugmentation } from './augment';
import { sudokuCanonicalKey } from './canonical';
import { generateSudokuInBand, pickBand, SUDOKU_9X9_BANDS, sudokuMixText, type SudokuMix } from '../../../puzzles/sudoku/generate/bands';
import { generateSudoku, type SudokuDifficulty, type SudokuPuzzle, type SudokuSize } from '../../../puzzles/sudoku/generate/generate';

export interface SudokuDatasetOptions {
  size: SudokuSize;
  trainSize: number;
  evalSize: number;
  seed: number;
  /** Givens per puzzle: a number, or [min, max] drawn uniformly per puzzle. */
  givens: number | readonly [number, number];
  difficulty: SudokuDifficulty;
  /** 9x9 only: draw each puzzle from a band of this mix (puzzles/sudoku/generate/bands.ts) instead of `givens` and `difficulty`. */
  mix?: SudokuMix;
  /** With `mix`: draw the bands easiest first, opening one after another over the run (curriculum.ts). */
  curriculum?: boolean;
  /** On-the-fly augmentation of training examples (default true). */
  augment?: boolean;
  /** Defaults to "sudoku-<N>x<N>-<difficulty>". */
  name?: string;
}

export interface SudokuSplits {
  train: SudokuPuzzle[];
  eval: SudokuPuzzle[];
  /** Eval candidates refused because training (or eval) already held them. */
  evalCollisions: number;
}

/** How many eval candidates may be refused per requested eval puzzle before giving up. */
const MAX_COLLISIONS_PER_EVAL = 50;

export function generateSudokuSplits(options: SudokuDatasetOptions): SudokuSplits {
  const board = boardOf(options.size);
  const mix = options.mix;
  if (mix && options.size !== 9) throw new RangeError(`difficulty bands are defined for 9x9 sudoku, not ${options.size}x${options.size}`);
  const draw = (rng: Rng): SudokuPuzzle => {
    if (mix) {
      const band = pickBand(mix, rng);
      return { ...generateSudokuInBand(band, rng), band: band.name };
    }
    const [min, max] = typeof options.givens === 'number' ? [options.givens, options.givens] : options.givens;
    return generateSudoku({ size: options.size, givens: intBetween(min, max, rng), difficulty: options.difficulty }, rng);
  };
  const trainRng = new Rng(options.seed, 'sudoku/train');
  const train = Array.from({ length: options.trainSize }, () => draw(trainRng));
  const seen = new Set(train.map((p) => sudokuCanonicalKey(p.givens, board)));
  const evalRng = new Rng(options.seed, 'sudoku/eval');
  const evalSet: SudokuPuzzle[] = [];
  let evalCollisions = 0;
  while (evalSet.length < options.evalSize) {
    const puzzle = draw(evalRng);
    const key = sudokuCanonicalKey(puzzle.givens, board);
    if (seen.has(key)) {
      if (++evalCollisions > MAX_COLLISIONS_PER_EVAL * options.evalSize) {
        throw new Error(
          `only ${evalSet.length} of ${options.evalSize} held-out ${options.size}x${options.size} sudokus differ from the training set; ` +
            'there are too few distinct puzzles of this kind: lower trainSize/evalSize or change the givens',
        );
      }
      continue;
    }
    seen.add(key);
    evalSet.push(puzzle);
  }
  return { train, eval: evalSet, evalCollisions };
}

/** The example of a puzzle: givens in, the full solution out (the reference labels every cell). */
export function sudokuExample(puzzle: SudokuPuzzle): Example {
  return { inputs: digitsToTokens(puzzle.givens), labels: digitsToTokens(puzzle.solution), puzzleId: BLANK_PUZZLE_ID };
}

export function sudokuSource(options: SudokuDatasetOptions, splits: SudokuSplits = generateSudokuSplits(options)): DatasetSource {
  const board = boardOf(options.size);
  const augment = options.augment ?? true;
  const n = options.size;
  const description: DatasetDescription = {
    name: options.name ?? `sudoku-${n}x${n}-${options.mix ? 'mix' : options.difficulty}`,
    kind: 'sudoku',
    canvas: { rows: n, cols: n },
    seqLen: n * n,
    vocabSize: sudokuVocabulary.size(n),
    numPuzzleIdentifiers: 1,
    seed: options.seed,
    train: {
      items: splits.train.length,
      source: `generated ${n}x${n} sudokus${options.mix ? ` from the bands ${sudokuMixText(options.mix)}` : ''}, unique solution, seed stream "sudoku/train"${options.curriculum ? `, ${CURRICULUM_WORDS}` : ''}`,
    },
    eval: {
      examples: splits.eval.length,
      source: `generated from seed stream "sudoku/eval", ${splits.evalCollisions} candidates whose canonical key (digit relabelling; the whole augmentation group on 4x4) matched a training or earlier eval puzzle dropped`,
    },
    settings: {
      size: n,
      trainSize: options.trainSize,
      evalSize: options.evalSize,
      givens: typeof options.givens === 'number' ? options.givens : [options.givens[0], options.givens[1]],
      difficulty: options.difficulty,
      ...(options.mix && { mix: sudokuMixText(options.mix) }),
      ...(options.curriculum && { curriculum: true }),
      augment,
    },
    augmentation: augment ? sudokuAugmentationNames(board) : [],
  };
  const render = (item: Example, rng: Rng): Example => {
    if (!augment) return item;
    const aug = randomSudokuAugmentation(board, rng);
    return { inputs: augmentSudokuTokens(item.inputs, n, aug), labels: augmentSudokuTokens(item.labels, n, aug), puzzleId: item.puzzleId };
  };
  const evalExamples = splits.eval.map(sudokuExample);
  if (options.curriculum) {
    const mix = options.mix;
    if (!mix) throw new RangeError('a sudoku curriculum needs a band mix to order');
    // The bands' own order (easy .. minimal), whatever order the mix was written in.
    const bands = SUDOKU_9X9_BANDS.flatMap((band) => {
      const entry = mix.find((e) => e.band.name === band.name);
      return entry ? [{ name: band.name, weight: entry.weight, items: splits.train.filter((p) => p.band === band.name).map(sudokuExample) }] : [];
    });
    return new CurriculumSource({ description, bands, render, evalExamples });
  }
  return new ShuffledSource({ description, items: splits.train.map(sudokuExample), render, evalExamples });
}

function sudokuAugmentationNames(board: Board): string[] {
  const names = ['digit relabelling', 'band and stack permutations', 'row-in-band and column-in-stack permutations'];
  if (board.boxRows === board.boxCols) names.push('transpose');
  return names;
}

function digitsToTokens(digits: ArrayLike<number>): Int32Array {
  return Int32Array.from({ length: digits.length }, (_, i) => (digits[i] === 0 ? sudokuVocabulary.blank : sudokuVocabulary.digitToken(digits[i]!)));
}

function boardOf(size: number): Board {
  const board = boardFor(size);
  if (!board) throw new RangeError(`sudoku size must be 4, 6 or 9, got ${size}`);
  return board;
}
