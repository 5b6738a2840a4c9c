/**
 * The ARC grid editing logic: the nearest ARC colour for a picked colour (against a brute-force oracle written
 * here from the published palette), the colour of every cell, and copy / resize / fill of a test output on
 * generated tasks, each result re-parsed as JSON and checked.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  arcCellColours,
  arcOutputEdits,
  compareOutput,
  copyInputToOutput,
  fillColours,
  fillOutput,
  nearestArcColour,
  parseArc,
  pickArcColour,
  resizeOutput,
  sizeChoices,
  testOutputAt,
} from '../../../server/src/puzzles/arc';
import { formatArc } from '../../../server/src/puzzles/arc/edit';
import { arcVocabulary } from '../../../server/src/puzzles/vocabulary';
import { applyEdits, seededRandom } from './helpers';

/** The ARC-AGI viewer's palette, written out here so the oracle shares nothing with the product. */
const PALETTE_HEX = ['000000', '0074D9', 'FF4136', '2ECC40', 'FFDC00', 'AAAAAA', 'F012BE', 'FF851B', '7FDBFF', '870C25'];
const PALETTE = PALETTE_HEX.map((h) => [0, 2, 4].map((i) => Number.parseInt(h.slice(i, i + 2), 16)));

function bruteNearest(rgb: readonly number[]): number {
  const scored = PALETTE.map((p, digit) => ({ digit, d: p.reduce((sum, v, i) => sum + (v - rgb[i]!) * (v - rgb[i]!), 0) }));
  scored.sort((a, b) => a.d - b.d || a.digit - b.digit);
  return scored[0]!.digit;
}

type Grid = number[][];
interface Task {
  train: { input: Grid; output: Grid }[];
  test: { input: Grid; output?: Grid }[];
}

function randomGrid(rand: () => number, rows: number, cols: number): Grid {
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => Math.floor(rand() * 10)));
}

function randomTask(rand: () => number): Task {
  const size = () => 1 + Math.floor(rand() * (rand() < 0.1 ? 30 : 6));
  const pair = () => ({ input: randomGrid(rand, size(), size()), output: randomGrid(rand, size(), size()) });
  const train = Array.from({ length: 1 + Math.floor(rand() * 3) }, pair);
  const test = Array.from({ length: 1 + Math.floor(rand() * 2) }, () => {
    const p = pair();
    return rand() < 0.5 ? { input: p.input } : p;
  });
  return { train, test };
}

/** The same task in the layouts people keep ARC files in: one line, one number per line, one row per line. */
function layouts(task: Task): string[] {
  const compact = JSON.stringify(task);
  const spread = JSON.stringify(task, null, 2);
  return [compact, spread, formatArc(parseArc(spread))!, spread.replace(/\n/g, '\r\n')];
}

describe('nearest ARC colour', () => {
  it('maps every palette colour to its own digit', () => {
    PALETTE.forEach((rgb, digit) => assert.equal(nearestArcColour(rgb as [number, number, number]), digit));
  });

  it('agrees with a brute-force search on 20,000 random colours', () => {
    const rand = seededRandom(13);
    for (let i = 0; i < 20_000; i++) {
      const rgb = [0, 0, 0].map(() => Math.floor(rand() * 256)) as [number, number, number];
      assert.equal(nearestArcColour(rgb), bruteNearest(rgb), `rgb(${rgb.join(', ')})`);
    }
  });

  it('agrees on colours near the palette (small offsets from each ARC colour)', () => {
    const rand = seededRandom(14);
    for (let i = 0; i < 5_000; i++) {
      const base = PALETTE[Math.floor(rand() * 10)]!;
      const rgb = base.map((v) => Math.max(0, Math.min(255, v + Math.floor(rand() * 61) - 30))) as [number, number, number];
      assert.equal(nearestArcColour(rgb), bruteNearest(rgb), `rgb(${rgb.join(', ')})`);
    }
  });
});

describe('cell colours', () => {
  it('lists every cell of every grid with its digit, at its place in the text', () => {
    const rand = seededRandom(21);
    for (let n = 0; n < 60; n++) {
      const task = randomTask(rand);
      const expected = [...task.train, ...task.test].flatMap((p) => [p.input, ...(p.output ? [p.output] : [])]).flat(2);
      for (const text of layouts(task)) {
        const doc = parseArc(text);
        const cells = arcCellColours(doc);
        assert.deepEqual(cells.map((c) => c.colour), expected);
        for (const c of cells) {
          const start = doc.lines.offsetAt(c.range.start);
          const end = doc.lines.offsetAt(c.range.end);
          assert.equal(text.slice(start, end), String(c.colour));
        }
      }
    }
  });

  it('stops at the cap, and skips values that are no colour', () => {
    const doc = parseArc('{"train": [{"input": [[1, 12, 2.5, "x", 3]], "output": [[4]]}], "test": [{"input": [[5, 6]]}]}');
    assert.deepEqual(arcCellColours(doc).map((c) => c.colour), [1, 3, 4, 5, 6]);
    assert.deepEqual(arcCellColours(doc, 2).map((c) => c.colour), [1, 3]);
    assert.deepEqual(arcCellColours(parseArc('{"train": [')), []);
  });

  it('writes the digit of the nearest colour into the picked cell and nowhere else', () => {
    const rand = seededRandom(22);
    for (let n = 0; n < 40; n++) {
      const task = randomTask(rand);
      for (const text of layouts(task)) {
        const doc = parseArc(text);
        const cells = arcCellColours(doc);
        const pick = Math.floor(rand() * cells.length);
        const rgb = [0, 0, 0].map(() => Math.floor(rand() * 256)) as [number, number, number];
        const edits = pickArcColour(doc, cells[pick]!.range, rgb);
        assert.equal(edits.length, 1);
        const after = parseArc(applyEdits(text, edits));
        const colours = arcCellColours(after).map((c) => c.colour);
        const want = cells.map((c) => c.colour);
        want[pick] = bruteNearest(rgb);
        assert.deepEqual(colours, want);
      }
    }
  });

  it('gives no edit where no cell starts', () => {
    const text = '{"train": [{"input": [[1]], "output": [[4]]}], "test": [{"input": [[5, 6]]}]}';
    const doc = parseArc(text);
    assert.deepEqual(pickArcColour(doc, doc.lines.rangeOf(text.indexOf('"test"'), 1), [0, 0, 0]), []);
    assert.deepEqual(pickArcColour(doc, doc.lines.rangeOf(text.indexOf('[[5'), 1), [0, 0, 0]), []);
  });
});

/** Applies `edits`, re-parses the result and checks it is a clean task whose only change is test `i`'s output. */
function outputAfter(text: string, task: Task, i: number, edits: ReturnType<typeof copyInputToOutput>): Grid {
  assert.ok(edits.length > 0, 'expected an edit');
  const after = applyEdits(text, edits);
  const parsed = JSON.parse(after) as Task;
  assert.deepEqual(parsed.train, task.train);
  parsed.test.forEach((p, j) => {
    assert.deepEqual(p.input, task.test[j]!.input);
    if (j !== i) assert.deepEqual(p.output, task.test[j]!.output);
  });
  assert.deepEqual(parseArc(after).problems, []);
  // The written grid is one row per line, whatever the file's layout.
  const output = parsed.test[i]!.output!;
  if (output.length > 1) {
    for (const row of output) assert.ok(after.includes(`[${row.join(', ')}]`), `row ${JSON.stringify(row)} not on one line`);
  }
  return output;
}

describe('copy, resize and fill a test output', () => {
  it('does each on generated tasks, with and without an output, in every layout', () => {
    const rand = seededRandom(31);
    for (let n = 0; n < 50; n++) {
      const task = randomTask(rand);
      for (const text of layouts(task)) {
        const doc = parseArc(text);
        task.test.forEach((pair, i) => {
          assert.deepEqual(outputAfter(text, task, i, copyInputToOutput(doc, i)), pair.input);

          const rows = 1 + Math.floor(rand() * 8);
          const cols = 1 + Math.floor(rand() * 8);
          const resized = outputAfter(text, task, i, resizeOutput(doc, i, rows, cols));
          assert.equal(resized.length, rows);
          for (let r = 0; r < rows; r++) {
            assert.equal(resized[r]!.length, cols);
            for (let c = 0; c < cols; c++) assert.equal(resized[r]![c], pair.output?.[r]?.[c] ?? 0, `cell ${r},${c}`);
          }

          const colour = Math.floor(rand() * 10);
          const filled = outputAfter(text, task, i, fillOutput(doc, i, colour));
          const shape = pair.output ?? pair.input;
          assert.deepEqual(filled, shape.map((row) => row.map(() => colour)));
        });
      }
    }
  });

  it('refuses sizes outside 1..30 and resizing an output that is not a grid', () => {
    const doc = parseArc('{"train": [{"input": [[1]], "output": [[4]]}], "test": [{"input": [[5, 6]], "output": [[1, 2], [3]]}]}');
    assert.deepEqual(resizeOutput(doc, 0, 2, 2), []);
    assert.ok(fillOutput(doc, 0, 3).length > 0, 'a fill replaces a broken output');
    const ok = parseArc('{"train": [{"input": [[1]], "output": [[4]]}], "test": [{"input": [[5, 6]]}]}');
    for (const [r, c] of [[0, 1], [1, 31], [31, 1], [1.5, 2]] as const) assert.deepEqual(resizeOutput(ok, 0, r, c), []);
    assert.deepEqual(fillOutput(ok, 0, 10), []);
    assert.deepEqual(copyInputToOutput(ok, 3), []);
  });
});

describe('what to offer', () => {
  const task = (train: [number, number, number, number][], test: [number, number], output?: [number, number]) =>
    parseArc(
      JSON.stringify({
        train: train.map(([a, b, c, d]) => ({ input: randomGrid(Math.random, a, b), output: randomGrid(Math.random, c, d) })),
        test: [{ input: randomGrid(Math.random, ...test), ...(output ? { output: randomGrid(Math.random, ...output) } : {}) }],
      }),
    );
  const sizes = (doc: ReturnType<typeof parseArc>) => sizeChoices(doc, 0).map((s) => `${s.rows}x${s.cols}`);

  it('puts the input size first when every train output has its input size', () => {
    assert.deepEqual(sizes(task([[3, 3, 3, 3], [4, 5, 4, 5]], [6, 2])), ['6x2', '3x3', '4x5']);
  });
  it('puts the one train output size first when all agree', () => {
    assert.deepEqual(sizes(task([[3, 3, 1, 1], [4, 5, 1, 1]], [6, 2])), ['1x1', '6x2']);
  });
  it('offers each train output size when they differ, and leaves out the current size', () => {
    assert.deepEqual(sizes(task([[3, 3, 1, 2], [4, 5, 2, 1]], [6, 2])), ['1x2', '2x1', '6x2']);
    assert.deepEqual(sizes(task([[3, 3, 1, 2], [4, 5, 2, 1]], [6, 2], [1, 2])), ['2x1', '6x2']);
  });

  it('fills with 0 and the colours of the task', () => {
    const doc = parseArc('{"train": [{"input": [[7, 3]], "output": [[3]]}], "test": [{"input": [[9, 3]]}]}');
    assert.deepEqual(fillColours(doc), [0, 3, 7, 9]);
    const titles = arcOutputEdits(doc, 0, String).map((e) => e.title);
    assert.deepEqual(titles, [
      'Copy the input to the output',
      'Resize the output to 1×1 (the size of train output 1)',
      "Resize the output to 1×2 (the test input's size)",
      'Fill the output with colour 0 (0)',
      'Fill the output with colour 3 (3)',
      'Fill the output with colour 7 (7)',
      'Fill the output with colour 9 (9)',
    ]);
  });

  it('offers no copy when the output already is the input, nor a fill it already has', () => {
    const doc = parseArc('{"train": [{"input": [[7, 7]], "output": [[7, 7]]}], "test": [{"input": [[7, 7]], "output": [[7, 7]]}]}');
    assert.deepEqual(arcOutputEdits(doc, 0, String).map((e) => e.title), ['Fill the output with colour 0 (0)']);
  });
});

describe('an output against a model answer', () => {
  const tokens = (g: Grid) => g.map((row) => row.map((c) => arcVocabulary.colourToken(c)));
  it('finds the output under a position and compares it cell by cell', () => {
    const text = '{"train": [{"input": [[1]], "output": [[4]]}], "test": [{"input": [[5, 6]], "output": [[1, 2]]}]}';
    const doc = parseArc(text);
    assert.equal(testOutputAt(doc, text.indexOf('[[1, 2]]') + 2), 0);
    assert.equal(testOutputAt(doc, text.indexOf('[[5, 6]]') + 2), undefined);
    assert.equal(testOutputAt(doc, text.indexOf('[[4]]')), undefined);
    assert.deepEqual(compareOutput([[1, 2]], tokens([[1, 2]])), { kind: 'same', cells: 2 });
    assert.deepEqual(compareOutput([[1, 2]], tokens([[1, 3]])), { kind: 'cells', cells: 2, differences: [{ row: 0, col: 1, file: 2, model: 3 }] });
    assert.deepEqual(compareOutput([[1, 2]], tokens([[1], [2]])), { kind: 'shape', file: { rows: 1, cols: 2 }, model: { rows: 2, cols: 1 } });
  });
});
