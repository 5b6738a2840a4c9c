// Generated sudokus are valid puzzles of the requested kind, reproducible from their seed, augmented into
// puzzles that are still valid, and the held-out set never meets the training set.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { boardFor, solveSudoku } from '../../../server/src/puzzles/sudoku';
import { sudokuVocabulary } from '../../../server/src/puzzles/vocabulary';
import {
  augmentSudokuTokens,
  generateSudokuSplits,
  randomSudokuAugmentation,
  sudokuCanonicalKey,
  sudokuSource,
} from '../../../server/src/trm/data';
import {
  generateSudoku,
  solveWithSingles,
  SudokuGenerationError,
  type SudokuDifficulty,
  type SudokuSize,
} from '../../../server/src/puzzles/sudoku/generate';
import { Rng } from '../../../server/src/puzzles/common/random';

function rows(flat: ArrayLike<number>, n: number): number[][] {
  return Array.from({ length: n }, (_, r) => Array.from({ length: n }, (_, c) => flat[r * n + c]!));
}

function tokensToDigits(tokens: ArrayLike<number>): number[] {
  return Array.from(tokens, (t) => (t === sudokuVocabulary.blank ? 0 : sudokuVocabulary.tokenDigit(t)));
}

const EASY = '53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79';
const PLATINUM_BLONDE = '.......12........3..23..4....18....5.6..7.8.......9.....85.....9...4.5..47...6...';
const parseLine = (s: string): number[] => [...s].map((ch) => (ch === '.' ? 0 : Number(ch)));

describe('singles solver', () => {
  const board = boardFor(9)!;

  it('solves an easy puzzle with singles and reports the techniques it used', () => {
    const outcome = solveWithSingles(parseLine(EASY), board);
    assert.equal(outcome.solved, true);
    assert.equal(outcome.techniques.includes('search'), false);
    assert.deepEqual(rows(outcome.grid, 9), solveSudoku(rows(parseLine(EASY), 9), board).solutions[0]);
  });

  it('stalls on a puzzle that needs more than singles, and finds clashing givens', () => {
    const hard = solveWithSingles(parseLine(PLATINUM_BLONDE), board);
    assert.equal(hard.solved, false);
    assert.equal(hard.contradiction, false);
    assert.deepEqual(hard.techniques.at(-1), 'search');
    const clash = parseLine(EASY);
    clash[2] = 5; // a second 5 in row 1
    assert.equal(solveWithSingles(clash, board).contradiction, true);
  });
});

describe('sudoku generator', () => {
  const cases: [SudokuSize, number, SudokuDifficulty, number][] = [
    [4, 6, 'singles', 40],
    [4, 5, 'any', 40],
    [6, 12, 'singles', 30],
    [6, 11, 'search', 5],
    [9, 30, 'singles', 10],
    [9, 26, 'search', 5],
  ];
  for (const [size, givens, difficulty, count] of cases) {
    it(`${size}x${size}, ${givens} givens, "${difficulty}": one solution, the givens asked for, the class asked for`, () => {
      const board = boardFor(size)!;
      const rng = new Rng(7, `${size}/${difficulty}`);
      for (let i = 0; i < count; i++) {
        const p = generateSudoku({ size, givens, difficulty }, rng);
        assert.equal(p.givens.filter((d) => d !== 0).length, givens);
        assert.equal(p.givenCount, givens);
        const outcome = solveSudoku(rows(p.givens, size), board, 2);
        assert.equal(outcome.count, 1);
        assert.deepEqual(outcome.solutions[0], rows(p.solution, size));
        for (let cell = 0; cell < size * size; cell++) if (p.givens[cell] !== 0) assert.equal(p.givens[cell], p.solution[cell]);
        const bySingles = solveWithSingles(p.givens, board).solved;
        if (difficulty === 'singles') assert.equal(bySingles, true);
        if (difficulty === 'search') assert.equal(bySingles, false);
        assert.equal(p.techniques.includes('search'), !bySingles);
      }
    });
  }

  it('refuses 4x4 "search" (none exists) and an unreachable givens count, with a reason', () => {
    assert.throws(() => generateSudoku({ size: 4, givens: 6, difficulty: 'search' }, new Rng(1)), SudokuGenerationError);
    assert.throws(() => generateSudoku({ size: 4, givens: 2, difficulty: 'any', maxAttempts: 5 }, new Rng(1)), /try more givens/);
    assert.throws(() => generateSudoku({ size: 5 as SudokuSize, givens: 6, difficulty: 'any' }, new Rng(1)), RangeError);
  });

  it('the same seed gives the same puzzles, another seed others', () => {
    const options = { size: 6 as const, trainSize: 20, evalSize: 5, seed: 3, givens: [11, 14] as const, difficulty: 'singles' as const };
    const a = generateSudokuSplits(options);
    const b = generateSudokuSplits(options);
    const c = generateSudokuSplits({ ...options, seed: 4 });
    assert.deepEqual(a, b);
    assert.notDeepEqual(a.train.map((p) => [...p.givens]), c.train.map((p) => [...p.givens]));
  });
});

describe('sudoku augmentation', () => {
  for (const size of [4, 6, 9] as const) {
    it(`${size}x${size}: an augmented puzzle's label is the unique solution of its augmented input`, () => {
      const board = boardFor(size)!;
      const rng = new Rng(11, `aug${size}`);
      for (let i = 0; i < 10; i++) {
        const p = generateSudoku({ size, givens: size === 9 ? 28 : size === 6 ? 13 : 6, difficulty: 'any' }, rng);
        const aug = randomSudokuAugmentation(board, rng);
        if (size === 6) assert.equal(aug.transpose, false, '2x3 boxes would become 3x2 under transposition');
        const tokens = (digits: Uint8Array): Int32Array => Int32Array.from(digits, (d) => (d === 0 ? 1 : d + 1));
        const input = tokensToDigits(augmentSudokuTokens(tokens(p.givens), size, aug));
        const label = tokensToDigits(augmentSudokuTokens(tokens(p.solution), size, aug));
        const outcome = solveSudoku(rows(input, size), board, 2);
        assert.equal(outcome.count, 1);
        assert.deepEqual(outcome.solutions[0], rows(label, size));
      }
    });
  }

  it('9x9 augmentations include transposes, and the canonical key ignores digit relabelling', () => {
    const board = boardFor(9)!;
    const rng = new Rng(5);
    const flags = Array.from({ length: 40 }, () => randomSudokuAugmentation(board, rng).transpose);
    assert.ok(flags.includes(true) && flags.includes(false));
    const givens = parseLine(EASY);
    const swapped = givens.map((d) => (d === 5 ? 3 : d === 3 ? 5 : d));
    assert.equal(sudokuCanonicalKey(givens, board), sudokuCanonicalKey(swapped, board));
  });

  it('4x4 canonical keys are equal across the whole augmentation group', () => {
    const board = boardFor(4)!;
    const rng = new Rng(9);
    const p = generateSudoku({ size: 4, givens: 5, difficulty: 'any' }, rng);
    const tokens = Int32Array.from(p.givens, (d) => (d === 0 ? 1 : d + 1));
    for (let i = 0; i < 20; i++) {
      const moved = tokensToDigits(augmentSudokuTokens(tokens, 4, randomSudokuAugmentation(board, rng)));
      assert.equal(sudokuCanonicalKey(moved, board), sudokuCanonicalKey(p.givens, board));
    }
  });
});

describe('sudoku dataset', () => {
  it('held-out puzzles never occur in training, even up to augmentation on 4x4', () => {
    const options = { size: 4 as const, trainSize: 150, evalSize: 30, seed: 1, givens: 6, difficulty: 'singles' as const };
    const splits = generateSudokuSplits(options);
    const board = boardFor(4)!;
    const train = new Set(splits.train.map((p) => sudokuCanonicalKey(p.givens, board)));
    const evalKeys = splits.eval.map((p) => sudokuCanonicalKey(p.givens, board));
    assert.equal(evalKeys.length, 30);
    assert.equal(new Set(evalKeys).size, 30, 'no eval puzzle twice');
    for (const key of evalKeys) assert.equal(train.has(key), false);
    assert.ok(splits.evalCollisions > 0, 'the small 4x4 space does produce collisions, which were dropped');
  });

  it('serves augmented training batches and a fixed eval set, and describes itself', () => {
    const options = { size: 9 as const, trainSize: 12, evalSize: 4, seed: 2, givens: 30, difficulty: 'singles' as const };
    const source = sudokuSource(options);
    const batch = source.next(5);
    assert.equal(batch.inputs.length, 5 * 81);
    assert.deepEqual([...batch.puzzleIds], [0, 0, 0, 0, 0]);
    for (let row = 0; row < 5; row++) {
      const input = tokensToDigits(batch.inputs.subarray(row * 81, (row + 1) * 81));
      const label = tokensToDigits(batch.labels.subarray(row * 81, (row + 1) * 81));
      const outcome = solveSudoku(rows(input, 9), boardFor(9)!, 2);
      assert.equal(outcome.count, 1);
      assert.deepEqual(outcome.solutions[0], rows(label, 9));
    }
    assert.equal(source.evalSet().length, 4);
    assert.equal(source.evalSet(), source.evalSet());
    const d = source.description;
    assert.deepEqual([d.seqLen, d.vocabSize, d.numPuzzleIdentifiers, d.kind], [81, 11, 1, 'sudoku']);
    assert.deepEqual(JSON.parse(JSON.stringify(d)), d);
    assert.ok(d.augmentation.includes('transpose'));
  });
});
