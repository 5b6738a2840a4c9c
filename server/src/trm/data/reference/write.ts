/**
 * Writing the reference dataset layout (layout.ts describes it) so the official `pretrain.py` trains on data
 * made here unchanged (`data_paths=[DIR]`): `<dir>/{train,test}/dataset.json` and the five
 * `all__<field>.npy` arrays (int32, C order, .npy format 1.0), plus `<dir>/identifiers.json` (puzzle id ->
 * name), as the reference's dataset/build_*_dataset.py write them.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Example } from '../types';
import { referenceFileName, ReferenceDatasetError, type ReferenceMetadata } from './layout';

/** One group: a puzzle and its precomputed augmentations, each puzzle a list of examples. */
export type ReferenceGroup = Example[][];

export interface ReferenceSplitData {
  groups: ReferenceGroup[];
}

export interface ReferenceDatasetData {
  seqLen: number;
  vocabSize: number;
  /** identifiers[id] names puzzle-embedding row id; identifiers[0] is the blank id ("<blank>"). */
  identifiers: string[];
  train: ReferenceSplitData;
  test: ReferenceSplitData;
}

/** `.npy` (format 1.0) of an int32 array. */
export function encodeNpyInt32(data: Int32Array, shape: readonly number[]): Uint8Array {
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== data.length) throw new ReferenceDatasetError(`${data.length} values do not fill shape (${shape.join(', ')})`);
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '<i4', 'fortran_order': False, 'shape': ${shapeText}, }`;
  // Magic (6) + version (2) + length (2) + header + '\n' is padded to a multiple of 64, as NumPy does.
  const unpadded = 10 + header.length + 1;
  header = header + ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + header.length + data.length * 4);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(new TextEncoder().encode(header), 10);
  const view = new DataView(out.buffer, 10 + header.length);
  for (let i = 0; i < data.length; i++) view.setInt32(i * 4, data[i]!, true);
  return out;
}

/** The arrays and metadata of one split. */
export function referenceSplitArrays(split: ReferenceSplitData, data: Pick<ReferenceDatasetData, 'seqLen' | 'vocabSize' | 'identifiers'>) {
  const { seqLen } = data;
  const examples = split.groups.flat(2);
  const inputs = new Int32Array(examples.length * seqLen);
  const labels = new Int32Array(examples.length * seqLen);
  examples.forEach((e, i) => {
    if (e.inputs.length !== seqLen || e.labels.length !== seqLen) throw new ReferenceDatasetError(`an example is not ${seqLen} tokens long`);
    for (let j = 0; j < seqLen; j++) {
      const [a, b] = [e.inputs[j]!, e.labels[j]!];
      if (a < 0 || a >= data.vocabSize || b < 0 || b >= data.vocabSize) throw new ReferenceDatasetError(`a token outside 0..${data.vocabSize - 1}`);
    }
    inputs.set(e.inputs, i * seqLen);
    labels.set(e.labels, i * seqLen);
  });
  const puzzles = split.groups.flat(1);
  const puzzleIdentifiers = Int32Array.from(puzzles, (p) => {
    const id = p[0]?.puzzleId;
    if (id === undefined || p.some((e) => e.puzzleId !== id)) throw new ReferenceDatasetError('a puzzle without examples, or whose examples disagree on the puzzle id');
    if (id < 0 || id >= data.identifiers.length) throw new ReferenceDatasetError(`puzzle id ${id} has no entry in identifiers`);
    return id;
  });
  const puzzleIndices = new Int32Array(puzzles.length + 1);
  puzzles.forEach((p, i) => (puzzleIndices[i + 1] = puzzleIndices[i]! + p.length));
  const groupIndices = new Int32Array(split.groups.length + 1);
  split.groups.forEach((g, i) => {
    if (g.length === 0) throw new ReferenceDatasetError('an empty group');
    groupIndices[i + 1] = groupIndices[i]! + g.length;
  });
  const metadata: ReferenceMetadata = {
    pad_id: 0,
    // Label 0 (pad) is "no loss" here, as in the reference builders.
    ignore_label_id: 0,
    blank_identifier_id: 0,
    vocab_size: data.vocabSize,
    seq_len: seqLen,
    num_puzzle_identifiers: data.identifiers.length,
    total_groups: split.groups.length,
    mean_puzzle_examples: puzzles.length ? examples.length / puzzles.length : 0,
    total_puzzles: puzzles.length,
    sets: ['all'],
  };
  return {
    metadata,
    arrays: {
      inputs: { data: inputs, shape: [examples.length, seqLen] },
      labels: { data: labels, shape: [examples.length, seqLen] },
      puzzle_identifiers: { data: puzzleIdentifiers, shape: [puzzles.length] },
      puzzle_indices: { data: puzzleIndices, shape: [puzzles.length + 1] },
      group_indices: { data: groupIndices, shape: [split.groups.length + 1] },
    },
  };
}

export function writeReferenceDataset(dir: string, data: ReferenceDatasetData): void {
  for (const [name, split] of [['train', data.train], ['test', data.test]] as const) {
    const { metadata, arrays } = referenceSplitArrays(split, data);
    const base = join(dir, name);
    mkdirSync(base, { recursive: true });
    writeFileSync(join(base, 'dataset.json'), JSON.stringify(metadata));
    for (const [field, a] of Object.entries(arrays)) {
      writeFileSync(join(base, referenceFileName('all', field as keyof typeof arrays)), encodeNpyInt32(a.data, a.shape));
    }
  }
  writeFileSync(join(dir, 'identifiers.json'), JSON.stringify(data.identifiers));
}
