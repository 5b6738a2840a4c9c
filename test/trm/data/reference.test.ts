// .npy files written byte by byte from the NPY format spec read back exactly, and a folder in the
// reference TinyRecursiveModels layout becomes a DatasetSource with the reference's semantics.
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { loadReferenceSplit, NpyError, readNpy, referenceSource } from '../../../server/src/trm/data';

/**
 * An .npy file per the format spec: "\x93NUMPY", major, minor, header length (u16 LE for 1.0, u32 LE
 * for 2.0), the header dict padded with spaces and ended by '\n' so the data starts on a multiple of 64.
 */
function npy(descr: string, shape: number[], values: number[], version: 1 | 2 = 1): Uint8Array {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const preamble = version === 1 ? 10 : 12;
  while ((preamble + header.length + 1) % 64 !== 0) header += ' ';
  header += '\n';
  const size = Number(descr.slice(2));
  const data = new DataView(new ArrayBuffer(values.length * size));
  const little = descr[0] !== '>';
  values.forEach((v, i) => {
    const kind = descr[1];
    if (size === 1) kind === 'i' ? data.setInt8(i, v) : data.setUint8(i, v);
    else if (size === 2) kind === 'i' ? data.setInt16(i * 2, v, little) : data.setUint16(i * 2, v, little);
    else if (size === 4) kind === 'i' ? data.setInt32(i * 4, v, little) : data.setUint32(i * 4, v, little);
    else data.setBigInt64(i * 8, BigInt(v), little);
  });
  const out = new Uint8Array(preamble + header.length + data.byteLength);
  out.set([0x93, ...Buffer.from('NUMPY'), version, 0]);
  if (version === 1) out.set([header.length & 0xff, header.length >> 8], 8);
  else out.set([header.length & 0xff, (header.length >> 8) & 0xff, 0, 0], 8);
  out.set(Buffer.from(header, 'latin1'), preamble);
  out.set(new Uint8Array(data.buffer), preamble + header.length);
  return out;
}

describe('.npy reader', () => {
  it('reads a uint8 array written out byte by byte', () => {
    // np.save of np.array([[1, 2, 3], [4, 5, 255]], dtype=np.uint8): a 118-byte header, 6 data bytes.
    const header = "{'descr': '|u1', 'fortran_order': False, 'shape': (2, 3), }";
    const padded = header + ' '.repeat(118 - header.length - 1) + '\n';
    const bytes = Uint8Array.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, 118, 0, ...Buffer.from(padded, 'latin1'), 1, 2, 3, 4, 5, 255]);
    const array = readNpy(bytes);
    assert.deepEqual(array.header.shape, [2, 3]);
    assert.equal(array.header.dataOffset, 128);
    assert.deepEqual([...array.data], [1, 2, 3, 4, 5, 255]);
  });

  it('reads signed, unsigned, 64-bit and big-endian integers, and format 2.0 headers', () => {
    assert.deepEqual([...readNpy(npy('<i4', [3], [-1, 0, 2147483647])).data], [-1, 0, 2147483647]);
    assert.deepEqual([...readNpy(npy('<i8', [2, 1], [5, -7], 2)).data], [5, -7]);
    assert.deepEqual([...readNpy(npy('>i2', [2], [-300, 300])).data], [-300, 300]);
    assert.deepEqual([...readNpy(npy('<u2', [1], [65535])).data], [65535]);
    assert.deepEqual(readNpy(npy('<i4', [0, 81], [])).header.shape, [0, 81]);
  });

  it('refuses what it cannot read, saying why', () => {
    assert.throws(() => readNpy(new Uint8Array(20)), /bad magic/);
    assert.throws(() => readNpy(npy('<f4', [1], [0])), /unsupported dtype '<f4'/);
    assert.throws(() => readNpy(npy('<i8', [1], [2 ** 40])), /does not fit a 32-bit integer/);
    const fortran = npy('<i4', [2], [1, 2]);
    const text = Buffer.from(fortran).toString('latin1').replace('False', 'True ');
    assert.throws(() => readNpy(Uint8Array.from(Buffer.from(text, 'latin1'))), /Fortran-order/);
    assert.throws(() => readNpy(npy('<i4', [4], [1, 2]).subarray(0, 70)), NpyError);
  });
});

describe('reference dataset folder', () => {
  const dir = mkdtempSync(join(tmpdir(), 'trm-reference-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** A 2x2 "sudoku-like" dataset: 2 groups; group 0 has 2 puzzles (an original and an augmentation). */
  function writeSplit(split: string, inputs: number[][], labels: number[][], ids: number[], puzzleIndices: number[], groupIndices: number[]): void {
    const base = join(dir, split);
    mkdirSync(base, { recursive: true });
    const meta = {
      pad_id: 0,
      ignore_label_id: 0,
      blank_identifier_id: 0,
      vocab_size: 6,
      seq_len: 4,
      num_puzzle_identifiers: 4,
      total_groups: groupIndices.length - 1,
      mean_puzzle_examples: 1,
      total_puzzles: ids.length,
      sets: ['all'],
    };
    writeFileSync(join(base, 'dataset.json'), JSON.stringify(meta));
    writeFileSync(join(base, 'all__inputs.npy'), npy('|u1', [inputs.length, 4], inputs.flat()));
    writeFileSync(join(base, 'all__labels.npy'), npy('|u1', [labels.length, 4], labels.flat()));
    writeFileSync(join(base, 'all__puzzle_identifiers.npy'), npy('<i4', [ids.length], ids));
    writeFileSync(join(base, 'all__puzzle_indices.npy'), npy('<i4', [puzzleIndices.length], puzzleIndices));
    writeFileSync(join(base, 'all__group_indices.npy'), npy('<i4', [groupIndices.length], groupIndices));
  }

  it('draws examples from groups with their puzzle ids, and serves the test split as the eval set', () => {
    // Puzzles: 0 (id 1, examples 0-1), 1 (id 2, example 2) in group 0; 2 (id 3, example 3) in group 1.
    writeSplit('train', [[1, 2, 3, 4], [1, 1, 1, 1], [2, 2, 2, 2], [3, 3, 3, 3]], [[2, 2, 0, 4], [5, 5, 5, 5], [4, 4, 4, 4], [1, 1, 1, 1]], [1, 2, 3], [0, 2, 3, 4], [0, 2, 3]);
    writeSplit('test', [[5, 4, 3, 2]], [[1, 0, 1, 0]], [3], [0, 1], [0, 1]);
    const train = loadReferenceSplit(dir, 'train');
    const test = loadReferenceSplit(dir, 'test');
    try {
      const source = referenceSource({ train, test, seed: 1, name: 'tiny', kind: 'maze', canvas: { rows: 2, cols: 2 } });
      assert.equal(source.trainSize, 2, 'one item per group');
      const idOf = new Map([['1,2,3,4', 1], ['1,1,1,1', 1], ['2,2,2,2', 2], ['3,3,3,3', 3]]);
      const batch = source.next(40);
      const seen = new Set<number>();
      for (let row = 0; row < 40; row++) {
        const input = [...batch.inputs.subarray(row * 4, row * 4 + 4)].join();
        assert.equal(batch.puzzleIds[row], idOf.get(input));
        seen.add(batch.puzzleIds[row]!);
      }
      assert.deepEqual([...seen].sort(), [1, 2, 3]);
      assert.deepEqual(source.evalSet(), [{ inputs: Int32Array.from([5, 4, 3, 2]), labels: Int32Array.from([1, 0, 1, 0]), puzzleId: 3 }]);
      assert.equal(source.description.numPuzzleIdentifiers, 4);
    } finally {
      train.close();
      test.close();
    }
  });

  it('names the inconsistency when the arrays disagree', () => {
    writeSplit('broken', [[1, 2, 3, 4]], [[1, 2, 3, 4]], [1, 2], [0, 1, 1], [0, 1]);
    assert.throws(() => loadReferenceSplit(dir, 'broken'), /group_indices must run from 0 to the puzzle count/);
    assert.throws(() => loadReferenceSplit(dir, 'missing'), /cannot read .*dataset\.json/);
  });
});
