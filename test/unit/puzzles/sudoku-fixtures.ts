/** Sudoku puzzles shared by the sudoku tests: an easy classic and three of the hardest known, with solutions. */
import { sudokuLanguage as sudoku } from '../../../server/src/puzzles';
import { digits } from './helpers';

export const EASY = `# An easy one
5 3 . | . 7 . | . . .
6 . . | 1 9 5 | . . .
. 9 8 | . . . | . 6 .
------+-------+------
8 . . | . 6 . | . . 3
4 . . | 8 . 3 | . . 1
7 . . | . 2 . | . . 6
------+-------+------
. 6 . | . . . | 2 8 .
. . . | 4 1 9 | . . 5
. . . | . 8 . | . 7 9
`;
export const EASY_SOLUTION = '534678912 672195348 198342567 859761423 426853791 713924856 961537284 287419635 345286179';
export const INKALA = '8........ ..36..... .7..9.2.. .5...7... ....457.. ...1...3. ..1....68 ..85...1. .9....4..';
export const INKALA_SOLUTION = '812753649 943682175 675491283 154237896 369845721 287169534 521974368 438526917 796318452';
export const ESCARGOT = '1....7.9..3..2...8..96..5....53..9...1..8...26....4...3......1..4......7..7...3..';
export const ESCARGOT_SOLUTION = '162857493 534129678 789643521 475312986 913586742 628794135 356478219 241935867 897261354';
export const PLATINUM_BLONDE = '.......12........3..23..4....18....5.6..7.8.......9.....85.....9...4.5..47...6...';
export const PLATINUM_BLONDE_SOLUTION = '839465712 146782953 752391486 391824675 564173829 287659341 628537194 913248567 475916238';

export function grid9(s: string): string {
  return digits(s, 9).map((row) => row.map((d) => (d === 0 ? '.' : d)).join('')).join('\n') + '\n';
}

export function solutionTokens(s: string, n = 9): number[][] {
  return digits(s, n).map((row) => row.map((d) => d + 1));
}

export function codes(text: string): string[] {
  return sudoku.diagnose(sudoku.parse(text)).map((p) => p.code);
}

