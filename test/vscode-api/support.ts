/**
 * Helpers for the API-level suite, which runs inside VS Code's extension host: where the puzzles are, opening
 * them, reading hovers and diagnostics through VS Code's own commands, and waiting on conditions with failure
 * messages that say what was awaited and what was last seen (no sleeps, no timing assertions).
 */
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'trm-puzzles.trm-puzzles';
/** Generous: the language server starts on the first puzzle, and a 2-core machine is slow. */
export const WAIT_MS = 60_000;

/** The opened folder: a temp copy of examples/ that the runner made (tests may change its files). */
export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder is open: the runner opens a copy of examples/');
  return folder.uri.fsPath;
}

export function workspaceUri(relative: string): vscode.Uri {
  return vscode.Uri.file(join(workspaceRoot(), relative));
}

/** Opens a workspace file in an editor (the active one) and returns the editor. */
export async function openEditor(relative: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(workspaceUri(relative));
  return vscode.window.showTextDocument(document);
}

/**
 * Polls `probe` until it returns something other than undefined/false/null and returns that; on timeout throws
 * an error naming `what` and the last value seen (`describe` of it, or its JSON).
 */
export async function waitFor<T>(
  what: string,
  probe: () => Thenable<T | undefined | null | false> | T | undefined | null | false,
  describe: () => string = () => '',
): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined && value !== null && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    await sleep(200);
  }
  const seen = [describe(), lastError instanceof Error ? `last error: ${lastError.message}` : ''].filter(Boolean).join('; ');
  throw new Error(`timed out after ${WAIT_MS} ms waiting for ${what}${seen ? ` (${seen})` : ''}`);
}

/** The text of a hover's contents, markdown and plain strings alike. */
export function hoverText(hovers: readonly vscode.Hover[]): string {
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : content.value))
    .join('\n');
}

/** The hovers VS Code would show at a position (every provider's, through the built-in command). */
export async function hoversAt(uri: vscode.Uri, position: vscode.Position): Promise<vscode.Hover[]> {
  return (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position)) ?? [];
}

/**
 * Asks for the hover until its text satisfies `accept` (the server may not be up yet, or the model may still be
 * running: the extension's hover then says so and a person hovers again).
 */
export async function waitForHover(uri: vscode.Uri, position: vscode.Position, what: string, accept: (text: string) => boolean): Promise<string> {
  let last = '';
  return waitFor(
    what,
    async () => {
      last = hoverText(await hoversAt(uri, position));
      return accept(last) ? last : undefined;
    },
    () => `last hover: ${JSON.stringify(last.slice(0, 400))}`,
  );
}

/** Waits for diagnostics of a severity on a document and returns them. */
export function waitForDiagnostics(uri: vscode.Uri, severity: vscode.DiagnosticSeverity): Promise<vscode.Diagnostic[]> {
  return waitFor(
    `${vscode.DiagnosticSeverity[severity]} diagnostics on ${uri.fsPath}`,
    () => {
      const found = vscode.languages.getDiagnostics(uri).filter((d) => d.severity === severity);
      return found.length ? found : undefined;
    },
    () => JSON.stringify(vscode.languages.getDiagnostics(uri).map((d) => d.message)),
  );
}

/** Waits until the document's text satisfies `predicate` (an edit the extension made has landed). */
export function waitForText(document: vscode.TextDocument, what: string, predicate: (text: string) => boolean): Promise<string> {
  return waitFor(
    what,
    () => (predicate(document.getText()) ? document.getText() : undefined),
    () => `text: ${JSON.stringify(document.getText())}`,
  );
}
