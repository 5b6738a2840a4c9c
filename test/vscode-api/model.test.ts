/**
 * A model set in the settings serves the puzzle: the hover shows its recursion steps. Running it loads
 * onnxruntime-node's native binary in the extension host's language server.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { writeFixtureModel } from '../trm/model-fixtures';
import { firstSudokuCell } from '../e2e/support/puzzle-text';
import { openEditor, waitForHover, workspaceUri } from './support';

describe('a model from the settings', () => {
  const dir = mkdtempSync(join(tmpdir(), 'trm-api-model-'));
  const settings = () => vscode.workspace.getConfiguration('trm');

  before(async () => {
    // Untrained, never halts (q_halt < 0): all four steps run, so the hover has four step pictures.
    const model = await writeFixtureModel(dir, 'sudoku-4x4-fixture.onnx', { random: true, seed: 7, qHaltBias: -4 });
    await settings().update('models.sudoku', model, vscode.ConfigurationTarget.Workspace);
    await settings().update('maxSupervisionSteps', 4, vscode.ConfigurationTarget.Workspace);
  });

  after(async () => {
    await settings().update('models.sudoku', undefined, vscode.ConfigurationTarget.Workspace);
    await settings().update('maxSupervisionSteps', undefined, vscode.ConfigurationTarget.Workspace);
    rmSync(dir, { recursive: true, force: true });
  });

  it('the hover of a 4x4 sudoku cell shows the recursion steps, run on CPU', async () => {
    // A copy: another test solves small-4x4.sudoku in its editor (unsaved, so the file is still the puzzle).
    copyFileSync(workspaceUri('sudoku/small-4x4.sudoku').fsPath, workspaceUri('sudoku/model-4x4.sudoku').fsPath);
    const { document } = await openEditor('sudoku/model-4x4.sudoku');
    const blank = firstSudokuCell(document.getText(), /\./);
    const text = await waitForHover(
      document.uri,
      new vscode.Position(blank.line - 1, blank.column - 1),
      'the recursion section with four steps',
      (t) => /TRM recursion/.test(t) && /step 4/.test(t),
    );
    assert.match(text, /sudoku-4x4-fixture on CPU/);
    assert.match(text, /ran all 4 steps/);
    const pictures = text.match(/!\[[^\]]*\]\(data:image\/png;base64,/g)?.length ?? 0;
    assert.ok(pictures >= 5, `${pictures} pictures: the grid's and one per step expected`);
  });
});
