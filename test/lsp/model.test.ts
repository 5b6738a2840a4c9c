/**
 * Model features over the real protocol: the bundled server loads a model file in its worker thread and
 * uses it for the recursion hover, the solve command (with verification), the status notification; model
 * faults give clear messages while everything that needs no model keeps working; a rewritten model file is
 * reloaded without a restart. The models are small random ones built by the test.
 */
import assert from 'node:assert/strict';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ExecuteCommandRequest, HoverRequest, type MarkupContent } from 'vscode-languageserver-protocol/node';
import { applyTextEdits } from '../../server/src/util/text-edits';
import { tempDir, writeFixtureModel } from '../trm/model-fixtures';
import { LspHarness } from './harness';

const SUDOKU_4X4 = ['. 2 | . .', '. . | . 1', '----+----', '4 . | . .', '. . | 3 .', ''].join('\n');
const SOLVED_4X4 = ['1 2 | 4 3', '3 4 | 2 1', '----+----', '4 3 | 1 2', '2 1 | 3 4'].join('\n');

async function hoverText(lsp: LspHarness, uri: string, line: number, character: number): Promise<string> {
  const hover = await lsp.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line, character } });
  assert.ok(hover, 'expected a hover');
  return (hover.contents as MarkupContent).value;
}

describe('model features over the protocol', () => {
  let dir: string;
  let lsp: LspHarness;
  let modelPath: string;
  before(async () => {
    dir = tempDir('trm-lsp-model-');
    modelPath = await writeFixtureModel(dir, 'random-4x4.onnx', { random: true, seed: 11, name: 'random-4x4' });
    lsp = await LspHarness.start({
      settings: { models: { sudoku: modelPath }, maxSupervisionSteps: 3, haltEarly: false, device: 'auto' },
      pickAction: (params) => params.actions?.find((a) => a.title.includes('exact'))?.title,
      env: { TRM_MODELS_DIR: tempDir('trm-no-shipped-') },
    });
  });
  after(async () => {
    await lsp.stop();
  });

  it('previews the recursion steps in the hover: each step, its halting confidence, model, device and time', async () => {
    const uri = 'file:///work/model.sudoku';
    await lsp.open(uri, 'sudoku', SUDOKU_4X4);
    await lsp.diagnosticsFor(uri, 1);
    const text = await hoverText(lsp, uri, 0, 0);
    assert.match(text, /row 1, column 1/);
    assert.match(text, /\*\*TRM recursion\*\* — random-4x4 on CPU, \d+ ms, ran all 3 steps( without halting| \(would have halted at step \d\))/);
    for (const step of [1, 2, 3]) assert.match(text, new RegExp(`step ${step} · halt \\d+%`));
    assert.equal(text.match(/data:image\/png;base64,/g)?.length, 4, 'the board, then one picture per step');
    assert.doesNotMatch(text, /CUDA is not available/, 'the CPU fallback is explained once, in the status, not in every hover');
    assert.match(text, /fails verification|correct/);
  });

  it('reports the model, device and solve time in a status notification', async () => {
    const status = await lsp.waitFor('a trm/status notification', () => lsp.statuses.find((s) => s.kind === 'sudoku'));
    assert.equal(status.state, 'ready');
    assert.match(status.text, /^random-4x4 · CPU · \d+ ms$/);
    assert.match(status.detail, /parameters/);
    assert.match(status.detail, /on CPU — CUDA is not available/, 'says why it runs on the CPU');
  });

  it('never inserts a wrong model answer silently: it lists the wrong cells and offers the exact answer', async () => {
    const uri = 'file:///work/model.sudoku';
    const before = lsp.appliedEdits.length;
    const asked = lsp.messageRequests.length;
    const result = (await lsp.connection.sendRequest(ExecuteCommandRequest.type, { command: 'trm.server.solve', arguments: [uri] })) as {
      applied: boolean;
      message: string;
    };
    const question = lsp.messageRequests[asked];
    assert.ok(question, 'the user was asked');
    assert.match(question.message, /fails verification/);
    assert.match(question.message, /row \d, column \d/);
    assert.deepEqual(question.actions?.map((a) => a.title), ['Insert the exact answer', 'Insert the model answer anyway']);
    assert.equal(result.applied, true);
    assert.match(result.message, /exact solver's answer instead/);
    const change = lsp.appliedEdits[before]!.edit.documentChanges![0]!;
    assert.ok('edits' in change);
    assert.ok(applyTextEdits(SUDOKU_4X4, change.edits.map((e) => ('newText' in e ? e : assert.fail()))).includes(SOLVED_4X4));
  });

  it('reloads a model whose file is rewritten, without a restart', async () => {
    const uri = 'file:///work/model.sudoku';
    const other = await writeFixtureModel(tempDir('trm-lsp-other-'), 'renamed.onnx', { random: true, seed: 12, name: 'retrained-4x4' });
    copyFileSync(other, modelPath);
    copyFileSync(other.replace(/\.onnx$/, '.card.json'), modelPath.replace(/\.onnx$/, '.card.json'));
    let text = '';
    for (let attempt = 0; attempt < 60 && !text.includes('retrained-4x4'); attempt++) {
      await new Promise((r) => setTimeout(r, 250));
      text = await hoverText(lsp, uri, 0, 0);
    }
    assert.match(text, /retrained-4x4 on CPU/);
  });

  it('explains a corrupt model file and keeps every model-free feature working', async () => {
    const broken = join(dir, 'broken.onnx');
    writeFileSync(broken, 'this is not an onnx file');
    copyFileSync(modelPath.replace(/\.onnx$/, '.card.json'), join(dir, 'broken.card.json'));
    lsp.settings = { models: { sudoku: broken }, maxSupervisionSteps: 3 };
    await lsp.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    // The model the setting named before is unloaded from the worker: no setting uses it any more.
    await lsp.waitFor('the replaced model unloaded', () => lsp.logs.find((l) => l.includes(`unloading ${modelPath}: no setting uses it any more`)));
    const uri = 'file:///work/broken-model.sudoku';
    await lsp.open(uri, 'sudoku', SUDOKU_4X4.replace('. 2', '2 2'));
    const diagnostics = await lsp.diagnosticsFor(uri, 1);
    assert.ok(diagnostics.some((d) => d.code === 'sudoku/duplicate-in-row'), 'diagnostics still work');
    await lsp.change(uri, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, text: '.' }]);
    await lsp.diagnosticsFor(uri, 2);
    const text = await hoverText(lsp, uri, 0, 0);
    assert.match(text, /row 1, column 1/, 'the hover still works');
    assert.match(text, /cannot load model .*broken\.onnx: the file is truncated or corrupt/);
    const result = (await lsp.connection.sendRequest(ExecuteCommandRequest.type, { command: 'trm.server.solve', arguments: [uri] })) as {
      applied: boolean;
      message: string;
    };
    assert.equal(result.applied, true, 'the exact solver still solves');
    assert.match(result.message, /Solved with the exact solver\. The model failed: cannot load model/);
    const status = await lsp.waitFor('an error status', () => lsp.statuses.find((s) => s.state === 'error'));
    assert.match(status.detail, /truncated or corrupt/);
  });

  it('says plainly when no model serves a kind', async () => {
    const uri = 'file:///work/plain.maze';
    await lsp.open(uri, 'maze', ['#####', '#S G#', '#####', ''].join('\n'));
    await lsp.diagnosticsFor(uri, 1);
    const text = await hoverText(lsp, uri, 1, 1);
    assert.match(text, /No maze model is loaded: none ships with this version and none is set in trm\.models\.maze\./);
  });
});
