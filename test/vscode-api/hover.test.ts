/** Hovers, through `vscode.executeHoverProvider`: what a person sees when pointing at a cell. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { firstArcCell, firstSudokuCell } from '../e2e/support/puzzle-text';
import { openEditor, waitForHover } from './support';

/** Pictures are markdown images with data: URIs (PNG). */
const PICTURE = /!\[[^\]]*\]\(data:image\/png;base64,/;

describe('hovers', () => {
  it('a sudoku cell: its row, column and a picture of the grid', async () => {
    const { document } = await openEditor('sudoku/easy-9x9.sudoku');
    const cell = firstSudokuCell(document.getText(), /\d/);
    const text = await waitForHover(document.uri, new vscode.Position(cell.line - 1, cell.column - 1), 'a hover with a picture', (t) => PICTURE.test(t));
    assert.match(text, /row/i);
    assert.match(text, /column/i);
  });

  it('an ARC cell: a colour preview', async () => {
    const { document } = await openEditor('arc/d037b0a7.arc.json');
    const cell = firstArcCell(readFileSync(document.uri.fsPath, 'utf8'));
    await waitForHover(document.uri, new vscode.Position(cell.line - 1, cell.column - 1), 'a hover with a picture', (t) => PICTURE.test(t));
  });
});
