/**
 * Difficulty bands of 9x9 sudoku, from many givens down to minimal puzzles that need search, and mixes of
 * them. A band says how its puzzles are drawn (givens range, generator class, minimal or not); every
 * puzzle is then graded (grade.ts), so a figure can be split by what a puzzle turned out to need as well
 * as by the band it was drawn for. A mix is a weighted choice of bands per puzzle, written
 * "easy:2,search:1" (a bare name weighs 1).
 */
import { intBetween } from '../../common/permutation';
import type { Rng } from '../../common/random';
import { generateSudoku, type SudokuDifficulty, type SudokuPuzzle } from './generate';

export interface SudokuBand {
  name: string;
  /** Givens drawn uniformly in [min, max]; unused for minimal bands (their count is what the pass reaches). */
  givens: readonly [number, number];
  difficulty: SudokuDifficulty;
  minimal: boolean;
  /** One line for tables and usage text. */
  description: string;
}

export const SUDOKU_9X9_BANDS: readonly SudokuBand[] = [
  { name: 'easy', givens: [36, 45], difficulty: 'any', minimal: false, description: '36-45 givens' },
  { name: 'medium', givens: [30, 35], difficulty: 'any', minimal: false, description: '30-35 givens' },
  { name: 'hard', givens: [26, 29], difficulty: 'any', minimal: false, description: '26-29 givens' },
  { name: 'search', givens: [23, 27], difficulty: 'search', minimal: false, description: '23-27 givens, singles stall' },
  { name: 'minimal', givens: [17, 81], difficulty: 'search', minimal: true, description: 'minimal (no given can go), singles stall' },
];

export const SUDOKU_BAND_NAMES: readonly string[] = SUDOKU_9X9_BANDS.map((b) => b.name);

export interface SudokuMixEntry {
  band: SudokuBand;
  weight: number;
}

export type SudokuMix = readonly SudokuMixEntry[];

export class SudokuMixError extends Error {
  override name = 'SudokuMixError';
}

export function sudokuBand(name: string): SudokuBand {
  const band = SUDOKU_9X9_BANDS.find((b) => b.name === name);
  if (!band) throw new SudokuMixError(`no sudoku band "${name}"; the bands are ${SUDOKU_BAND_NAMES.join(', ')}`);
  return band;
}

/** Parses "easy:2,search:1" or "hard"; weights are positive numbers. */
export function parseSudokuMix(text: string): SudokuMix {
  const parts = text.split(',').map((p) => p.trim()).filter((p) => p.length > 0);
  if (parts.length === 0) throw new SudokuMixError('an empty band mix; give e.g. "easy:1,search:1"');
  const seen = new Set<string>();
  return parts.map((part) => {
    const [name, weightText, ...rest] = part.split(':');
    if (rest.length > 0 || name === undefined) throw new SudokuMixError(`cannot read "${part}" as BAND or BAND:WEIGHT`);
    const weight = weightText === undefined ? 1 : Number(weightText);
    if (!Number.isFinite(weight) || weight <= 0) throw new SudokuMixError(`band weight "${weightText}" in "${part}" is not a positive number`);
    if (seen.has(name)) throw new SudokuMixError(`band "${name}" appears twice in the mix`);
    seen.add(name);
    return { band: sudokuBand(name), weight };
  });
}

export function sudokuMixText(mix: SudokuMix): string {
  return mix.map((e) => `${e.band.name}:${e.weight}`).join(',');
}

/** One band of the mix, chosen in proportion to its weight. */
export function pickBand(mix: SudokuMix, rng: Rng): SudokuBand {
  const total = mix.reduce((s, e) => s + e.weight, 0);
  let x = rng.uniform() * total;
  for (const entry of mix) {
    x -= entry.weight;
    if (x < 0) return entry.band;
  }
  return mix[mix.length - 1]!.band;
}

/** A 9x9 puzzle of the band. */
export function generateSudokuInBand(band: SudokuBand, rng: Rng): SudokuPuzzle {
  const givens = band.minimal ? 0 : intBetween(band.givens[0], band.givens[1], rng);
  return generateSudoku({ size: 9, givens, difficulty: band.difficulty, minimal: band.minimal }, rng);
}
