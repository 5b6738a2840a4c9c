/**
 * The dataset of a training run, from a small JSON spec that travels in the model card, so `trm eval` can
 * rebuild exactly the held-out set a model was measured on.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { PuzzleKind } from '../../puzzles/types';
import { arcSource, buildArcTaskSet, loadArcCollection, loadArcCollections, mazeSource, sudokuSource, type DatasetSource, type Example } from '../data';
import { parseSudokuMix, SudokuMixError } from '../../puzzles/sudoku/generate';
import type { SudokuSize } from '../../puzzles/sudoku/generate';
import type { DataPlan } from './presets';

export interface DatasetSpec {
  kind: PuzzleKind;
  /** Board side (sudoku N, maze side, ARC canvas side). */
  size: number;
  seed: number;
  plan: DataPlan;
}

export class DatasetSpecError extends Error {
  override name = 'DatasetSpecError';
}

/** Where the ARC task files are: TRM_ARC_DATA, else ../shared/data/arc next to the repository. */
export function arcDataDir(): string {
  // The repository sits next to shared/: from the bundle (dist/), from the sources (server/src/trm/train/),
  // or from a working directory inside the repository.
  const candidates = [
    process.env.TRM_ARC_DATA,
    resolve(__dirname, '../../shared/data/arc'),
    resolve(__dirname, '../../../../../shared/data/arc'),
    resolve(process.cwd(), '../shared/data/arc'),
  ];
  const found = candidates.find((c): c is string => !!c && existsSync(join(c, 'arc-agi_training_challenges.json')));
  if (!found) {
    const looked = [...new Set(candidates.filter((c): c is string => !!c))].join(', ');
    throw new DatasetSpecError(
      `cannot find the ARC task files (looked in ${looked}): set TRM_ARC_DATA to the folder holding the ARC Prize files arc-agi_training_challenges.json and arc-agi_training_solutions.json, e.g. TRM_ARC_DATA=/path/to/arc npm run --silent trm -- eval MODEL`,
    );
  }
  return found;
}

export interface BuiltDataset {
  source: DatasetSource;
  /** ARC only: task key -> puzzle id, for the model card (the server maps a user's task file to its id). */
  puzzleIds?: Record<string, number>;
  /** ARC only: task key -> the task's ARC id (collection/id), so the card names its tasks. */
  arcTasks?: Record<string, string>;
}

export function buildDataset(spec: DatasetSpec): BuiltDataset {
  const { plan, size, seed } = spec;
  switch (plan.kind) {
    case 'sudoku': {
      if (size !== 4 && size !== 6 && size !== 9) throw new DatasetSpecError(`sudoku boards are 4, 6 or 9 wide, not ${size}`);
      const givens = plan.givens[size];
      if (!givens) throw new DatasetSpecError(`no givens range for ${size}x${size} sudoku`);
      let mix;
      if (plan.bands !== undefined) {
        if (size !== 9) throw new DatasetSpecError(`difficulty bands are defined for 9x9 sudoku, not ${size}x${size}`);
        try {
          mix = parseSudokuMix(plan.bands);
        } catch (e) {
          throw e instanceof SudokuMixError ? new DatasetSpecError(e.message) : e;
        }
      }
      return {
        source: sudokuSource({ size: size as SudokuSize, trainSize: plan.trainSize, evalSize: plan.evalSize, seed, givens, difficulty: plan.difficulty, ...(mix && { mix }), ...(plan.curriculum && { curriculum: true }) }),
      };
    }
    case 'maze':
      if (size < 5 || size > 30) throw new DatasetSpecError(`maze boards are 5 to 30 wide for the model, not ${size}`);
      return {
        source: mazeSource({
          trainSize: plan.trainSize,
          evalSize: plan.evalSize,
          seed,
          canvas: { rows: size, cols: size },
          side: size,
          loopProbability: plan.loopProbability,
          minPathFraction: plan.minPathFraction,
          ...(plan.loops !== undefined && { loops: plan.loops }),
          ...(plan.curriculum && { curriculum: true }),
        }),
      };
    case 'arc': {
      if (size < 3 || size > 30) throw new DatasetSpecError(`the ARC canvas is 3 to 30 wide, not ${size}`);
      const dir = arcDataDir();
      const tasks = loadArcCollections(dir, plan.collections);
      const set = buildArcTaskSet(tasks, {
        seed,
        select: {
          maxSide: Math.min(plan.maxSide, size),
          count: plan.taskCount,
          ...(plan.heldOutTasks || plan.excludeIdsOf ? { excludeNames: arcExcludedNames(dir, plan) } : {}),
          ...(plan.firstOfEachName ? { firstOfEachName: true } : {}),
        },
        augmentationIds: plan.augmentationIds,
      });
      if (set.entries.length === 0) throw new DatasetSpecError(`no ARC task in ${plan.collections.join(', ')} has grids of at most ${Math.min(plan.maxSide, size)}x${Math.min(plan.maxSide, size)}`);
      const options = { seed, canvas: { rows: size, cols: size } };
      const puzzleIds = Object.fromEntries(set.entries.map((e) => [e.task.key, e.baseId]));
      const arcTasks = Object.fromEntries(set.entries.map((e) => [e.task.key, `${e.task.collection}/${e.task.name}`]));
      return { source: arcSource(set, options), puzzleIds, arcTasks };
    }
  }
}

/** The task ids an ARC plan never trains on: its held-out tasks and every id of its excluded collections. */
export function arcExcludedNames(dir: string, plan: Extract<DataPlan, { kind: 'arc' }>): string[] {
  const names = new Set(plan.heldOutTasks ?? []);
  for (const collection of plan.excludeIdsOf ?? []) for (const t of loadArcCollection(dir, collection)) names.add(t.name);
  return [...names].sort();
}

/** The held-out examples of a spec: generated eval puzzles, or for ARC the test pairs with known outputs. */
export function heldOutExamples(spec: DatasetSpec): readonly Example[] {
  return buildDataset(spec).source.evalSet();
}

export function isDatasetSpec(v: unknown): v is DatasetSpec {
  const s = v as DatasetSpec;
  return typeof s === 'object' && s !== null && typeof s.size === 'number' && typeof s.seed === 'number' && typeof s.plan === 'object' && s.plan !== null;
}
