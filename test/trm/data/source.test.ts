// The training stream is a pure function of seed and position: split or resumed draws give the same
// examples, each epoch visits every item once, and eval batches are padded the reference way.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { datasetSummary, evalBatches, IGNORE_LABEL, ShuffledSource, type DatasetDescription, type Example } from '../../../server/src/trm/data';

const description: DatasetDescription = {
  name: 'counting',
  kind: 'sudoku',
  canvas: { rows: 1, cols: 2 },
  seqLen: 2,
  vocabSize: 100,
  numPuzzleIdentifiers: 1,
  seed: 42,
  train: { items: 10, source: 'numbers 0..9' },
  eval: { examples: 3, source: 'numbers 10..12' },
  settings: {},
  augmentation: ['adding 0 or 50'],
};

const example = (n: number): Example => ({ inputs: Int32Array.from([n, n]), labels: Int32Array.from([n, 0]), puzzleId: 0 });

function source(): ShuffledSource<number> {
  return new ShuffledSource({
    description,
    items: Array.from({ length: 10 }, (_, i) => i),
    render: (n, rng) => example(n + (rng.uniform() < 0.5 ? 0 : 50)),
    evalExamples: [10, 11, 12].map(example),
  });
}

describe('training stream', () => {
  it('draws the same examples however the batches are cut, and after seek', () => {
    const whole = source().next(25).inputs;
    const split = source();
    const parts = [split.next(7), split.next(11), split.next(7)].flatMap((b) => [...b.inputs]);
    assert.deepEqual(parts, [...whole]);
    const resumed = source();
    resumed.seek(18);
    assert.equal(resumed.position, 18);
    assert.deepEqual([...resumed.next(7).inputs], [...whole.subarray(36)]);
  });

  it('visits every item once per epoch, in a different order each epoch', () => {
    const batch = source().next(30);
    const items = [...batch.inputs].filter((_, i) => i % 2 === 0).map((v) => v % 50);
    for (let e = 0; e < 3; e++) assert.deepEqual(items.slice(e * 10, e * 10 + 10).sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.notDeepEqual(items.slice(0, 10), items.slice(10, 20));
  });

  it('walks the eval set in padded batches that say how many rows are real', () => {
    const batches = [...evalBatches(source().evalSet(), 2, 2)];
    assert.deepEqual(batches.map((b) => b.real), [2, 1]);
    const last = batches[1]!.batch;
    assert.deepEqual([...last.inputs], [12, 12, 0, 0]);
    assert.deepEqual([...last.labels], [12, IGNORE_LABEL, IGNORE_LABEL, IGNORE_LABEL]);
    assert.throws(() => source().next(0), RangeError);
  });

  it('summarises its description in one line for a model card', () => {
    assert.equal(
      datasetSummary(description),
      'counting: 10 training items (numbers 0..9), augmented on the fly by adding 0 or 50; 3 held-out examples (numbers 10..12); seed 42',
    );
  });
});
