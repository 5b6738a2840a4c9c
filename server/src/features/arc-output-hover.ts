/**
 * The hover of an ARC test output grid: the grid in the file compared with the model's answer, the cells that
 * differ outlined on a picture of the file's grid, so a hand-written output can be checked against the model.
 */
import type { Position } from 'vscode-languageserver';
import type { OpenPuzzle } from '../documents/puzzle-documents';
import { compareOutput, testOutputAt, type ArcDocument } from '../puzzles/arc';
import { arcVocabulary } from '../puzzles/vocabulary';
import { gridMarkdown, markKey, type CellMark } from '../render/grid-image';
import type { ModelOutcome } from '../trm/runtime/puzzle-solver';
import { outcomeIndex } from '../solving/hint-choice';

/** Differing cells listed by position before the rest are only counted. */
const LISTED_DIFFERENCES = 8;

/** Markdown for a hover on a test output grid; undefined elsewhere, or while the model's answer is not known. */
export function arcOutputComparison(puzzle: OpenPuzzle, position: Position, outcomes: ModelOutcome[] | undefined): string | undefined {
  if (puzzle.kind !== 'arc' || !outcomes) return undefined;
  const doc = puzzle.parsed as ArcDocument;
  const index = testOutputAt(doc, doc.lines.offsetAt(position));
  const file = index === undefined ? undefined : doc.test[index]?.output?.values;
  if (index === undefined || !file) return undefined;
  const outcome = outcomes[outcomeIndex(puzzle.language.instances(doc), index)];
  if (!outcome || outcome.status === 'no-model') return '**This output against the model:** no model serves this task, so there is no answer to compare it with.';
  if (outcome.status === 'failed') return `**This output against the model:** the model failed (${outcome.message}).`;
  const comparison = compareOutput(file, outcome.solution.answer);
  switch (comparison.kind) {
    case 'same':
      return `**This output against the model:** the model's answer is the same, all ${comparison.cells} cells.`;
    case 'shape':
      return `**This output against the model:** the model answers ${comparison.model.rows}x${comparison.model.cols}; this output is ${comparison.file.rows}x${comparison.file.cols}.`;
    case 'cells': {
      const { differences } = comparison;
      const listed = differences.slice(0, LISTED_DIFFERENCES).map((d) => `row ${d.row + 1}, column ${d.col + 1}: here ${d.file}, model ${d.model ?? '?'}`);
      const more = differences.length > LISTED_DIFFERENCES ? `; and ${differences.length - LISTED_DIFFERENCES} more` : '';
      const marks = new Map<string, CellMark>(differences.map((d) => [markKey(d.row, d.col), 'wrong']));
      const tokens = file.map((row) => row.map((c) => arcVocabulary.colourToken(c)));
      return [
        `**This output against the model:** ${differences.length} of ${comparison.cells} cells differ from the model's answer (${listed.join('; ')}${more}).`,
        '',
        gridMarkdown('arc', tokens, 'this output, the cells that differ outlined', { marks, maxSide: 160 }),
      ].join('\n');
    }
  }
}
