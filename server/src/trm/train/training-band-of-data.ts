/**
 * The training band of a dataset spec, measured on its training split: the range of givens (sudoku) or of
 * loops and sides (maze) that holds 95 % of the training puzzles, and the hardest technique those need.
 */
import { boardFor } from '../../puzzles/sudoku';
import { gradeSudoku, parseSudokuMix, type SudokuSize } from '../../puzzles/sudoku/generate';
import { generateMazeSplits, generateSudokuSplits } from '../data';
import { SUDOKU_TECHNIQUES, type TrainingBand } from '../model/training-band';
import { DatasetSpecError, type DatasetSpec } from './datasets';

/** The values from the 2.5th to the 97.5th percentile (nearest rank). */
function middle95(values: number[]): [number, number] {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
  return [at(0.025), at(0.975)];
}

const TECHNIQUE_WORDS = { 'naked-single': 'naked singles', 'hidden-single': 'singles', search: 'search' } as const;

export function trainingBandOfData(spec: DatasetSpec): TrainingBand {
  const plan = spec.plan;
  if (plan.kind === 'sudoku') {
    const board = boardFor(spec.size);
    if (!board) throw new DatasetSpecError(`sudoku boards are 4, 6 or 9 wide, not ${spec.size}`);
    const { train } = generateSudokuSplits({
      size: spec.size as SudokuSize,
      trainSize: plan.trainSize,
      evalSize: plan.evalSize,
      seed: spec.seed,
      givens: plan.givens[spec.size] ?? [30, 38],
      difficulty: plan.difficulty,
      ...(plan.bands !== undefined && { mix: parseSudokuMix(plan.bands) }),
    });
    const grades = train.map((p) => gradeSudoku(p.givens, board));
    const givens = middle95(grades.map((g) => g.givens));
    const rank = middle95(grades.map((g) => SUDOKU_TECHNIQUES.indexOf(g.hardest)))[1];
    const hardest = SUDOKU_TECHNIQUES[rank]!;
    return { kind: 'sudoku', size: spec.size, givens, hardest, description: `${givens[0]}-${givens[1]} givens, ${TECHNIQUE_WORDS[hardest]}` };
  }
  if (plan.kind === 'maze') {
    const { train } = generateMazeSplits({
      trainSize: plan.trainSize,
      evalSize: plan.evalSize,
      seed: spec.seed,
      canvas: { rows: spec.size, cols: spec.size },
      side: spec.size,
      loopProbability: plan.loopProbability,
      minPathFraction: plan.minPathFraction,
      ...(plan.loops !== undefined && { loops: plan.loops }),
    });
    const loops = middle95(train.map((m) => m.loops));
    const side = middle95(train.map((m) => Math.max(m.rows, m.cols)));
    const sideText = side[0] === side[1] ? `${side[0]}x${side[0]}` : `${side[0]}x${side[0]} to ${side[1]}x${side[1]}`;
    const loopsText = loops[1] === 0 ? 'no loops (one route)' : loops[0] === loops[1] ? `${loops[0]} loops` : `${loops[0]}-${loops[1]} loops`;
    // The path's length is part of the band: a model trained on Maze-Hard's long paths answers mazes with a
    // shorter one worse, not better (docs/experiments.md, "short paths").
    const path = middle95(train.map((m) => m.pathLength));
    return { kind: 'maze', side, loops, path, description: `${sideText} mazes, ${loopsText}, shortest path ${path[0]}-${path[1]} steps` };
  }
  throw new DatasetSpecError('training bands are defined for sudoku and maze models, not ARC');
}
