import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  arcLanguage as arc,
  arcTaskKey,
  looksLikeArcTask,
} from '../../../server/src/puzzles';
import { LineIndex } from '../../../server/src/puzzles/common/text';
import { applyEdits, r, repoFile } from './helpers';

const COMPACT = repoFile('test/fixtures/arc/6150a2bd.arc.json');
const PRETTY = repoFile('test/fixtures/arc/d631b094.arc.json');
const SOLVED = repoFile('test/fixtures/arc/25ff71a9-solved.arc.json');

const SMALL = `{
  "train": [
    {
      "input": [
        [1, 2],
        [3, 4]
      ],
      "output": [
        [4, 3],
        [2, 1]
      ]
    }
  ],
  "test": [
    {
      "input": [
        [5, 6],
        [7, 8]
      ]
    }
  ]
}
`;

function codes(text: string): [string, string][] {
  return arc.diagnose(arc.parse(text)).map((p) => [p.code, p.severity]);
}

function rangeOfText(text: string, needle: string, from = 0) {
  const offset = text.indexOf(needle, from);
  assert.ok(offset >= 0, `${needle} not found`);
  return new LineIndex(text).rangeOf(offset, needle.length);
}

describe('ARC parser', () => {
  it('reads a real task in the compact one-line form with exact offsets', () => {
    const doc = arc.parse(COMPACT);
    assert.deepEqual(arc.diagnose(doc), []);
    assert.equal(doc.train.length, 2);
    assert.equal(doc.test.length, 1);
    const input = doc.test[0]!.input!;
    assert.deepEqual(input.values, [[6, 3, 5], [6, 8, 0], [4, 0, 0]]);
    assert.deepEqual(input.range, r(0, 18, 43));
    assert.deepEqual(arc.describe(doc, { line: 0, character: 20 })?.range, r(0, 20, 21));
    assert.deepEqual(arc.describe(doc, { line: 0, character: 20 })?.facts[0], 'row 1, column 1, colour 6 (magenta)');
  });

  it('reads a pretty-printed task with grids over several lines', () => {
    const doc = arc.parse(PRETTY);
    assert.deepEqual(arc.diagnose(doc), []);
    const out = doc.train[3]!.output!;
    assert.deepEqual(out.values, [[8, 8, 8, 8]]);
    assert.deepEqual(out.range, rangeOfText(PRETTY, '[\n        [8, 8, 8, 8]\n      ]'));
    assert.deepEqual(doc.test[0]!.input!.values, [[4, 4, 0], [4, 0, 4], [0, 0, 4]]);
    assert.equal(doc.test[0]!.output, undefined);
  });

  it('reads test outputs when the file has them', () => {
    const doc = arc.parse(SOLVED);
    assert.deepEqual(arc.diagnose(doc), []);
    assert.deepEqual(doc.test.map((p) => p.output?.values), [[[0, 0, 0], [2, 0, 0], [2, 0, 0]], [[0, 0, 0], [0, 0, 0], [0, 1, 0]]]);
  });

  it('tells ARC tasks from other JSON cheaply', () => {
    assert.equal(looksLikeArcTask(COMPACT), true);
    assert.equal(looksLikeArcTask(PRETTY), true);
    assert.equal(looksLikeArcTask('{"test": 1, "train": 2}'), true);
    assert.equal(looksLikeArcTask('{"train": [], "test": ['), true);
    assert.equal(looksLikeArcTask('{"train": []}'), false);
    assert.equal(looksLikeArcTask('{"a": {"train": [], "test": []}}'), false);
    assert.equal(looksLikeArcTask('{"a": "train", "b": "test"}'), false);
    assert.equal(looksLikeArcTask('[{"train": [], "test": []}]'), false);
    assert.equal(looksLikeArcTask('{"name": "x", "version": "1"}'), false);
    assert.equal(looksLikeArcTask(''), false);
  });
});

describe('ARC diagnostics', () => {
  it('reports JSON syntax errors at their offsets, comments and trailing commas included', () => {
    const text = repoFile('examples/broken/syntax-error.arc.json');
    const problems = arc.diagnose(arc.parse(text));
    assert.deepEqual(problems, [{ range: r(6, 8, 9), severity: 'error', code: 'arc/syntax-error', message: "JSON syntax error: Expected ','." }]);
    const commented = arc.diagnose(arc.parse('{"train": [], "test": [] // note\n}'));
    assert.deepEqual(commented.map((p) => [p.code, p.range, p.message]), [['arc/syntax-error', r(0, 25, 32), 'JSON syntax error: Comments are not allowed in JSON.']]);
    assert.deepEqual(arc.diagnose(arc.parse('{"train": [], "test": [],\n}')).map((p) => [p.range, p.message]), [[r(1, 0, 1), 'JSON syntax error: trailing commas are not allowed.']]);
    assert.deepEqual(arc.diagnose(arc.parse('{"train": [1, ], "test": []}')).map((p) => [p.range, p.message]), [[r(0, 14, 15), 'JSON syntax error: trailing commas are not allowed.']]);
    assert.deepEqual(arc.instances(arc.parse(text)), []);
  });

  it('reports a top level that is not an object, and missing or mistyped sections', () => {
    assert.deepEqual(arc.diagnose(arc.parse('[1, 2]')).map((p) => [p.code, p.range]), [['arc/not-an-object', r(0, 0, 6)]]);
    assert.deepEqual(arc.diagnose(arc.parse('{\n  "test": []\n}')).map((p) => [p.code, p.range]), [
      ['arc/missing-train', r(0, 0, 1)],
      ['arc/no-test-pairs', r(0, 0, 1)],
    ]);
    assert.deepEqual(arc.diagnose(arc.parse('{"train": {}, "test": 3}')).map((p) => [p.code, p.range]), [
      ['arc/not-an-array', r(0, 10, 12)],
      ['arc/not-an-array', r(0, 22, 23)],
    ]);
  });

  it('reports pairs that are not objects, and missing input or output on the pair', () => {
    const text = '{"train": [3, {"input": [[1]]}], "test": [{"output": [[1]]}]}';
    assert.deepEqual(arc.diagnose(arc.parse(text)).map((p) => [p.code, p.range, p.message]), [
      ['arc/pair-not-object', r(0, 11, 12), 'Train 1 must be an object with "input" and "output".'],
      ['arc/missing-output', r(0, 14, 30), 'Train 2 has no "output" grid.'],
      ['arc/missing-input', r(0, 42, 59), 'Test 1 has no "input" grid.'],
    ]);
  });

  it('reports grids that are not arrays of arrays, and empty grids', () => {
    const text = '{"train": [{"input": 5, "output": [1, [2]]}], "test": [{"input": []}, {"input": [[], []]}]}';
    assert.deepEqual(arc.diagnose(arc.parse(text)).map((p) => [p.code, p.range]), [
      ['arc/grid-not-array', r(0, 21, 22)],
      ['arc/grid-not-array', r(0, 35, 36)],
      ['arc/empty-grid', r(0, 65, 67)],
      ['arc/empty-grid', r(0, 80, 88)],
    ]);
  });

  it('reports a ragged row on that row, giving the width', () => {
    const text = repoFile('examples/broken/ragged.arc.json');
    const problems = arc.diagnose(arc.parse(text));
    assert.deepEqual(problems, [
      { range: r(6, 8, 14), severity: 'error', code: 'arc/ragged-grid', message: 'Row 3 of the train 1 input has 2 values; the grid is 3 wide.' },
    ]);
  });

  it('reports values that are not colours 0..9 on the value', () => {
    const text = '{"train": [], "test": [{"input": [[10, -1, 1.5, "x", null, true, 9]]}]}';
    const problems = arc.diagnose(arc.parse(text)).filter((p) => p.code === 'arc/invalid-colour');
    assert.deepEqual(problems.map((p) => p.range), [r(0, 35, 37), r(0, 39, 41), r(0, 43, 46), r(0, 48, 51), r(0, 53, 57), r(0, 59, 63)]);
    assert.equal(problems[0]!.message, 'Colours are integers 0..9; found 10.');
    assert.equal(problems[3]!.message, 'Colours are integers 0..9; found "x".');
  });

  it('summarises a grid full of bad values after ten', () => {
    const row = `[${Array(20).fill('"a"').join(', ')}]`;
    const problems = arc.diagnose(arc.parse(`{"train": [], "test": [{"input": [${row}]}]}`)).filter((p) => p.code === 'arc/invalid-colour');
    assert.equal(problems.length, 11);
    assert.match(problems[10]!.message, /10 more values/);
  });

  it('reports grids larger than 30x30', () => {
    const tall = `[${Array(31).fill('[1]').join(', ')}]`;
    const problems = arc.diagnose(arc.parse(`{"train": [], "test": [{"input": ${tall}}]}`)).filter((p) => p.severity === 'error');
    assert.deepEqual(problems.map((p) => [p.code, p.message]), [['arc/grid-too-large', 'The test 1 input is 31x1; ARC grids are at most 30x30.']]);
  });

  it('warns about a test output whose shape no demonstration would give', () => {
    const sameShape = SMALL.replace('        [7, 8]\n      ]\n', '        [7, 8]\n      ],\n      "output": [[1, 2, 3]]\n');
    const problems = arc.diagnose(arc.parse(sameShape));
    assert.deepEqual(problems.map((p) => [p.code, p.severity, p.range]), [['arc/test-output-shape', 'warning', r(19, 16, 27)]]);
    assert.equal(problems[0]!.message, "Every demonstration's output has its input's shape, but the test 1 output is 1x3 for a 2x2 input.");
    const fixed = '{"train": [{"input": [[1, 2]], "output": [[1]]}, {"input": [[1, 2, 3]], "output": [[2]]}], "test": [{"input": [[1]], "output": [[1, 1]]}]}';
    assert.deepEqual(arc.diagnose(arc.parse(fixed)).map((p) => p.message), ["Every demonstration's output is 1x1, but the test 1 output is 1x2."]);
    // Outputs of varying shapes (d631b094) set no rule.
    const varying = PRETTY.replace('[0, 0, 4]\n      ]', '[0, 0, 4]\n      ],\n      "output": [[4, 4, 4, 4, 4, 4, 4]]');
    assert.deepEqual(arc.diagnose(arc.parse(varying)), []);
  });

  it('never throws on pathological JSON', () => {
    const deep = '['.repeat(100000);
    assert.deepEqual(codes(deep), [['arc/too-deep', 'error']]);
    assert.deepEqual(codes(''), [['arc/syntax-error', 'error']]);
  });
});

describe('ARC instances, verification and exact solving', () => {
  it('makes one instance per test pair with a valid input, keyed by the demonstrations', () => {
    const doc = arc.parse(SOLVED);
    const instances = arc.instances(doc);
    assert.deepEqual(instances.map((i) => [i.index, i.label, i.rows, i.cols]), [[0, 'test 1 of 2', 3, 3], [1, 'test 2 of 2', 3, 3]]);
    assert.deepEqual(instances[0]!.input, [[4, 2, 2], [4, 2, 2], [2, 2, 2]]);
    assert.deepEqual(instances[0]!.current, [[2, 2, 2], [4, 2, 2], [4, 2, 2]]);
    assert.match(instances[0]!.taskKey!, /^[0-9a-f]{16}$/);
    assert.equal(instances[0]!.taskKey, instances[1]!.taskKey);
    assert.equal(instances[0]!.range, doc.test[0]!.input!.range);
  });

  it('keys a task by its demonstrations only, whatever the layout', () => {
    const compactKey = arc.instances(arc.parse(COMPACT))[0]!.taskKey;
    const reformatted = arc.format(arc.parse(COMPACT))!;
    assert.equal(arc.instances(arc.parse(reformatted))[0]!.taskKey, compactKey);
    const train = JSON.parse(COMPACT).train as { input: number[][]; output: number[][] }[];
    assert.equal(arcTaskKey(train), compactKey);
    train[0]!.output[0]![0] = 9;
    assert.notEqual(arcTaskKey(train), compactKey);
  });

  it('has no exact solver', () => {
    assert.deepEqual(arc.exactSolve(arc.parse(COMPACT), 0), { status: 'unsupported', reason: 'ARC has no exact solver: model answers are unverified.' });
  });

  it('checks an answer against a test output in the file, cell by cell', () => {
    const doc = arc.parse(SOLVED);
    const right = [[2, 2, 2], [4, 2, 2], [4, 2, 2]];
    assert.deepEqual(arc.verify(doc, 0, right), { status: 'correct' });
    const wrong = arc.verify(doc, 0, [[2, 2, 2], [4, 2, 2], [4, 2, 3]]);
    assert.deepEqual(wrong, {
      status: 'wrong',
      wrongCells: [{ row: 2, col: 2, actual: 3, expected: 2, reason: 'the test output in the file has colour 0 here' }],
      summary: '1 of 9 cells differ from the test output written in the file.',
    });
    assert.equal(arc.verify(doc, 0, [[2]]).status, 'wrong');
  });

  it('cannot verify without a test output', () => {
    assert.equal(arc.verify(arc.parse(COMPACT), 0, [[2]]).status, 'unverifiable');
  });
});

describe('ARC edits', () => {
  it('inserts a test output one row per line, indented to fit, and round-trips', () => {
    const doc = arc.parse(SMALL);
    const edits = arc.writeAnswer(doc, 0, [[3, 4], [5, 6]]);
    const out = applyEdits(SMALL, edits);
    assert.ok(out.includes('      "input": [\n        [5, 6],\n        [7, 8]\n      ],\n      "output": [\n        [1, 2],\n        [3, 4]\n      ]\n    }'), out);
    const again = arc.parse(out);
    assert.deepEqual(arc.diagnose(again), []);
    assert.deepEqual(again.test[0]!.output!.values, [[1, 2], [3, 4]]);
    assert.deepEqual(arc.verify(again, 0, [[3, 4], [5, 6]]), { status: 'correct' });
  });

  it('replaces an existing test output and touches nothing else', () => {
    const doc = arc.parse(SOLVED);
    const edits = arc.writeAnswer(doc, 1, [[3, 3], [4, 4]]);
    assert.equal(edits.length, 1);
    assert.deepEqual(edits[0]!.range, doc.test[1]!.output!.range);
    const out = applyEdits(SOLVED, edits);
    const again = arc.parse(out);
    assert.deepEqual(again.test[1]!.output!.values, [[1, 1], [2, 2]]);
    assert.deepEqual(again.test[0]!.output!.values, doc.test[0]!.output!.values);
    assert.ok(out.includes('      "output": [\n        [1, 1],\n        [2, 2]\n      ]\n'));
  });

  it('inserts into compact and CRLF files', () => {
    const out = applyEdits(COMPACT, arc.writeAnswer(arc.parse(COMPACT), 0, [[2, 2, 6], [2, 10, 8], [7, 5, 8]]));
    assert.ok(out.startsWith('{"test":[{"input":[[6,3,5],[6,8,0],[4,0,0]], "output": [\n  [0, 0, 4],\n  [0, 8, 6],\n  [5, 3, 6]\n]}],"train"'), out);
    assert.deepEqual(arc.diagnose(arc.parse(out)), []);
    const crlf = SMALL.replace(/\n/g, '\r\n');
    const out2 = applyEdits(crlf, arc.writeAnswer(arc.parse(crlf), 0, [[2]]));
    assert.ok(out2.includes('      ],\r\n      "output": [\r\n        [0]\r\n      ]\r\n    }'));
  });

  it('writes no answer with non-colour tokens or for a pair without a valid input', () => {
    assert.deepEqual(arc.writeAnswer(arc.parse(SMALL), 0, [[1]]), []);
    assert.deepEqual(arc.writeAnswer(arc.parse(SMALL), 3, [[2]]), []);
  });

  it('writes one cell only into an existing output', () => {
    const doc = arc.parse(SOLVED);
    const edits = arc.writeCell(doc, 0, 2, 2, 11);
    assert.deepEqual(edits, [{ range: doc.lines.rangeOf(doc.test[0]!.output!.rowNodes[2]!.children![2]!.offset, 1), newText: '9' }]);
    assert.deepEqual(arc.writeCell(doc, 0, 2, 2, 2), []);
    assert.deepEqual(arc.writeCell(doc, 0, 5, 5, 3), []);
    assert.deepEqual(arc.writeCell(arc.parse(COMPACT), 0, 0, 0, 3), []);
  });

  it('formats canonically: two-space indent, one grid row per line, unknown keys kept', () => {
    const text = '{"name":"t","train":[{"input":[[1,2],[3,4]],"output":[[4]]}],"test":[{"input":[[0]]}],"extra":{"a":[1,2],"b":[]}}';
    assert.equal(
      arc.format(arc.parse(text)),
      `{
  "name": "t",
  "train": [
    {
      "input": [
        [1, 2],
        [3, 4]
      ],
      "output": [
        [4]
      ]
    }
  ],
  "test": [
    {
      "input": [
        [0]
      ]
    }
  ],
  "extra": {
    "a": [
      1,
      2
    ],
    "b": []
  }
}
`,
    );
    assert.equal(arc.format(arc.parse(PRETTY)), PRETTY);
    assert.equal(arc.format(arc.parse('{"train": [}')), undefined);
  });
});

describe('ARC hovers and cells', () => {
  const doc = arc.parse(SOLVED);

  it('describes a cell of a demonstration grid with its colour, and the whole grid', () => {
    const pos = rangeOfText(SOLVED, '[0, 1, 0]').start;
    const facts = arc.describe(doc, { line: pos.line, character: pos.character + 4 });
    assert.equal(facts?.title, 'train 3 input, 3x3');
    assert.deepEqual(facts?.facts, ['row 1, column 2, colour 1 (blue)', 'colours: 0 black, 1 blue']);
    assert.deepEqual(facts?.grid, { tokens: [[2, 3, 2], [3, 3, 2], [2, 2, 2]], highlight: { row: 0, col: 1 } });
    assert.equal(facts?.instance, undefined);
  });

  it('describes a row, and a test grid with its instance', () => {
    const pos = rangeOfText(SOLVED, '"test"').start;
    const inTest = arc.describe(doc, { line: pos.line + 4, character: 8 });
    assert.equal(inTest?.title, 'test 1 input, 3x3');
    assert.deepEqual(inTest?.facts, ['row 2', 'colours: 0 black, 2 red']);
    assert.equal(inTest?.instance, 0);
    assert.equal(arc.describe(doc, { line: 0, character: 0 }), undefined);
  });

  it('finds test output cells for hints, and their ranges', () => {
    const output = doc.test[1]!.output!;
    const cell = output.rowNodes[2]!.children![1]!;
    const at = doc.lines.positionAt(cell.offset);
    assert.deepEqual(arc.cellAt(doc, at), { instance: 1, row: 2, col: 1 });
    assert.deepEqual(arc.answerCellRange(doc, 1, 2, 1), doc.lines.rangeOf(cell.offset, 1));
    const inputCell = doc.test[1]!.input!.rowNodes[0]!.children![0]!;
    assert.equal(arc.cellAt(doc, doc.lines.positionAt(inputCell.offset)), undefined);
    assert.equal(arc.answerCellRange(arc.parse(COMPACT), 0, 0, 0), undefined);
  });
});

describe('ARC model encoding', () => {
  const canvas = { rows: 30, cols: 30 };

  it('matches the reference layout: colours + 2, end-of-grid markers below and right, pad elsewhere', () => {
    const instance = { index: 0, label: '', rows: 2, cols: 3, input: [[2, 3, 4], [5, 6, 7]], range: r(0, 0, 0) };
    const seq = arc.toModelInput(instance, canvas);
    if (!(seq instanceof Int32Array)) throw new Error(seq.error);
    assert.deepEqual(Array.from(seq.subarray(0, 5)), [2, 3, 4, 1, 0]);
    assert.deepEqual(Array.from(seq.subarray(30, 35)), [5, 6, 7, 1, 0]);
    assert.deepEqual(Array.from(seq.subarray(60, 65)), [1, 1, 1, 0, 0]);
    assert.equal(seq.reduce((n, t) => n + (t === 1 ? 1 : 0), 0), 5);
    assert.ok(seq.subarray(90).every((t) => t === 0));
  });

  it('leaves out markers that do not fit on the canvas', () => {
    const full = { index: 0, label: '', rows: 30, cols: 30, input: Array.from({ length: 30 }, () => Array(30).fill(2)), range: r(0, 0, 0) };
    const seq = arc.toModelInput(full, canvas);
    assert.ok(seq instanceof Int32Array && seq.every((t) => t === 2));
    const tall = { index: 0, label: '', rows: 30, cols: 2, input: Array.from({ length: 30 }, () => [3, 3]), range: r(0, 0, 0) };
    const seq2 = arc.toModelInput(tall, canvas);
    assert.ok(seq2 instanceof Int32Array);
    assert.deepEqual(Array.from(seq2.subarray(29 * 30, 29 * 30 + 3)), [3, 3, 1]);
    const big = { ...tall, rows: 31 };
    assert.deepEqual(arc.toModelInput(big, canvas), { error: "This 31x2 grid is larger than the model's 30x30 canvas." });
  });

  it('reads the answer shape from the output itself, as the reference crop does', () => {
    const instance = arc.instances(arc.parse(COMPACT))[0]!;
    const seq = arc.toModelInput(instance, canvas);
    if (!(seq instanceof Int32Array)) throw new Error(seq.error);
    assert.deepEqual(arc.fromModelOutput(instance, canvas, seq), instance.input);
    // A 2x4 answer for a 3x3 input.
    const out = new Int32Array(900);
    out.set([5, 5, 5, 5, 1], 0);
    out.set([6, 6, 6, 6, 1], 30);
    out.set([1, 1, 1, 1], 60);
    assert.deepEqual(arc.fromModelOutput(instance, canvas, out), [[5, 5, 5, 5], [6, 6, 6, 6]]);
    // Rows narrowing: the largest top-left rectangle wins (3x2 = 6 beats 1x4 = 4).
    const ragged = new Int32Array(900);
    ragged.set([2, 2, 2, 2, 0], 0);
    ragged.set([2, 2, 0], 30);
    ragged.set([2, 2, 0], 60);
    assert.deepEqual(arc.fromModelOutput(instance, canvas, ragged), [[2, 2], [2, 2], [2, 2]]);
    assert.deepEqual(arc.fromModelOutput(instance, canvas, new Int32Array(900)), []);
  });

  it('draws colour tokens as digits', () => {
    assert.deepEqual([2, 11, 1, 0].map((t) => arc.tokenText(t)), ['0', '9', '?', '?']);
  });
});

describe('ARC answers that are no grid', () => {
  it('are wrong, with or without a test output in the file, and are never written', () => {
    for (const doc of [arc.parse(COMPACT), arc.parse(SOLVED)]) {
      const empty = arc.verify(doc, 0, []);
      assert.equal(empty.status, 'wrong');
      assert.match(empty.status === 'wrong' ? empty.summary : '', /decodes to an empty grid/);
      const ragged = arc.verify(doc, 0, [[2, 3], [2]]);
      assert.match(ragged.status === 'wrong' ? ragged.summary : '', /ragged: row 1 has 2 cells, row 2 has 1/);
      assert.deepEqual(arc.writeAnswer(doc, 0, []), []);
      assert.deepEqual(arc.writeAnswer(doc, 0, [[]]), []);
      assert.deepEqual(arc.writeAnswer(doc, 0, [[2, 3], [2]]), []);
    }
  });
});
