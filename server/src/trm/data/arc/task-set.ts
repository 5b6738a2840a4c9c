/**
 * The ARC tasks a run trains on and their puzzle ids. Ids are the rows of the model's puzzle-embedding
 * table: 0 is the blank "unknown task" row; task i (0-based, in selection order) owns ids
 * 1 + i * k .. 1 + i * k + (k - 1) for k = `augmentationIds`. Id j of a task stands for one fixed
 * augmentation of it (j = 0: the task as given), as in the reference where each of the 1000 augmented
 * versions of a task is a puzzle of its own. The server maps a user's task file to its id 0 version
 * through `arcTaskKey`.
 *
 * Why fixed augmentations need their own ids: a TRM never sees the demonstrations, the puzzle embedding
 * is all it knows of the task's rule, and a rotated or recoloured task has a different rule ("move blue
 * right" becomes "move red up"). So with the default k = 1 the only on-the-fly augmentation that keeps an
 * id's rule intact is translation; dihedral and colour variety comes from k > 1 (see dataset.ts).
 */
import { fnv1a64 } from '../../../puzzles/common/hash';
import { Rng } from '../../../puzzles/common/random';
import { type ArcAugmentation, augmentArcGrid, IDENTITY_ARC_AUGMENTATION, randomArcAugmentation } from './augment';
import { type ArcTask, arcTaskMaxSide, ArcDataError } from './tasks';

export interface ArcSelection {
  /** Only these task names (in the tasks' order, not this list's); every name must exist. */
  names?: readonly string[];
  /** Only tasks whose every grid is at most maxSide x maxSide. */
  maxSide?: number;
  /**
   * Never these task ids, in any collection (held-out tasks, the ids of an evaluation collection): ARC-AGI-2
   * training reuses ARC-AGI-1 ids with changed pairs, so a key match alone would miss them.
   */
  excludeNames?: readonly string[];
  /**
   * Keep only the first task of each id across collections (default false): ARC-AGI-2 training holds most
   * ARC-AGI-1 training tasks again, under the same id, with other pairs, so without this one rule would
   * get two ids.
   */
  firstOfEachName?: boolean;
  /** The first `count` tasks left after the filters above. */
  count?: number;
}

export interface ArcTaskSetOptions {
  seed: number;
  select?: ArcSelection;
  /** Puzzle ids per task (default 1). */
  augmentationIds?: number;
}

export interface ArcTaskEntry {
  task: ArcTask;
  /** The id of the task as given; id baseId + j is augmentations[j]. */
  baseId: number;
  augmentations: ArcAugmentation[];
}

export interface ArcTaskSet {
  entries: ArcTaskEntry[];
  /** The seed the fixed augmentations were drawn with. */
  seed: number;
  augmentationIds: number;
  /** 1 + tasks * augmentationIds: the embedding table's rows. */
  numPuzzleIdentifiers: number;
  /** Tasks left out because an earlier task has the same demonstrations (same key, so the same id). */
  duplicates: string[];
  /** Base puzzle id by arcTaskKey. */
  idByKey: Map<string, number>;
}

/** Distinct augmentations are searched for this many times the number wanted, as the reference does. */
const RETRIES_FACTOR = 5;

export function buildArcTaskSet(tasks: readonly ArcTask[], options: ArcTaskSetOptions): ArcTaskSet {
  const k = options.augmentationIds ?? 1;
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`augmentationIds must be a positive integer, got ${k}`);
  const selected = selectTasks(tasks, options.select ?? {});
  const entries: ArcTaskEntry[] = [];
  const duplicates: string[] = [];
  const idByKey = new Map<string, number>();
  for (const task of selected) {
    if (idByKey.has(task.key)) {
      duplicates.push(`${task.collection}/${task.name}`);
      continue;
    }
    const baseId = 1 + entries.length * k;
    idByKey.set(task.key, baseId);
    entries.push({ task, baseId, augmentations: fixedAugmentations(task, k, options.seed) });
  }
  return { entries, seed: options.seed, augmentationIds: k, numPuzzleIdentifiers: 1 + entries.length * k, duplicates, idByKey };
}

/** The base puzzle id of the task with this key, or 0 (unknown task). */
export function arcPuzzleIdForKey(set: ArcTaskSet, key: string): number {
  return set.idByKey.get(key) ?? 0;
}

function selectTasks(tasks: readonly ArcTask[], select: ArcSelection): ArcTask[] {
  let out = tasks.slice();
  if (select.names) {
    const wanted = new Set(select.names);
    const missing = [...wanted].filter((n) => !tasks.some((t) => t.name === n));
    if (missing.length > 0) throw new ArcDataError(`no ARC task named ${missing.join(', ')}`);
    out = out.filter((t) => wanted.has(t.name));
  }
  if (select.excludeNames) {
    const excluded = new Set(select.excludeNames);
    out = out.filter((t) => !excluded.has(t.name));
  }
  if (select.firstOfEachName) {
    const seen = new Set<string>();
    out = out.filter((t) => !seen.has(t.name) && seen.add(t.name) !== undefined);
  }
  if (select.maxSide !== undefined) out = out.filter((t) => arcTaskMaxSide(t) <= select.maxSide!);
  if (select.count !== undefined) out = out.slice(0, select.count);
  if (out.length === 0) throw new ArcDataError('the ARC task selection is empty');
  return out;
}

/**
 * k augmentations for one task: the identity, then seeded random ones whose augmented task differs from
 * every one before (a symmetric task or one with few colours has fewer distinct versions). When fewer
 * than k distinct versions turn up, the list repeats them so every id still means a valid version.
 */
function fixedAugmentations(task: ArcTask, k: number, seed: number): ArcAugmentation[] {
  const found: ArcAugmentation[] = [IDENTITY_ARC_AUGMENTATION];
  if (k === 1) return found;
  const seen = new Set([taskHash(task, IDENTITY_ARC_AUGMENTATION)]);
  const rng = new Rng(seed, `arc/augmentations/${task.collection}/${task.name}`);
  for (let trial = 0; trial < RETRIES_FACTOR * k && found.length < k; trial++) {
    const aug = randomArcAugmentation(rng);
    const hash = taskHash(task, aug);
    if (seen.has(hash)) continue;
    seen.add(hash);
    found.push(aug);
  }
  const distinct = found.length;
  for (let j = distinct; j < k; j++) found.push(found[j % distinct]!);
  return found;
}

function taskHash(task: ArcTask, aug: ArcAugmentation): string {
  const grids = [...task.train.flatMap((p) => [p.input, p.output]), ...task.test.map((p) => p.input)];
  return fnv1a64(JSON.stringify(grids.map((g) => augmentArcGrid(g, aug))));
}
