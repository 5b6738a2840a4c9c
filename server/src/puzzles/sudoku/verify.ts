/**
 * Checks a proposed sudoku answer (a model's) cell by cell: every cell a digit of the board, givens kept,
 * no rule clash, and, when the puzzle has a unique solution, equal to it. Each wrong cell is reported
 * once, with the most basic reason that applies.
 */
import type { TokenGrid, Verification, WrongCell } from '../types';
import { sudokuVocabulary } from '../vocabulary';
import { instanceGivens, solveInstance } from './analysis';
import type { SudokuDocument } from './parse';
import { findClashes } from './rules';

export function verifySudoku(doc: SudokuDocument, answer: TokenGrid): Verification {
  const givens = instanceGivens(doc);
  const { board } = doc;
  if (!givens || !board) return { status: 'unverifiable', reason: 'The sudoku grid cannot be read, so there is nothing to check against.' };
  const n = board.size;
  if (answer.length !== n || answer.some((row) => row.length !== n)) {
    const cols = answer[0]?.length ?? 0;
    return { status: 'wrong', wrongCells: [], summary: `The answer is ${answer.length}x${cols}; this sudoku is ${n}x${n}.` };
  }

  const wrong = new Map<number, WrongCell>();
  const mark = (row: number, col: number, reason: string): void => {
    const key = row * n + col;
    if (!wrong.has(key)) wrong.set(key, { row, col, actual: answer[row]![col]!, reason });
  };
  const digits: number[][] = answer.map((row) =>
    row.map((token) => (sudokuVocabulary.isDigitToken(token, n) ? sudokuVocabulary.tokenDigit(token) : 0)),
  );

  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      const token = answer[r]![c]!;
      if (digits[r]![c] === 0) {
        mark(r, c, token === sudokuVocabulary.blank ? 'left blank' : `token ${token} is not a digit 1-${n}`);
      } else if (givens[r]![c] !== 0 && digits[r]![c] !== givens[r]![c]) {
        mark(r, c, `changes the given ${givens[r]![c]}`);
      }
    }
  }
  for (const clash of findClashes(digits, board)) {
    for (const cell of clash.cells) {
      // A given is never the wrong one in a clash.
      if (givens[cell.row]![cell.col] !== 0 && givens[cell.row]![cell.col] === clash.digit) continue;
      const others = clash.cells.filter((o) => o !== cell).map((o) => `row ${o.row + 1}, column ${o.col + 1}`);
      mark(cell.row, cell.col, `clashes with the ${clash.digit} at ${others.join(' and ')} (same ${clash.unit})`);
    }
  }

  const outcome = solveInstance(doc);
  const unique = outcome?.count === 1 ? outcome.solutions[0]! : undefined;
  if (unique) {
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < n; c++) {
        if (digits[r]![c] !== unique[r]![c]) mark(r, c, `differs from the unique solution (${unique[r]![c]})`);
      }
    }
    for (const cell of wrong.values()) cell.expected = sudokuVocabulary.digitToken(unique[cell.row]![cell.col]!);
  }

  if (wrong.size === 0) {
    if (outcome?.count === 0) return { status: 'wrong', wrongCells: [], summary: 'The puzzle has no solution, so no answer can be right.' };
    return { status: 'correct' };
  }
  const wrongCells = [...wrong.values()].sort((a, b) => a.row - b.row || a.col - b.col);
  const against = unique ? ' (checked against the unique solution)' : outcome && outcome.count > 1 ? ' (the puzzle has several solutions; checked against the rules)' : '';
  return {
    status: 'wrong',
    wrongCells,
    summary: `${wrongCells.length} of ${n * n} cells are wrong${against}.`,
  };
}
