/**
 * The reference TRM dataset layout (TinyRecursiveModels `dataset/common.py`, `puzzle_dataset.py`) as a
 * DatasetSource. A dataset folder holds one folder per split (`train`, `test`), each with `dataset.json`
 * (PuzzleDatasetMetadata) and, for every set named in its `sets` (always ["all"] in the reference
 * builders), five arrays `<set>__<field>.npy`:
 *   inputs, labels        [examples, seq_len] token ids
 *   puzzle_identifiers    [puzzles] the embedding row of each puzzle
 *   puzzle_indices        [puzzles + 1] first example of each puzzle, then the example count
 *   group_indices         [groups + 1] first puzzle of each group (a puzzle and its augmentations), then the count
 *
 * Training draws follow the reference's sampling: a fresh order of the groups each epoch, a random puzzle
 * of the group, then (here, one example per draw rather than the whole puzzle at once) a random example of
 * that puzzle. Labels equal to `ignore_label_id` become IGNORE_LABEL (0). The test split, in file order,
 * is the held-out set. Pure: row access comes in through `RowSource` (load.ts reads files).
 */
import type { Canvas, PuzzleKind } from '../../../puzzles/types';
import type { Rng } from '../../../puzzles/common/random';
import { ShuffledSource } from '../source';
import { type DatasetDescription, type DatasetSource, type Example, IGNORE_LABEL } from '../types';

/** dataset.json: the reference PuzzleDatasetMetadata (total_puzzles is absent in older builds). */
export interface ReferenceMetadata {
  pad_id: number;
  ignore_label_id: number | null;
  blank_identifier_id: number;
  vocab_size: number;
  seq_len: number;
  num_puzzle_identifiers: number;
  total_groups: number;
  mean_puzzle_examples: number;
  total_puzzles?: number;
  sets: string[];
}

/** Rows of a 2-D integer array, read on demand (the reference ARC training inputs run to gigabytes). */
export interface RowSource {
  rows: number;
  rowLength: number;
  read(row: number, out: Int32Array): void;
}

export interface ReferenceSet {
  inputs: RowSource;
  labels: RowSource;
  puzzleIdentifiers: Int32Array;
  puzzleIndices: Int32Array;
  groupIndices: Int32Array;
}

export interface ReferenceSplit {
  metadata: ReferenceMetadata;
  sets: Map<string, ReferenceSet>;
}

export class ReferenceDatasetError extends Error {
  override name = 'ReferenceDatasetError';
}

export const REFERENCE_FIELDS = ['inputs', 'labels', 'puzzle_identifiers', 'puzzle_indices', 'group_indices'] as const;

export function referenceFileName(set: string, field: (typeof REFERENCE_FIELDS)[number]): string {
  return `${set}__${field}.npy`;
}

export function parseReferenceMetadata(json: unknown, where: string): ReferenceMetadata {
  const bad = (field: string): never => {
    throw new ReferenceDatasetError(`${where}: dataset.json has no valid ${field}`);
  };
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return bad('object');
  const o = json as Record<string, unknown>;
  const int = (k: string): number => (Number.isInteger(o[k]) ? (o[k] as number) : bad(k));
  const ignore = o['ignore_label_id'];
  if (ignore !== null && !Number.isInteger(ignore)) bad('ignore_label_id');
  const sets = o['sets'];
  if (!Array.isArray(sets) || sets.length === 0 || !sets.every((s) => typeof s === 'string')) bad('sets');
  const mean = o['mean_puzzle_examples'];
  if (typeof mean !== 'number') bad('mean_puzzle_examples');
  const meta: ReferenceMetadata = {
    pad_id: int('pad_id'),
    ignore_label_id: ignore as number | null,
    blank_identifier_id: int('blank_identifier_id'),
    vocab_size: int('vocab_size'),
    seq_len: int('seq_len'),
    num_puzzle_identifiers: int('num_puzzle_identifiers'),
    total_groups: int('total_groups'),
    mean_puzzle_examples: mean as number,
    sets: sets as string[],
  };
  if (o['total_puzzles'] !== undefined) meta.total_puzzles = int('total_puzzles');
  if (meta.pad_id !== 0) throw new ReferenceDatasetError(`${where}: pad_id is ${meta.pad_id}; the vocabularies here all pad with 0`);
  return meta;
}

/** Checks the arrays agree with each other and with the metadata. */
export function checkReferenceSet(set: ReferenceSet, meta: ReferenceMetadata, where: string): void {
  const fail = (why: string): never => {
    throw new ReferenceDatasetError(`${where}: ${why}`);
  };
  const { inputs, labels, puzzleIdentifiers: ids, puzzleIndices: pi, groupIndices: gi } = set;
  if (inputs.rowLength !== meta.seq_len || labels.rowLength !== meta.seq_len) fail(`inputs/labels rows are not seq_len ${meta.seq_len} long`);
  if (inputs.rows !== labels.rows) fail(`${inputs.rows} inputs but ${labels.rows} labels`);
  if (pi.length !== ids.length + 1) fail(`puzzle_indices has ${pi.length} entries for ${ids.length} puzzles (want puzzles + 1)`);
  if (pi[0] !== 0 || pi[pi.length - 1] !== inputs.rows) fail('puzzle_indices must run from 0 to the example count');
  if (gi[0] !== 0 || gi[gi.length - 1] !== ids.length) fail('group_indices must run from 0 to the puzzle count');
  for (let i = 1; i < pi.length; i++) if (pi[i]! <= pi[i - 1]!) fail('puzzle_indices has a puzzle without examples');
  for (let i = 1; i < gi.length; i++) if (gi[i]! <= gi[i - 1]!) fail('group_indices has an empty group');
  for (const id of ids) if (id < 0 || id >= meta.num_puzzle_identifiers) fail(`puzzle identifier ${id} is outside 0..${meta.num_puzzle_identifiers - 1}`);
}

export interface ReferenceSourceOptions {
  train: ReferenceSplit;
  /** The held-out split; without it the eval set is empty. */
  test?: ReferenceSplit;
  seed: number;
  /** Name for the description, e.g. the folder name "sudoku-extreme-1k-aug-1000". */
  name: string;
  /** Held-out examples kept, from the start of the test split (default 1000; Infinity for all). */
  evalLimit?: number;
  /** Defaults to what vocab_size and seq_len say (11 / 81: sudoku 9x9, 6: maze, 12: ARC). */
  kind?: PuzzleKind;
  canvas?: Canvas;
}

interface GroupRef {
  set: ReferenceSet;
  group: number;
}

export function referenceSource(options: ReferenceSourceOptions): DatasetSource {
  const meta = options.train.metadata;
  if (options.test) {
    const t = options.test.metadata;
    if (t.seq_len !== meta.seq_len || t.vocab_size !== meta.vocab_size) {
      throw new ReferenceDatasetError(`train and test splits disagree on seq_len or vocab_size`);
    }
  }
  const { kind, canvas } = shapeOf(meta, options);
  const groups: GroupRef[] = [];
  let examples = 0;
  for (const set of options.train.sets.values()) {
    for (let g = 0; g + 1 < set.groupIndices.length; g++) groups.push({ set, group: g });
    examples += set.inputs.rows;
  }
  const evalExamples = options.test ? readEval(options.test, options.evalLimit ?? 1000) : [];
  const description: DatasetDescription = {
    name: options.name,
    kind,
    canvas,
    seqLen: meta.seq_len,
    vocabSize: meta.vocab_size,
    numPuzzleIdentifiers: Math.max(meta.num_puzzle_identifiers, options.test?.metadata.num_puzzle_identifiers ?? 0),
    seed: options.seed,
    train: { items: groups.length, source: `reference dataset, ${groups.length} groups, ${examples} stored examples (augmentations precomputed)` },
    eval: { examples: evalExamples.length, source: `reference test split, first ${evalExamples.length} examples` },
    settings: { name: options.name, evalLimit: Number.isFinite(options.evalLimit ?? 1000) ? (options.evalLimit ?? 1000) : 'all' },
    augmentation: [],
  };
  return new ShuffledSource<GroupRef>({
    description,
    items: groups,
    render: (ref, rng) => drawFromGroup(ref, meta, rng),
    evalExamples,
  });
}

function drawFromGroup({ set, group }: GroupRef, meta: ReferenceMetadata, rng: Rng): Example {
  const firstPuzzle = set.groupIndices[group]!;
  const puzzle = firstPuzzle + rng.int(set.groupIndices[group + 1]! - firstPuzzle);
  const firstExample = set.puzzleIndices[puzzle]!;
  const example = firstExample + rng.int(set.puzzleIndices[puzzle + 1]! - firstExample);
  return readExample(set, example, set.puzzleIdentifiers[puzzle]!, meta);
}

function readEval(split: ReferenceSplit, limit: number): Example[] {
  const out: Example[] = [];
  for (const set of split.sets.values()) {
    let puzzle = 0;
    for (let e = 0; e < set.inputs.rows && out.length < limit; e++) {
      while (set.puzzleIndices[puzzle + 1]! <= e) puzzle++;
      out.push(readExample(set, e, set.puzzleIdentifiers[puzzle]!, split.metadata));
    }
  }
  return out;
}

function readExample(set: ReferenceSet, row: number, puzzleId: number, meta: ReferenceMetadata): Example {
  const inputs = new Int32Array(set.inputs.rowLength);
  const labels = new Int32Array(set.labels.rowLength);
  set.inputs.read(row, inputs);
  set.labels.read(row, labels);
  if (meta.ignore_label_id !== null && meta.ignore_label_id !== IGNORE_LABEL) {
    for (let i = 0; i < labels.length; i++) if (labels[i] === meta.ignore_label_id) labels[i] = IGNORE_LABEL;
  }
  return { inputs, labels, puzzleId };
}

function shapeOf(meta: ReferenceMetadata, options: ReferenceSourceOptions): { kind: PuzzleKind; canvas: Canvas } {
  const side = Math.round(Math.sqrt(meta.seq_len));
  const square: Canvas = { rows: side, cols: side };
  if (options.kind) return { kind: options.kind, canvas: options.canvas ?? square };
  const guessed: PuzzleKind | undefined =
    meta.vocab_size === 6 ? 'maze' : meta.vocab_size === 12 ? 'arc' : meta.vocab_size === side + 2 && [4, 6, 9].includes(side) ? 'sudoku' : undefined;
  if (!guessed || side * side !== meta.seq_len) {
    throw new ReferenceDatasetError(`cannot tell the puzzle kind from vocab_size ${meta.vocab_size} and seq_len ${meta.seq_len}; pass kind and canvas`);
  }
  return { kind: guessed, canvas: options.canvas ?? square };
}

/** A RowSource over a whole array held in memory. */
export function memoryRows(data: Int32Array, rowLength: number): RowSource {
  if (rowLength <= 0 || data.length % rowLength !== 0) throw new ReferenceDatasetError(`${data.length} values are not rows of ${rowLength}`);
  return {
    rows: data.length / rowLength,
    rowLength,
    read(row, out) {
      out.set(data.subarray(row * rowLength, (row + 1) * rowLength));
    },
  };
}
