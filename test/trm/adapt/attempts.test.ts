// Two attempts: answers of augmented versions mapped back to the task's frame, then voted. Both checked against
// oracles written here from the definitions (numpy's rot90/fliplr/flipud/transpose; counting by hand), on
// generated grids, augmentations and answer lists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../../server/src/puzzles/common/random';
import { augmentArcGrid, encodeArcGrid, randomArcAugmentation, restoreArcGrid, type ArcAugmentation } from '../../../server/src/trm/data/arc/augment';
import { cropArc } from '../../../server/src/trm/import/arc-evaluation';
import { rankAnswers, twoAttempts } from '../../../server/src/trm/adapt/attempts';
import { answerAugmentations } from '../../../server/src/trm/adapt/learn-task';

type Grid = number[][];
const transpose = (g: Grid): Grid => g[0]!.map((_, j) => g.map((row) => row[j]!));
const flipud = (g: Grid): Grid => g.slice().reverse();
const fliplr = (g: Grid): Grid => g.map((row) => row.slice().reverse());
// numpy's rot90 (counter-clockwise) is a transpose then an up-down flip.
const rot90 = (g: Grid): Grid => flipud(transpose(g));
const ORACLE_DIHEDRAL: ((g: Grid) => Grid)[] = [
  (g) => g,
  rot90,
  (g) => rot90(rot90(g)),
  (g) => rot90(rot90(rot90(g))),
  fliplr,
  flipud,
  transpose,
  (g) => fliplr(rot90(g)),
];
const oracleAugment = (g: Grid, aug: ArcAugmentation): Grid => ORACLE_DIHEDRAL[aug.dihedral]!(g.map((row) => row.map((c) => aug.colours[c]!)));

function randomGrid(rng: Rng, maxSide: number): Grid {
  const rows = 1 + rng.int(maxSide);
  const cols = 1 + rng.int(maxSide);
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => rng.int(10)));
}

test('augmenting matches the oracle, and mapping back (encode, crop, restore) gives the grid again', () => {
  const rng = new Rng(7, 'attempts-test/map-back');
  const canvas = { rows: 8, cols: 8 };
  for (let trial = 0; trial < 500; trial++) {
    const grid = randomGrid(rng, 8);
    const aug = randomArcAugmentation(rng);
    assert.equal(aug.colours[0], 0, 'colour 0 stays');
    const augmented = oracleAugment(grid, aug);
    assert.deepEqual(augmentArcGrid(grid, aug), augmented);
    // What the model's answer goes through: the canvas at the top-left, the reference crop, the inverse maps.
    const answer = encodeArcGrid(augmented, canvas);
    assert.deepEqual(restoreArcGrid(cropArc(answer, canvas.cols), aug), grid, `trial ${trial}: dihedral ${aug.dihedral}, colours ${aug.colours.join('')}`);
  }
});

test('the answering augmentations cover all 8 dihedral transforms, start with the identity and keep colour 0', () => {
  const augs = answerAugmentations(16, 3);
  assert.deepEqual(augs[0], { dihedral: 0, colours: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] });
  assert.deepEqual(new Set(augs.map((a) => a.dihedral)), new Set([0, 1, 2, 3, 4, 5, 6, 7]));
  for (const a of augs) {
    assert.deepEqual([...a.colours].sort(), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.equal(a.colours[0], 0);
  }
});

/** The oracle: for each distinct grid (as text) its count and mean sigmoid, the best picked by repeated scans. */
function oracleTop(all: { grid: Grid; qHalt: number }[], k: number): { text: string; votes: number }[] {
  const answers = all.filter((a) => a.grid.length > 0 && a.grid[0]!.length > 0);
  const texts = answers.map((a) => JSON.stringify(a.grid));
  const distinct = texts.filter((t, i) => texts.indexOf(t) === i);
  const stats = distinct.map((t) => {
    const mine = answers.filter((_, i) => texts[i] === t);
    const mean = mine.map((a) => 1 / (1 + Math.exp(-a.qHalt))).reduce((s, x) => s + x, 0) / mine.length;
    return { text: t, votes: mine.length, mean, first: texts.indexOf(t) };
  });
  const out: { text: string; votes: number }[] = [];
  const left = stats.slice();
  while (out.length < k && left.length) {
    let best = 0;
    for (let i = 1; i < left.length; i++) {
      const a = left[i]!;
      const b = left[best]!;
      if (a.votes > b.votes || (a.votes === b.votes && (a.mean > b.mean || (a.mean === b.mean && a.first < b.first)))) best = i;
    }
    out.push({ text: left[best]!.text, votes: left[best]!.votes });
    left.splice(best, 1);
  }
  return out;
}

test('voting ranks by count, then mean q_halt, then first seen, as the oracle does', () => {
  const rng = new Rng(11, 'attempts-test/vote');
  for (let trial = 0; trial < 400; trial++) {
    // The empty grid stands for an answer that crops to nothing: never a candidate.
    const pool = [...Array.from({ length: 1 + rng.int(4) }, () => randomGrid(rng, 3)), ...(rng.int(3) === 0 ? [[]] : [])];
    // Few distinct q_halt values, so ties in count and in mean both happen.
    const halts = [-2, 0, 1.5];
    const answers = Array.from({ length: 1 + rng.int(16) }, () => ({ grid: pool[rng.int(pool.length)]!, qHalt: halts[rng.int(halts.length)]! }));
    const expected = oracleTop(answers, 2);
    const got = twoAttempts(answers);
    assert.equal(got.versions, answers.length);
    assert.equal(got.distinct, new Set(answers.filter((a) => a.grid.length > 0).map((a) => JSON.stringify(a.grid))).size);
    assert.equal(rankAnswers(answers).length, got.distinct);
    assert.deepEqual(
      [got.attempt1, got.attempt2].filter((c) => c).map((c) => ({ text: JSON.stringify(c!.grid), votes: c!.votes })),
      expected,
      `trial ${trial}`,
    );
  }
});

test('one distinct answer gives attempt 1 only; no answers give none', () => {
  const g = [[1, 2]];
  const one = twoAttempts([{ grid: g, qHalt: 1 }, { grid: [[1, 2]], qHalt: -1 }]);
  assert.deepEqual(one.attempt1?.grid, g);
  assert.equal(one.attempt1?.votes, 2);
  assert.equal(one.attempt2, undefined);
  const none = twoAttempts([]);
  assert.equal(none.attempt1, undefined);
  assert.equal(none.versions, 0);
});
