/**
 * "TRM: Open an Example" (and the walkthrough's steps): opens one of the puzzles shipped in the extension's
 * examples/ folder. The user gets a copy in the extension's global storage, so solving and saving it never
 * edits the installed extension; each open starts from the shipped puzzle again, unless the copy is open
 * with unsaved changes (then that editor is shown as it is).
 */
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import * as vscode from 'vscode';
import type { Ctx } from './ctx';

const PUZZLE_FILE = /\.(sudoku|maze|arc\.json)$/;

/** What each folder of examples/ holds (examples/README.md says more). */
const FOLDERS: Record<string, string> = {
  sudoku: 'sudoku',
  maze: 'maze',
  arc: 'ARC task',
  broken: 'shows a problem',
};

export interface OpenExampleOptions {
  /** Put the cursor on the first blank cell and show its hover (the recursion preview where a model serves it). */
  hover?: boolean;
}

function examplesRoot(ctx: Ctx): string {
  return ctx.extension.asAbsolutePath('examples');
}

/** Every shipped example, as paths relative to examples/ with '/' separators, sorted. */
export function shippedExamples(root: string): string[] {
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .map((name) => name.split(sep).join('/'))
    .filter((name) => PUZZLE_FILE.test(name))
    .sort();
}

async function pickExample(root: string): Promise<string | undefined> {
  const items = shippedExamples(root).map((file) => {
    const folder = file.split('/')[0] ?? '';
    return { label: file.slice(folder.length + 1), description: FOLDERS[folder] ?? folder, file };
  });
  const picked = await vscode.window.showQuickPick(items, { title: 'TRM: Open an Example', matchOnDescription: true });
  return picked?.file;
}

/** The first blank cell ('.' or '0') of a sudoku text, 0-based. */
export function firstBlankCell(text: string): vscode.Position | undefined {
  const lines = text.split(/\r?\n/);
  for (let line = 0; line < lines.length; line++) {
    const row = lines[line] ?? '';
    // Comment lines.
    if (/^\s*#\s/.test(row) || row.trim() === '') continue;
    const column = row.search(/[.0]/);
    if (column >= 0) return new vscode.Position(line, column);
  }
  return undefined;
}

export async function openExample(ctx: Ctx, file?: unknown, options?: unknown): Promise<void> {
  const root = examplesRoot(ctx);
  const chosen = typeof file === 'string' ? file : await pickExample(root);
  if (!chosen) return;
  const source = resolve(root, chosen);
  const inside = relative(root, source);
  if (inside.startsWith('..') || !PUZZLE_FILE.test(source)) {
    void vscode.window.showErrorMessage(`TRM: ${chosen} is not one of the shipped examples.`);
    return;
  }
  const copy = join(ctx.extension.globalStorageUri.fsPath, 'examples', inside);
  const open = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === copy);
  if (!open?.isDirty) {
    mkdirSync(dirname(copy), { recursive: true });
    copyFileSync(source, copy);
  }
  const document = open ?? (await vscode.workspace.openTextDocument(vscode.Uri.file(copy)));
  const editor = await vscode.window.showTextDocument(document, { preview: false });
  if (!(options as OpenExampleOptions | undefined)?.hover) return;
  const blank = firstBlankCell(document.getText());
  if (!blank) return;
  editor.selection = new vscode.Selection(blank, blank);
  editor.revealRange(new vscode.Range(blank, blank));
  // The first hover of a puzzle starts the model (the server waits a few seconds for its answer): asked once
  // before the hover shows, so that the shown hover is more likely to carry the recursion steps.
  await vscode.commands.executeCommand('vscode.executeHoverProvider', document.uri, blank);
  await vscode.commands.executeCommand('editor.action.showHover');
}
