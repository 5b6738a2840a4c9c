// The ARC loader reads the real Kaggle files, ids are stable and reachable from a user's task file, the
// reference augmentations undo exactly, translated examples still decode, and held-out test pairs stay
// out of training.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { arcLanguage } from '../../../server/src/puzzles';
import { arcCrop, arcToModelInput } from '../../../server/src/puzzles/arc';
import type { Canvas, TokenGrid } from '../../../server/src/puzzles/types';
import { arcVocabulary } from '../../../server/src/puzzles/vocabulary';
import {
  arcEvalEntries,
  arcPuzzleIdForKey,
  arcSource,
  arcTaskFileText,
  arcTaskMaxSide,
  augmentArcGrid,
  buildArcTaskSet,
  encodeArcGrid,
  loadArcCollection,
  parseArcCollection,
  randomArcAugmentation,
  restoreArcGrid,
  untranslate,
  type ArcTask,
  type ColourGrid,
  type Example,
} from '../../../server/src/trm/data';
import { Rng } from '../../../server/src/puzzles/common/random';

const ARC_DIR = fileURLToPath(new URL('../../../../shared/data/arc', import.meta.url));
const training = loadArcCollection(ARC_DIR, 'arc-agi_training');

const tokens = (g: ColourGrid): TokenGrid => g.map((row) => row.map(arcVocabulary.colourToken));
const colours = (g: TokenGrid): ColourGrid => g.map((row) => row.map(arcVocabulary.tokenColour));

/** The grid an example holds, wherever translation put it: shift its first non-pad cell to the top-left, crop. */
function decode(seq: Int32Array, canvas: Canvas): ColourGrid {
  let top = canvas.rows;
  let left = canvas.cols;
  for (let i = 0; i < seq.length; i++) {
    if (!arcVocabulary.isColourToken(seq[i]!)) continue;
    top = Math.min(top, Math.floor(i / canvas.cols));
    left = Math.min(left, i % canvas.cols);
  }
  return colours(arcCrop(untranslate(seq, canvas, top, left), canvas));
}

function pairKey(input: ColourGrid, output: ColourGrid): string {
  return JSON.stringify([input, output]);
}

describe('ARC loader', () => {
  it('reads the training collection with its solutions, and the evaluation collection without', () => {
    assert.equal(training.length, 400);
    const names = training.map((t) => t.name);
    assert.deepEqual(names, [...names].sort());
    for (const task of training) {
      assert.ok(task.train.length > 0);
      for (const p of task.test) assert.ok(p.output, `${task.name} has its test outputs`);
    }
    const evaluation = loadArcCollection(ARC_DIR, 'arc-agi_evaluation');
    assert.equal(evaluation.length, 400);
    assert.ok(evaluation.every((t) => t.test.every((p) => p.output === undefined)));
  });

  it('reports a malformed task with the grid it concerns', () => {
    const bad = { abc: { train: [{ input: [[1, 2], [3]], output: [[1]] }], test: [] } };
    assert.throws(() => parseArcCollection('mine', bad), /mine\/abc train 0 input: row 1 is not 2 colours long/);
    assert.throws(() => parseArcCollection('mine', { abc: { train: [{ input: [[12]], output: [[1]] }], test: [] } }), /not a colour 0\.\.9/);
  });

  it('ids are 1..N in name order, whatever the file order, and a task file finds its id by key', () => {
    const set = buildArcTaskSet(training, { seed: 0 });
    assert.equal(set.numPuzzleIdentifiers, 401);
    assert.deepEqual(set.entries.map((e) => e.baseId), Array.from({ length: 400 }, (_, i) => i + 1));
    // The same tasks from an object with its keys in reverse order get the same ids.
    const reversed = Object.fromEntries(training.map((t) => [t.name, { train: t.train, test: t.test.map((p) => ({ input: p.input })) }]).reverse());
    const again = buildArcTaskSet(parseArcCollection('arc-agi_training', reversed), { seed: 0 });
    assert.deepEqual(again.entries.map((e) => [e.task.name, e.baseId]), set.entries.map((e) => [e.task.name, e.baseId]));

    const entry = set.entries[123]!;
    const doc = arcLanguage.parse(arcTaskFileText(entry.task));
    const key = arcLanguage.instances(doc)[0]!.taskKey!;
    assert.equal(arcPuzzleIdForKey(set, key), entry.baseId);
    assert.equal(arcPuzzleIdForKey(set, 'not a key'), 0);
  });

  it('selects by name, or the first K tasks whose grids all fit N x N', () => {
    const small = buildArcTaskSet(training, { seed: 0, select: { maxSide: 6, count: 5 } });
    assert.equal(small.entries.length, 5);
    for (const e of small.entries) assert.ok(arcTaskMaxSide(e.task) <= 6);
    const named = buildArcTaskSet(training, { seed: 0, select: { names: [training[7]!.name, training[3]!.name] } });
    assert.deepEqual(named.entries.map((e) => e.task.name), [training[3]!.name, training[7]!.name]);
    assert.throws(() => buildArcTaskSet(training, { seed: 0, select: { names: ['nope'] } }), /no ARC task named nope/);
  });
});

describe('ARC augmentation', () => {
  it('inverse dihedral + inverse colour permutation recovers every grid; black stays black', () => {
    const rng = new Rng(1);
    for (const task of training.slice(0, 40)) {
      const aug = randomArcAugmentation(rng);
      assert.equal(aug.colours[0], 0);
      for (const { input, output } of task.train) {
        for (const g of [input, output]) {
          const moved = augmentArcGrid(g, aug);
          assert.deepEqual(restoreArcGrid(moved, aug), g);
          assert.equal(moved.flat().filter((c) => c === 0).length, g.flat().filter((c) => c === 0).length);
        }
      }
    }
  });

  it('encodes at the top-left exactly like arcToModelInput, and translated grids decode with arcCrop', () => {
    const canvas = { rows: 30, cols: 30 };
    const grid = training[0]!.train[0]!.input;
    const instance = { index: 0, label: '', rows: grid.length, cols: grid[0]!.length, input: tokens(grid), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
    assert.deepEqual(encodeArcGrid(grid, canvas), arcToModelInput(instance, canvas));
    const top = 30 - grid.length;
    const left = 7;
    const seq = encodeArcGrid(grid, canvas, top, left);
    assert.deepEqual(colours(arcCrop(untranslate(seq, canvas, top, left), canvas)), grid);
    // Markers follow the grid: right of each row, and below unless the grid touches the canvas bottom.
    assert.equal(seq[top * 30 + left + grid[0]!.length], arcVocabulary.endOfGrid);
    assert.throws(() => encodeArcGrid(grid, canvas, top + 1, 0), RangeError);
  });
});

describe('ARC dataset', () => {
  const tasks: ArcTask[] = training;
  const canvas = { rows: 10, cols: 10 };

  it('trains on demonstrations, holds test pairs out, and translated draws decode to real pairs', () => {
    const set = buildArcTaskSet(tasks, { seed: 0, select: { maxSide: 9, count: 6 } });
    const source = arcSource(set, { seed: 3, canvas });
    const demos = new Map<string, number>();
    const tests = new Set<string>();
    for (const e of set.entries) {
      for (const p of e.task.train) demos.set(pairKey(p.input, p.output), e.baseId);
      for (const p of e.task.test) tests.add(pairKey(p.input, p.output!));
    }
    assert.equal(source.trainSize, demos.size);
    let translated = 0;
    const batch = source.next(3 * source.trainSize);
    for (let row = 0; row < batch.size; row++) {
      const inputs = batch.inputs.subarray(row * 100, (row + 1) * 100);
      const labels = batch.labels.subarray(row * 100, (row + 1) * 100);
      const key = pairKey(decode(inputs, canvas), decode(labels, canvas));
      assert.equal(demos.get(key), batch.puzzleIds[row], 'a demonstration pair under its task id');
      assert.equal(tests.has(key), false);
      if (inputs[0] === 0) translated++;
    }
    assert.ok(translated > 0, 'some draws are translated');

    const evalSet = source.evalSet();
    const expected = set.entries.flatMap((e) => e.task.test.map((p) => ({ id: e.baseId, key: pairKey(p.input, p.output!) })));
    assert.deepEqual(evalSet.map((x: Example) => ({ id: x.puzzleId, key: pairKey(decode(x.inputs, canvas), decode(x.labels, canvas)) })), expected);
    for (const x of evalSet) assert.ok(arcVocabulary.isColourToken(x.inputs[0]!), 'eval examples sit at the top-left');
    assert.equal(source.description.numPuzzleIdentifiers, 7);
  });

  it('with a held-out list, the other tasks train on their test pairs too', () => {
    const set = buildArcTaskSet(tasks, { seed: 0, select: { maxSide: 9, count: 4 } });
    const heldOut = [set.entries[0]!.task.name];
    const source = arcSource(set, { seed: 3, canvas, heldOut });
    const pairs = set.entries.reduce((n, e, i) => n + e.task.train.length + (i === 0 ? 0 : e.task.test.length), 0);
    assert.equal(source.trainSize, pairs);
    assert.deepEqual(arcEvalEntries(set, { seed: 3, canvas, heldOut }).map((e) => e.taskName), set.entries[0]!.task.test.map(() => heldOut[0]));
  });

  it('with k ids per task, id base + j is augmentation j, and undoing it recovers a demonstration', () => {
    const k = 4;
    const set = buildArcTaskSet(tasks, { seed: 5, select: { maxSide: 9, count: 3 }, augmentationIds: k });
    assert.equal(set.numPuzzleIdentifiers, 1 + 3 * k);
    assert.deepEqual(set.entries.map((e) => e.baseId), [1, 1 + k, 1 + 2 * k]);
    const source = arcSource(set, { seed: 5, canvas });
    assert.equal(source.trainSize, k * set.entries.reduce((n, e) => n + e.task.train.length, 0));
    const batch = source.next(40);
    for (let row = 0; row < batch.size; row++) {
      const id = batch.puzzleIds[row]!;
      const entry = set.entries.find((e) => id >= e.baseId && id < e.baseId + k)!;
      const aug = entry.augmentations[id - entry.baseId]!;
      const input = restoreArcGrid(decode(batch.inputs.subarray(row * 100, (row + 1) * 100), canvas), aug);
      const output = restoreArcGrid(decode(batch.labels.subarray(row * 100, (row + 1) * 100), canvas), aug);
      assert.ok(entry.task.train.some((p) => pairKey(p.input, p.output) === pairKey(input, output)));
    }
    assert.deepEqual(buildArcTaskSet(tasks, { seed: 5, select: { maxSide: 9, count: 3 }, augmentationIds: k }).entries.map((e) => e.augmentations), set.entries.map((e) => e.augmentations));
    assert.throws(() => arcSource(set, { seed: 5, canvas, onTheFly: 'all' }), /one id per task/);
  });

  it('drops a training pair that equals a held-out test pair of another task', () => {
    const a = { train: [{ input: [[1]], output: [[2]] }], test: [{ input: [[3]] }] };
    const b = { train: [{ input: [[3]], output: [[4]] }, { input: [[5]], output: [[6]] }], test: [{ input: [[7]] }] };
    const parsed = parseArcCollection('mine', { a, b }, { a: [[[4]]], b: [[[8]]] });
    const source = arcSource(buildArcTaskSet(parsed, { seed: 0 }), { seed: 0, canvas, heldOut: ['a'] });
    // a: 1 demo; b: 1 of 2 demos (the other is a's held-out answer) + its test pair.
    assert.equal(source.trainSize, 3);
    assert.equal(source.description.settings['heldOutCopiesDropped'], 1);
  });

  it('refuses a task that does not fit the canvas, naming it', () => {
    const set = buildArcTaskSet(tasks, { seed: 0, select: { count: 40 } });
    assert.throws(() => arcSource(set, { seed: 0, canvas }), /too large for the 10x10 canvas; select tasks with maxSide/);
  });
});
