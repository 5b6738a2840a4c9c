// 9x9 sudoku difficulty bands: every band's puzzles have one solution, their givens in the band's range,
// and the grade's verdicts (the hardest technique; "needs search" = singles stall; minimal = no given can
// go) agree with independent oracles: the backtracking counter test/oracles/sudoku-oracle.ts and the
// singles solver test/oracles/sudoku-singles-oracle.ts. Mixes choose bands by weight, and the held-out
// split of a mix stays disjoint from its training split.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { boardFor } from '../../../server/src/puzzles/sudoku';
import { generateSudokuSplits, sudokuCanonicalKey, sudokuSource } from '../../../server/src/trm/data';
import {
  generateSudokuInBand,
  gradeSudoku,
  parseSudokuMix,
  pickBand,
  SUDOKU_9X9_BANDS,
} from '../../../server/src/puzzles/sudoku/generate';
import { Rng } from '../../../server/src/puzzles/common/random';
import { oracleSolve } from '../../oracles/sudoku-oracle';
import { oracleSinglesSolve } from '../../oracles/sudoku-singles-oracle';

const board = boardFor(9)!;
const rows = (flat: ArrayLike<number>): number[][] => Array.from({ length: 9 }, (_, r) => Array.from({ length: 9 }, (_, c) => flat[r * 9 + c]!));

describe('9x9 sudoku bands', () => {
  for (const band of SUDOKU_9X9_BANDS) {
    it(`${band.name} (${band.description}): 150 puzzles graded as the oracles say`, () => {
      const rng = new Rng(14, `band-${band.name}`);
      const hardestSeen = new Set<string>();
      for (let i = 0; i < 150; i++) {
        const puzzle = generateSudokuInBand(band, rng);
        const grid = rows(puzzle.givens);
        const oracle = oracleSolve(grid, 2);
        assert.equal(oracle.count, 1, 'one solution');
        assert.deepEqual(oracle.solutions[0], rows(puzzle.solution));
        const grade = gradeSudoku(puzzle.givens, board);
        assert.equal(grade.solutions, 1);
        assert.equal(grade.givens, puzzle.givenCount);
        if (!band.minimal) assert.ok(grade.givens >= band.givens[0] && grade.givens <= band.givens[1], `${grade.givens} givens`);
        const singles = oracleSinglesSolve(grid);
        const naked = oracleSinglesSolve(grid, true);
        const expected = !singles ? 'search' : naked ? 'naked-single' : 'hidden-single';
        assert.equal(grade.hardest, expected);
        assert.equal(grade.guesses === 0, singles, 'guesses exactly when singles stall');
        assert.ok(grade.depth <= grade.guesses && (grade.guesses === 0) === (grade.depth === 0));
        if (band.difficulty === 'search') assert.equal(grade.hardest, 'search');
        if (band.minimal && i < 15) {
          for (let cell = 0; cell < 81; cell++) {
            if (puzzle.givens[cell] === 0) continue;
            const fewer = rows(puzzle.givens);
            fewer[Math.floor(cell / 9)]![cell % 9] = 0;
            assert.equal(oracleSolve(fewer, 2).count, 2, `given ${cell} of a minimal puzzle could go`);
          }
        }
        hardestSeen.add(grade.hardest);
      }
      if (band.name === 'hard') assert.ok(hardestSeen.size >= 2, 'the hard band mixes techniques');
    });
  }

  it('a mix picks bands in proportion to their weights, and refuses what it cannot read', () => {
    const mix = parseSudokuMix('easy:3,search');
    const rng = new Rng(2);
    let easy = 0;
    for (let i = 0; i < 4000; i++) if (pickBand(mix, rng).name === 'easy') easy++;
    assert.ok(Math.abs(easy / 4000 - 0.75) < 0.03, `easy drawn ${easy} of 4000`);
    assert.throws(() => parseSudokuMix('easy,nope'), /no sudoku band "nope"; the bands are easy, medium, hard, search, minimal/);
    assert.throws(() => parseSudokuMix('easy:0'), /not a positive number/);
    assert.throws(() => parseSudokuMix('easy,easy'), /twice/);
    assert.throws(() => parseSudokuMix(' , '), /empty/);
  });

  it('a mixed dataset carries each puzzle\'s band, and its held-out set stays out of training', () => {
    const options = { size: 9 as const, trainSize: 120, evalSize: 40, seed: 7, givens: 30, difficulty: 'any' as const, mix: parseSudokuMix('easy,minimal') };
    const splits = generateSudokuSplits(options);
    const names = new Set(splits.train.map((p) => p.band));
    assert.deepEqual(names, new Set(['easy', 'minimal']));
    const train = new Set(splits.train.map((p) => sudokuCanonicalKey(p.givens, board)));
    for (const p of splits.eval) assert.equal(train.has(sudokuCanonicalKey(p.givens, board)), false);
    const source = sudokuSource(options, splits);
    assert.equal(source.description.settings.mix, 'easy:1,minimal:1');
    assert.throws(() => generateSudokuSplits({ ...options, size: 6 }), /bands are defined for 9x9/);
  });
});
