/**
 * Bounds on what one document may cost. Any file can be opened in an editor, so a parser meets 10 MB of
 * garbage as readily as a puzzle: each kind refuses text far past any real puzzle with one clear problem,
 * and a kind's per-character problems stop after a fixed number with one summary, so the work and memory
 * spent on a document never grow past these figures, whatever it holds.
 */
import type { Problem, SourceRange } from '../types';

/** Problems of one sort a parser reports before it summarises the rest in one problem. */
export const MAX_PROBLEMS_PER_SORT = 100;

/** Problems reported for one document (editor and CLI); the rest become one summary. */
export const MAX_REPORTED_PROBLEMS = 200;

/** A sudoku file is a 9x9 grid and some comments; nothing near this size is one. */
export const MAX_SUDOKU_CHARS = 100_000;
/** Mazes are read up to this many cells (a 1000x1000 maze)... */
export const MAX_MAZE_CELLS = 1_000_000;
/** ...and files up to this many characters (1000 rows of 1000 cells, line ends and slack included). */
export const MAX_MAZE_CHARS = 2_100_000;
/** ARC grids are at most 30x30: a task of ten such pairs, one value a line, is about 200 kB. */
export const MAX_ARC_CHARS = 1_000_000;

function sizeText(chars: number): string {
  return chars >= 1_000_000 ? `${(chars / 1_000_000).toFixed(1)} million characters` : `${chars.toLocaleString('en-US')} characters`;
}

/** The one problem for a document too large to read as `what`. */
export function tooLargeProblem(code: string, what: string, chars: number, limit: number): Problem {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: 'error',
    code,
    message: `This file is ${sizeText(chars)} long, too large to read as ${what} (the limit is ${sizeText(limit)}); it is not checked further.`,
  };
}

/**
 * Collects problems of one sort up to a limit, then only counts them: `finish` adds one summary for the
 * rest. Keeps a file of a million bad characters from becoming a million problem objects.
 */
export class CappedProblems {
  private kept = 0;
  private dropped = 0;
  private lastDropped: SourceRange | Problem | (() => Problem) | undefined;

  constructor(
    private readonly into: Problem[],
    private readonly limit = MAX_PROBLEMS_PER_SORT,
  ) {}

  /** A problem, or a function making one: past the limit none is built (the summary needs only the last's range). */
  add(problem: Problem | (() => Problem), range?: SourceRange): void {
    if (this.kept < this.limit) {
      this.into.push(typeof problem === 'function' ? problem() : problem);
      this.kept++;
    } else {
      this.dropped++;
      this.lastDropped = range ?? problem;
    }
  }

  /** Counts problems that were found but never built (the finder stopped recording them). */
  countMore(n: number): void {
    this.dropped += Math.max(0, n);
  }

  /** Appends "... and N more <what>" when problems were dropped. */
  finish(code: string, what: string): void {
    const last = this.lastDropped;
    if (this.dropped === 0 || !last) return;
    this.into.push({
      range: typeof last === 'function' ? last().range : 'range' in last ? last.range : last,
      severity: 'error',
      code,
      message: `… and ${this.dropped.toLocaleString('en-US')} more ${what} (only the first ${this.limit} are shown).`,
    });
  }
}

/** The first `limit` problems and, when there were more, one summary of the rest on the first one's place. */
export function capProblems(problems: readonly Problem[], limit = MAX_REPORTED_PROBLEMS): Problem[] {
  if (problems.length <= limit) return [...problems];
  const kept = problems.slice(0, limit);
  const rest = problems.length - limit;
  const errors = problems.slice(limit).filter((p) => p.severity === 'error').length;
  kept.push({
    range: problems[0]!.range,
    severity: errors > 0 ? 'error' : 'warning',
    code: 'trm/too-many-problems',
    message: `… and ${rest.toLocaleString('en-US')} more problems in this file (only the first ${limit} are reported).`,
  });
  return kept;
}
