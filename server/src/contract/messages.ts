/**
 * The custom messages between the extension (client/src) and the language server, typed once for both sides,
 * in the manner of vscode-eslint's customMessages.ts and rust-analyzer's lsp_ext.ts. A new message is added
 * here; the client sends or listens with the `type`, the server handles it with the same `type`.
 */
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';
import type { PuzzleKind } from '../puzzles/types';

export type { PuzzleKind };

/** What the status bar shows for one puzzle kind: which model serves it, on which device, or why there is none. */
export interface ModelStatus {
  kind: PuzzleKind;
  state: 'ready' | 'none' | 'error';
  /** Short text for the status bar. */
  text: string;
  /** Longer text for the tooltip. */
  detail: string;
  model?: string;
  device?: string;
  lastSolveMs?: number;
}

/** Server → client after every model run and every worker death or restart. */
export const StatusNotification = new NotificationType<ModelStatus>('trm/status');

export interface PuzzleKindParams {
  uri: string;
}
export interface PuzzleKindResult {
  /** null: the document is not a puzzle (a plain .json file not shaped like an ARC task). */
  kind: PuzzleKind | null;
}

/** Client → server: which puzzle a document is, for the `trm.puzzleKind` context key. */
export const PuzzleKindRequest = new RequestType<PuzzleKindParams, PuzzleKindResult, void>('trm/puzzleKind');

/** The `initializationOptions` the client sends (besides the settings it also pushes later). */
export interface InitializationOptions {
  settings?: unknown;
  /** The folder where "learn this task" caches each task's learned row: the extension's global storage. */
  adaptCacheDir?: string;
}
