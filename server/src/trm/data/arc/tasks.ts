/**
 * ARC tasks as the trainer sees them, read from the Kaggle "combined" layout: a challenges object mapping
 * task names to `{train: [{input, output}], test: [{input}]}` and an optional solutions object mapping the
 * same names to the test outputs in order. Input is already-parsed JSON of unknown shape; anything that is
 * not a valid task is reported with the task and the grid it concerns. Each task carries `arcTaskKey` of
 * its demonstration pairs, the key the server computes from a user's task file to find the task's id.
 */
import { arcTaskKey } from '../../../puzzles';
import { ARC_MAX_SIZE } from '../../../puzzles/arc';

/** Colours 0..9, rows x cols, 1..30 each way. */
export type ColourGrid = number[][];

export interface ArcTrainPair {
  input: ColourGrid;
  output: ColourGrid;
}

export interface ArcTestPair {
  input: ColourGrid;
  /** From the solutions file; undefined when the collection ships no solutions. */
  output: ColourGrid | undefined;
}

export interface ArcTask {
  /** The task id in its collection ("007bbfc7"). */
  name: string;
  /** The collection it came from ("arc-agi_training"). */
  collection: string;
  train: ArcTrainPair[];
  test: ArcTestPair[];
  /** arcTaskKey of the demonstration pairs. */
  key: string;
}

export class ArcDataError extends Error {
  override name = 'ArcDataError';
}

/** The tasks of one collection, sorted by name so ids never depend on the file's key order. */
export function parseArcCollection(collection: string, challenges: unknown, solutions?: unknown): ArcTask[] {
  if (!isObject(challenges)) throw new ArcDataError(`${collection}: the challenges file is not a JSON object of tasks`);
  if (solutions !== undefined && !isObject(solutions)) throw new ArcDataError(`${collection}: the solutions file is not a JSON object`);
  const names = Object.keys(challenges).sort();
  return names.map((name) => {
    const where = `${collection}/${name}`;
    const value = challenges[name];
    if (!isObject(value) || !Array.isArray(value['train']) || !Array.isArray(value['test'])) {
      throw new ArcDataError(`${where}: a task has "train" and "test" arrays`);
    }
    const train = value['train'].map((pair: unknown, i: number): ArcTrainPair => {
      if (!isObject(pair)) throw new ArcDataError(`${where}: train ${i} is not an object`);
      return { input: grid(pair['input'], `${where} train ${i} input`), output: grid(pair['output'], `${where} train ${i} output`) };
    });
    const outputs = solutions === undefined ? undefined : solutions[name];
    if (solutions !== undefined && !Array.isArray(outputs)) throw new ArcDataError(`${where}: the solutions file has no list of test outputs`);
    const solved = (i: number): unknown => (Array.isArray(outputs) ? (outputs[i] as unknown) : undefined);
    const test = value['test'].map((pair: unknown, i: number): ArcTestPair => {
      if (!isObject(pair)) throw new ArcDataError(`${where}: test ${i} is not an object`);
      // A solutions file wins over an "output" written into the challenge itself.
      const output = solved(i) ?? pair['output'];
      return { input: grid(pair['input'], `${where} test ${i} input`), output: output === undefined ? undefined : grid(output, `${where} test ${i} output`) };
    });
    if (train.length === 0) throw new ArcDataError(`${where}: a task needs at least one demonstration pair`);
    return { name, collection, train, test, key: arcTaskKey(train) };
  });
}

/** The largest side of any grid in the task (test outputs included when known). */
export function arcTaskMaxSide(task: ArcTask): number {
  const grids = [...task.train.flatMap((p) => [p.input, p.output]), ...task.test.flatMap((p) => (p.output ? [p.input, p.output] : [p.input]))];
  return Math.max(...grids.map((g) => Math.max(g.length, g[0]!.length)));
}

function grid(value: unknown, where: string): ColourGrid {
  if (!Array.isArray(value) || value.length === 0 || value.length > ARC_MAX_SIZE) {
    throw new ArcDataError(`${where}: a grid is a list of 1..${ARC_MAX_SIZE} rows`);
  }
  const rows = value as unknown[];
  const first = rows[0];
  const cols = Array.isArray(first) ? first.length : 0;
  if (cols === 0 || cols > ARC_MAX_SIZE) throw new ArcDataError(`${where}: rows hold 1..${ARC_MAX_SIZE} colours`);
  return rows.map((row, r) => {
    if (!Array.isArray(row) || row.length !== cols) throw new ArcDataError(`${where}: row ${r} is not ${cols} colours long like row 0`);
    return row.map((v: unknown, c: number) => {
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 9) throw new ArcDataError(`${where}: row ${r} column ${c} is not a colour 0..9`);
      return v;
    });
  });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
