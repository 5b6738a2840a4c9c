/** Workspace edits for a document, versioned where the client allows so a stale edit fails instead of corrupting. */
import { TextDocumentEdit, type WorkspaceEdit } from 'vscode-languageserver';
import type { ClientAbilities } from '../context';
import type { TextEditSpec } from '../puzzles/types';

export function documentEdit(abilities: ClientAbilities, uri: string, version: number, edits: TextEditSpec[]): WorkspaceEdit {
  if (abilities.versionedEdits) return { documentChanges: [TextDocumentEdit.create({ uri, version }, edits)] };
  return { changes: { [uri]: edits } };
}
