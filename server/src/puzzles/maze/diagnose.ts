/**
 * Every diagnostic of a `.maze` document: parse problems, a missing or doubled S or G, an unreachable goal,
 * a drawn path that is not a simple chain from S to G, and a drawn path longer than the shortest.
 */
import type { Problem, SourceRange } from '../types';
import { mazeVocabulary } from '../vocabulary';
import { CappedProblems } from '../common/limits';
import { analyseMaze } from './analysis';
import { type MazeCell, type MazeDocument, mazeCellRange } from './parse';
import type { PathIssueKind } from './path';

const ISSUE_CODES: Record<PathIssueKind, string> = {
  stray: 'maze/path-not-connected',
  loop: 'maze/path-not-connected',
  'dead-end': 'maze/path-broken',
  branch: 'maze/path-branches',
  'start-not-on-path': 'maze/path-not-at-start',
  'goal-not-reached': 'maze/path-not-at-goal',
};

export function diagnoseMaze(doc: MazeDocument): Problem[] {
  const problems = [...doc.problems];
  if (!doc.wellFormed || !doc.gridRange) return problems;

  markMarkers(doc, doc.starts, 'start', 'S', problems);
  markMarkers(doc, doc.goals, 'goal', 'G', problems);
  const analysis = analyseMaze(doc);
  if (!analysis) return problems;

  const { goal, shortest, drawnPath } = analysis;
  if (shortest < 0) {
    problems.push({
      range: mazeCellRange(doc, goal.row, goal.col),
      severity: 'error',
      code: 'maze/unreachable-goal',
      message: 'The goal cannot be reached from the start: walls block every route.',
    });
  }
  const pathProblems = new CappedProblems(problems);
  for (const issue of drawnPath.issues) {
    pathProblems.add({ range: mazeCellRange(doc, issue.row, issue.col), severity: 'error', code: ISSUE_CODES[issue.kind], message: issue.message });
  }
  pathProblems.countMore(drawnPath.issueCount - drawnPath.issues.length);
  pathProblems.finish('maze/path-broken', 'faults in the drawn path');
  if (drawnPath.pathCells > 0 && drawnPath.steps !== undefined && shortest >= 0 && drawnPath.steps > shortest) {
    problems.push({
      range: pathExtent(doc),
      severity: 'warning',
      code: 'maze/path-not-shortest',
      message: `The drawn path takes ${drawnPath.steps} steps; the shortest path takes ${shortest}.`,
    });
  }
  return problems;
}

function markMarkers(doc: MazeDocument, found: MazeCell[], what: 'start' | 'goal', letter: 'S' | 'G', problems: Problem[]): void {
  if (found.length === 0) {
    problems.push({
      range: doc.gridRange!,
      severity: 'error',
      code: `maze/missing-${what}`,
      message: `The maze has no ${what}: mark one open cell with '${letter}'.`,
    });
    return;
  }
  const first = found[0]!;
  const extras = new CappedProblems(problems);
  for (let k = 1; k < found.length; k++) {
    const extra = found[k]!;
    extras.add(() => ({
      range: mazeCellRange(doc, extra.row, extra.col),
      severity: 'error',
      code: `maze/extra-${what}`,
      message: `A maze has one ${what}; this '${letter}' is extra (the first is at row ${first.row + 1}, column ${first.col + 1}).`,
      related: [{ range: mazeCellRange(doc, first.row, first.col), message: `the first '${letter}'` }],
    }), mazeCellRange(doc, extra.row, extra.col));
  }
  extras.finish(`maze/extra-${what}`, `extra '${letter}'s`);
}

/** From the first to the last drawn path cell in reading order: the warning covers the path's span. */
function pathExtent(doc: MazeDocument): SourceRange {
  let first = -1;
  let last = -1;
  for (let i = 0; i < doc.cells.length; i++) {
    if (doc.cells[i] === mazeVocabulary.path) {
      if (first < 0) first = i;
      last = i;
    }
  }
  const a = mazeCellRange(doc, Math.floor(first / doc.cols), first % doc.cols);
  const b = mazeCellRange(doc, Math.floor(last / doc.cols), last % doc.cols);
  return { start: a.start, end: b.end };
}
