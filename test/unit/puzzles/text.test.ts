import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectEol, LineIndex, splitLines } from '../../../server/src/puzzles/common/text';

describe('source text positions', () => {
  it('splits lines at \\n, \\r\\n and a lone \\r, like editors', () => {
    assert.deepEqual(
      splitLines('a\nbc\r\nd\re').map((l) => [l.index, l.start, l.text]),
      [[0, 0, 'a'], [1, 2, 'bc'], [2, 6, 'd'], [3, 8, 'e']],
    );
    assert.deepEqual(splitLines('x\n').map((l) => l.text), ['x', '']);
    assert.deepEqual(splitLines('').map((l) => l.text), ['']);
  });

  it('converts offsets to positions and back, in UTF-16 code units', () => {
    const text = 'ab\r\n😀c\nd';
    const index = new LineIndex(text);
    assert.deepEqual(index.positionAt(0), { line: 0, character: 0 });
    assert.deepEqual(index.positionAt(4), { line: 1, character: 0 });
    assert.deepEqual(index.positionAt(6), { line: 1, character: 2 });
    assert.deepEqual(index.positionAt(8), { line: 2, character: 0 });
    assert.deepEqual(index.positionAt(9), { line: 2, character: 1 });
    assert.deepEqual(index.positionAt(99), { line: 2, character: 1 });
    for (let offset = 0; offset <= text.length; offset++) {
      if (offset === 3) continue; // between \r and \n: no position of its own
      assert.equal(index.offsetAt(index.positionAt(offset)), offset);
    }
    assert.equal(index.offsetAt({ line: 0, character: 50 }), 4);
    assert.equal(index.offsetAt({ line: 9, character: 0 }), text.length);
    assert.deepEqual(index.rangeOf(4, 3), { start: { line: 1, character: 0 }, end: { line: 1, character: 3 } });
  });

  it('finds the indentation of a line and the end-of-line style', () => {
    const index = new LineIndex('{\n    "a": 1\n}');
    assert.equal(index.indentationAt(8), '    ');
    assert.equal(detectEol('a\r\nb'), '\r\n');
    assert.equal(detectEol('a\nb'), '\n');
    assert.equal(detectEol('ab'), '\n');
  });
});
