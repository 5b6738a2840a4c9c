/**
 * `trm export-dataset --kind sudoku|maze --out DIR [--size N] [--train N] [--test N] [--aug N] [--seed S]`:
 * puzzles generated here, written in the reference dataset layout (server/src/trm/data/reference/write.ts),
 * so the official pretrain.py trains on them with `data_paths=[DIR]`. The train and test splits are the
 * same generator's disjoint train and held-out sets that `trm train` uses (same seeds, same settings).
 */
import { boardFor } from '../puzzles/sudoku';
import type { PuzzleKind } from '../puzzles/types';
import { ARC_COLLECTIONS, buildArcTaskSet, loadArcCollections } from '../trm/data';
import { arcReferenceDataset } from '../trm/data/reference/arc-export';
import { arcDataDir } from '../trm/train/datasets';
import { generateMazeSplits, generateSudokuSplits, mazeExample, sudokuExample } from '../trm/data';
import { type SudokuSize } from '../puzzles/sudoku/generate';
import { augmentSudokuTokens, randomSudokuAugmentation } from '../trm/data/sudoku/augment';
import { transformMaze, fittingTransforms } from '../trm/data/maze/augment';
import type { Example } from '../trm/data/types';
import { writeReferenceDataset, type ReferenceGroup } from '../trm/data/reference/write';
import { Rng } from '../puzzles/common/random';
import { presetFor, PRESET_NAMES } from '../trm/train/presets';
import { vocabularyNames } from '../trm/model/vocabulary-names';
import { choiceOption, intOption, parseArgs, stringOption } from './args';
import { CliError } from './io';

export const EXPORT_DATASET_USAGE = `usage: trm export-dataset --kind sudoku|maze|arc --out DIR [options]
  --size N     board side (sudoku 4, 6 or 9; maze 5..30); default 4 for sudoku, 9 for mazes
  --train N    training puzzles (default: the tiny preset's count for the kind)
  --test N     held-out puzzles (default: the tiny preset's count)
  --aug N      augmented copies of each training puzzle stored with it, as the reference builders'
               --num-aug (sudoku: digit, band and stack shuffles; maze: the 8 dihedral images); default 0
  --seed S     generator seed (default 0)
ARC (the task files in ../shared/data/arc, or TRM_ARC_DATA):
  --collections A,B   task collections (default arc-agi_training,arc-agi_evaluation)
  --test-collections  collections whose test pairs form the test split (default arc-agi_evaluation)
  --size N            canvas side (default 30, the reference's)
  --max-side N, --count N   only tasks whose grids fit N x N / the first N tasks
  --aug N             augmented versions of each task, each its own puzzle id (default 0; the reference 1000)
writes DIR/train and DIR/test (dataset.json, all__*.npy) and DIR/identifiers.json, the layout of the
official TinyRecursiveModels dataset builders; train on it there with data_paths=[DIR]`;

export interface ExportIo {
  out: (text: string) => void;
}

export function exportDatasetCommand(argv: string[], io: ExportIo): number {
  const args = parseArgs(argv, ['kind', 'out', 'size', 'train', 'test', 'aug', 'seed', 'collections', 'test-collections', 'max-side', 'count'], []);
  const out = stringOption(args, 'out');
  if (args.positional.length || !out || !args.options.has('kind')) throw new CliError(EXPORT_DATASET_USAGE);
  const kind = choiceOption(args, 'kind', ['sudoku', 'maze', 'arc'] as const, 'sudoku') as PuzzleKind;
  if (kind === 'arc') return exportArc(args, out, io);
  const size = intOption(args, 'size', kind === 'sudoku' ? 4 : 9, kind === 'sudoku' ? 4 : 5, kind === 'sudoku' ? 9 : 30);
  if (kind === 'sudoku' && ![4, 6, 9].includes(size)) throw new CliError('--size for sudoku must be 4, 6 or 9');
  const seed = intOption(args, 'seed', 0, 0);
  const aug = intOption(args, 'aug', 0, 0, 1000);
  const plan = presetFor(kind, PRESET_NAMES[0]!).data;
  const trainSize = intOption(args, 'train', 'trainSize' in plan ? plan.trainSize : 1000, 1, 10_000_000);
  const testSize = intOption(args, 'test', 'evalSize' in plan ? plan.evalSize : 256, 1, 10_000_000);
  const rng = new Rng(seed, 'export/augment');
  let train: ReferenceGroup[];
  let test: ReferenceGroup[];
  if (plan.kind === 'sudoku') {
    const givens = plan.givens[size];
    if (!givens) throw new CliError(`no givens range for ${size}x${size} sudoku`);
    const splits = generateSudokuSplits({ size: size as SudokuSize, trainSize, evalSize: testSize, seed, givens, difficulty: plan.difficulty });
    const board = boardFor(size as SudokuSize);
    if (!board) throw new CliError(`no ${size}x${size} sudoku board`);
    train = splits.train.map((p) => {
      const base = sudokuExample(p);
      const copies = Array.from({ length: aug }, (): Example => {
        const a = randomSudokuAugmentation(board, rng);
        return { inputs: augmentSudokuTokens(base.inputs, size, a), labels: augmentSudokuTokens(base.labels, size, a), puzzleId: 0 };
      });
      return [base, ...copies].map((e) => [e]);
    });
    test = splits.eval.map((p) => [[sudokuExample(p)]]);
  } else if (plan.kind === 'maze') {
    const canvas = { rows: size, cols: size };
    const splits = generateMazeSplits({ trainSize, evalSize: testSize, seed, canvas, side: size, loopProbability: plan.loopProbability, minPathFraction: plan.minPathFraction });
    train = splits.train.map((m) => {
      const ks = fittingTransforms(m.input.length, m.input[0]?.length ?? 0, canvas).filter((k) => k !== 0);
      const picked = Array.from({ length: Math.min(aug, ks.length) }, (_, i) => ks[i]!);
      const images = picked.map((k) => mazeExample({ ...m, input: transformMaze(m.input, k), label: transformMaze(m.label, k) }, canvas));
      return [mazeExample(m, canvas), ...images].map((e) => [e]);
    });
    test = splits.eval.map((m) => [[mazeExample(m, canvas)]]);
  } else {
    throw new CliError('unreachable');
  }
  const vocabSize = vocabularyNames(kind, size).length;
  writeReferenceDataset(out, { seqLen: size * size, vocabSize, identifiers: ['<blank>'], train: { groups: train }, test: { groups: test } });
  const puzzles = (g: ReferenceGroup[]): number => g.reduce((n, x) => n + x.length, 0);
  io.out(
    `${out}: ${kind} ${size}x${size} in the reference layout: train ${train.length} groups (${puzzles(train)} puzzles), ` +
      `test ${test.length} puzzles; seq_len ${size * size}, vocab_size ${vocabSize}\n`,
  );
  return 0;
}

function exportArc(args: ReturnType<typeof parseArgs>, out: string, io: ExportIo): number {
  const size = intOption(args, 'size', 30, 3, 30);
  const seed = intOption(args, 'seed', 0, 0);
  const aug = intOption(args, 'aug', 0, 0, 10_000);
  const list = (name: string, fallback: string): string[] => (stringOption(args, name) ?? fallback).split(',').map((c) => c.trim()).filter(Boolean);
  const collections = list('collections', 'arc-agi_training,arc-agi_evaluation');
  const testCollections = list('test-collections', 'arc-agi_evaluation');
  const unknown = [...collections, ...testCollections].filter((c) => !(ARC_COLLECTIONS as readonly string[]).includes(c));
  if (unknown.length) throw new CliError(`unknown ARC collection ${unknown.join(', ')} (known: ${ARC_COLLECTIONS.join(', ')})`);
  const maxSide = intOption(args, 'max-side', size, 1, size);
  const count = args.options.has('count') ? intOption(args, 'count', 1, 1) : undefined;
  const tasks = loadArcCollections(arcDataDir(), collections);
  const set = buildArcTaskSet(tasks, { seed, select: { maxSide, ...(count ? { count } : {}) }, augmentationIds: 1 + aug });
  const { data, unsolvedTestPairs } = arcReferenceDataset(set, { canvas: { rows: size, cols: size }, seed, testCollections });
  writeReferenceDataset(out, data);
  const puzzles = (g: ReferenceGroup[]): number => g.reduce((n, x) => n + x.length, 0);
  io.out(
    `${out}: ${set.entries.length} ARC tasks on a ${size}x${size} canvas in the reference layout: train ${puzzles(data.train.groups)} puzzles, ` +
      `test ${puzzles(data.test.groups)} puzzles, ${data.identifiers.length} puzzle ids` +
      (unsolvedTestPairs ? `; ${unsolvedTestPairs} test pairs without a known output left out` : '') +
      (set.duplicates.length ? `; ${set.duplicates.length} duplicate tasks left out` : '') +
      '\n',
  );
  return 0;
}
