/**
 * The bundled language server over the real protocol (stdio): diagnostics as the user types, hovers,
 * code actions and the workspace edits they carry, commands, formatting.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CodeActionRequest,
  CodeActionResolveRequest,
  DiagnosticSeverity,
  DocumentFormattingRequest,
  ExecuteCommandRequest,
  HoverRequest,
  type CodeAction,
  type Hover,
  type MarkupContent,
  type TextDocumentEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import { applyTextEdits } from '../../server/src/util/text-edits';
import { LspHarness } from './harness';

const SUDOKU_DUPLICATE = [
  '# two 5s in row 1',
  '5 3 . | . 7 . | . 5 .',
  '6 . . | 1 9 5 | . . .',
  '. 9 8 | . . . | . 6 .',
  '------+-------+------',
  '8 . . | . 6 . | . . 3',
  '4 . . | 8 . 3 | . . 1',
  '7 . . | . 2 . | . . 6',
  '------+-------+------',
  '. 6 . | . . . | 2 8 .',
  '. . . | 4 1 9 | . . 5',
  '. . . | . 8 . | . 7 9',
  '',
].join('\n');

const SUDOKU_4X4 = ['. 2 | . .', '. . | . 1', '----+----', '4 . | . .', '. . | 3 .', ''].join('\n');

function editsOf(edit: WorkspaceEdit | undefined, uri: string) {
  assert.ok(edit, 'expected a workspace edit');
  if (edit.documentChanges) {
    const change = edit.documentChanges.find((c): c is TextDocumentEdit => 'textDocument' in c && c.textDocument.uri === uri);
    assert.ok(change, 'expected a text document edit for the document');
    return { version: change.textDocument.version, edits: change.edits.map((e) => ('newText' in e ? e : assert.fail('unexpected edit kind'))) };
  }
  return { version: null, edits: edit.changes?.[uri] ?? [] };
}

function hoverText(hover: Hover | null): string {
  assert.ok(hover, 'expected a hover');
  return (hover.contents as MarkupContent).value;
}

describe('language server over stdio', () => {
  let lsp: LspHarness;
  before(async () => {
    lsp = await LspHarness.start();
  });
  after(async () => {
    await lsp.stop();
  });

  it('flags both clashing cells of a sudoku with related information pointing at each other', async () => {
    const uri = 'file:///work/dup.sudoku';
    await lsp.open(uri, 'sudoku', SUDOKU_DUPLICATE);
    const diagnostics = await lsp.diagnosticsFor(uri, 1);
    const clashes = diagnostics.filter((d) => d.code === 'sudoku/duplicate-in-row');
    assert.equal(clashes.length, 2);
    const [first, second] = clashes.sort((a, b) => a.range.start.character - b.range.start.character);
    assert.deepEqual(first!.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 1 } });
    assert.deepEqual(second!.range, { start: { line: 1, character: 18 }, end: { line: 1, character: 19 } });
    assert.equal(first!.severity, DiagnosticSeverity.Error);
    assert.equal(first!.source, 'trm');
    assert.deepEqual(first!.relatedInformation?.[0]?.location, { uri, range: second!.range });
    assert.deepEqual(second!.relatedInformation?.[0]?.location, { uri, range: first!.range });
  });

  it('re-diagnoses after incremental edits: fixing the clash clears it, a bad character is flagged where typed', async () => {
    const uri = 'file:///work/dup.sudoku';
    // Replace the second 5 in row 1 with a blank.
    await lsp.change(uri, 2, [{ range: { start: { line: 1, character: 18 }, end: { line: 1, character: 19 } }, text: '.' }]);
    const fixed = await lsp.diagnosticsFor(uri, 2);
    assert.deepEqual(fixed.filter((d) => d.severity === DiagnosticSeverity.Error), []);
    // Type an 'x' into row 3, column 1.
    await lsp.change(uri, 3, [{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 1 } }, text: 'x' }]);
    const broken = await lsp.diagnosticsFor(uri, 3);
    const bad = broken.find((d) => d.code === 'sudoku/invalid-character');
    assert.ok(bad, `expected an invalid-character diagnostic, got ${JSON.stringify(broken)}`);
    assert.deepEqual(bad.range, { start: { line: 3, character: 0 }, end: { line: 3, character: 1 } });
    await lsp.close(uri);
  });

  it('diagnoses mazes and ARC tasks, and leaves plain JSON alone', async () => {
    const maze = 'file:///work/m.maze';
    await lsp.open(maze, 'maze', ['#####', '#S#G#', '#####', ''].join('\n'));
    const mazeDiagnostics = await lsp.diagnosticsFor(maze, 1);
    assert.ok(mazeDiagnostics.some((d) => d.code === 'maze/unreachable-goal' && d.severity === DiagnosticSeverity.Error));

    const arc = 'file:///work/task.json';
    await lsp.open(arc, 'json', '{"train": [{"input": [[1, 2], [3]], "output": [[1]]}], "test": [{"input": [[1]]}]}');
    const arcDiagnostics = await lsp.diagnosticsFor(arc, 1);
    const ragged = arcDiagnostics.find((d) => d.code === 'arc/ragged-grid');
    assert.ok(ragged, `expected a ragged-grid diagnostic, got ${JSON.stringify(arcDiagnostics)}`);
    assert.equal(ragged.range.start.line, 0);

    const plain = 'file:///work/package.json';
    await lsp.open(plain, 'json', '{"name": "x", "version": [1, 2, 3]}');
    assert.deepEqual(await lsp.diagnosticsFor(plain, 1), []);
  });

  it("answers trm/puzzleKind (the client's context key) for puzzles, ARC-shaped .json files, and edits that change the shape", async () => {
    const kind = async (uri: string) => ((await lsp.connection.sendRequest('trm/puzzleKind', { uri })) as { kind: string | null }).kind;
    const sudoku = 'file:///work/kind.sudoku';
    await lsp.open(sudoku, 'sudoku', SUDOKU_4X4);
    const task = 'file:///work/kind-task.json';
    await lsp.open(task, 'json', '{"train": [{"input": [[1]], "output": [[2]]}], "test": [{"input": [[1]]}]}');
    const plain = 'file:///work/kind-plain.json';
    await lsp.open(plain, 'json', '{"train": "not a task"}');
    assert.equal(await kind(sudoku), 'sudoku');
    assert.equal(await kind(task), 'arc');
    assert.equal(await kind(plain), null);
    assert.equal(await kind('file:///work/never-opened.sudoku'), null);
    // The same file edited into an ARC task's shape.
    await lsp.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: plain, version: 2 },
      contentChanges: [{ text: '{"train": [], "test": []}' }],
    });
    assert.equal(await kind(plain), 'arc');
  });

  it('hovers a sudoku cell with its row, column, box, candidates and a picture of the board', async () => {
    const uri = 'file:///work/small.sudoku';
    await lsp.open(uri, 'sudoku', SUDOKU_4X4);
    await lsp.diagnosticsFor(uri, 1);
    const hover = await lsp.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 0 } });
    const text = hoverText(hover);
    assert.match(text, /row 1, column 1/i);
    assert.match(text, /box 1/i);
    assert.match(text, /candidates?: 1 3/i);
    assert.match(text, /!\[[^\]]*\]\(data:image\/png;base64,[A-Za-z0-9+/=]+\)/);
    assert.deepEqual(hover!.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } });
  });

  it('hovers an ARC grid with a colour preview', async () => {
    const uri = 'file:///work/colours.arc.json';
    const text = ['{', '  "train": [{"input": [[0, 1], [2, 3]], "output": [[3, 2], [1, 0]]}],', '  "test": [{"input": [[4, 5], [6, 7]]}]', '}', ''].join('\n');
    await lsp.open(uri, 'arc-task', text);
    await lsp.diagnosticsFor(uri, 1);
    const hover = await lsp.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 2, character: 24 } });
    const value = hoverText(hover);
    assert.match(value, /test 1 input/i);
    assert.match(value, /data:image\/png;base64,/);
  });

  it('offers a hint (edit computed on resolve) and the full solution (the solve command) as code actions', async () => {
    const uri = 'file:///work/small.sudoku';
    const actions = (await lsp.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [] },
    })) as CodeAction[];
    const titles = actions.map((a) => a.title);
    const hint = actions.find((a) => a.kind?.endsWith('trm.hint'));
    const solve = actions.find((a) => a.kind?.endsWith('trm.solve'));
    assert.ok(hint && solve, `expected hint and solve actions, got ${titles.join(', ')}`);
    assert.equal(hint.edit, undefined, 'edits are computed on resolve');

    const resolvedHint = await lsp.connection.sendRequest(CodeActionResolveRequest.type, hint);
    const hintEdits = editsOf(resolvedHint.edit, uri);
    assert.equal(hintEdits.version, 1);
    assert.deepEqual(hintEdits.edits, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, newText: '1' }]);

    assert.deepEqual(solve.command, { title: 'Fill in the solution', command: 'trm.server.solve', arguments: [uri] });
    const before = lsp.appliedEdits.length;
    await lsp.connection.sendRequest(ExecuteCommandRequest.type, { command: solve.command.command, arguments: solve.command.arguments ?? [] });
    const solved = applyTextEdits(SUDOKU_4X4, editsOf(lsp.appliedEdits[before]!.edit, uri).edits);
    assert.match(solved, /^# puzzle: \.2\.\.\.\.\.14\.\.\.\.\.3\.$/m);
    assert.match(solved, /1 2 \| 4 3\n3 4 \| 2 1\n----\+----\n4 3 \| 1 2\n2 1 \| 3 4/);
  });

  it('refuses a code action resolved after the document changed', async () => {
    const uri = 'file:///work/small.sudoku';
    const actions = (await lsp.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [] },
    })) as CodeAction[];
    await lsp.change(uri, 2, [{ range: { start: { line: 4, character: 0 }, end: { line: 4, character: 1 } }, text: '2' }]);
    await lsp.diagnosticsFor(uri, 2);
    const resolved = await lsp.connection.sendRequest(CodeActionResolveRequest.type, actions[0]!);
    assert.equal(resolved.edit, undefined);
    assert.match(resolved.disabled?.reason ?? '', /changed/);
  });

  it('solves through workspace/executeCommand with a versioned workspace/applyEdit', async () => {
    // A generated maze of the shipped model's own kind (`trm generate --kind maze --size 9 --loops 0 --seed 7`,
    // the sixth), which it solves: the server inserts only answers that pass verification.
    const uri = 'file:///work/cmd.maze';
    const maze = ['#########', '# #   # #', '# # ### #', '#   #   #', '# ##### #', '#S#     #', '# # ### #', '#   #G  #', '#########', ''].join('\n');
    await lsp.open(uri, 'maze', maze, 7);
    await lsp.diagnosticsFor(uri, 7);
    const before = lsp.appliedEdits.length;
    const result = (await lsp.connection.sendRequest(ExecuteCommandRequest.type, { command: 'trm.server.solve', arguments: [uri] })) as {
      applied: boolean;
      message: string;
    };
    assert.equal(result.applied, true, result.message);
    const applied = lsp.appliedEdits[before];
    assert.ok(applied);
    const { version, edits } = editsOf(applied.edit, uri);
    assert.equal(version, 7);
    assert.equal(applyTextEdits(maze, edits), ['#########', '# #   # #', '# # ### #', '#   #   #', '# ##### #', '#S#ooooo#', '#o#o###o#', '#ooo#Goo#', '#########', ''].join('\n'));
  });

  it('gives a hint for the cell under the cursor through workspace/executeCommand', async () => {
    const uri = 'file:///work/hint.sudoku';
    await lsp.open(uri, 'sudoku', SUDOKU_4X4);
    await lsp.diagnosticsFor(uri, 1);
    const before = lsp.appliedEdits.length;
    const result = (await lsp.connection.sendRequest(ExecuteCommandRequest.type, {
      command: 'trm.server.hint',
      arguments: [uri, { line: 4, character: 2 }],
    })) as { applied: boolean; message: string };
    assert.equal(result.applied, true, result.message);
    assert.match(result.message, /row 4, column 2 is 1/);
    const { edits } = editsOf(lsp.appliedEdits[before]!.edit, uri);
    assert.deepEqual(edits, [{ range: { start: { line: 4, character: 2 }, end: { line: 4, character: 3 } }, newText: '1' }]);
  });

  it('formats a one-line sudoku into the canonical grid, keeping every given', async () => {
    const uri = 'file:///work/oneline.sudoku';
    const text = '.2.....14.....3.\n';
    await lsp.open(uri, 'sudoku', text);
    await lsp.diagnosticsFor(uri, 1);
    const edits = await lsp.connection.sendRequest(DocumentFormattingRequest.type, { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
    assert.ok(edits && edits.length === 1);
    assert.equal(applyTextEdits(text, edits), SUDOKU_4X4);
  });
});

describe('language server with a minimal client', () => {
  it('computes code action edits eagerly and uses unversioned edits when the client cannot resolve', async () => {
    const lsp = await LspHarness.start({ capabilities: {} });
    try {
      const uri = 'file:///work/plain.sudoku';
      await lsp.open(uri, 'sudoku', SUDOKU_4X4);
      const diagnostics = await lsp.diagnosticsFor(uri, 1);
      assert.deepEqual(diagnostics, []);
      const actions = (await lsp.connection.sendRequest(CodeActionRequest.type, {
        textDocument: { uri },
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        context: { diagnostics: [] },
      })) as CodeAction[];
      const hint = actions.find((a) => a.kind?.endsWith('trm.hint'));
      assert.deepEqual(hint?.edit?.changes?.[uri], [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, newText: '1' }]);
    } finally {
      await lsp.stop();
    }
  });
});
