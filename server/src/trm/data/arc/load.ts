/**
 * Reading Kaggle-format ARC collections from disk (`<dir>/<collection>_challenges.json` and, when present,
 * `<dir>/<collection>_solutions.json`). The only ARC data module that touches the file system.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ArcTask, ArcDataError, parseArcCollection } from './tasks';

/** The collections shipped in shared/data/arc. */
export const ARC_COLLECTIONS = ['arc-agi_training', 'arc-agi_evaluation', 'arc-agi_training2', 'arc-agi_concept'] as const;

export function loadArcCollection(dir: string, collection: string): ArcTask[] {
  const challengesPath = join(dir, `${collection}_challenges.json`);
  const solutionsPath = join(dir, `${collection}_solutions.json`);
  const challenges = readJson(challengesPath);
  const solutions = existsSync(solutionsPath) ? readJson(solutionsPath) : undefined;
  return parseArcCollection(collection, challenges, solutions);
}

/** Several collections, in the order given (ids follow this order). */
export function loadArcCollections(dir: string, collections: readonly string[]): ArcTask[] {
  return collections.flatMap((c) => loadArcCollection(dir, c));
}

function readJson(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ArcDataError(`cannot read ${path}: ${(e as Error).message}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new ArcDataError(`${path} is not valid JSON: ${(e as Error).message}`);
  }
}
