// Mazes with loops: the generator's "unique shortest path" verdict, its path length, the loops it reports
// and the route counts are checked against the independent oracle (test/oracles/maze-oracle.ts) on
// thousands of generated mazes at 9x9, 15x15 and 30x30.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TokenGrid } from '../../../server/src/puzzles/types';
import { mazeVocabulary } from '../../../server/src/puzzles/vocabulary';
import { generateMazeSplits, mazeCanonicalKey } from '../../../server/src/trm/data';
import { countMazeRoutes, defaultMazeLoopBands, generateMaze, parseLoopRange, type Maze } from '../../../server/src/puzzles/maze/generate';
import { Rng } from '../../../server/src/puzzles/common/random';
import { oracleLoops, oracleReadMaze, oracleShortestPaths, oracleSimpleRoutes } from '../../oracles/maze-oracle';

const chars = (grid: TokenGrid): string[] => grid.map((row) => row.map((t) => mazeVocabulary.tokenChar(t)).join(''));

function checkAgainstOracle(maze: Maze, extraOpenings: number, withRoutes: boolean): void {
  const lines = chars(maze.input);
  const oracle = oracleReadMaze(lines);
  const shortest = oracleShortestPaths(oracle);
  assert.equal(shortest.count, 1n, `two shortest paths kept:\n${lines.join('\n')}`);
  assert.equal(maze.pathLength, shortest.length);
  assert.ok(maze.pathLength >= Math.floor((maze.rows * maze.cols) / 8), `path ${maze.pathLength} below the minimum`);
  assert.equal(maze.loops, extraOpenings, 'each extra opening is one loop');
  assert.equal(oracleLoops(oracle), extraOpenings, 'the oracle counts the same loops');
  // The label draws the path: S-G distance minus one 'o' cells, all on a shortest S-G path.
  const label = chars(maze.label);
  const marked = label.join('').split('').filter((ch) => ch === 'o').length;
  assert.equal(marked, shortest.length - 1);
  for (let r = 0; r < maze.rows; r++) for (let c = 0; c < maze.cols; c++) if (label[r]![c] === 'o') assert.equal(lines[r]![c], ' ');
  const routes = countMazeRoutes(maze.input.flat(), maze.rows, maze.cols, maze.start, maze.goal);
  assert.equal(routes.shortestPaths, 1);
  if (withRoutes) {
    const all = oracleSimpleRoutes(oracle);
    if (routes.routesExact) assert.equal(routes.routes, all);
    else assert.ok(all >= routes.routes, 'an incomplete count is a lower bound');
  }
}

describe('mazes with loops and a unique shortest path', () => {
  for (const [side, count, withRoutes] of [[9, 1500, true], [15, 600, true], [30, 120, false]] as const) {
    it(`${side}x${side}: ${count} mazes over the loop bands agree with the oracle`, () => {
      const bands = defaultMazeLoopBands(side);
      const rng = new Rng(14, `loops-${side}`);
      for (let i = 0; i < count; i++) {
        const band = bands[i % bands.length]!;
        const loops = band.loops[0] + rng.int(band.loops[1] - band.loops[0] + 1);
        checkAgainstOracle(generateMaze({ rows: side, cols: side, extraOpenings: loops }, rng), loops, withRoutes);
      }
    });
  }

  it('without the uniqueness filter, loops do give several shortest paths (the filter is not idle)', () => {
    const rng = new Rng(5, 'not-unique');
    let several = 0;
    for (let i = 0; i < 300; i++) {
      const maze = generateMaze({ rows: 9, cols: 9, extraOpenings: 6, uniqueShortestPath: false, minPathLength: 6 }, rng);
      const oracle = oracleShortestPaths(oracleReadMaze(chars(maze.input)));
      const mine = countMazeRoutes(maze.input.flat(), 9, 9, maze.start, maze.goal);
      assert.equal(BigInt(mine.shortestPaths), oracle.count < 64n ? oracle.count : 64n);
      if (oracle.count > 1n) several++;
    }
    assert.ok(several > 20, `only ${several} of 300 had several shortest paths`);
  });

  it('refuses more openings than the maze has walls to open, and reads loop ranges', () => {
    assert.throws(() => generateMaze({ rows: 9, cols: 9, extraOpenings: 10 }, new Rng(1)), /has 9 inner walls to open, not 10/);
    assert.deepEqual(parseLoopRange('1-3'), [1, 3]);
    assert.deepEqual(parseLoopRange('4'), [4, 4]);
    assert.throws(() => parseLoopRange('3-1'), /backwards/);
    assert.throws(() => parseLoopRange('a'), /cannot read/);
  });

  it('a dataset with a loops range draws every count in it, and its held-out mazes differ from training', () => {
    const splits = generateMazeSplits({ trainSize: 200, evalSize: 60, seed: 3, canvas: { rows: 9, cols: 9 }, side: 9, loops: [1, 3] });
    for (const m of [...splits.train, ...splits.eval]) assert.ok(m.loops >= 1 && m.loops <= 3);
    assert.deepEqual(new Set(splits.train.map((m) => m.loops)), new Set([1, 2, 3]));
    const train = new Set(splits.train.map((m) => mazeCanonicalKey(m.input)));
    for (const m of splits.eval) assert.equal(train.has(mazeCanonicalKey(m.input)), false);
  });
});
