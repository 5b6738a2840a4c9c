/**
 * The status bar item: which model serves the puzzle in the active editor, on which device, how long the
 * last solve took — or why there is no model. The server sends the contract's StatusNotification after every model run.
 */
import * as vscode from 'vscode';
import type { ModelStatus } from '../../server/src/contract/messages';

const KIND_OF_LANGUAGE: Record<string, ModelStatus['kind']> = { sudoku: 'sudoku', maze: 'maze', 'arc-task': 'arc', json: 'arc' };

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('trm.model', vscode.StatusBarAlignment.Right, 100);
  private readonly byKind = new Map<ModelStatus['kind'], ModelStatus>();
  private readonly subscription: vscode.Disposable;

  constructor() {
    this.item.name = 'TRM model';
    this.item.command = 'trm.selectModel';
    this.subscription = vscode.window.onDidChangeActiveTextEditor(() => this.render());
    this.render();
  }

  update(status: ModelStatus): void {
    this.byKind.set(status.kind, status);
    this.render();
  }

  private render(): void {
    const languageId = vscode.window.activeTextEditor?.document.languageId;
    const kind = languageId ? KIND_OF_LANGUAGE[languageId] : undefined;
    if (!kind || (languageId === 'json' && !this.byKind.has('arc'))) {
      this.item.hide();
      return;
    }
    const status = this.byKind.get(kind);
    const icon = !status ? '$(circuit-board)' : status.state === 'ready' ? '$(circuit-board)' : status.state === 'none' ? '$(circle-slash)' : '$(error)';
    this.item.text = `${icon} TRM${status ? `: ${status.text}` : ''}`;
    this.item.tooltip = status ? `${status.detail}\n\nClick to choose a model file.` : `No model has run on a ${kind} yet. Click to choose a model file.`;
    this.item.backgroundColor = status?.state === 'error' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    this.item.show();
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
