/**
 * An imported ARC model's tasks: the reference dataset's `identifiers.json` names the task behind each
 * puzzle-embedding row ("007bbfb7", or "007bbfb7|||t3|||0213456789" for an augmented version, as
 * dataset/build_arc_dataset.py writes them; row 0 is "<blank>"). The server finds a user's task by the key of
 * its demonstration pairs (arcTaskKey), so each un-augmented task name is looked up in the dataset's own
 * `test_puzzles.json` and then in the ARC files here (../shared/data/arc, or TRM_ARC_DATA), and its key mapped
 * to its row.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARC_COLLECTIONS, loadArcCollection, parseArcCollection, type ArcTask } from '../data';
import { arcDataDir } from '../train/datasets';
import { ReferenceImportError } from './reference-architecture';

export const PUZZLE_ID_SEPARATOR = '|||';

export interface ArcIdentifierMapping {
  /** Task key -> puzzle-embedding row, for the model card. */
  puzzleIds: Record<string, number>;
  /** Un-augmented task names with a row. */
  baseNames: number;
  /** Of those, how many were found in task files (and so can be served). */
  found: number;
  /** Rows of augmented versions (the reference evaluation votes over them; not used here). */
  augmented: number;
  missing: string[];
}

export function readArcIdentifiers(dataDir: string, numPuzzleIdentifiers: number): ArcIdentifierMapping | undefined {
  const path = join(dataDir, 'identifiers.json');
  if (!existsSync(path)) return undefined;
  let ids: unknown;
  try {
    ids = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new ReferenceImportError(`cannot read ${path}: ${(e as Error).message}`);
  }
  if (!Array.isArray(ids) || !ids.every((x) => typeof x === 'string')) throw new ReferenceImportError(`${path} is not a list of names`);
  if (ids.length !== numPuzzleIdentifiers) {
    throw new ReferenceImportError(`${path} names ${ids.length} puzzle ids, but the checkpoint has ${numPuzzleIdentifiers} puzzle embeddings`);
  }
  const base = new Map<string, number>();
  let augmented = 0;
  (ids as string[]).forEach((name, id) => {
    if (id === 0 || name === '<blank>') return;
    if (name.includes(PUZZLE_ID_SEPARATOR)) augmented++;
    else base.set(name, id);
  });

  const tasks = new Map<string, ArcTask[]>();
  const addTasks = (list: ArcTask[]): void => {
    for (const t of list) if (base.has(t.name)) tasks.set(t.name, [...(tasks.get(t.name) ?? []), t]);
  };
  const testPuzzles = join(dataDir, 'test_puzzles.json');
  if (existsSync(testPuzzles)) addTasks(parseArcCollection('test_puzzles', JSON.parse(readFileSync(testPuzzles, 'utf8'))));
  if ([...base.keys()].some((n) => !tasks.has(n))) {
    let dir: string | undefined;
    try {
      dir = arcDataDir();
    } catch {
      dir = undefined;
    }
    if (dir) {
      for (const c of ARC_COLLECTIONS) {
        if (existsSync(join(dir, `${c}_challenges.json`))) addTasks(loadArcCollection(dir, c));
      }
    }
  }
  const puzzleIds: Record<string, number> = {};
  const missing: string[] = [];
  for (const [name, id] of base) {
    const found = tasks.get(name);
    if (!found) missing.push(name);
    for (const t of found ?? []) puzzleIds[t.key] = id;
  }
  return { puzzleIds, baseNames: base.size, found: base.size - missing.length, augmented, missing };
}
