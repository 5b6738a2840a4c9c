// Two attempts per ARC test input: augmented answers map back to the grid they stand for, votes rank the
// candidates (count, then confidence, then first seen), and pass@2 needs every test input right. The
// expected grids are written out by hand or built by the domain's own transforms, not by the module.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { arcVocabulary } from '../../../server/src/puzzles/vocabulary';
import { augmentArcGrid, encodeArcGrid, type ArcAugmentation } from '../../../server/src/trm/data/arc/augment';
import { arcAugmentations, arcTestVersions, rankArcAnswers, scoreArcAttempts, topTwo, type ArcVersionAnswer } from '../../../server/src/trm/runtime/arc-attempts';

const canvas = { rows: 6, cols: 6 };
const G = [
  [1, 2, 0],
  [0, 3, 0],
];
const H = [[4, 4]];

/** A model that answers `grid` (given in the original frame) to the version made with `aug`. */
const answerAs = (grid: number[][], aug: ArcAugmentation, qHalt = 0, testIndex = 0): ArcVersionAnswer => ({
  testIndex,
  augmentation: aug,
  answer: encodeArcGrid(augmentArcGrid(grid, aug), canvas),
  qHalt,
});

describe('ARC attempts', () => {
  const augs = arcAugmentations([G], 8, 3, 'test/G');

  it('draws distinct augmentations, the identity first, and no more than the input has', () => {
    assert.equal(augs.length, 8);
    assert.deepEqual(augs[0], { dihedral: 0, colours: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] });
    const versions = new Set(augs.map((a) => JSON.stringify(augmentArcGrid(G, a))));
    assert.equal(versions.size, 8);
    for (const a of augs) assert.equal(a.colours[0], 0, 'black stays black');
    // An all-black square looks the same under every dihedral transform and colour permutation.
    assert.equal(arcAugmentations([[[0, 0], [0, 0]]], 8, 3, 'black').length, 1);
    assert.notDeepEqual(arcAugmentations([G], 8, 4, 'test/G'), augs, 'the seed is used');
  });

  it('encodes every test input under every augmentation at the top-left', () => {
    const versions = arcTestVersions([G, H], augs.slice(0, 3), canvas);
    assert.equal(versions.length, 6);
    assert.deepEqual(versions.map((v) => v.testIndex), [0, 0, 0, 1, 1, 1]);
    // The identity version of G: its colours, end-of-grid below and to the right, pad elsewhere.
    const c = arcVocabulary.colourToken;
    const e = arcVocabulary.endOfGrid;
    assert.deepEqual([...versions[0]!.tokens.slice(0, 12)], [c(1), c(2), c(0), e, 0, 0, c(0), c(3), c(0), e, 0, 0]);
    assert.throws(() => arcTestVersions([Array.from({ length: 7 }, () => [1])], augs, canvas), /does not fit/);
  });

  it('maps augmented answers back and ranks by votes, then confidence, then first seen', () => {
    const answers = [
      ...augs.slice(0, 3).map((a) => answerAs(H, a, -2)),
      ...augs.slice(3, 8).map((a) => answerAs(G, a, -5)),
    ];
    const ranked = rankArcAnswers(answers, canvas, 1);
    assert.deepEqual(ranked[0]!.map((c) => [c.grid, c.votes]), [[G, 5], [H, 3]]);
    // Two votes each: the more confident wins; equal confidence: the first seen.
    const tie = rankArcAnswers([answerAs(H, augs[1]!, 0), answerAs(G, augs[2]!, 3), answerAs(H, augs[3]!, 0), answerAs(G, augs[4]!, 3)], canvas, 1);
    assert.deepEqual(tie[0]!.map((c) => c.grid), [G, H]);
    const even = rankArcAnswers([answerAs(H, augs[1]!, 1), answerAs(G, augs[2]!, 1)], canvas, 1);
    assert.deepEqual(topTwo(even), [[H, G]]);
  });

  it('gives no vote to an answer with no grid at the top-left, and keeps test inputs apart', () => {
    const blank = { testIndex: 0, augmentation: augs[0]!, answer: new Int32Array(36), qHalt: 9 };
    const ranked = rankArcAnswers([blank, answerAs(G, augs[1]!, 0, 1)], canvas, 2);
    assert.deepEqual(ranked[0], []);
    assert.deepEqual(ranked[1]!.map((c) => c.grid), [G]);
    assert.throws(() => rankArcAnswers([answerAs(G, augs[0]!, 0, 2)], canvas, 2), /test input 2/);
  });

  it('passes at 2 only when every test input has the answer among its two attempts', () => {
    assert.deepEqual(scoreArcAttempts([[G, H], [H]], [G, H]), { pass1: true, pass2: true });
    assert.deepEqual(scoreArcAttempts([[H, G], [H]], [G, H]), { pass1: false, pass2: true });
    assert.deepEqual(scoreArcAttempts([[H, G], [G, G]], [G, H]), { pass1: false, pass2: false });
    assert.deepEqual(scoreArcAttempts([[], [H]], [G, H]), { pass1: false, pass2: false });
    // Same cells, other shape: not the answer.
    assert.deepEqual(scoreArcAttempts([[[[4], [4]]]], [H]), { pass1: false, pass2: false });
    assert.throws(() => scoreArcAttempts([[G]], [G, H]), /1 test inputs have attempts; the task has 2/);
  });
});
