import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sudokuLanguage as sudoku } from '../../../server/src/puzzles';
import { boardFor, solveSudoku } from '../../../server/src/puzzles/sudoku';
import { oracleSolve } from '../../oracles/sudoku-oracle';
import { COLLECTIONS, collection } from './sudoku-collections';
import { digits } from './helpers';

describe('public sudoku collections', () => {
  for (const name of COLLECTIONS) {
    it(`${name}: no error or warning, and the oracle's unique solution`, () => {
      const puzzles = collection(name);
      assert.ok(puzzles.length >= 11);
      for (const line of puzzles) {
        const flagged = sudoku.diagnose(sudoku.parse(line)).filter((p) => p.severity !== 'information');
        assert.deepEqual(flagged.map((p) => `${p.severity}: ${p.message}`), [], line);
        const grid = digits(line.replace(/0/g, '.'), 9);
        const oracle = oracleSolve(grid, 2);
        assert.equal(oracle.count, 1, `the oracle finds ${oracle.count} solutions of ${line}`);
        const solver = solveSudoku(grid, boardFor(9)!, 2);
        assert.equal(solver.count, 1, line);
        assert.deepEqual(solver.solutions[0], oracle.solutions[0], line);
      }
    });
  }
});
