/**
 * ARC tasks in the reference layout, as dataset/build_arc_dataset.py lays them out: one group per task; in
 * it one puzzle per fixed augmentation (the task as given first), each with its own puzzle id named
 * "<task>|||t<dihedral>|||<colour map>" in identifiers.json; a puzzle's examples are the task's pairs.
 * Test pairs go to the test split for tasks of the test collections (evaluation), to the train split
 * otherwise. Training examples are translated to a random offset on the canvas except one per puzzle, as
 * the reference builder does; test examples stay at the top left.
 */
import type { Canvas } from '../../../puzzles/types';
import { Rng } from '../../../puzzles/common/random';
import { augmentArcGrid, encodeArcGrid, translationRange } from '../arc/augment';
import type { ArcTaskSet } from '../arc/task-set';
import type { ColourGrid } from '../arc/tasks';
import type { Example } from '../types';
import type { ReferenceDatasetData, ReferenceGroup } from './write';

export const PUZZLE_ID_SEPARATOR = '|||';

export interface ArcExportOptions {
  canvas: Canvas;
  seed: number;
  /** Collections whose test pairs form the test split. */
  testCollections: readonly string[];
}

export interface ArcExport {
  data: ReferenceDatasetData;
  /** Test pairs without a known output (left out of the test split). */
  unsolvedTestPairs: number;
}

export function arcReferenceDataset(set: ArcTaskSet, options: ArcExportOptions): ArcExport {
  const { canvas } = options;
  const identifiers = Array.from({ length: set.numPuzzleIdentifiers }, () => '<blank>');
  const rng = new Rng(options.seed, 'export/arc/translation');
  const train: ReferenceGroup[] = [];
  const test: ReferenceGroup[] = [];
  let unsolved = 0;
  for (const entry of set.entries) {
    const { task } = entry;
    const heldOut = options.testCollections.includes(task.collection);
    const trainPairs = [...task.train, ...(heldOut ? [] : task.test.filter((p): p is { input: ColourGrid; output: ColourGrid } => p.output !== undefined))];
    const testPairs = heldOut ? task.test.filter((p): p is { input: ColourGrid; output: ColourGrid } => p.output !== undefined) : [];
    if (heldOut) unsolved += task.test.length - testPairs.length;
    const trainGroup: Example[][] = [];
    const testGroup: Example[][] = [];
    entry.augmentations.forEach((aug, j) => {
      const puzzleId = entry.baseId + j;
      identifiers[puzzleId] = j === 0 ? task.name : `${task.name}${PUZZLE_ID_SEPARATOR}t${aug.dihedral}${PUZZLE_ID_SEPARATOR}${aug.colours.join('')}`;
      const keepInPlace = rng.int(trainPairs.length);
      trainGroup.push(
        trainPairs.map((p, i) => {
          const input = augmentArcGrid(p.input, aug);
          const output = augmentArcGrid(p.output, aug);
          const range = translationRange(input, output, canvas);
          const [top, left] = i === keepInPlace ? [0, 0] : [rng.int(range.rows + 1), rng.int(range.cols + 1)];
          return { inputs: encodeArcGrid(input, canvas, top, left), labels: encodeArcGrid(output, canvas, top, left), puzzleId };
        }),
      );
      if (testPairs.length) {
        testGroup.push(
          testPairs.map((p) => ({ inputs: encodeArcGrid(augmentArcGrid(p.input, aug), canvas), labels: encodeArcGrid(augmentArcGrid(p.output, aug), canvas), puzzleId })),
        );
      }
    });
    train.push(trainGroup);
    if (testGroup.length) test.push(testGroup);
  }
  return {
    data: { seqLen: canvas.rows * canvas.cols, vocabSize: 12, identifiers, train: { groups: train }, test: { groups: test } },
    unsolvedTestPairs: unsolved,
  };
}
