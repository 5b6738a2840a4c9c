/** What every feature needs from the running server, passed explicitly instead of module-level globals. */
import type { Connection, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { PuzzleDocuments } from './documents/puzzle-documents';
import type { LearnedTasks } from './solving/learned-tasks';
import type { ModelAnswers } from './solving/model-answers';
import type { SettingsStore } from './settings';

export interface ClientAbilities {
  /** WorkspaceEdit.documentChanges (versioned edits that fail instead of corrupting a changed document). */
  versionedEdits: boolean;
  /** codeAction/resolve for the `edit` property (compute edits only when an action is chosen). */
  resolveCodeActionEdits: boolean;
  /** window/showMessageRequest with actions. */
  messageActions: boolean;
  inlayHints: boolean;
  /** workspace/inlayHint/refresh. */
  inlayHintRefresh: boolean;
}

export interface ServerContext {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  puzzles: PuzzleDocuments;
  settings: SettingsStore;
  abilities: ClientAbilities;
  answers: ModelAnswers;
  /** ARC tasks learned by test-time adaptation (features/learn-task.ts). */
  learned: LearnedTasks;
}
