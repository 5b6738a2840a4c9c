// Generated puzzles are written as files the extension reads back to the same puzzle.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { arcLanguage, sudokuLanguage } from '../../../server/src/puzzles';
import { parseSudoku } from '../../../server/src/puzzles/sudoku';
import { arcTaskFileText, loadArcCollection, sudokuFileText } from '../../../server/src/trm/data';
import { generateSudoku } from '../../../server/src/puzzles/sudoku/generate';
import { Rng } from '../../../server/src/puzzles/common/random';

describe('puzzle files', () => {
  it('a .sudoku file holds the givens in the canonical layout; with the solution, the puzzle stays recoverable', () => {
    const p = generateSudoku({ size: 6, givens: 12, difficulty: 'singles' }, new Rng(1));
    const text = sudokuFileText(p, { comments: ['generated, seed 1'] });
    assert.match(text, /^# generated, seed 1\n/);
    assert.match(text, /\| /);
    const doc = parseSudoku(text);
    assert.deepEqual(sudokuLanguage.diagnose(doc), []);
    assert.deepEqual(doc.grid!.flat(), [...p.givens]);
    const solved = parseSudoku(sudokuFileText(p, { withSolution: true }));
    assert.deepEqual(solved.grid!.flat(), [...p.solution]);
    assert.deepEqual(solved.originalGivens!.flat(), [...p.givens]);
    assert.deepEqual(sudokuLanguage.diagnose(solved).filter((d) => d.severity === 'error'), []);
  });

  it('an ARC task file parses back to the same task, with test outputs only when asked', () => {
    const dir = fileURLToPath(new URL('../../../../shared/data/arc', import.meta.url));
    const task = loadArcCollection(dir, 'arc-agi_concept')[0]!;
    const doc = arcLanguage.parse(arcTaskFileText(task));
    assert.deepEqual(arcLanguage.diagnose(doc), []);
    assert.deepEqual(doc.train.map((p) => [p.input!.values, p.output!.values]), task.train.map((p) => [p.input, p.output]));
    assert.equal(doc.test[0]!.output, undefined);
    const withOutputs = arcLanguage.parse(arcTaskFileText(task, { withTestOutputs: true }));
    assert.deepEqual(withOutputs.test.map((p) => p.output!.values), task.test.map((p) => p.output));
  });
});
