import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sudokuLanguage as sudoku } from '../../../server/src/puzzles';
import { boardFor, solveSudoku } from '../../../server/src/puzzles/sudoku';
import { applyEdits, digits, r } from './helpers';
import {
  EASY,
  EASY_SOLUTION,
  ESCARGOT,
  ESCARGOT_SOLUTION,
  INKALA,
  INKALA_SOLUTION,
  PLATINUM_BLONDE,
  PLATINUM_BLONDE_SOLUTION,
  solutionTokens,
} from './sudoku-fixtures';

describe('sudoku solver', () => {
  const board = boardFor(9)!;
  for (const [name, puzzle, solution] of [
    ["Arto Inkala's 2012 puzzle", INKALA, INKALA_SOLUTION],
    ['AI Escargot', ESCARGOT, ESCARGOT_SOLUTION],
    ['Platinum Blonde', PLATINUM_BLONDE, PLATINUM_BLONDE_SOLUTION],
  ] as const) {
    it(`solves ${name} and proves the solution unique`, () => {
      const outcome = solveSudoku(digits(puzzle, 9), board);
      assert.equal(outcome.count, 1);
      assert.deepEqual(outcome.solutions[0], digits(solution, 9));
    });
  }

  it('stops at two solutions of an empty board', () => {
    const outcome = solveSudoku(digits('.'.repeat(81), 9), board);
    assert.equal(outcome.count, 2);
    assert.notDeepEqual(outcome.solutions[0], outcome.solutions[1]);
  });

  it('finds no solution for clashing givens', () => {
    assert.equal(solveSudoku(digits('11' + '.'.repeat(79), 9), board).count, 0);
  });

  it('solves 4x4 and 6x6 boards', () => {
    assert.deepEqual(solveSudoku(digits('.2.. ...1 4... ..3.', 4), boardFor(4)!).solutions, [digits('1243 3421 4312 2134', 4)]);
    const six = solveSudoku(digits('.234.. ...... ..1.6. 56..3. ..2... 6...12', 6), boardFor(6)!);
    assert.deepEqual(six.solutions, [digits('123456 456123 231564 564231 312645 645312', 6)]);
  });

  it('exactSolve reports unique, multiple and none', () => {
    const unique = sudoku.exactSolve(sudoku.parse(INKALA), 0);
    assert.deepEqual(unique, { status: 'unique', answer: solutionTokens(INKALA_SOLUTION) });
    const multiple = sudoku.exactSolve(sudoku.parse('.'.repeat(16)), 0);
    assert.equal(multiple.status, 'multiple');
    const none = sudoku.exactSolve(sudoku.parse('11' + '.'.repeat(14)), 0);
    assert.equal(none.status, 'none');
    assert.match(none.status === 'none' ? none.reason : '', /1 twice in row 1/);
    assert.equal(sudoku.exactSolve(sudoku.parse('1 2 x'), 0).status, 'none');
  });
});

describe('sudoku edits', () => {
  it('writes an answer in place, keeping the layout, and records the original puzzle above the grid', () => {
    const doc = sudoku.parse(EASY);
    const solved = sudoku.exactSolve(doc, 0);
    assert.equal(solved.status, 'unique');
    if (solved.status !== 'unique') return;
    const edits = sudoku.writeAnswer(doc, 0, solved.answer);
    assert.deepEqual(edits[0], {
      range: r(1, 0, 0),
      newText: '# puzzle: 53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79\n',
    });
    assert.ok(edits.slice(1).every((e) => e.newText.length === 1 && e.range.end.character - e.range.start.character === 1));
    const text = applyEdits(EASY, edits);
    const lines = text.split('\n');
    assert.equal(lines[0], '# An easy one');
    assert.equal(lines[2], '5 3 4 | 6 7 8 | 9 1 2');
    assert.equal(lines[5], '------+-------+------');
    const again = sudoku.parse(text);
    assert.deepEqual(sudoku.diagnose(again), []);
    assert.deepEqual(again.grid, digits(EASY_SOLUTION, 9));
    assert.deepEqual(again.originalGivens, doc.grid);
    assert.deepEqual(sudoku.instances(again)[0]!.input, sudoku.instances(doc)[0]!.input);
    // Writing the answer again changes nothing, and adds no second comment.
    assert.deepEqual(sudoku.writeAnswer(again, 0, solved.answer), []);
  });

  it('round-trips the one-line form, 0 blanks and CRLF files', () => {
    for (const text of [`${INKALA}\n`, '800000000\n003600000\n070090200\n050007000\n000045700\n000100030\n001000068\n008500010\n090000400\n']) {
      const doc = sudoku.parse(text);
      const solved = sudoku.exactSolve(doc, 0);
      if (solved.status !== 'unique') throw new Error('expected a unique solution');
      const after = sudoku.parse(applyEdits(text, sudoku.writeAnswer(doc, 0, solved.answer)));
      assert.deepEqual(sudoku.diagnose(after), []);
      assert.equal(after.layout, doc.layout);
      assert.deepEqual(after.grid, digits(INKALA_SOLUTION, 9));
      assert.deepEqual(after.originalGivens, digits(INKALA, 9));
    }
    const crlf = EASY.replace(/\n/g, '\r\n');
    const doc = sudoku.parse(crlf);
    const solved = sudoku.exactSolve(doc, 0);
    if (solved.status !== 'unique') throw new Error('expected a unique solution');
    const out = applyEdits(crlf, sudoku.writeAnswer(doc, 0, solved.answer));
    assert.ok(!/[^\r]\n/.test(out), 'every line ends with CRLF');
    assert.deepEqual(sudoku.diagnose(sudoku.parse(out)), []);
  });

  it('puts the comment above a rule line that tops the grid, and replaces a mismatched one', () => {
    const framed = `+-------+\n${'1 . | . 4\n. . | 1 .\n'}+---+---+\n. 1 | . .\n4 . | . 1\n`;
    const doc = sudoku.parse(framed);
    const answer = [[1, 2, 3, 4], [3, 4, 1, 2], [2, 1, 4, 3], [4, 3, 2, 1]].map((row) => row.map((d) => d + 1));
    const edits = sudoku.writeAnswer(doc, 0, answer);
    assert.deepEqual(edits[0], { range: r(0, 0, 0), newText: '# puzzle: 1..4..1..1..4..1\n' });
    const wrongComment = `# puzzle: ${'2'.repeat(16)}\n1 . . 4\n. . 1 .\n. 1 . .\n4 . . 1\n`;
    const edits2 = sudoku.writeAnswer(sudoku.parse(wrongComment), 0, answer);
    assert.deepEqual(edits2[0], { range: r(0, 0, 26), newText: '# puzzle: 1..4..1..1..4..1' });
  });

  it('writes one cell with one edit, never over a given', () => {
    const doc = sudoku.parse(EASY);
    assert.deepEqual(sudoku.writeCell(doc, 0, 0, 2, 5), [{ range: r(1, 4, 5), newText: '4' }]);
    assert.deepEqual(sudoku.writeCell(doc, 0, 0, 0, 5), []);
    assert.deepEqual(sudoku.writeCell(doc, 0, 0, 2, 1), []);
    assert.deepEqual(sudoku.writeCell(doc, 0, 0, 2, 11), []);
    assert.deepEqual(sudoku.writeCell(doc, 1, 0, 2, 5), []);
  });

  it('formats to the canonical layout for 9x9, 4x4 and 6x6', () => {
    const nine = sudoku.format(sudoku.parse(`# hard\n${INKALA}\n`));
    assert.equal(
      nine,
      `# hard
8 . . | . . . | . . .
. . 3 | 6 . . | . . .
. 7 . | . 9 . | 2 . .
------+-------+------
. 5 . | . . 7 | . . .
. . . | . 4 5 | 7 . .
. . . | 1 . . | . 3 .
------+-------+------
. . 1 | . . . | . 6 8
. . 8 | 5 . . | . 1 .
. 9 . | . . . | 4 . .
`,
    );
    assert.equal(sudoku.format(sudoku.parse('.2.. ...1 4... ..3.')), '. 2 | . .\n. . | . 1\n----+----\n4 . | . .\n. . | 3 .\n');
    assert.equal(
      sudoku.format(sudoku.parse('.234.. ...... ..1.6. 56..3. ..2... 6...12')),
      '. 2 3 | 4 . .\n. . . | . . .\n------+------\n. . 1 | . 6 .\n5 6 . | . 3 .\n------+------\n. . 2 | . . .\n6 . . | . 1 2\n',
    );
    const formatted = sudoku.format(sudoku.parse(EASY))!;
    assert.equal(formatted, EASY);
    assert.equal(sudoku.format(sudoku.parse('1 2 x')), undefined);
  });

  it('keeps comments at the top when formatting, the "# puzzle:" line last', () => {
    const text = `# puzzle: 1..4..1..1..4..1\n# note\n1234\n3412\n2143\n# trailing\n4321\n`;
    assert.equal(sudoku.format(sudoku.parse(text)), '# note\n# trailing\n# puzzle: 1..4..1..1..4..1\n1 2 | 3 4\n3 4 | 1 2\n----+----\n2 1 | 4 3\n4 3 | 2 1\n');
  });
});

describe('sudoku verification', () => {
  const doc = sudoku.parse(EASY);
  const solution = solutionTokens(EASY_SOLUTION);

  it('accepts the unique solution', () => {
    assert.deepEqual(sudoku.verify(doc, 0, solution), { status: 'correct' });
  });

  it('names changed givens, clashes, blanks and cells off the unique solution', () => {
    const answer = solution.map((row) => row.slice());
    answer[0]![0] = 4; // a given 5 changed to 3
    answer[0]![2] = 1; // blank left
    answer[1]![1] = 3; // 2 instead of 7: clashes in its column and box
    const result = sudoku.verify(doc, 0, answer);
    assert.equal(result.status, 'wrong');
    if (result.status !== 'wrong') return;
    const byCell = new Map(result.wrongCells.map((w) => [`${w.row},${w.col}`, w]));
    assert.equal(byCell.get('0,0')!.reason, 'changes the given 5');
    assert.equal(byCell.get('0,0')!.expected, 6);
    assert.equal(byCell.get('0,2')!.reason, 'left blank');
    assert.match(byCell.get('1,1')!.reason, /clashes with the 2 at/);
    assert.equal(byCell.get('1,1')!.expected, 8);
    assert.match(result.summary, /cells are wrong \(checked against the unique solution\)/);
  });

  it('rejects an answer of the wrong shape', () => {
    const result = sudoku.verify(doc, 0, [[2, 3]]);
    assert.equal(result.status, 'wrong');
  });

  it('accepts any solution of a puzzle that has several', () => {
    const empty = sudoku.parse('.'.repeat(16));
    const outcome = sudoku.exactSolve(empty, 0);
    if (outcome.status !== 'multiple') throw new Error('expected several solutions');
    for (const answer of outcome.answers) assert.deepEqual(sudoku.verify(empty, 0, answer), { status: 'correct' });
  });

  it('checks against the original givens when a "# puzzle:" line records them', () => {
    const partly = EASY.replace('# An easy one\n', '# An easy one\n# puzzle: 53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79\n').replace('5 3 . | . 7 .', '5 3 9 | . 7 .');
    const d = sudoku.parse(partly);
    assert.ok(d.originalGivens);
    const result = sudoku.verify(d, 0, solution);
    assert.deepEqual(result, { status: 'correct' });
  });
});

describe('sudoku hovers and cells', () => {
  const doc = sudoku.parse(EASY);

  it('describes a blank cell with its candidates, not its solution', () => {
    const facts = sudoku.describe(doc, { line: 1, character: 4 });
    assert.deepEqual(facts?.range, r(1, 4, 5));
    assert.equal(facts?.title, '9x9 sudoku');
    assert.deepEqual(facts?.facts, ['row 1, column 3, box 1', 'blank', 'candidates: 1 2 4']);
    assert.deepEqual(facts?.grid?.highlight, { row: 0, col: 2 });
    assert.equal(facts?.grid?.tokens[0]![0], 6);
    assert.equal(facts?.instance, 0);
  });

  it('describes a given cell, and a cell filled after the original puzzle', () => {
    assert.deepEqual(sudoku.describe(doc, { line: 6, character: 0 })?.facts, ['row 5, column 1, box 4', '4']);
    const text = `# puzzle: 1..4..1..1..4..1\n1 2 . 4\n. . 1 .\n. 1 . .\n4 . . 1\n`;
    const d = sudoku.parse(text);
    assert.deepEqual(sudoku.describe(d, { line: 1, character: 2 })?.facts, ['row 1, column 2, box 1', '2 (filled in; blank in the original puzzle)']);
    assert.deepEqual(sudoku.describe(d, { line: 1, character: 0 })?.facts, ['row 1, column 1, box 1', '1 (given)']);
    const original = sudoku.describe(d, { line: 0, character: 3 });
    assert.equal(original?.title, '4x4 sudoku: the original puzzle');
  });

  it('describes the grid between cells and nothing outside it', () => {
    const between = sudoku.describe(doc, { line: 1, character: 6 });
    assert.deepEqual(between?.facts, ['30 givens, 51 blanks left', 'exactly one solution']);
    assert.equal(between?.grid?.highlight, undefined);
    assert.equal(sudoku.describe(doc, { line: 0, character: 3 }), undefined);
    assert.equal(sudoku.describe(doc, { line: 40, character: 0 }), undefined);
  });

  it('finds the cell under or just before the cursor', () => {
    assert.deepEqual(sudoku.cellAt(doc, { line: 2, character: 8 }), { instance: 0, row: 1, col: 3 });
    assert.deepEqual(sudoku.cellAt(doc, { line: 2, character: 9 }), { instance: 0, row: 1, col: 3 });
    assert.equal(sudoku.cellAt(doc, { line: 0, character: 0 }), undefined);
    assert.deepEqual(sudoku.answerCellRange(doc, 0, 8, 8), r(11, 20, 21));
  });
});

describe('sudoku model encoding', () => {
  const doc = sudoku.parse(EASY);
  const [instance] = sudoku.instances(doc);

  it('makes one instance with blank = 1 and digit d = d + 1', () => {
    assert.equal(instance!.label, '9x9 sudoku');
    assert.equal(instance!.taskKey, undefined);
    assert.equal(instance!.current, undefined);
    assert.deepEqual(instance!.input[0], [6, 4, 1, 1, 8, 1, 1, 1, 1]);
  });

  it('places the board on a canvas of its own size only', () => {
    const seq = sudoku.toModelInput(instance!, { rows: 9, cols: 9 });
    assert.ok(seq instanceof Int32Array);
    assert.deepEqual(Array.from(seq.subarray(0, 9)), [6, 4, 1, 1, 8, 1, 1, 1, 1]);
    const wrong = sudoku.toModelInput(instance!, { rows: 4, cols: 4 });
    assert.ok(!(wrong instanceof Int32Array) && /reads 4x4/.test(wrong.error));
  });

  it('reads an answer back from a flat output', () => {
    const flat = solutionTokens(EASY_SOLUTION).flat();
    assert.deepEqual(sudoku.fromModelOutput(instance!, { rows: 9, cols: 9 }, flat), solutionTokens(EASY_SOLUTION));
    assert.equal(sudoku.tokenText(1), '.');
    assert.equal(sudoku.tokenText(10), '9');
    assert.equal(sudoku.tokenText(0), '?');
  });

  it('has no instance when the grid cannot be read', () => {
    assert.deepEqual(sudoku.instances(sudoku.parse('1 2 x')), []);
  });
});
