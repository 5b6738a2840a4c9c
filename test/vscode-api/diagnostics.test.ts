/** Activation and diagnostics, read through the API: what the Problems panel shows. */
import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { EXTENSION_ID, openEditor, waitFor, waitForDiagnostics } from './support';

describe('activation and diagnostics', () => {
  it('activates on a .sudoku file, which gets the sudoku language', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not loaded`);
    const editor = await openEditor('sudoku/easy-9x9.sudoku');
    assert.equal(editor.document.languageId, 'sudoku');
    await waitFor(`${EXTENSION_ID} to activate`, () => extension.isActive);
  });

  it('a duplicate digit in a sudoku row is an error', async () => {
    const { document } = await openEditor('broken/duplicate.sudoku');
    const errors = await waitForDiagnostics(document.uri, vscode.DiagnosticSeverity.Error);
    assert.ok(errors.some((d) => /duplicate/i.test(String(typeof d.code === 'object' ? d.code.value : d.code))), JSON.stringify(errors));
  });

  it('a maze with two starts is an error', async () => {
    const { document } = await openEditor('broken/two-starts.maze');
    assert.equal(document.languageId, 'maze');
    const errors = await waitForDiagnostics(document.uri, vscode.DiagnosticSeverity.Error);
    assert.ok(errors.length >= 1);
  });

  it('an ARC task with values that are not colours has errors', async () => {
    const { document } = await openEditor('broken/bad-colour.arc.json');
    assert.equal(document.languageId, 'arc-task');
    const errors = await waitForDiagnostics(document.uri, vscode.DiagnosticSeverity.Error);
    assert.ok(errors.length >= 1);
  });
});
