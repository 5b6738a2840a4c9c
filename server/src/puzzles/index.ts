/**
 * The puzzle domain's entry point: one `PuzzleLanguage` per kind, pure and LSP-free.
 */
import type { PuzzleKind, PuzzleLanguage } from './types';
import { arcLanguage } from './arc';
import { mazeLanguage } from './maze';
import { sudokuLanguage } from './sudoku';

export { sudokuLanguage } from './sudoku';
export { mazeLanguage } from './maze';
export { arcLanguage, looksLikeArcTask, arcTaskKey, ARC_COLOUR_NAMES, permuteColours, inversePermutation } from './arc';
export { dihedral, inverseDihedral, DIHEDRAL_INVERSE } from './common/grid';
export type { SudokuDocument } from './sudoku';
export type { MazeDocument } from './maze';
export type { ArcDocument } from './arc';

const LANGUAGES: Record<PuzzleKind, PuzzleLanguage> = {
  sudoku: sudokuLanguage,
  maze: mazeLanguage,
  arc: arcLanguage,
};

export function languageFor(kind: PuzzleKind): PuzzleLanguage {
  return LANGUAGES[kind];
}
