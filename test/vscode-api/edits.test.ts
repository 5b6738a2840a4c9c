/** What changes the puzzle: the "Fill in the solution" code action and the solve and hint commands. */
import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { firstSudokuCell, mazePathCells, sudokuBlanks, sudokuRows } from '../e2e/support/puzzle-text';
import { openEditor, waitFor, waitForText } from './support';

/** Runs a code action the way VS Code does when it is picked: its edit, then its command. */
async function apply(action: vscode.CodeAction): Promise<void> {
  if (action.edit) assert.ok(await vscode.workspace.applyEdit(action.edit), `the edit of "${action.title}" was not applied`);
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
}

describe('edits', () => {
  it('the "Fill in the solution" code action fills every blank and keeps the givens', async () => {
    const { document } = await openEditor('sudoku/easy-9x9.sudoku');
    const original = document.getText();
    const blank = firstSudokuCell(original, /\./);
    const at = new vscode.Position(blank.line - 1, blank.column - 1);
    let titles: string[] = [];
    const action = await waitFor(
      'the code action "Fill in the solution"',
      async () => {
        const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, new vscode.Range(at, at))) ?? [];
        titles = actions.map((a) => a.title);
        return actions.find((a) => a.title.includes('Fill in the solution'));
      },
      () => `offered: ${JSON.stringify(titles)}`,
    );
    await apply(action);
    const solved = await waitForText(document, 'no blanks left', (text) => sudokuBlanks(text) === 0);
    const before = sudokuRows(original);
    const after = sudokuRows(solved);
    assert.equal(after.length, before.length, solved);
    before.forEach((row, r) =>
      [...row].forEach((ch, c) => {
        if (/\d/.test(ch)) assert.equal(after[r]?.[c], ch, `given at row ${r + 1}, char ${c + 1} changed:\n${solved}`);
      }),
    );
  });

  it('"trm.solve" fills a sudoku', async () => {
    const { document } = await openEditor('sudoku/small-4x4.sudoku');
    assert.ok(sudokuBlanks(document.getText()) > 0);
    await vscode.commands.executeCommand('trm.solve');
    await waitForText(document, 'no blanks left', (text) => sudokuBlanks(text) === 0);
  });

  it('"trm.solve" draws the path through a maze', async () => {
    const { document } = await openEditor('maze/small.maze');
    assert.equal(mazePathCells(document.getText()), 0);
    await vscode.commands.executeCommand('trm.solve');
    await waitForText(document, 'a path drawn with o', (text) => mazePathCells(text) > 0);
  });

  it('"trm.hint" fills the blank cell at the cursor', async () => {
    const editor = await openEditor('sudoku/six-6x6.sudoku');
    const blanks = sudokuBlanks(editor.document.getText());
    const blank = firstSudokuCell(editor.document.getText(), /\./);
    const at = new vscode.Position(blank.line - 1, blank.column - 1);
    editor.selection = new vscode.Selection(at, at);
    await vscode.commands.executeCommand('trm.hint');
    const hinted = await waitForText(editor.document, 'one blank fewer', (text) => sudokuBlanks(text) === blanks - 1);
    assert.match(hinted.split(/\r?\n/)[blank.line - 1]?.[blank.column - 1] ?? '', /\d/, 'the cell at the cursor was filled');
  });
});
