// The curriculum's mix at step s is what its schedule says (bands open in order, each at its step, then
// drawn by weight), the draws follow that mix, and the stream is a pure function of (seed, position, step),
// so split batches and a resumed stream draw the same examples.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bandOpenStep, CurriculumSource, curriculumMix, type DatasetDescription, type Example, type TrainingProgress } from '../../../server/src/trm/data';
import { cycleRank } from '../../../server/src/puzzles/maze/generate';
import { buildDataset, type DatasetSpec } from '../../../server/src/trm/train/datasets';

const description: DatasetDescription = {
  name: 'tagged',
  kind: 'sudoku',
  canvas: { rows: 1, cols: 1 },
  seqLen: 1,
  vocabSize: 1000,
  numPuzzleIdentifiers: 1,
  seed: 9,
  train: { items: 30, source: 'band * 100 + item' },
  eval: { examples: 0, source: 'none' },
  settings: {},
  augmentation: [],
};

/** Three bands of ten items, weights 1:2:3; an example's token says its band (hundreds) and item. */
function source(): CurriculumSource<number> {
  return new CurriculumSource({
    description,
    bands: [1, 2, 3].map((weight, band) => ({ name: `b${band}`, weight, items: Array.from({ length: 10 }, (_, i) => band * 100 + i) })),
    render: (n): Example => ({ inputs: Int32Array.from([n]), labels: Int32Array.from([n]), puzzleId: 0 }),
    evalExamples: [],
  });
}

const bandShares = (tokens: ArrayLike<number>): number[] => {
  const counts = [0, 0, 0];
  for (let i = 0; i < tokens.length; i++) counts[Math.floor(tokens[i]! / 100)]!++;
  return counts.map((c) => c / tokens.length);
};

describe('curriculum schedule', () => {
  it('opens band i of k at i/(k-1) of the ramp (half the run), then draws the whole mix by weight', () => {
    assert.deepEqual([0, 1, 2].map((i) => bandOpenStep(i, 3, 100)), [0, 25, 50]);
    assert.deepEqual(curriculumMix([1, 2, 3], 0, 100), [1, 0, 0]);
    assert.deepEqual(curriculumMix([1, 2, 3], 24, 100), [1, 0, 0]);
    assert.deepEqual(curriculumMix([1, 2, 3], 25, 100), [1 / 3, 2 / 3, 0]);
    assert.deepEqual(curriculumMix([1, 2, 3], 49, 100), [1 / 3, 2 / 3, 0]);
    assert.deepEqual(curriculumMix([1, 2, 3], 50, 100), [1 / 6, 2 / 6, 3 / 6]);
    assert.deepEqual(curriculumMix([1, 2, 3], 99, 100), [1 / 6, 2 / 6, 3 / 6]);
    assert.deepEqual(curriculumMix([5], 0, 100), [1]);
    assert.deepEqual(curriculumMix([1, 1], 10, 100, 0.1), [0.5, 0.5]);
  });

  it('draws at step s from the bands open at s, in the shares the mix gives', () => {
    for (const [step, expected] of [[10, [1, 0, 0]], [30, [1 / 3, 2 / 3, 0]], [80, [1 / 6, 2 / 6, 3 / 6]]] as const) {
      const s = source();
      assert.deepEqual(s.mix({ step, steps: 100 }), [...expected]);
      const shares = bandShares(s.next(3000, { step, steps: 100 }).inputs);
      shares.forEach((share, band) => {
        if (expected[band] === 0) assert.equal(share, 0, `band ${band} is not open at step ${step}`);
        else assert.ok(Math.abs(share - expected[band]!) < 0.04, `step ${step}, band ${band}: ${share} drawn, ${expected[band]} scheduled`);
      });
    }
  });

  it('draws the same examples however the batches are cut, and after seek (a resumed run)', () => {
    // A schedule of 40 steps drawing 5 examples each, crossing every band opening.
    const progress = (step: number): TrainingProgress => ({ step, steps: 40 });
    const whole = source();
    const straight = Array.from({ length: 40 }, (_, step) => [...whole.next(5, progress(step)).inputs]).flat();
    const resumed = source();
    resumed.seek(17 * 5);
    const tail = Array.from({ length: 23 }, (_, i) => [...resumed.next(5, progress(17 + i)).inputs]).flat();
    assert.deepEqual(tail, straight.slice(17 * 5));
    const split = source();
    const cut = Array.from({ length: 40 }, (_, step) => [...split.next(2, progress(step)).inputs, ...split.next(3, progress(step)).inputs]).flat();
    assert.deepEqual(cut, straight);
    // Not a constant stream: the first steps draw band 0 only, the last ones all three.
    assert.deepEqual(bandShares(straight.slice(0, 25)), [1, 0, 0]);
    assert.ok(bandShares(straight.slice(100)).every((s) => s > 0));
  });

  it('refuses bands it cannot draw from', () => {
    assert.throws(() => new CurriculumSource({ description, bands: [], render: () => ({ inputs: new Int32Array(1), labels: new Int32Array(1), puzzleId: 0 }), evalExamples: [] }), RangeError);
    assert.throws(() => source().next(0, { step: 0, steps: 1 }), RangeError);
  });
});

describe('curriculum datasets', () => {
  const mazeSpec: DatasetSpec = {
    kind: 'maze',
    size: 9,
    seed: 2,
    plan: { kind: 'maze', trainSize: 200, evalSize: 10, loopProbability: 0.05, minPathFraction: 0.15, loops: [0, 3], curriculum: true },
  };

  it('a maze curriculum draws perfect mazes first and every loops count once all are open', () => {
    const source = buildDataset(mazeSpec).source;
    assert.equal(source.description.settings.curriculum, true);
    assert.match(source.description.train.source, /curriculum/);
    const loopsOf = (tokens: Int32Array) => Array.from({ length: tokens.length / 81 }, (_, i) => cycleRank(tokens.subarray(i * 81, (i + 1) * 81), 9, 9));
    const first = loopsOf(source.next(64, { step: 0, steps: 100 }).inputs);
    assert.deepEqual([...new Set(first)], [0]);
    const late = new Set(loopsOf(source.next(256, { step: 90, steps: 100 }).inputs));
    assert.deepEqual([...late].sort(), [0, 1, 2, 3]);
  });

  it('a sudoku curriculum orders the bands easy to minimal, whatever order the mix names them in', () => {
    const spec: DatasetSpec = {
      kind: 'sudoku',
      size: 9,
      seed: 2,
      plan: { kind: 'sudoku', trainSize: 60, evalSize: 5, givens: { 9: [30, 38] }, difficulty: 'any', bands: 'hard:1,easy:1', curriculum: true },
    };
    const source = buildDataset(spec).source as CurriculumSource<unknown>;
    assert.deepEqual(source.bands.map((b) => b.name), ['easy', 'hard']);
    const givens = (tokens: Int32Array) => Array.from({ length: tokens.length / 81 }, (_, i) => [...tokens.subarray(i * 81, (i + 1) * 81)].filter((t) => t !== 1).length);
    assert.ok(givens(source.next(40, { step: 0, steps: 10 }).inputs).every((g) => g >= 36), 'the first steps draw easy puzzles only');
    assert.ok(givens(source.next(80, { step: 9, steps: 10 }).inputs).some((g) => g <= 29), 'the last steps draw hard ones too');
  });
});
