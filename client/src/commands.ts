/** Every command of the extension, as a table of small functions taking the context. */
import * as vscode from 'vscode';
import { ExecuteCommandRequest, WorkDoneProgress } from 'vscode-languageclient/node';
import {
  SERVER_COMMANDS,
  executeCommandParams,
  type CommandArguments,
  type CommandResult,
  type CommandResultOf,
  type ServerCommandId,
} from '../../server/src/contract/commands';
import { cardPathFor, readModelCardFile } from '../../server/src/contract/model-card';
import type { Ctx } from './ctx';
import { openExample } from './examples';
import { pickAndTrain } from './training';

async function runServerCommand<K extends ServerCommandId>(ctx: Ctx, command: K, ...args: CommandArguments<K>): Promise<CommandResultOf<K> | undefined> {
  if (!ctx.client) {
    void vscode.window.showErrorMessage('TRM Puzzles: the language server is not running.');
    return undefined;
  }
  return (await ctx.client.sendRequest(ExecuteCommandRequest.type, executeCommandParams(command, ...args))) as CommandResultOf<K>;
}

function activePuzzleEditor(): vscode.TextEditor | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) void vscode.window.showWarningMessage('TRM Puzzles: open a .sudoku, .maze or ARC task file first.');
  return editor;
}

function report(result: CommandResult | undefined): void {
  if (!result) return;
  if (result.applied) void vscode.window.showInformationMessage(result.message);
  else void vscode.window.showWarningMessage(result.message);
}

/** Progress in the status bar while the model thinks, since a solve can take seconds on a CPU. */
function withProgress<T>(title: string, task: () => Thenable<T>): Thenable<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title }, task);
}

async function selectModel(ctx: Ctx): Promise<void> {
  const picked = await vscode.window.showOpenDialog({
    title: 'Choose a TRM model (.onnx with its .card.json next to it)',
    canSelectMany: false,
    filters: { 'TRM model': ['onnx'] },
    defaultUri: vscode.Uri.file(ctx.extension.asAbsolutePath('models')),
  });
  const file = picked?.[0];
  if (!file) return;
  let kind: string;
  try {
    kind = readModelCardFile(cardPathFor(file.fsPath)).kind;
  } catch (e) {
    void vscode.window.showErrorMessage(`TRM: ${(e as Error).message}`);
    return;
  }
  // In Restricted Mode the workspace's value of a model path is ignored (package.json restrictedConfigurations),
  // so a model the user picks there goes into the user's settings, where it takes effect.
  const workspaceTarget = vscode.workspace.isTrusted && vscode.workspace.workspaceFolders?.length;
  const target = workspaceTarget ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await vscode.workspace.getConfiguration('trm').update(`models.${kind}`, file.fsPath, target);
  void vscode.window.showInformationMessage(`TRM: ${kind} puzzles now use ${file.fsPath}.`);
}

let learnRuns = 0;

/**
 * "TRM: Learn This Task": the server's work-done progress (step, loss, held-out demonstration, ETA) under a
 * token this command makes, shown as a notification whose Cancel cancels the request (and so the learning).
 */
async function learnTask(ctx: Ctx): Promise<void> {
  const editor = activePuzzleEditor();
  const client = ctx.client;
  if (!editor) return;
  if (!client) {
    void vscode.window.showErrorMessage('TRM Puzzles: the language server is not running.');
    return;
  }
  const steps = vscode.workspace.getConfiguration('trm').get<number>('learnTask.steps');
  const workDoneToken = `trm-learn-${process.pid}-${++learnRuns}`;
  const options = { location: vscode.ProgressLocation.Notification, title: 'TRM: learning this task', cancellable: true };
  const result = await vscode.window.withProgress(options, async (progress, cancel) => {
    let reported = 0;
    const listening = client.onProgress(WorkDoneProgress.type, workDoneToken, (value) => {
      if (value.kind === 'end') return;
      const percentage = value.percentage ?? reported;
      progress.report({ ...(value.message ? { message: value.message } : {}), increment: Math.max(0, percentage - reported) });
      reported = Math.max(reported, percentage);
    });
    try {
      const params = { ...executeCommandParams(SERVER_COMMANDS.learnTask, editor.document.uri.toString(), { ...(steps ? { steps } : {}) }), workDoneToken };
      return (await client.sendRequest(ExecuteCommandRequest.type, params, cancel)) as CommandResultOf<typeof SERVER_COMMANDS.learnTask>;
    } catch (e) {
      if (cancel.isCancellationRequested) return { learned: false, message: 'Learning this task was cancelled.' };
      throw e;
    } finally {
      listening.dispose();
    }
  });
  if (result.learned) void vscode.window.showInformationMessage(result.message);
  else void vscode.window.showWarningMessage(result.message);
}

const COMMANDS: Record<string, (ctx: Ctx, ...args: unknown[]) => Promise<void>> = {
  'trm.solve': async (ctx) => {
    const editor = activePuzzleEditor();
    if (!editor) return;
    report(await withProgress('TRM: solving…', () => runServerCommand(ctx, SERVER_COMMANDS.solve, editor.document.uri.toString())));
  },
  'trm.hint': async (ctx) => {
    const editor = activePuzzleEditor();
    if (!editor) return;
    const p = editor.selection.active;
    const position = { line: p.line, character: p.character };
    report(await withProgress('TRM: thinking of a hint…', () => runServerCommand(ctx, SERVER_COMMANDS.hint, editor.document.uri.toString(), position)));
  },
  'trm.showRecursion': async (ctx) => {
    const editor = activePuzzleEditor();
    if (!editor) return;
    const result = await withProgress('TRM: running the model…', () =>
      runServerCommand(ctx, SERVER_COMMANDS.recursion, editor.document.uri.toString()),
    );
    if (!result) return;
    if (!result.markdown) {
      void vscode.window.showWarningMessage(result.message);
      return;
    }
    const uri = ctx.recursion.set(editor.document.uri, result.markdown);
    await vscode.commands.executeCommand('markdown.showPreviewToSide', uri);
  },
  'trm.learnTask': learnTask,
  'trm.selectModel': selectModel,
  'trm.train': pickAndTrain,
  // Arguments from the walkthrough's command links: the example's path under examples/, and options.
  'trm.openExample': (ctx, file, options) => openExample(ctx, file, options),
};

export function registerCommands(ctx: Ctx): void {
  for (const [id, run] of Object.entries(COMMANDS)) {
    ctx.extension.subscriptions.push(vscode.commands.registerCommand(id, (...args: unknown[]) => run(ctx, ...args)));
  }
}
