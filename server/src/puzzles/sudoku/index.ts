/**
 * The `.sudoku` language: parsing, diagnostics, the exact solver, verification, edits, hovers and the
 * model encoding (the reference layout: N x N tokens, 1 = blank, 2..N+1 = digits 1..N).
 */
import type {
  Canvas,
  HoverFacts,
  PuzzleInstance,
  PuzzleLanguage,
  SourcePosition,
  SourceRange,
  TokenGrid,
} from '../types';
import { isInside, touches } from '../common/text';
import { sudokuVocabulary } from '../vocabulary';
import { digitsToTokens, firstDifference, instanceGivens, solveInstance } from './analysis';
import { diagnoseSudoku } from './diagnose';
import { formatSudoku, writeSudokuAnswer, writeSudokuCell } from './edit';
import { parseSudoku, type SudokuCell, type SudokuDocument } from './parse';
import { boxNumber, candidatesAt, findClashes } from './rules';
import { verifySudoku } from './verify';

export type { SudokuCell, SudokuDocument, SudokuRowLine, PuzzleComment, SudokuComment } from './parse';
export { parseSudoku, oneLineForm } from './parse';
export { solveSudoku, type SolveOutcome } from './solve';
export { boardFor, type Board, SUPPORTED_SIZES } from './board';
export { findClashes, candidatesAt, type Clash } from './rules';

export const sudokuLanguage: PuzzleLanguage<SudokuDocument> = {
  kind: 'sudoku',
  parse: parseSudoku,
  diagnose: diagnoseSudoku,

  instances(doc) {
    const givens = instanceGivens(doc);
    if (!givens || !doc.board || !doc.gridRange) return [];
    const n = doc.board.size;
    const instance: PuzzleInstance = { index: 0, label: `${n}x${n} sudoku`, rows: n, cols: n, input: digitsToTokens(givens), range: doc.gridRange };
    // With a recorded original puzzle, the grid may hold filled cells that the input does not.
    if (doc.grid && givens !== doc.grid && firstDifference(givens, doc.grid)) instance.current = digitsToTokens(doc.grid);
    return [instance];
  },

  exactSolve(doc, instance) {
    if (instance !== 0) return { status: 'none', reason: `A sudoku file holds one puzzle (instance 0), not instance ${instance}.` };
    const outcome = solveInstance(doc);
    if (!outcome || !doc.grid || !doc.board) return { status: 'none', reason: 'The sudoku grid cannot be read.' };
    if (outcome.count === 1) return { status: 'unique', answer: digitsToTokens(outcome.solutions[0]!) };
    if (outcome.count > 1) {
      return { status: 'multiple', answers: [digitsToTokens(outcome.solutions[0]!), digitsToTokens(outcome.solutions[1]!)] };
    }
    const clashes = findClashes(instanceGivens(doc)!, doc.board);
    const reason = clashes.length > 0
      ? `The givens break the rules (${clashes[0]!.digit} twice in ${clashes[0]!.unit} ${clashes[0]!.unitIndex + 1}).`
      : 'The puzzle has no solution.';
    return { status: 'none', reason };
  },

  verify(doc, instance, answer) {
    if (instance !== 0) return { status: 'unverifiable', reason: `A sudoku file holds one puzzle, not instance ${instance}.` };
    return verifySudoku(doc, answer);
  },

  writeAnswer(doc, instance, answer) {
    return instance === 0 ? writeSudokuAnswer(doc, answer) : [];
  },

  writeCell(doc, instance, row, col, token) {
    return instance === 0 ? writeSudokuCell(doc, row, col, token) : [];
  },

  format: formatSudoku,

  describe(doc, position) {
    return describeSudoku(doc, position);
  },

  cellAt(doc, position) {
    const cell = cellUnder(doc, position);
    return cell ? { instance: 0, row: cell.row, col: cell.col } : undefined;
  },

  answerCellRange(doc, instance, row, col) {
    return instance === 0 ? doc.cells?.[row]?.[col]?.range : undefined;
  },

  toModelInput(instance, canvas) {
    return toSudokuModelInput(instance, canvas);
  },

  fromModelOutput(instance, canvas, sequence) {
    const answer: TokenGrid = [];
    for (let r = 0; r < instance.rows; r++) {
      const row: number[] = [];
      for (let c = 0; c < instance.cols; c++) row.push(Number(sequence[r * canvas.cols + c] ?? 0));
      answer.push(row);
    }
    return answer;
  },

  tokenText(token) {
    if (token === sudokuVocabulary.blank) return '.';
    if (sudokuVocabulary.isDigitToken(token, 9)) return String(sudokuVocabulary.tokenDigit(token));
    return '?';
  },
};

/**
 * A sudoku model reads boards of exactly its own size: the rules depend on the box shape, so a 4x4
 * puzzle is not padded onto a 9x9 canvas.
 */
function toSudokuModelInput(instance: PuzzleInstance, canvas: Canvas): Int32Array | { error: string } {
  if (canvas.rows !== instance.rows || canvas.cols !== instance.cols) {
    return {
      error: `This model reads ${canvas.rows}x${canvas.cols} sudoku boards; this puzzle is ${instance.rows}x${instance.cols}.`,
    };
  }
  const seq = new Int32Array(instance.rows * instance.cols);
  for (let r = 0; r < instance.rows; r++) for (let c = 0; c < instance.cols; c++) seq[r * instance.cols + c] = instance.input[r]![c]!;
  return seq;
}

/** The cell a position is on, or the one it touches from the right (a cursor just after a digit). */
function cellUnder(doc: SudokuDocument, position: SourcePosition): SudokuCell | undefined {
  if (!doc.cells) return undefined;
  let touching: SudokuCell | undefined;
  for (const row of doc.cells) {
    for (const cell of row) {
      if (cell.range.start.line !== position.line) continue;
      if (isInside(cell.range, position)) return cell;
      if (!touching && touches(cell.range, position)) touching = cell;
    }
  }
  return touching;
}

function describeSudoku(doc: SudokuDocument, position: SourcePosition): HoverFacts | undefined {
  const { grid, board, cells } = doc;
  if (!grid || !board || !cells || !doc.gridRange) return undefined;
  const n = board.size;
  const title = `${n}x${n} sudoku`;
  const original = doc.originalGivens;

  if (doc.puzzleComment && original && isInside(lineSpan(doc.puzzleComment.range), position)) {
    return {
      range: doc.puzzleComment.range,
      title: `${title}: the original puzzle`,
      facts: [`${countGivens(original)} givens`, 'recorded when the solution was written into the grid'],
      grid: { tokens: digitsToTokens(original) },
      instance: 0,
    };
  }

  const cell = cellUnder(doc, position);
  const tokens = digitsToTokens(grid);
  if (cell) {
    const { row, col } = cell;
    const facts = [`row ${row + 1}, column ${col + 1}, box ${boxNumber(board, row, col)}`];
    const value = grid[row]![col]!;
    if (value === 0) {
      facts.push('blank');
      const candidates = candidatesAt(grid, board, row, col);
      facts.push(candidates.length > 0 ? `candidates: ${candidates.join(' ')}` : 'no candidates: no digit fits here');
    } else if (original) {
      facts.push(original[row]![col] !== 0 ? `${value} (given)` : `${value} (filled in; blank in the original puzzle)`);
    } else {
      facts.push(String(value));
    }
    return { range: cell.range, title, facts, grid: { tokens, highlight: { row, col } }, instance: 0 };
  }

  if (!isInside(lineSpan(doc.gridRange), position)) return undefined;
  const blanks = grid.reduce((sum, row) => sum + row.filter((d) => d === 0).length, 0);
  const givens = countGivens(instanceGivens(doc)!);
  const outcome = solveInstance(doc);
  const facts = [`${givens} givens, ${blanks} ${blanks === 1 ? 'blank' : 'blanks'} left`];
  if (outcome) facts.push(outcome.count === 1 ? 'exactly one solution' : outcome.count === 0 ? 'no solution' : 'more than one solution');
  return { range: doc.gridRange, title, facts, grid: { tokens }, instance: 0 };
}

function countGivens(grid: readonly (readonly number[])[]): number {
  return grid.reduce((sum, row) => sum + row.filter((d) => d !== 0).length, 0);
}

/** A range widened to whole lines, so separators and line ends inside the grid still hover the grid. */
function lineSpan(r: SourceRange): SourceRange {
  return { start: { line: r.start.line, character: 0 }, end: { line: r.end.line, character: Number.MAX_SAFE_INTEGER } };
}
