/**
 * The differential check of the exact sudoku solver against the independent oracle (test/oracles), shared
 * by the `npm test` suite and the nightly-size script (scripts/sudoku-differential.ts). Every case must get
 * the same verdict (0 / 1 / at least 2 solutions) from both, the same solution when unique, and solutions
 * the oracle's own rule checks accept when several. The cases' makers promise a verdict too (a minimal
 * puzzle is unique, removing any of its givens makes it ambiguous, a search clash has no solution), and
 * the oracle holds them to it.
 */
import { boardFor, solveSudoku } from '../../../server/src/puzzles/sudoku';
import { type CaseKind, type CasePlan, type Grid, type SudokuCase, sudokuCases } from '../../oracles/sudoku-cases';
import { type OracleOutcome, oracleAllows, oracleSolve } from '../../oracles/sudoku-oracle';

export type Verdict = 'none' | 'unique' | 'several';

export interface Mismatch {
  size: number;
  kind: CaseKind;
  puzzle: string;
  problem: string;
}

export interface DifferentialReport {
  cases: number;
  /** Cases per "size verdict", e.g. "9x9 unique". */
  byVerdict: Map<string, number>;
  /** Cases per "size kind". */
  byKind: Map<string, number>;
  /** Fewest and most givens of the minimal puzzles, per size. */
  minimalGivens: Map<number, { min: number; max: number }>;
  mismatches: Mismatch[];
}

/** The plans `npm test` runs: at least 20,000 cases, most of the time in the oracle on 9x9. */
export const TEST_PLANS: readonly CasePlan[] = [
  { size: 4, randomRemoval: 3500, minBlanks: 6, maxBlanks: 14, minimal: 1500, lessOnePerMinimal: 1 },
  { size: 6, randomRemoval: 3500, minBlanks: 14, maxBlanks: 28, minimal: 700, lessOnePerMinimal: 2 },
  { size: 9, randomRemoval: 5500, minBlanks: 40, maxBlanks: 58, minimal: 220, lessOnePerMinimal: 3 },
];

export function verdictOf(count: number): Verdict {
  return count === 0 ? 'none' : count === 1 ? 'unique' : 'several';
}

const EXPECTED: Partial<Record<CaseKind, Verdict>> = { minimal: 'unique', 'minimal-less-one': 'several', 'search-clash': 'none' };

function oneLine(grid: Grid): string {
  return grid.map((row) => row.map((d) => (d === 0 ? '.' : String(d))).join('')).join('');
}

/** The oracle's own rules: every given kept, every cell filled and allowed by its row, column and box. */
function isSolutionOf(answer: Grid, puzzle: Grid): boolean {
  const size = puzzle.length;
  if (answer.length !== size) return false;
  for (let r = 0; r < size; r++) {
    if (answer[r]!.length !== size) return false;
    for (let c = 0; c < size; c++) {
      const d = answer[r]![c]!;
      if (!(d >= 1 && d <= size) || (puzzle[r]![c] !== 0 && puzzle[r]![c] !== d) || !oracleAllows(answer, r, c, d)) return false;
    }
  }
  return true;
}

/** The oracle's verdict on one case, and what is wrong with the solver's answer when it disagrees. */
export function compareCase(test: SudokuCase): { verdict: Verdict; problem?: string } {
  const oracle = oracleSolve(test.grid, 2);
  const problem = problemWith(test, oracle);
  return problem ? { verdict: verdictOf(oracle.count), problem } : { verdict: verdictOf(oracle.count) };
}

function problemWith(test: SudokuCase, oracle: OracleOutcome): string | undefined {
  const { grid } = test;
  const board = boardFor(grid.length)!;
  const solver = solveSudoku(grid, board, 2);
  const want = verdictOf(oracle.count);
  const got = verdictOf(solver.count);
  const expected = EXPECTED[test.kind];
  if (expected && expected !== want) return `made as ${test.kind} (${expected}) but the oracle finds ${want}`;
  if (want !== got) return `solver says ${got} (${solver.count}), oracle says ${want} (${oracle.count})`;
  if (solver.solutions.length !== solver.count) return `solver counts ${solver.count} but returns ${solver.solutions.length} solutions`;
  for (const s of solver.solutions) if (!isSolutionOf(s, grid)) return `solver returns a grid that is not a solution: ${oneLine(s)}`;
  if (want === 'unique' && oneLine(solver.solutions[0]!) !== oneLine(oracle.solutions[0]!)) {
    return `solver's solution ${oneLine(solver.solutions[0]!)} is not the oracle's ${oneLine(oracle.solutions[0]!)}`;
  }
  if (want === 'several' && oneLine(solver.solutions[0]!) === oneLine(solver.solutions[1]!)) return 'solver returns the same solution twice';
  return undefined;
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/** Runs every plan from `seed` (each size from its own derived seed) and reports what it saw. */
export function runDifferential(plans: readonly CasePlan[], seed: number): DifferentialReport {
  const report: DifferentialReport = { cases: 0, byVerdict: new Map(), byKind: new Map(), minimalGivens: new Map(), mismatches: [] };
  // Minimal puzzles are made with the solver (dozens of uniqueness checks each); the oracle judges the result.
  const count = (grid: Grid, limit: number): number => solveSudoku(grid, boardFor(grid.length)!, limit).count;
  for (const plan of plans) {
    const name = `${plan.size}x${plan.size}`;
    for (const test of sudokuCases(plan, (seed * 31 + plan.size) >>> 0, count)) {
      report.cases++;
      bump(report.byKind, `${name} ${test.kind}`);
      const { verdict, problem } = compareCase(test);
      if (problem) {
        report.mismatches.push({ size: plan.size, kind: test.kind, puzzle: oneLine(test.grid), problem });
        continue;
      }
      bump(report.byVerdict, `${name} ${verdict}`);
      if (test.kind === 'minimal') {
        const givens = test.grid.flat().filter((d) => d !== 0).length;
        const seen = report.minimalGivens.get(plan.size) ?? { min: Infinity, max: 0 };
        report.minimalGivens.set(plan.size, { min: Math.min(seen.min, givens), max: Math.max(seen.max, givens) });
      }
    }
  }
  return report;
}

/** The report as lines for a log. */
export function describeReport(report: DifferentialReport): string[] {
  const lines = [`${report.cases} cases, ${report.mismatches.length} mismatches`];
  for (const [key, n] of [...report.byVerdict].sort()) lines.push(`  ${key}: ${n}`);
  for (const [key, n] of [...report.byKind].sort()) lines.push(`  made as ${key}: ${n}`);
  for (const [size, { min, max }] of report.minimalGivens) lines.push(`  minimal ${size}x${size} puzzles: ${min}-${max} givens`);
  for (const m of report.mismatches.slice(0, 20)) lines.push(`  MISMATCH ${m.size}x${m.size} ${m.kind} ${m.puzzle}: ${m.problem}`);
  return lines;
}
