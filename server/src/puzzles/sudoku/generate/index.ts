/**
 * Generated sudokus: random complete grids, puzzles with a unique solution in a difficulty class, the
 * singles solver that decides the class, grading, and the 9x9 difficulty bands. Pure and seeded (an Rng
 * is passed in); the training datasets in trm/data draw from here.
 */
export { randomCompleteGrid } from './complete-grid';
export { solvableBySingles, solveWithSingles, type LogicOutcome, type SudokuTechnique } from './logic';
export {
  generateSudoku,
  hasUniqueSolution,
  SudokuGenerationError,
  type SudokuDifficulty,
  type SudokuGenerationOptions,
  type SudokuPuzzle,
  type SudokuSize,
} from './generate';
export { gradeSudoku, type SudokuGrade, type SudokuHardest } from './grade';
export {
  generateSudokuInBand,
  parseSudokuMix,
  pickBand,
  SUDOKU_9X9_BANDS,
  SUDOKU_BAND_NAMES,
  sudokuBand,
  SudokuMixError,
  sudokuMixText,
  type SudokuBand,
  type SudokuMix,
  type SudokuMixEntry,
} from './bands';
