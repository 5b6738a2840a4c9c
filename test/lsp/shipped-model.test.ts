/**
 * The shipped 4x4 sudoku model (models/sudoku-4x4.onnx) behind the real protocol: with no model set, the
 * server picks the shipped one that fits the board; its answer is verified, written inline, offered cell
 * by cell as hints and as inlay hints — only where the exact solver confirms it.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ExecuteCommandRequest, HoverRequest, InlayHintRequest, type MarkupContent } from 'vscode-languageserver-protocol/node';
import { applyTextEdits } from '../../server/src/util/text-edits';
import { LspHarness } from './harness';

const SHIPPED = join(__dirname, '../../models/sudoku-4x4.onnx');
const PUZZLE = ['. 2 | . .', '. . | . 1', '----+----', '4 . | . .', '. . | 3 .', ''].join('\n');
const SOLUTION = [
  [1, 2, 4, 3],
  [3, 4, 2, 1],
  [4, 3, 1, 2],
  [2, 1, 3, 4],
];
/** Character offset of cell c in a row written "a b | c d". */
const COLUMN = [0, 2, 6, 8];
const GRID_LINE = [0, 1, 3, 4];

describe('the shipped 4x4 sudoku model over the protocol', { skip: existsSync(SHIPPED) ? false : 'models/sudoku-4x4.onnx is not there' }, () => {
  let lsp: LspHarness;
  const uri = 'file:///work/shipped.sudoku';
  before(async () => {
    lsp = await LspHarness.start({ settings: {} });
    await lsp.open(uri, 'sudoku', PUZZLE);
    await lsp.diagnosticsFor(uri, 1);
  });
  after(async () => {
    await lsp.stop();
  });

  it('shows the model value of every blank cell as an inlay hint, each one confirmed by the exact solver', async () => {
    const hints = (await lsp.connection.sendRequest(InlayHintRequest.type, {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 5, character: 0 } },
    }))!;
    const blanks = PUZZLE.split('').filter((c) => c === '.').length;
    assert.equal(hints.length, blanks);
    for (const hint of hints) {
      const row = GRID_LINE.indexOf(hint.position.line);
      const col = COLUMN.indexOf(hint.position.character);
      assert.ok(row >= 0 && col >= 0, `a hint at ${JSON.stringify(hint.position)} is not on a cell`);
      assert.equal(hint.label, String(SOLUTION[row]![col]));
      assert.match(String(hint.tooltip), /^TRM sudoku-4x4-tiny: \d+% sure; confirmed by the exact solver$/);
    }
  });

  it('hovers with the recursion of the shipped model, verified', async () => {
    const hover = await lsp.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 0 } });
    const text = (hover!.contents as MarkupContent).value;
    assert.match(text, /\*\*TRM recursion\*\* — sudoku-4x4-tiny on CPU/);
    assert.match(text, /✅ The final answer is correct/);
  });

  it('gives the model hint for the cell under the cursor, saying how sure it is', async () => {
    const result = (await lsp.connection.sendRequest(ExecuteCommandRequest.type, {
      command: 'trm.server.hint',
      arguments: [uri, { line: 4, character: 2 }],
    })) as { applied: boolean; message: string };
    assert.equal(result.applied, true, result.message);
    assert.match(result.message, /^Hint: row 4, column 2 is 1 \(TRM sudoku-4x4-tiny, \d+% sure, confirmed by the exact solver\)\.$/);
  });

  it('solves with the model and says it was verified', async () => {
    const before = lsp.appliedEdits.length;
    const result = (await lsp.connection.sendRequest(ExecuteCommandRequest.type, { command: 'trm.server.solve', arguments: [uri] })) as {
      applied: boolean;
      message: string;
    };
    assert.equal(result.applied, true, result.message);
    assert.match(result.message, /^Solved by TRM sudoku-4x4-tiny in \d steps? \(\d+ ms, CPU\); verified by the exact solver\.$/);
    const change = lsp.appliedEdits[before]!.edit.documentChanges![0]!;
    assert.ok('edits' in change);
    const solved = applyTextEdits(PUZZLE, change.edits.map((e) => ('newText' in e ? e : assert.fail())));
    assert.ok(solved.includes('1 2 | 4 3\n3 4 | 2 1\n----+----\n4 3 | 1 2\n2 1 | 3 4'), solved);
  });
});
