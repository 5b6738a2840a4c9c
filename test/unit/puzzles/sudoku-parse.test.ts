import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sudokuLanguage as sudoku } from '../../../server/src/puzzles';
import { digits, r } from './helpers';
import { codes, EASY, EASY_SOLUTION, grid9, INKALA, solutionTokens } from './sudoku-fixtures';

describe('sudoku parser', () => {
  it('reads a 9x9 grid with separators, comments and rule lines, keeping exact cell ranges', () => {
    const doc = sudoku.parse(EASY);
    assert.deepEqual(doc.problems, []);
    assert.equal(doc.layout, 'grid');
    assert.equal(doc.board?.size, 9);
    assert.deepEqual(doc.cells![0]![0]!.range, r(1, 0, 1));
    assert.deepEqual(doc.cells![0]![3]!.range, r(1, 8, 9));
    assert.deepEqual(doc.cells![0]![8]!.range, r(1, 20, 21));
    assert.deepEqual(doc.cells![3]![0]!.range, r(5, 0, 1));
    assert.deepEqual(doc.cells![8]![8]!.range, r(11, 20, 21));
    assert.deepEqual(doc.rowLines[0]!.range, r(1, 0, 21));
    assert.deepEqual(doc.gridRange, r(1, 0, 21, 11));
    assert.deepEqual(doc.grid![0], [5, 3, 0, 0, 7, 0, 0, 0, 0]);
    assert.deepEqual(doc.comments.map((c) => c.text), ['# An easy one']);
  });

  it('accepts 0 and _ as blanks, compact rows, tabs and "=" / "+" rule lines', () => {
    const text = '800000000\n003600000\n070090200\n=========\n050007000\n000045700\n000100030\n+-+-+-+-+\n001000068\n008500010\n090000400\n';
    const doc = sudoku.parse(text);
    assert.deepEqual(doc.problems, []);
    assert.deepEqual(doc.grid, digits(INKALA, 9));
    assert.deepEqual(doc.cells![4]![5]!.range, r(5, 5, 6));
    const tabbed = sudoku.parse('1\t_\t_\t4\n_ _ 1 _\n_ 1 _ _\n4 _ _ 1\n');
    assert.deepEqual(tabbed.problems, []);
    assert.deepEqual(tabbed.grid, [[1, 0, 0, 4], [0, 0, 1, 0], [0, 1, 0, 0], [4, 0, 0, 1]]);
    assert.deepEqual(tabbed.cells![0]![3]!.range, r(0, 6, 7));
  });

  it('reads grids drawn with box-drawing characters, as pasted from puzzle sites and terminals', () => {
    const text = [
      '┌─────┬─────┐',
      '│ . 2 │ . . │',
      '│ . . ┃ . 1 │',
      '├─────┼─────┤',
      '║ 4 . ║ . . ║',
      '│ . . │ 3 . │',
      '└─────┴─────┘',
      '',
    ].join('\n');
    const doc = sudoku.parse(text);
    assert.deepEqual(doc.problems, []);
    assert.deepEqual(doc.grid, [[0, 2, 0, 0], [0, 0, 0, 1], [4, 0, 0, 0], [0, 0, 3, 0]]);
    assert.deepEqual(doc.cells![0]![1]!.range, r(1, 4, 5));
    assert.deepEqual(doc.cells![3]![2]!.range, r(5, 8, 9));
    assert.equal(doc.gridBlockStartLine, 0, 'the top border belongs to the grid block');
    // A box-drawing character inside a row of cells is still a stray character there.
    const stray = sudoku.parse(text.replace('│ . 2 │', '│ . 2 ┼'));
    const problems = stray.problems.map((p) => `${p.code} ${JSON.stringify(p.range)}`);
    assert.ok(problems.includes(`sudoku/invalid-character ${JSON.stringify(r(1, 6, 7))}`), problems.join('\n'));
  });

  it('reads the one-line form for 9x9, 4x4 and 6x6, spacing allowed', () => {
    const doc = sudoku.parse(`${INKALA}\n`);
    assert.equal(doc.layout, 'one-line');
    assert.deepEqual(doc.problems, []);
    assert.deepEqual(doc.grid, digits(INKALA, 9));
    // Flat index 11 (row 2, column 3) sits after one separating space.
    assert.deepEqual(doc.cells![1]![2]!.range, r(0, 12, 13));
    assert.equal(doc.cells![1]![2]!.value, 3);
    const four = sudoku.parse('.2.....14.......');
    assert.equal(four.board?.size, 4);
    assert.deepEqual(four.grid, [[0, 2, 0, 0], [0, 0, 0, 1], [4, 0, 0, 0], [0, 0, 0, 0]]);
    const six = sudoku.parse('.234..' + '......' + '..1.6.' + '56..3.' + '..2...' + '6...12');
    assert.equal(six.board?.size, 6);
    assert.equal(six.board?.boxRows, 2);
    assert.equal(six.board?.boxCols, 3);
  });

  it('reads 4x4 and 6x6 grids', () => {
    const four = sudoku.parse('. 2 | . .\n. . | . 1\n----+----\n4 . | . .\n. . | 3 .\n');
    assert.deepEqual(four.problems, []);
    assert.deepEqual(four.cells![1]![3]!.range, r(1, 8, 9));
    const six = sudoku.parse('. 2 3 | 4 . .\n. . . | . . .\n------+------\n. . 1 | . 6 .\n5 6 . | . 3 .\n------+------\n. . 2 | . . .\n6 . . | . 1 2\n');
    assert.deepEqual(six.problems, []);
    assert.deepEqual(six.grid![3], [5, 6, 0, 0, 3, 0]);
  });

  it('handles CRLF line endings with the same ranges', () => {
    const doc = sudoku.parse(EASY.replace(/\n/g, '\r\n'));
    assert.deepEqual(doc.problems, []);
    assert.equal(doc.eol, '\r\n');
    assert.deepEqual(doc.cells![8]![8]!.range, r(11, 20, 21));
  });

  it('recognises a consistent "# puzzle:" comment and exposes the original givens', () => {
    const solved = EASY_SOLUTION.replace(/ /g, '\n');
    const givens = sudoku.parse(EASY).grid!;
    const oneLine = givens.flat().map((d) => (d === 0 ? '.' : d)).join('');
    const doc = sudoku.parse(`# puzzle: ${oneLine}\n${solved}\n`);
    assert.deepEqual(doc.originalGivens, givens);
    assert.deepEqual(sudoku.instances(doc)[0]!.input, givens.map((row) => row.map((d) => (d === 0 ? 1 : d + 1))));
    assert.deepEqual(sudoku.instances(doc)[0]!.current, solutionTokens(EASY_SOLUTION));
    assert.deepEqual(sudoku.diagnose(doc), []);
  });
});

describe('sudoku diagnostics', () => {
  it('reports an invalid character on that character', () => {
    const text = EASY.replace('. 9 8 | . . .', '. 9 8 | . x .');
    const problems = sudoku.diagnose(sudoku.parse(text));
    assert.deepEqual(problems, [
      {
        range: r(3, 10, 11),
        severity: 'error',
        code: 'sudoku/invalid-character',
        message: `"x" is not a sudoku cell: use digits 1-9, and '.', '0' or '_' for blanks.`,
      },
    ]);
  });

  it('gives a character outside the BMP one range of two code units', () => {
    const problems = sudoku.diagnose(sudoku.parse('1 . . 😀\n. . 1 .\n. 1 . .\n4 . . 1\n'));
    assert.equal(problems.length, 1);
    assert.deepEqual(problems[0]!.range, r(0, 6, 8));
  });

  it('reports a row of the wrong length on the row', () => {
    const text = EASY.replace('4 . . | 8 . 3 | . . 1', '4 . . | 8 3 | . . 1');
    const problems = sudoku.diagnose(sudoku.parse(text));
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.code, 'sudoku/row-length');
    assert.deepEqual(problems[0]!.range, r(6, 0, 19));
    assert.match(problems[0]!.message, /Row 5 has 8 cells; a 9x9 sudoku needs 9 \(1 missing\)/);
  });

  it('reports missing rows on the last row and extra rows on the extra ones', () => {
    const lines = EASY.trimEnd().split('\n');
    const short = sudoku.diagnose(sudoku.parse(lines.slice(0, 11).join('\n')));
    assert.deepEqual(short.map((p) => [p.code, p.range]), [['sudoku/row-count', r(10, 0, 21)]]);
    assert.match(short[0]!.message, /Found 8 rows; a 9x9 sudoku needs 9 \(1 missing/);
    const long = sudoku.diagnose(sudoku.parse(`${EASY}1 2 3 4 5 6 7 8 9\n9 8 7 6 5 4 3 2 1\n`));
    assert.deepEqual(long.map((p) => [p.code, p.range]), [['sudoku/row-count', r(12, 0, 17, 13)]]);
  });

  it('reports unsupported sizes on the grid, and a one-line form of the wrong length', () => {
    const five = sudoku.diagnose(sudoku.parse('1 2 3 4 5\n. . . . .\n. . . . .\n. . . . .\n. . . . .\n'));
    assert.deepEqual(five.map((p) => [p.code, p.severity, p.range]), [['sudoku/unsupported-size', 'error', r(0, 0, 9, 4)]]);
    assert.match(five[0]!.message, /5x5 is not a supported sudoku/);
    const eighty = sudoku.diagnose(sudoku.parse(INKALA.slice(0, -1)));
    assert.equal(eighty[0]!.code, 'sudoku/unsupported-size');
    assert.match(eighty[0]!.message, /this line has 80/);
  });

  it('reports an empty document', () => {
    assert.deepEqual(codes(''), ['sudoku/no-grid']);
    assert.deepEqual(codes('# only a comment\n\n'), ['sudoku/no-grid']);
  });

  it('reports a digit too large for the board on that cell', () => {
    const text = '. 2 3 | 4 . .\n. . . | . . .\n. . 1 | . 6 .\n5 6 . | . 3 .\n. . 2 | . 7 .\n6 . . | . 1 2\n';
    const problems = sudoku.diagnose(sudoku.parse(text));
    assert.deepEqual(problems.map((p) => [p.code, p.range]), [['sudoku/digit-out-of-range', r(4, 10, 11)]]);
    assert.match(problems[0]!.message, /7 is not a digit of a 6x6 sudoku/);
  });

  it('reports each clashing cell of a row, with the other cell related', () => {
    const text = EASY.replace('5 3 . | . 7 . | . . .', '5 3 . | . 7 . | . 5 .');
    const problems = sudoku.diagnose(sudoku.parse(text));
    assert.deepEqual(problems, [
      {
        range: r(1, 0, 1),
        severity: 'error',
        code: 'sudoku/duplicate-in-row',
        message: '5 appears twice in row 1 (also at column 8).',
        related: [{ range: r(1, 18, 19), message: 'the other 5 in row 1 (row 1, column 8)' }],
      },
      {
        range: r(1, 18, 19),
        severity: 'error',
        code: 'sudoku/duplicate-in-row',
        message: '5 appears twice in row 1 (also at column 1).',
        related: [{ range: r(1, 0, 1), message: 'the other 5 in row 1 (row 1, column 1)' }],
      },
    ]);
  });

  it('reports clashes in columns and boxes, and three of a kind with two related cells each', () => {
    const column = sudoku.diagnose(sudoku.parse(EASY.replace('. 9 8 | . . . | . 6 .', '6 9 8 | . . . | . 4 .')));
    // 6 in column 1 twice (rows 2 and 3) and twice in box 1: two problems per cell.
    assert.deepEqual(
      column.map((p) => [p.code, p.range.start.line, p.range.start.character]),
      [
        ['sudoku/duplicate-in-column', 2, 0],
        ['sudoku/duplicate-in-column', 3, 0],
        ['sudoku/duplicate-in-box', 2, 0],
        ['sudoku/duplicate-in-box', 3, 0],
      ],
    );
    const three = sudoku.diagnose(sudoku.parse('1 . 1 1\n. . . .\n. . . .\n. . . .\n'));
    const rowClashes = three.filter((p) => p.code === 'sudoku/duplicate-in-row');
    assert.equal(rowClashes.length, 3);
    assert.match(rowClashes[0]!.message, /1 appears 3 times in row 1 \(also at column 3; column 4\)/);
    assert.equal(rowClashes[0]!.related?.length, 2);
  });

  it('does not run the solver when a rule is broken', () => {
    const text = EASY.replace('5 3 . | . 7 . | . . .', '5 3 . | . 7 . | . 5 .');
    assert.ok(!codes(text).includes('sudoku/no-solution'));
  });

  it('reports no solution on the grid, naming a cell with no candidates when there is one', () => {
    const text = '. 1 2 3 4 5 6 7 8\n9 . . . . . . . .\n' + '. . . . . . . . .\n'.repeat(7);
    const problems = sudoku.diagnose(sudoku.parse(text));
    assert.deepEqual(problems.map((p) => [p.code, p.severity, p.range]), [['sudoku/no-solution', 'error', r(0, 0, 17, 8)]]);
    assert.match(problems[0]!.message, /row 1, column 1 can take no digit/);
  });

  it('reports no solution found only by search', () => {
    // A wrong digit that clashes with nothing directly: (1,2) is 4 in the unique solution, 2 is excluded only by search.
    const text = EASY.replace('6 . . | 1 9 5', '6 . 4 | 1 9 5').replace('5 3 . | . 7 .', '5 3 . | 2 7 .');
    const problems = sudoku.diagnose(sudoku.parse(text));
    assert.deepEqual(problems.map((p) => p.code), ['sudoku/no-solution']);
  });

  it('warns about several solutions on the grid, saying where two differ', () => {
    const rect = digits(EASY_SOLUTION, 9);
    rect[6]![3] = rect[6]![8] = rect[7]![3] = rect[7]![8] = 0;
    const problems = sudoku.diagnose(sudoku.parse(rect.map((row) => row.join('')).join('\n')));
    assert.deepEqual(problems.map((p) => [p.code, p.severity, p.range]), [['sudoku/multiple-solutions', 'warning', r(0, 0, 9, 8)]]);
    assert.match(problems[0]!.message, /at least 2 solutions; they differ at row 7, column 4/);
  });

  it('accepts a fully filled valid grid', () => {
    assert.deepEqual(codes(EASY_SOLUTION.replace(/ /g, '\n')), []);
  });

  it('says when a "# puzzle:" comment disagrees with the grid, and ignores it', () => {
    const doc = sudoku.parse(`# puzzle: 9${'.'.repeat(80)}\n${grid9(INKALA)}`);
    assert.equal(doc.originalGivens, undefined);
    const problems = sudoku.diagnose(doc);
    assert.deepEqual(problems.map((p) => [p.code, p.severity, p.range]), [['sudoku/puzzle-comment-mismatch', 'information', r(0, 0, 91)]]);
    assert.match(problems[0]!.message, /it has 9 at row 1, column 1, but the grid has 8 there/);
    assert.deepEqual(sudoku.instances(doc)[0]!.input, digits(INKALA, 9).map((row) => row.map((d) => (d ? d + 1 : 1))));
  });
});

