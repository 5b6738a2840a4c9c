/**
 * "TRM: Show Recursion Steps": the server renders the recursion of the active puzzle as markdown; it is
 * served from a read-only virtual document and shown in VS Code's markdown preview.
 */
import * as vscode from 'vscode';

export const RECURSION_SCHEME = 'trm-recursion';

export class RecursionDocuments implements vscode.TextDocumentContentProvider {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }

  /** Stores the markdown for `source` and returns the virtual document's URI. */
  set(source: vscode.Uri, markdown: string): vscode.Uri {
    const name = source.path.split('/').pop() ?? 'puzzle';
    const uri = vscode.Uri.from({ scheme: RECURSION_SCHEME, path: `/${name}.recursion.md`, query: encodeURIComponent(source.toString()) });
    this.contents.set(uri.toString(), markdown);
    this.changed.fire(uri);
    return uri;
  }
}
