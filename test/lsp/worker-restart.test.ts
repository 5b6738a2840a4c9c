/**
 * A model worker that dies inside the real server: the status says it is restarting and then that it
 * was restarted, and the model serves hovers again without restarting the server.
 */
import assert from 'node:assert/strict';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { HoverRequest, type MarkupContent } from 'vscode-languageserver-protocol/node';
import { tempDir, writeFixtureModel } from '../trm/model-fixtures';
import { writeMortalWorker } from '../trm/mortal-worker';
import { LspHarness } from './harness';

const SUDOKU_4X4 = ['. 2 | . .', '. . | . 1', '----+----', '4 . | . .', '. . | 3 .', ''].join('\n');

describe('the server after its model worker dies', () => {
  let dir: string;
  let lsp: LspHarness;
  let good: string;
  let deadly: string;
  before(async () => {
    dir = tempDir('trm-lsp-worker-');
    good = await writeFixtureModel(dir, 'good.onnx', { random: true, seed: 11, name: 'good-4x4' });
    deadly = join(dir, 'die.onnx');
    copyFileSync(good, deadly);
    copyFileSync(good.replace(/\.onnx$/, '.card.json'), join(dir, 'die.card.json'));
    lsp = await LspHarness.start({
      settings: { models: { sudoku: good }, maxSupervisionSteps: 2, haltEarly: false },
      env: { TRM_MODELS_DIR: tempDir('trm-no-shipped-'), TRM_WORKER_SCRIPT: writeMortalWorker(dir) },
    });
  });
  after(async () => {
    await lsp.stop();
  });

  const hover = async (uri: string) => {
    const h = await lsp.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 0 } });
    return (h!.contents as MarkupContent).value;
  };
  const useModel = async (path: string) => {
    lsp.settings = { models: { sudoku: path }, maxSupervisionSteps: 2, haltEarly: false };
    await lsp.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
  };

  it('says the worker is restarting, then restarted, and solves with the model again', async () => {
    const uri = 'file:///work/restart.sudoku';
    await lsp.open(uri, 'sudoku', SUDOKU_4X4);
    await lsp.diagnosticsFor(uri, 1);
    assert.match(await hover(uri), /\*\*TRM recursion\*\* — good-4x4 on CPU/);

    await useModel(deadly);
    await lsp.waitFor('the replaced model unloaded', () => lsp.logs.find((l) => l.includes(`unloading ${good}: no setting uses it any more`)));
    assert.match(await hover(uri), /model worker stopped \(exit code 3\)/);
    const restarting = await lsp.waitFor('a restarting status', () => lsp.statuses.find((s) => s.text === 'model worker restarting' && s.kind === 'sudoku'));
    assert.equal(restarting.state, 'error');
    assert.match(restarting.detail, /stopped \(exit code 3\); restarting it in \d+ ms and reloading 1 model/, "the model the setting replaced was unloaded: only the one in use is reloaded");
    const restarted = await lsp.waitFor('a restarted status', () => lsp.statuses.find((s) => /restarted/.test(s.text) && s.kind === 'sudoku'));
    assert.equal(restarted.state, 'ready');
    assert.match(restarted.detail, /was restarted; .* was reloaded on CPU/);

    await useModel(good);
    assert.match(await hover(uri), /\*\*TRM recursion\*\* — good-4x4 on CPU/, 'the model answers again');
    const seen = lsp.statuses.length;
    await lsp.change(uri, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, text: '1' }]);
    await lsp.diagnosticsFor(uri, 2);
    await hover(uri);
    const ready = await lsp.waitFor('a ready status after the restart', () => lsp.statuses.slice(seen).find((s) => s.kind === 'sudoku' && /^good-4x4 · CPU · \d+ ms$/.test(s.text)));
    assert.equal(ready.state, 'ready');
  });
});
