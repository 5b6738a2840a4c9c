/**
 * Adapted rows on disk, one small JSON file per (task, base model): `<task hash>-<model hash>.json` in a
 * folder the caller names (the CLI's --cache, the extension's global storage). The task hash covers the
 * demonstrations and the test inputs, never a test output the user may be typing; the model hash covers
 * the model file's bytes, so a retrained model never reuses a row fitted to another network. A file that
 * does not read back as a row of the right length for this model is treated as absent (and overwritten).
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../util/atomic-file';
import { FileReadError, readRegularFile } from '../../util/bounded-file';
import type { AdaptedRow, HeldOutCheck, RowInit } from './adapt';
import type { AdaptTask } from './adapt';

export const ADAPTED_ROW_FORMAT = 'trm-puzzles/adapted-row/1';
/** A row of the largest embedding this project builds is a few kilobytes of JSON; anything far larger is not ours. */
const MAX_CACHE_FILE_BYTES = 4 * 1024 * 1024;

export interface CachedRow extends Omit<AdaptedRow, 'row'> {
  row: Float32Array;
  taskHash: string;
  modelHash: string;
  /** The step budget and seed it was fitted with. */
  budget: number;
  seed: number;
  created: string;
}

export function taskHash(task: AdaptTask): string {
  return sha16(JSON.stringify({ train: task.train.map((p) => ({ input: p.input, output: p.output })), test: task.testInputs }));
}

export function modelHash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 16);
}

function sha16(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

export function cachePath(dir: string, task: string, model: string): string {
  return join(dir, `${task}-${model}.json`);
}

export async function writeCachedRow(dir: string, entry: CachedRow): Promise<string> {
  await fs.mkdir(dir, { recursive: true });
  const path = cachePath(dir, entry.taskHash, entry.modelHash);
  const { row, ...rest } = entry;
  await writeFileAtomic(path, [`${JSON.stringify({ format: ADAPTED_ROW_FORMAT, ...rest, row: Array.from(row) }, null, 1)}\n`]);
  return path;
}

/** The cached row for this task and model, or undefined (none, unreadable, or not one for this model). */
export async function readCachedRow(dir: string, task: string, model: string, length: number): Promise<CachedRow | undefined> {
  let text: string;
  try {
    text = (await readRegularFile(cachePath(dir, task, model), MAX_CACHE_FILE_BYTES)).toString('utf8');
  } catch (e) {
    if (e instanceof FileReadError) return undefined;
    throw e;
  }
  let v: Record<string, unknown>;
  try {
    v = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const row = v['row'];
  if (typeof v !== 'object' || v === null || v['format'] !== ADAPTED_ROW_FORMAT || v['taskHash'] !== task || v['modelHash'] !== model) return undefined;
  if (!Array.isArray(row) || row.length !== length || !row.every((x) => typeof x === 'number' && Number.isFinite(x))) return undefined;
  const num = (k: string) => (typeof v[k] === 'number' && Number.isFinite(v[k]) ? (v[k] as number) : 0);
  const held = v['heldOut'] as HeldOutCheck | undefined;
  const heldOut = held && typeof held.right === 'number' && typeof held.versions === 'number' && typeof held.loss === 'number' ? { right: held.right, versions: held.versions, loss: held.loss } : undefined;
  return {
    row: Float32Array.from(row as number[]),
    taskHash: task,
    modelHash: model,
    bestStep: num('bestStep'),
    stepsRun: num('stepsRun'),
    stopped: v['stopped'] === 'reproduced' ? 'reproduced' : 'budget',
    ...(heldOut ? { heldOut } : {}),
    trainLossBefore: num('trainLossBefore'),
    trainLossAfter: num('trainLossAfter'),
    seconds: num('seconds'),
    init: (v['init'] === 'mean' ? 'mean' : 'zeros') as RowInit,
    budget: num('budget'),
    seed: num('seed'),
    created: typeof v['created'] === 'string' ? v['created'] : '',
  };
}
