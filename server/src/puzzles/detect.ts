/**
 * Which puzzle kind a document is, from its language id (editor) or file name (CLI, other clients).
 * Plain `.json` counts as an ARC task only when its top-level object has `train` and `test`, so ordinary
 * JSON files are left alone.
 */
import { looksLikeArcTask } from './arc';
import type { PuzzleKind } from './types';

export const LANGUAGE_IDS: Record<PuzzleKind, string> = { sudoku: 'sudoku', maze: 'maze', arc: 'arc-task' };

export function detectKind(fileName: string, languageId: string | undefined, text: string): PuzzleKind | undefined {
  switch (languageId) {
    case 'sudoku':
      return 'sudoku';
    case 'maze':
      return 'maze';
    case 'arc-task':
      return 'arc';
    case 'json':
    case 'jsonc':
      return looksLikeArcTask(text) ? 'arc' : undefined;
  }
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.sudoku')) return 'sudoku';
  if (lower.endsWith('.maze')) return 'maze';
  if (lower.endsWith('.arc.json')) return 'arc';
  if (lower.endsWith('.json') && looksLikeArcTask(text)) return 'arc';
  return undefined;
}
