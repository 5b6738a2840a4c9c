/**
 * Open documents as puzzles: the kind of each document and its parse, cached per document version so that
 * diagnostics, hovers and code actions for one keystroke share a single parse.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { detectKind } from '../puzzles/detect';
import { languageFor } from '../puzzles';
import type { ParsedPuzzle, PuzzleKind, PuzzleLanguage } from '../puzzles/types';

export interface OpenPuzzle {
  uri: string;
  version: number;
  kind: PuzzleKind;
  language: PuzzleLanguage;
  parsed: ParsedPuzzle;
}

export class PuzzleDocuments {
  private readonly parsed = new Map<string, OpenPuzzle | null>();
  private readonly versions = new Map<string, number>();

  /** The document as a puzzle, or undefined when it is not one (plain JSON, another language). */
  get(document: TextDocument): OpenPuzzle | undefined {
    const cached = this.parsed.get(document.uri);
    if (cached !== undefined && this.versions.get(document.uri) === document.version) return cached ?? undefined;
    const text = document.getText();
    const kind = detectKind(document.uri, document.languageId, text);
    const entry: OpenPuzzle | null = kind
      ? { uri: document.uri, version: document.version, kind, language: languageFor(kind), parsed: languageFor(kind).parse(text) }
      : null;
    this.parsed.set(document.uri, entry);
    this.versions.set(document.uri, document.version);
    return entry ?? undefined;
  }

  forget(uri: string): void {
    this.parsed.delete(uri);
    this.versions.delete(uri);
  }
}
