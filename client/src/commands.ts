/** Every command of the extension, as a table of small functions taking the context. */
import * as vscode from 'vscode';
import { ExecuteCommandRequest } from 'vscode-languageclient/node';
import type { Ctx } from './ctx';

interface ServerCommandResult {
  applied: boolean;
  message: string;
}

async function runServerCommand(ctx: Ctx, command: string, args: unknown[]): Promise<ServerCommandResult | undefined> {
  if (!ctx.client) {
    void vscode.window.showErrorMessage('TRM Puzzles: the language server is not running.');
    return undefined;
  }
  return (await ctx.client.sendRequest(ExecuteCommandRequest.type, { command, arguments: args })) as ServerCommandResult;
}

function activePuzzleEditor(): vscode.TextEditor | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) void vscode.window.showWarningMessage('TRM Puzzles: open a .sudoku, .maze or ARC task file first.');
  return editor;
}

function report(result: ServerCommandResult | undefined): void {
  if (!result) return;
  if (result.applied) void vscode.window.showInformationMessage(result.message);
  else void vscode.window.showWarningMessage(result.message);
}

const COMMANDS: Record<string, (ctx: Ctx) => Promise<void>> = {
  'trm.solve': async (ctx) => {
    const editor = activePuzzleEditor();
    if (editor) report(await runServerCommand(ctx, 'trm.server.solve', [editor.document.uri.toString()]));
  },
  'trm.hint': async (ctx) => {
    const editor = activePuzzleEditor();
    if (!editor) return;
    const p = editor.selection.active;
    report(await runServerCommand(ctx, 'trm.server.hint', [editor.document.uri.toString(), { line: p.line, character: p.character }]));
  },
};

export function registerCommands(ctx: Ctx): void {
  for (const [id, run] of Object.entries(COMMANDS)) {
    ctx.extension.subscriptions.push(vscode.commands.registerCommand(id, () => run(ctx)));
  }
}
