import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dihedral, DIHEDRAL_INVERSE, inverseDihedral, inversePermutation, permuteColours } from '../../../server/src/puzzles';
import { fnv1a64 } from '../../../server/src/puzzles/common/hash';

describe('augmentation helpers', () => {
  const g = [
    [1, 2, 3],
    [4, 5, 6],
  ];

  it('applies the 8 dihedral transforms with the reference numbering (numpy semantics)', () => {
    assert.deepEqual(dihedral(g, 0), g);
    assert.deepEqual(dihedral(g, 1), [[3, 6], [2, 5], [1, 4]]); // rot90 counter-clockwise
    assert.deepEqual(dihedral(g, 2), [[6, 5, 4], [3, 2, 1]]);
    assert.deepEqual(dihedral(g, 3), [[4, 1], [5, 2], [6, 3]]);
    assert.deepEqual(dihedral(g, 4), [[3, 2, 1], [6, 5, 4]]); // fliplr
    assert.deepEqual(dihedral(g, 5), [[4, 5, 6], [1, 2, 3]]); // flipud
    assert.deepEqual(dihedral(g, 6), [[1, 4], [2, 5], [3, 6]]); // transpose
    assert.deepEqual(dihedral(g, 7), [[6, 3], [5, 2], [4, 1]]); // fliplr(rot90)
    assert.throws(() => dihedral(g, 8), RangeError);
  });

  it('undoes each transform with its inverse', () => {
    for (let k = 0; k < 8; k++) {
      assert.deepEqual(inverseDihedral(dihedral(g, k), k), g);
      assert.deepEqual(dihedral(dihedral(g, k), DIHEDRAL_INVERSE[k]!), g);
    }
  });

  it('permutes colours and undoes the permutation', () => {
    const perm = [0, 2, 3, 4, 5, 6, 7, 8, 9, 1];
    assert.deepEqual(permuteColours([[0, 1, 9]], perm), [[0, 2, 1]]);
    assert.deepEqual(permuteColours(permuteColours(g, perm), inversePermutation(perm)), g);
    assert.throws(() => permuteColours(g, [0, 0, 1, 2, 3, 4, 5, 6, 7, 8]), RangeError);
  });

  it('hashes with FNV-1a 64 (reference vectors)', () => {
    assert.equal(fnv1a64(''), 'cbf29ce484222325');
    assert.equal(fnv1a64('a'), 'af63dc4c8601ec8c');
    assert.equal(fnv1a64('foobar'), '85944171f73967e8');
  });
});
