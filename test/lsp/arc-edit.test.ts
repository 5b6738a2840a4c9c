/**
 * Editing ARC grids through the bundled server over stdio: colour decorations of every cell, a picked colour
 * written as the nearest ARC digit, the copy / resize / fill code actions (each edit applied to the text and
 * the result parsed), and the hover of a test output compared with the shipped model's answer.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CodeActionRequest,
  ColorPresentationRequest,
  DocumentColorRequest,
  ExecuteCommandRequest,
  HoverRequest,
  type CodeAction,
  type MarkupContent,
  type Position,
  type TextDocumentEdit,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import { applyTextEdits } from '../../server/src/util/text-edits';
import { LspHarness } from './harness';

type Grid = number[][];
interface Task {
  train: { input: Grid; output: Grid }[];
  test: { input: Grid; output?: Grid }[];
}

/** The ARC-AGI viewer's palette, written out here rather than taken from the product. */
const PALETTE = ['000000', '0074D9', 'FF4136', '2ECC40', 'FFDC00', 'AAAAAA', 'F012BE', 'FF851B', '7FDBFF', '870C25'].map((h) =>
  [0, 2, 4].map((i) => Number.parseInt(h.slice(i, i + 2), 16) / 255),
);

const SHIPPED_ARC = join(__dirname, '../../models/arc-8x8.onnx');
const SOLVED = JSON.parse(readFileSync(join(__dirname, '../fixtures/arc/25ff71a9-solved.arc.json'), 'utf8')) as Task;
/** A task the shipped ARC model was trained on, its test output left for the user to write. */
const UNSOLVED: Task = { train: SOLVED.train, test: [{ input: SOLVED.test[0]!.input }] };

/** Pretty JSON with each grid row on one line, as ARC files are usually kept. */
function layout(task: Task): string {
  return `${JSON.stringify(task, null, 2).replace(/\[\s+((?:\d+,\s*)*\d+)\s+\]/g, (_, cells: string) => `[${cells.replace(/,\s*/g, ', ')}]`)}\n`;
}

function offsetAt(text: string, p: Position): number {
  const lines = text.split('\n');
  return lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
}

function positionOf(text: string, needle: string, from = 0): Position {
  const at = text.indexOf(needle, from);
  assert.ok(at >= 0, `${needle} not in the text`);
  const before = text.slice(0, at).split('\n');
  return { line: before.length - 1, character: before[before.length - 1]!.length };
}

function editsOf(edit: WorkspaceEdit | undefined, uri: string): TextEdit[] {
  assert.ok(edit, 'expected a workspace edit');
  const change = edit.documentChanges?.find((c): c is TextDocumentEdit => 'textDocument' in c && c.textDocument.uri === uri);
  assert.ok(change, 'expected a text document edit for the document');
  return change.edits.map((e) => ('newText' in e ? e : assert.fail('unexpected edit kind')));
}

describe('ARC grid editing over the protocol', () => {
  let lsp: LspHarness;
  let version = 1;
  const uri = 'file:///work/edit.arc.json';

  async function show(text: string): Promise<void> {
    version++;
    await lsp.change(uri, version, [{ text }]);
    await lsp.diagnosticsFor(uri, version);
  }

  async function actionsAt(position: Position): Promise<CodeAction[]> {
    const actions = (await lsp.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: { start: position, end: position },
      context: { diagnostics: [] },
    })) as CodeAction[];
    return actions.filter((a) => a.kind === 'refactor.rewrite.trm.arcOutput');
  }

  before(async () => {
    lsp = await LspHarness.start({ settings: {} });
    await lsp.open(uri, 'arc-task', layout(UNSOLVED));
    await lsp.diagnosticsFor(uri, 1);
  });
  after(async () => {
    await lsp.stop();
  });

  it('decorates every cell of every grid with its ARC colour', async () => {
    const text = layout(UNSOLVED);
    await show(text);
    const colours = await lsp.connection.sendRequest(DocumentColorRequest.type, { textDocument: { uri } });
    const cells = [...UNSOLVED.train.flatMap((p) => [p.input, p.output]), UNSOLVED.test[0]!.input].flat(2);
    assert.equal(colours.length, cells.length);
    colours.forEach((info, i) => {
      const digit = text.slice(offsetAt(text, info.range.start), offsetAt(text, info.range.end));
      assert.equal(digit, String(cells[i]));
      const [red, green, blue] = PALETTE[cells[i]!]!;
      assert.deepEqual(info.color, { red, green, blue, alpha: 1 });
    });
  });

  it('decorates at most 20,000 cells of a huge task', async () => {
    const full = Array.from({ length: 30 }, (_, r) => Array.from({ length: 30 }, (_, c) => (r * 7 + c) % 10));
    const huge: Task = { train: Array.from({ length: 25 }, () => ({ input: full, output: full })), test: [{ input: full }] };
    await show(layout(huge));
    const colours = await lsp.connection.sendRequest(DocumentColorRequest.type, { textDocument: { uri } });
    assert.equal(colours.length, 20_000);
  });

  it('writes a picked colour as the digit of the nearest ARC colour', async () => {
    const text = layout(UNSOLVED);
    await show(text);
    const colours = await lsp.connection.sendRequest(DocumentColorRequest.type, { textDocument: { uri } });
    const last = colours[colours.length - 1]!; // the bottom-right cell of the test input
    // A dark orange-red: nearer red (2) than orange (7) or maroon (9).
    const picks: Array<[[number, number, number], number]> = [[[230, 70, 60], 2], [[250, 130, 40], 7], [[120, 230, 250], 8], [[10, 10, 10], 0]];
    for (const [[r, g, b], digit] of picks) {
      const presentations = await lsp.connection.sendRequest(ColorPresentationRequest.type, {
        textDocument: { uri },
        color: { red: r / 255, green: g / 255, blue: b / 255, alpha: 1 },
        range: last.range,
      });
      assert.equal(presentations.length, 1);
      const edit = presentations[0]!.textEdit!;
      assert.equal(edit.newText, String(digit));
      const task = JSON.parse(applyTextEdits(text, [edit])) as Task;
      const want = structuredClone(UNSOLVED);
      want.test[0]!.input[2]![2] = digit;
      assert.deepEqual(task, want);
    }
  });

  it('copies the input to a missing output, resizes it and fills it, creating the output', async () => {
    const text = layout(UNSOLVED);
    await show(text);
    const actions = await actionsAt(positionOf(text, '"test"'));
    assert.deepEqual(actions, [], 'no action outside a test pair');
    const inTest = positionOf(text, '[2, 0, 0]', text.indexOf('"test"'));
    const titles = (await actionsAt(inTest)).map((a) => a.title);
    assert.deepEqual(titles, [
      'Copy the input to the output',
      "Resize the output to 3×3 (the test input's size, as every train output has its input's size)",
      'Fill the output with colour 0 (black)',
      'Fill the output with colour 1 (blue)',
      'Fill the output with colour 2 (red)',
    ]);
    const byTitle = async (title: string) => {
      const action = (await actionsAt(inTest)).find((a) => a.title === title);
      assert.ok(action, `no action ${title}`);
      const after = JSON.parse(applyTextEdits(text, editsOf(action.edit, uri))) as Task;
      assert.deepEqual(after.train, UNSOLVED.train);
      assert.deepEqual(after.test[0]!.input, UNSOLVED.test[0]!.input);
      return after.test[0]!.output;
    };
    assert.deepEqual(await byTitle('Copy the input to the output'), UNSOLVED.test[0]!.input);
    assert.deepEqual(await byTitle(titles[1]!), [[0, 0, 0], [0, 0, 0], [0, 0, 0]]);
    assert.deepEqual(await byTitle('Fill the output with colour 2 (red)'), [[2, 2, 2], [2, 2, 2], [2, 2, 2]]);
  });

  it("resizes an existing output to the train outputs' size, keeping the cells that fit", async () => {
    const task: Task = {
      train: [
        { input: [[1, 2, 3], [4, 5, 6], [7, 8, 9]], output: [[1, 2], [4, 5]] },
        { input: [[3, 3, 3], [3, 3, 3], [3, 3, 3]], output: [[3, 3], [3, 3]] },
      ],
      test: [{ input: [[6, 5, 4], [3, 2, 1], [9, 8, 7]], output: [[6, 5, 4], [3, 2, 1], [9, 8, 7]] }],
    };
    const text = layout(task);
    await show(text);
    const inOutput = positionOf(text, '[6, 5, 4]', text.lastIndexOf('"output"'));
    const actions = await actionsAt(inOutput);
    const resize = actions.find((a) => a.title === 'Resize the output to 2×2 (the size of every train output)');
    assert.ok(resize, `no resize to 2x2 among ${actions.map((a) => a.title).join(' | ')}`);
    assert.ok(!actions.some((a) => a.title.startsWith('Copy')), 'the output already is the input');
    const after = applyTextEdits(text, editsOf(resize.edit, uri));
    assert.deepEqual((JSON.parse(after) as Task).test[0]!.output, [[6, 5], [3, 2]]);
    assert.match(after, /"output": \[\n {8}\[6, 5\],\n {8}\[3, 2\]\n {6}\]/, 'one row per line, indented like the file');
    const grown = actions.find((a) => a.title.startsWith('Resize') && a.title.includes('3×3'));
    assert.equal(grown, undefined, 'the current size is not offered');
  });

  it('says briefly on the hover of an output that no model serves the task', async () => {
    // Larger than every shipped ARC canvas (arc-12x12 is the largest).
    const big = Array.from({ length: 14 }, () => new Array<number>(14).fill(1));
    const text = layout({ train: [{ input: big, output: big }], test: [{ input: big, output: big }] });
    await show(text);
    const hover = await lsp.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: positionOf(text, '[1, 1', text.lastIndexOf('"output"')) });
    assert.match((hover!.contents as MarkupContent).value, /against the model:\*\* no model serves this task/);
  });
});

describe('the hover of an ARC output against the shipped model', { skip: existsSync(SHIPPED_ARC) ? false : 'models/arc-8x8.onnx is not there' }, () => {
  let lsp: LspHarness;
  const uri = 'file:///work/model.arc.json';
  let version = 1;
  before(async () => {
    lsp = await LspHarness.start({ settings: {}, pickAction: () => undefined });
    await lsp.open(uri, 'arc-task', layout(UNSOLVED));
    await lsp.diagnosticsFor(uri, 1);
  });
  after(async () => {
    await lsp.stop();
  });

  async function hoverOutput(text: string): Promise<string> {
    version++;
    await lsp.change(uri, version, [{ text }]);
    await lsp.diagnosticsFor(uri, version);
    const position = positionOf(text, '[', text.lastIndexOf('"output"') + 10);
    // The hover waits a few seconds for the model; on a loaded machine ask again until its answer is in.
    for (let i = 0; i < 20; i++) {
      const hover = await lsp.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
      const value = (hover!.contents as MarkupContent).value;
      if (value.includes('against the model:')) return value;
    }
    return assert.fail('the hover never compared the output with the model');
  }

  it("lists exactly the cells where the file's output differs from the model's answer", async () => {
    const text = layout(UNSOLVED);
    await lsp.connection.sendRequest(ExecuteCommandRequest.type, { command: 'trm.server.solve', arguments: [uri] });
    const applied = await lsp.waitFor('the solve edit', () => lsp.appliedEdits[0]);
    const solved = applyTextEdits(text, editsOf(applied.edit, uri));
    const model = (JSON.parse(solved) as Task).test[0]!.output!;
    assert.ok(model.length > 0);

    assert.match(await hoverOutput(solved), new RegExp(`the model's answer is the same, all ${model.length * model[0]!.length} cells`));

    const changed = structuredClone(UNSOLVED);
    changed.test[0]!.output = model.map((row) => [...row]);
    changed.test[0]!.output[0]![0] = (model[0]![0]! + 1) % 10;
    const one = await hoverOutput(layout(changed));
    assert.match(one, new RegExp(`1 of ${model.length * model[0]!.length} cells differ from the model's answer \\(row 1, column 1: here ${(model[0]![0]! + 1) % 10}, model ${model[0]![0]}\\)`));
    assert.match(one, /data:image\/png;base64,/);

    const shape = structuredClone(UNSOLVED);
    shape.test[0]!.output = [...model.map((row) => [...row]), model[0]!.map(() => 0)];
    assert.match(await hoverOutput(layout(shape)), new RegExp(`the model answers ${model.length}x${model[0]!.length}; this output is ${model.length + 1}x${model[0]!.length}`));
  });
});
