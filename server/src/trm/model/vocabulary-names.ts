/** What each token id means, per kind and board size: the `vocabulary` list of a model card. */
import type { PuzzleKind } from '../../puzzles/types';
import { MAZE_CHARSET } from '../../puzzles/vocabulary';

export function vocabularyNames(kind: PuzzleKind, size: number): string[] {
  switch (kind) {
    case 'sudoku':
      return ['pad', 'blank', ...Array.from({ length: size }, (_, d) => String(d + 1))];
    case 'maze':
      return ['pad', ...MAZE_CHARSET];
    case 'arc':
      return ['pad', 'end-of-grid', ...Array.from({ length: 10 }, (_, c) => `colour ${c}`)];
  }
}
