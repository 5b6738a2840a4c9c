/** The public sudoku collections of test/fixtures/sudoku (sources in its README), one-line puzzles per file. */
import { repoFile } from './helpers';

export const COLLECTIONS = ['top95', 'hardest', 'easy50', 'sudoku17-sample'] as const;

export function collection(name: (typeof COLLECTIONS)[number]): string[] {
  return repoFile(`test/fixtures/sudoku/${name}.txt`).split('\n').filter((line) => line.trim() !== '');
}
