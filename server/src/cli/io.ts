/** Reading puzzle files for the CLI, with the same kind detection as the editor. */
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { languageFor } from '../puzzles';
import { detectKind } from '../puzzles/detect';
import type { ParsedPuzzle, PuzzleKind, PuzzleLanguage } from '../puzzles/types';

/** Larger files are refused outright: no puzzle format here comes near this size. */
export const MAX_FILE_BYTES = 8 * 1024 * 1024;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

export interface PuzzleFile {
  path: string;
  text: string;
  kind: PuzzleKind;
  language: PuzzleLanguage;
  parsed: ParsedPuzzle;
}

export function readPuzzleFile(path: string): PuzzleFile {
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new CliError(`${path}: not a file`);
    size = stat.size;
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  if (size > MAX_FILE_BYTES) throw new CliError(`${path}: ${size} bytes is too large for a puzzle file (limit ${MAX_FILE_BYTES})`);
  const text = readFileSync(path, 'utf8');
  const kind = detectKind(basename(path), undefined, text);
  if (!kind) throw new CliError(`${path}: not a puzzle file (expected .sudoku, .maze, .arc.json or an ARC task .json)`);
  const language = languageFor(kind);
  return { path, text, kind, language, parsed: language.parse(text) };
}
