/** Hover: the domain's facts about the cell or grid under the cursor, with a picture of the grid. */
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver';
import type { OpenPuzzle } from '../documents/puzzleDocuments';
import { gridMarkdown, markKey, type CellMark } from '../render/gridImage';

export function describeHover(puzzle: OpenPuzzle, position: Position): { hover: Hover; instance?: number } | undefined {
  const facts = puzzle.language.describe(puzzle.parsed, position);
  if (!facts) return undefined;
  const parts = [`**${facts.title}**`, '', ...facts.facts.map((f) => `- ${f}`)];
  if (facts.grid) {
    const marks = new Map<string, CellMark>();
    if (facts.grid.highlight) marks.set(markKey(facts.grid.highlight.row, facts.grid.highlight.col), 'cursor');
    parts.push('', gridMarkdown(puzzle.kind, facts.grid.tokens, facts.title, { marks }));
  }
  const hover: Hover = { contents: { kind: MarkupKind.Markdown, value: parts.join('\n') }, range: facts.range };
  return facts.instance === undefined ? { hover } : { hover, instance: facts.instance };
}
