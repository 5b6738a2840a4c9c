/**
 * Every diagnostic of a `.sudoku` document: parse problems, rule clashes (one per clashing cell, related
 * to the others), a `# puzzle:` comment that disagrees with the grid, and solvability. The solver only
 * runs on a grid that breaks no rule, since a clash already explains why there is no solution.
 */
import type { Problem, RelatedLocation } from '../types';
import { firstDifference, solveGrid } from './analysis';
import type { SudokuDocument } from './parse';
import { candidatesAt, findClashes, unitName } from './rules';

export function diagnoseSudoku(doc: SudokuDocument): Problem[] {
  const problems = [...doc.problems];
  const { cells, grid, board } = doc;
  if (!cells || !grid || !board) return problems;

  if (doc.puzzleComment && doc.puzzleCommentMismatch) {
    problems.push({
      range: doc.puzzleComment.range,
      severity: 'information',
      code: 'sudoku/puzzle-comment-mismatch',
      message: `This '# puzzle:' line does not match the grid (${doc.puzzleCommentMismatch}), so it is ignored and the grid's digits are taken as the givens.`,
    });
  }

  const clashes = findClashes(grid, board);
  for (const clash of clashes) {
    const unit = unitName(clash.unit, clash.unitIndex);
    for (const cell of clash.cells) {
      const others = clash.cells.filter((o) => o !== cell);
      const related: RelatedLocation[] = others.map((o) => ({
        range: cells[o.row]![o.col]!.range,
        message: `the other ${clash.digit} in ${unit} (row ${o.row + 1}, column ${o.col + 1})`,
      }));
      const where = others.map((o) => (clash.unit === 'row' ? `column ${o.col + 1}` : clash.unit === 'column' ? `row ${o.row + 1}` : `row ${o.row + 1}, column ${o.col + 1}`));
      problems.push({
        range: cells[cell.row]![cell.col]!.range,
        severity: 'error',
        code: `sudoku/duplicate-in-${clash.unit}`,
        message: `${clash.digit} appears ${clash.cells.length === 2 ? 'twice' : `${clash.cells.length} times`} in ${unit} (also at ${where.join('; ')}).`,
        related,
      });
    }
  }
  if (problems.some((p) => p.severity === 'error')) return problems;

  const outcome = solveGrid(doc)!;
  if (outcome.count === 0) {
    problems.push({ range: doc.gridRange!, severity: 'error', code: 'sudoku/no-solution', message: noSolutionMessage(doc) });
  } else if (outcome.count > 1) {
    const [a, b] = outcome.solutions;
    const diff = firstDifference(a!, b!);
    const where = diff ? `; they differ at row ${diff.row + 1}, column ${diff.col + 1}` : '';
    problems.push({
      range: doc.gridRange!,
      severity: 'warning',
      code: 'sudoku/multiple-solutions',
      message: `This puzzle has at least 2 solutions${where}. A proper sudoku has exactly one.`,
    });
  }
  return problems;
}

/** Names a blank cell with no candidate when there is one: the most direct reason; else the general fact. */
function noSolutionMessage(doc: SudokuDocument): string {
  const { grid, board } = doc;
  for (let r = 0; r < board!.size; r++) {
    for (let c = 0; c < board!.size; c++) {
      if (grid![r]![c] === 0 && candidatesAt(grid!, board!, r, c).length === 0) {
        return `This puzzle has no solution: row ${r + 1}, column ${c + 1} can take no digit.`;
      }
    }
  }
  return 'This puzzle has no solution (the exact solver tried every possibility).';
}
