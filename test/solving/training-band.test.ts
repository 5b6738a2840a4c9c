// The outside-band decision (solving/training-band.ts) on many generated puzzles, against independent
// oracles: a 9x9 sudoku gets the note exactly when it has fewer givens than the band or the oracle's singles
// solver cannot finish it (for a singles band); a maze exactly when the oracle counts more loops than the
// band holds. A card without a band, or with an unreadable one, gives no note.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Rng } from '../../server/src/puzzles/common/random';
import { generateSudokuInBand, SUDOKU_9X9_BANDS } from '../../server/src/puzzles/sudoku/generate';
import { generateMaze } from '../../server/src/puzzles/maze/generate';
import { mazeVocabulary, sudokuVocabulary } from '../../server/src/puzzles/vocabulary';
import type { PuzzleInstance, TokenGrid } from '../../server/src/puzzles/types';
import { outsideTrainingBand } from '../../server/src/solving/training-band';
import { parseTrainingBand } from '../../server/src/trm/model/training-band';
import { oracleSinglesSolve } from '../oracles/sudoku-singles-oracle';
import { oracleLoops, oracleReadMaze, oracleShortestPaths } from '../oracles/maze-oracle';

const instance = (input: TokenGrid): PuzzleInstance => ({ index: 0, label: 'test', rows: input.length, cols: input[0]!.length, input, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } } as PuzzleInstance);

const singlesBand = { kind: 'sudoku', size: 9, givens: [30, 38], hardest: 'hidden-single', description: '30-38 givens, singles' };
const sudokuModel = { name: 'sudoku-9x9-test', trainingBand: singlesBand };

describe('outside the training band', () => {
  it('a 9x9 sudoku: when it has fewer givens than the band or singles cannot finish it (the oracle says)', () => {
    const rng = new Rng(7, 'training-band-test');
    let outside = 0;
    let inside = 0;
    for (const band of SUDOKU_9X9_BANDS) {
      for (let k = 0; k < 12; k++) {
        const puzzle = generateSudokuInBand(band, rng);
        const grid = Array.from({ length: 9 }, (_, r) => Array.from({ length: 9 }, (_, c) => puzzle.givens[r * 9 + c]!));
        const givens = grid.flat().filter((d) => d !== 0).length;
        const expected = givens < 30 || !oracleSinglesSolve(grid);
        const note = outsideTrainingBand(sudokuModel, 'sudoku', instance(grid.map((row) => row.map((d) => (d ? sudokuVocabulary.digitToken(d) : sudokuVocabulary.blank)))));
        assert.equal(note !== undefined, expected, `${band.name} puzzle with ${givens} givens: ${note ?? 'no note'}`);
        if (note) {
          outside++;
          assert.match(note, /is harder than sudoku-9x9-test's training band \(30-38 givens, singles\): expect errors\.$/);
          if (givens < 30) assert.match(note, new RegExp(`\\(${givens} givens`));
          if (!oracleSinglesSolve(grid)) assert.match(note, /needs search/);
        } else inside++;
      }
    }
    assert.ok(outside > 20 && inside > 10, `both kinds seen (${outside} outside, ${inside} inside)`);
  });

  it('a maze: when it has more loops than the band (the oracle counts them), or a larger side', () => {
    const model = { name: 'maze-test', trainingBand: { kind: 'maze', side: [9, 9], loops: [0, 1], description: '9x9 mazes, 0-1 loops' } };
    const rng = new Rng(8, 'training-band-test');
    const seen = new Set<boolean>();
    for (let k = 0; k < 40; k++) {
      const maze = generateMaze({ rows: 9, cols: 9, extraOpenings: k % 5, minPathLength: 8 }, rng);
      const lines = maze.input.map((row) => row.map((t) => mazeVocabulary.tokenChar(t)).join(''));
      const loops = oracleLoops(oracleReadMaze(lines));
      const note = outsideTrainingBand(model, 'maze', instance(maze.input));
      assert.equal(note !== undefined, loops > 1, `${loops} loops: ${note ?? 'no note'}`);
      if (note) assert.match(note, new RegExp(`^This maze \\(${loops} loops, so several routes\\) is outside maze-test's training band \\(9x9 mazes, 0-1 loops\\): expect errors\\.$`));
      seen.add(note !== undefined);
    }
    assert.equal(seen.size, 2);
    const big = generateMaze({ rows: 11, cols: 11, extraOpenings: 0, minPathLength: 8 }, rng);
    assert.match(outsideTrainingBand(model, 'maze', instance(big.input))!, /\(11x11\) is outside/);
  });

  it('a maze: when its shortest path is shorter than the band records (the oracle measures it); a longer one is no note', () => {
    const model = { name: 'maze-test', trainingBand: { kind: 'maze', side: [9, 9], loops: [0, 6], path: [12, 18], description: '9x9 mazes, 0-6 loops, shortest path 12-18 steps' } };
    const rng = new Rng(9, 'training-band-test');
    const seen = new Set<string>();
    for (let k = 0; k < 300; k++) {
      const maze = generateMaze({ rows: 9, cols: 9, extraOpenings: k % 7, minPathLength: 0, farFraction: k % 2 ? 0.8 : 0 }, rng);
      const lines = maze.input.map((row) => row.map((t) => mazeVocabulary.tokenChar(t)).join(''));
      const steps = oracleShortestPaths(oracleReadMaze(lines)).length;
      const note = outsideTrainingBand(model, 'maze', instance(maze.input));
      const expected = steps < 12 ? 'shorter' : steps > 18 ? 'longer' : 'inside';
      assert.equal(note !== undefined, expected === 'shorter', `${steps} steps: ${note ?? 'no note'}`);
      if (note) assert.match(note, new RegExp(`^This maze \\(a shortest path of ${steps} steps?, shorter than the training mazes'\\) is outside maze-test's training band \\(9x9 mazes, 0-6 loops, shortest path 12-18 steps\\): expect errors\\.$`));
      seen.add(expected);
    }
    assert.deepEqual([...seen].sort(), ['inside', 'longer', 'shorter']);
    // A card written before the path was recorded says nothing about it.
    const old = { name: 'maze-old', trainingBand: { ...model.trainingBand, path: undefined } };
    const short = generateMaze({ rows: 9, cols: 9, extraOpenings: 0, minPathLength: 0, farFraction: 0 }, rng);
    assert.equal(outsideTrainingBand(old, 'maze', instance(short.input)), undefined);
    for (const path of [[12], [18, 12], [-1, 5], 'long']) assert.equal(parseTrainingBand({ ...model.trainingBand, path }), undefined, JSON.stringify(path));
  });

  it('says nothing without a readable band of the same kind', () => {
    const grid = Array.from({ length: 9 }, () => Array.from({ length: 9 }, () => sudokuVocabulary.blank));
    assert.equal(outsideTrainingBand({ name: 'm' }, 'sudoku', instance(grid)), undefined);
    for (const trainingBand of [null, 7, { kind: 'sudoku' }, { ...singlesBand, givens: [40, 30] }, { ...singlesBand, hardest: 'x-wing' }, { ...singlesBand, kind: 'maze' }]) {
      assert.equal(outsideTrainingBand({ name: 'm', trainingBand }, 'sudoku', instance(grid)), undefined, JSON.stringify(trainingBand));
    }
  });
});
