// Dataset specs with difficulty bands (the JSON a model card carries) rebuild the same data, and the banded
// held-out sets of `trm eval --bands` have every band filled and stay apart from the model's dataset.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { boardFor } from '../../../server/src/puzzles/sudoku';
import { generateMazeSplits, generateSudokuSplits, mazeCanonicalKey, sudokuCanonicalKey } from '../../../server/src/trm/data';
import { parseSudokuMix } from '../../../server/src/puzzles/sudoku/generate';
import { bandedHeldOut } from '../../../server/src/trm/train/band-eval';
import { buildDataset, DatasetSpecError, type DatasetSpec } from '../../../server/src/trm/train/datasets';
import { mazeVocabulary } from '../../../server/src/puzzles/vocabulary';
import { oracleReadMaze, oracleShortestPaths } from '../../oracles/maze-oracle';

const sudokuSpec: DatasetSpec = {
  kind: 'sudoku',
  size: 9,
  seed: 4,
  plan: { kind: 'sudoku', trainSize: 150, evalSize: 20, givens: { 9: [36, 45] }, difficulty: 'any', bands: 'easy:1,minimal:1' },
};
const mazeSpec: DatasetSpec = {
  kind: 'maze',
  size: 9,
  seed: 4,
  plan: { kind: 'maze', trainSize: 300, evalSize: 30, loopProbability: 0.05, minPathFraction: 0.15, loops: [0, 3] },
};

describe('banded dataset specs', () => {
  it('a sudoku spec with bands builds the mix, the same one twice', () => {
    const a = buildDataset(sudokuSpec).source;
    const b = buildDataset(sudokuSpec).source;
    assert.equal(a.description.settings.mix, 'easy:1,minimal:1');
    assert.deepEqual(a.evalSet(), b.evalSet());
    assert.throws(() => buildDataset({ ...sudokuSpec, size: 6 }), DatasetSpecError);
    assert.throws(() => buildDataset({ ...sudokuSpec, plan: { ...sudokuSpec.plan, bands: 'easy:-1' } as DatasetSpec['plan'] }), DatasetSpecError);
  });

  it('a maze spec with loops builds mazes with that many loops', () => {
    const source = buildDataset(mazeSpec).source;
    assert.deepEqual(source.description.settings.loops, [0, 3]);
    assert.equal(source.evalSet().length, 30);
  });

  it('the banded sudoku held-out set fills every band and shares no puzzle with the dataset', () => {
    const set = bandedHeldOut(sudokuSpec, 8, 0);
    const counts = new Map<string, number>();
    for (const t of set.examples) counts.set(t.tags.band!, (counts.get(t.tags.band!) ?? 0) + 1);
    assert.deepEqual([...counts], [['easy', 8], ['medium', 8], ['hard', 8], ['search', 8], ['minimal', 8]]);
    const board = boardFor(9)!;
    const plan = sudokuSpec.plan as Extract<DatasetSpec['plan'], { kind: 'sudoku' }>;
    const splits = generateSudokuSplits({ size: 9, trainSize: plan.trainSize, evalSize: plan.evalSize, seed: 4, givens: [36, 45], difficulty: 'any', mix: parseSudokuMix(plan.bands!) });
    const dataset = new Set([...splits.train, ...splits.eval].map((p) => sudokuCanonicalKey(p.givens, board)));
    // Inputs are tokens: 1 = blank, d + 1 = digit d (puzzles/vocabulary.ts).
    const keys = set.examples.map((t) => sudokuCanonicalKey(Uint8Array.from(t.example.inputs, (tok) => (tok === 1 ? 0 : tok - 1)), board));
    assert.equal(new Set(keys).size, keys.length, 'no puzzle twice');
    for (const k of keys) assert.equal(dataset.has(k), false);
  });

  it('the banded maze held-out set has the loops bands and shares no maze with the dataset', () => {
    const set = bandedHeldOut(mazeSpec, 10, 0);
    assert.deepEqual(set.bands.map((b) => b.name), ['0', '1-3', '4-6']);
    assert.equal(set.examples.length, 30);
    const splits = generateMazeSplits({ trainSize: 300, evalSize: 30, seed: 4, canvas: { rows: 9, cols: 9 }, side: 9, loopProbability: 0.05, minPathFraction: 0.15, loops: [0, 3] });
    const dataset = new Set([...splits.train, ...splits.eval].map((m) => mazeCanonicalKey(m.input)));
    for (const t of set.examples) {
      const grid = Array.from({ length: 9 }, (_, r) => Array.from(t.example.inputs.subarray(r * 9, r * 9 + 9)));
      assert.equal(dataset.has(mazeCanonicalKey(grid)), false);
    }
  });

  it('tags each banded maze with its shortest path in buckets at 8, 12 and 20 steps on 9x9 (the oracle measures it)', () => {
    for (const minPathFraction of [0, 0.15]) {
      const spec = { ...mazeSpec, plan: { ...mazeSpec.plan, minPathFraction } } as DatasetSpec;
      const set = bandedHeldOut(spec, 40, 1);
      assert.deepEqual(set.tagNames, ['loops', 'routes', 'path']);
      const seen = new Set<string>();
      for (const t of set.examples) {
        const lines = Array.from({ length: 9 }, (_, r) => Array.from(t.example.inputs.subarray(r * 9, r * 9 + 9), (tok) => mazeVocabulary.tokenChar(tok)).join(''));
        const steps = oracleShortestPaths(oracleReadMaze(lines)).length;
        const expected = steps < 8 ? '1-7 steps' : steps < 12 ? '8-11 steps' : steps < 20 ? '12-19 steps' : '20+ steps';
        assert.equal(t.tags.path, expected, `${steps} steps`);
        assert.ok(minPathFraction === 0 || steps >= 12, `the model's minimum path holds: ${steps}`);
        seen.add(expected);
      }
      assert.ok(seen.size >= 2, `several buckets at min path ${minPathFraction}: ${[...seen]}`);
    }
  });
});
