/**
 * The ARC tasks a base model is measured on and never trained on, picked by a fixed rule before training:
 * the tasks of one collection whose every grid fits the canvas and whose id is not in any excluded
 * collection, in name order, shuffled with a seeded stream, the first `count` kept (then listed in name
 * order). The rule runs on the task files alone, so `models/arc-heldout.json` can be re-derived and
 * checked (test/trm/data/arc-held-out.test.ts).
 */
import { Rng } from '../../../puzzles/common/random';
import { shuffleInPlace } from '../../../puzzles/common/permutation';
import { type ArcTask, arcTaskMaxSide, ArcDataError } from './tasks';

export const ARC_HELD_OUT_FORMAT = 'trm-puzzles/arc-held-out/1';

export interface ArcHeldOutRule {
  /** The collection the tasks come from ("arc-agi_training"). */
  collection: string;
  /** Every grid of a task at most maxSide x maxSide (test outputs included). */
  maxSide: number;
  count: number;
  seed: number;
}

export interface ArcHeldOutList extends ArcHeldOutRule {
  format: typeof ARC_HELD_OUT_FORMAT;
  /** The rule in words, for a reader of the file. */
  rule: string;
  /** Collections whose task ids no held-out task (and no training task) may have. */
  excludedIdsOf: string[];
  /** Task ids, in name order. */
  tasks: string[];
}

/**
 * `tasks` are the rule's collection (as loadArcCollection reads it); `excludedIds` the ids of the excluded
 * collections.
 */
export function pickArcHeldOut(tasks: readonly ArcTask[], rule: ArcHeldOutRule, excludedIds: ReadonlySet<string>, excludedIdsOf: readonly string[]): ArcHeldOutList {
  if (!Number.isInteger(rule.count) || rule.count < 1) throw new RangeError(`the held-out count must be a positive integer, got ${rule.count}`);
  const fitting = tasks
    .filter((t) => t.collection === rule.collection && arcTaskMaxSide(t) <= rule.maxSide && !excludedIds.has(t.name))
    .map((t) => t.name)
    .sort();
  if (fitting.length < rule.count) {
    throw new ArcDataError(`only ${fitting.length} tasks of ${rule.collection} fit ${rule.maxSide}x${rule.maxSide}; ${rule.count} were asked to be held out`);
  }
  const picked = shuffleInPlace(fitting, new Rng(rule.seed, `arc/held-out/${rule.collection}`)).slice(0, rule.count).sort();
  return {
    format: ARC_HELD_OUT_FORMAT,
    ...rule,
    rule:
      `the ${rule.collection} tasks whose every grid is at most ${rule.maxSide}x${rule.maxSide} and whose id is not in ${excludedIdsOf.join(', ') || 'no other collection'}, ` +
      `in name order, shuffled by Rng(${rule.seed}, "arc/held-out/${rule.collection}") (Fisher-Yates), the first ${rule.count}, listed in name order`,
    excludedIdsOf: [...excludedIdsOf],
    tasks: picked,
  };
}

/** A held-out list read back from JSON, checked. */
export function parseArcHeldOut(value: unknown, where: string): ArcHeldOutList {
  const v = value as Partial<ArcHeldOutList> | null;
  if (typeof v !== 'object' || v === null || v.format !== ARC_HELD_OUT_FORMAT) throw new ArcDataError(`${where} is not an ARC held-out list (format ${ARC_HELD_OUT_FORMAT})`);
  if (!Array.isArray(v.tasks) || v.tasks.length === 0 || !v.tasks.every((t) => typeof t === 'string')) throw new ArcDataError(`${where}: "tasks" is not a list of task ids`);
  if (typeof v.collection !== 'string' || !Array.isArray(v.excludedIdsOf)) throw new ArcDataError(`${where}: "collection" or "excludedIdsOf" is missing`);
  return v as ArcHeldOutList;
}
