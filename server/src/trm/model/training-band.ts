/**
 * The band of puzzles a model was trained on, as its card records it (`trainingBand`): for sudoku the
 * givens and the hardest technique, for mazes the side, the loops and the shortest path's steps (cards written
 * before the path was recorded lack it), each the range that holds 95 % of the
 * training puzzles (2.5th to 97.5th percentile), so a few outliers of the generator do not widen it.
 * Written by `trm eval --bands --write-card` (trm/train/training-band-of-data.ts); read by the solve paths
 * to say when a puzzle lies outside it (solving/training-band.ts).
 */
export type SudokuTechnique = 'naked-single' | 'hidden-single' | 'search';
export const SUDOKU_TECHNIQUES: readonly SudokuTechnique[] = ['naked-single', 'hidden-single', 'search'];

export type TrainingBand =
  | { kind: 'sudoku'; size: number; givens: [number, number]; hardest: SudokuTechnique; description: string }
  | { kind: 'maze'; side: [number, number]; loops: [number, number]; path?: [number, number]; description: string };

const range = (v: unknown): v is [number, number] =>
  Array.isArray(v) && v.length === 2 && v.every((x) => Number.isInteger(x) && x >= 0) && (v[0] as number) <= (v[1] as number);

/** The card's band, or undefined when it records none or an unreadable one (the card is untrusted JSON). */
export function parseTrainingBand(v: unknown): TrainingBand | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const b = v as Record<string, unknown>;
  if (typeof b['description'] !== 'string') return undefined;
  if (b['kind'] === 'sudoku' && Number.isInteger(b['size']) && range(b['givens']) && SUDOKU_TECHNIQUES.includes(b['hardest'] as SudokuTechnique)) {
    return { kind: 'sudoku', size: b['size'] as number, givens: b['givens'], hardest: b['hardest'] as SudokuTechnique, description: b['description'] };
  }
  if (b['kind'] === 'maze' && range(b['side']) && range(b['loops']) && (b['path'] === undefined || range(b['path']))) {
    return { kind: 'maze', side: b['side'], loops: b['loops'], ...(b['path'] !== undefined && { path: b['path'] }), description: b['description'] };
  }
  return undefined;
}
