// Generated mazes are hard (S and G far apart, a long shortest path), their labels are shortest paths as
// the domain's BFS draws them, transformed mazes keep that, and held-out mazes never occur in training.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { distancesFrom, mazeLanguage, parseMaze } from '../../../server/src/puzzles/maze';
import type { TokenGrid } from '../../../server/src/puzzles/types';
import { mazeVocabulary } from '../../../server/src/puzzles/vocabulary';
import {
  fittingTransforms,
  generateMazeSplits,
  mazeCanonicalKey,
  mazeFileText,
  mazeSource,
  placeMaze,
  transformMaze,
} from '../../../server/src/trm/data';
import { countShortestPaths, generateMaze } from '../../../server/src/puzzles/maze/generate';
import { Rng } from '../../../server/src/puzzles/common/random';

const { wall, open, start, goal, path } = mazeVocabulary;

function text(grid: TokenGrid): string {
  return grid.map((row) => row.map((t) => mazeVocabulary.tokenChar(t)).join('')).join('\n') + '\n';
}

/** The drawn path of `label` is valid and shortest for the maze `input` (checked by the domain). */
function assertShortestPathLabel(input: TokenGrid, label: TokenGrid): void {
  const doc = parseMaze(text(label));
  assert.equal(doc.wellFormed, true);
  assert.deepEqual(mazeLanguage.verify(parseMaze(text(input)), 0, label), { status: 'correct' });
  const solved = mazeLanguage.exactSolve(parseMaze(text(input)), 0);
  assert.equal(solved.status, 'unique');
  for (let r = 0; r < input.length; r++) {
    for (let c = 0; c < input[0]!.length; c++) {
      if (input[r]![c] !== open) assert.equal(label[r]![c], input[r]![c], 'only open cells may become path');
    }
  }
}

describe('maze generator', () => {
  it('30x30: walls on the border, S and G far apart, label = a shortest path, unique', () => {
    const rng = new Rng(1, 'maze');
    for (let i = 0; i < 5; i++) {
      const m = generateMaze({ rows: 30, cols: 30 }, rng);
      assert.equal(m.input.length, 30);
      for (let k = 0; k < 30; k++) {
        for (const t of [m.input[0]![k], m.input[29]![k], m.input[k]![0], m.input[k]![29]]) assert.equal(t, wall);
      }
      assert.ok(m.pathLength >= 112, `path ${m.pathLength} is long`);
      const cells = Uint8Array.from(m.input.flat());
      const dist = distancesFrom(cells, 30, 30, m.start);
      const farthest = Math.max(...dist);
      assert.ok(m.pathLength >= 0.8 * farthest, 'G is among the cells farthest from S');
      assert.equal(dist[m.goal.row * 30 + m.goal.col], m.pathLength);
      assert.equal(countShortestPaths(m, dist, m.goal.row * 30 + m.goal.col), 1);
      assert.equal(m.label.flat().filter((t) => t === path).length, m.pathLength - 1);
      assert.equal(m.input.flat().filter((t) => t === start).length, 1);
      assert.equal(m.input.flat().filter((t) => t === goal).length, 1);
      assertShortestPathLabel(m.input, m.label);
    }
  });

  it('extra openings make loops: with more of them, a maze has more open cells than a tree', () => {
    const rng = new Rng(2);
    const m = generateMaze({ rows: 21, cols: 21, loopProbability: 0.3, uniqueShortestPath: false, minPathLength: 10 }, rng);
    // A spanning tree on the 10x10 lattice opens 100 cells + 99 passages; loops open more.
    assert.ok(m.input.flat().filter((t) => t !== wall).length > 199);
  });

  it('sizes 6..30 and Prim mazes work; an impossible path length fails with a reason', () => {
    const rng = new Rng(3);
    for (const side of [6, 7, 11, 16, 25]) {
      const m = generateMaze({ rows: side, cols: side + 2, algorithm: side % 2 ? 'prim' : 'dfs' }, rng);
      assertShortestPathLabel(m.input, m.label);
    }
    assert.throws(() => generateMaze({ rows: 9, cols: 9, minPathLength: 80, maxAttempts: 5 }, rng), /lower minPathLength/);
    assert.throws(() => generateMaze({ rows: 4, cols: 9 }, rng), RangeError);
  });
});

describe('maze augmentation and dataset', () => {
  it('each dihedral transform keeps the label a shortest path of the transformed maze', () => {
    const m = generateMaze({ rows: 15, cols: 11 }, new Rng(4));
    for (let k = 0; k < 8; k++) assertShortestPathLabel(transformMaze(m.input, k), transformMaze(m.label, k));
  });

  it('places mazes at the top-left of the canvas with walls around, as the server does', () => {
    const m = generateMaze({ rows: 9, cols: 7 }, new Rng(5));
    const seq = placeMaze(m.input, { rows: 12, cols: 12 });
    assert.equal(seq[0 * 12 + 0], m.input[0]![0]);
    assert.equal(seq[8 * 12 + 6], m.input[8]![6]);
    assert.equal(seq[11 * 12 + 11], wall);
    assert.deepEqual(fittingTransforms(9, 7, { rows: 12, cols: 12 }), [0, 1, 2, 3, 4, 5, 6, 7]);
    assert.deepEqual(fittingTransforms(9, 11, { rows: 10, cols: 12 }), [0, 2, 4, 5]);
  });

  it('same seed, same data; held-out mazes are no rotation or reflection of a training maze', () => {
    const options = { trainSize: 40, evalSize: 10, seed: 6, canvas: { rows: 10, cols: 10 }, side: [6, 10] as const };
    const a = generateMazeSplits(options);
    assert.deepEqual(a, generateMazeSplits(options));
    assert.notDeepEqual(a.train, generateMazeSplits({ ...options, seed: 7 }).train);
    const train = new Set(a.train.map((m) => mazeCanonicalKey(m.input)));
    for (const m of a.eval) assert.equal(train.has(mazeCanonicalKey(m.input)), false);
  });

  it('batches hold transformed mazes whose labels are shortest paths, on the canvas', () => {
    const canvas = { rows: 12, cols: 12 };
    const source = mazeSource({ trainSize: 6, evalSize: 2, seed: 8, canvas, side: [7, 12] });
    const batch = source.next(8);
    for (let row = 0; row < 8; row++) {
      const at = (seq: Int32Array): TokenGrid =>
        Array.from({ length: 12 }, (_, r) => Array.from(seq.subarray(row * 144 + r * 12, row * 144 + (r + 1) * 12)));
      // The padding walls make the canvas itself a valid maze: check it whole.
      assertShortestPathLabel(at(batch.inputs), at(batch.labels));
    }
    assert.equal(source.evalSet().length, 2);
    assert.equal(source.description.vocabSize, 6);
    assert.equal(source.description.seqLen, 144);
  });

  it('writes .maze files the domain reads back, with or without the path', () => {
    const m = generateMaze({ rows: 9, cols: 9 }, new Rng(9));
    const plain = parseMaze(mazeFileText(m));
    assert.equal(plain.pathCount, 0);
    assert.deepEqual(mazeLanguage.instances(plain)[0]!.input, m.input);
    const solved = parseMaze(mazeFileText(m, { withPath: true }));
    assert.deepEqual(mazeLanguage.diagnose(solved), []);
    assert.equal(solved.pathCount, m.pathLength - 1);
  });
});
