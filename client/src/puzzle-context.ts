/**
 * The `trm.puzzleKind` context key: 'sudoku', 'maze' or 'arc' while the active editor shows a puzzle, '' otherwise.
 * package.json's `when` clauses use it to show the puzzle commands (palette, editor title, context menu) only
 * where they can work. The puzzle languages say it themselves; a plain .json file is an ARC task only when the
 * server says so (it decides by the file's shape, and the answer changes as the file is edited).
 */
import * as vscode from 'vscode';
import { PuzzleKindRequest, type PuzzleKind } from '../../server/src/contract/messages';
import type { Ctx } from './ctx';

export const PUZZLE_CONTEXT_KEY = 'trm.puzzleKind';

const KIND_OF_LANGUAGE: Record<string, PuzzleKind> = { sudoku: 'sudoku', maze: 'maze', 'arc-task': 'arc' };

/** How long a .json file's edits settle before the server is asked again. */
const JSON_RECHECK_MS = 300;

export class PuzzleContext implements vscode.Disposable {
  private readonly subscriptions: vscode.Disposable[] = [];
  private current: string | undefined;
  private recheck: NodeJS.Timeout | undefined;
  /** Bumped on every refresh, so an older answer from the server never overwrites a newer one. */
  private generation = 0;

  constructor(private readonly ctx: Ctx) {
    this.subscriptions.push(
      vscode.window.onDidChangeActiveTextEditor(() => void this.refresh()),
      vscode.workspace.onDidChangeTextDocument((event) => {
        const active = vscode.window.activeTextEditor?.document;
        if (event.document !== active || active.languageId !== 'json') return;
        clearTimeout(this.recheck);
        this.recheck = setTimeout(() => void this.refresh(), JSON_RECHECK_MS);
      }),
      // A document whose language changes (Change Language Mode) is reopened under its new id.
      vscode.workspace.onDidOpenTextDocument((document) => {
        if (document === vscode.window.activeTextEditor?.document) void this.refresh();
      }),
    );
  }

  async refresh(): Promise<void> {
    const generation = ++this.generation;
    const kind = await this.kindOfActiveEditor();
    if (generation === this.generation) await this.set(kind ?? '');
  }

  private async kindOfActiveEditor(): Promise<PuzzleKind | undefined> {
    const document = vscode.window.activeTextEditor?.document;
    if (!document) return undefined;
    const byLanguage = KIND_OF_LANGUAGE[document.languageId];
    if (byLanguage || document.languageId !== 'json' || !this.ctx.client?.isRunning()) return byLanguage;
    try {
      const answer = await this.ctx.client.sendRequest(PuzzleKindRequest, { uri: document.uri.toString() });
      return answer.kind ?? undefined;
    } catch {
      // The server is stopping or restarting: no puzzle commands until it answers again.
      return undefined;
    }
  }

  private async set(kind: string): Promise<void> {
    if (kind === this.current) return;
    this.current = kind;
    await vscode.commands.executeCommand('setContext', PUZZLE_CONTEXT_KEY, kind);
  }

  dispose(): void {
    clearTimeout(this.recheck);
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
