/**
 * The training presets' names and board sizes: the trainer's default --size (trm/train/presets.ts) and what
 * "TRM: Train Model" offers and names its output folder after (client/src/training.ts).
 */
import type { PuzzleKind } from '../puzzles/types';

export type PresetName = 'tiny' | 'small' | 'paper';
export const PRESET_NAMES: readonly PresetName[] = ['tiny', 'small', 'paper'];

/** Board side (rows = columns) each preset trains on when no size is given. */
export const PRESET_SIZES: Readonly<Record<PuzzleKind, Readonly<Record<PresetName, number>>>> = {
  sudoku: { tiny: 4, small: 6, paper: 9 },
  maze: { tiny: 9, small: 15, paper: 30 },
  arc: { tiny: 8, small: 12, paper: 30 },
};
