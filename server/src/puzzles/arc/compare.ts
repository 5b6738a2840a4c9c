/**
 * A test output written in the file against a model's answer, cell by cell, for the hover of that output.
 */
import type { TokenGrid } from '../types';
import { arcVocabulary } from '../vocabulary';
import type { ArcDocument } from './parse';

export interface CellDifference {
  row: number;
  col: number;
  /** The colour in the file. */
  file: number;
  /** The model's colour, or undefined where its token is no colour. */
  model: number | undefined;
}

export type OutputComparison =
  | { kind: 'same'; cells: number }
  | { kind: 'shape'; file: { rows: number; cols: number }; model: { rows: number; cols: number } }
  | { kind: 'cells'; cells: number; differences: CellDifference[] };

/** The index of the test pair whose `"output"` (key or grid) holds `offset`. */
export function testOutputAt(doc: ArcDocument, offset: number): number | undefined {
  if (!doc.syntaxOk) return undefined;
  const pair = doc.test.find((p) => p.outputProperty && offset >= p.outputProperty.offset && offset <= p.outputProperty.offset + p.outputProperty.length);
  return pair?.index;
}

/** Compares a valid file grid with a model's token grid; a ragged answer counts as a different shape. */
export function compareOutput(file: readonly (readonly number[])[], answer: TokenGrid): OutputComparison {
  const rows = file.length;
  const cols = file[0]?.length ?? 0;
  const answerCols = answer[0]?.length ?? 0;
  if (answer.length !== rows || answer.some((row) => row.length !== cols)) {
    return { kind: 'shape', file: { rows, cols }, model: { rows: answer.length, cols: answerCols } };
  }
  const differences: CellDifference[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const token = answer[r]![c]!;
      const model = arcVocabulary.isColourToken(token) ? arcVocabulary.tokenColour(token) : undefined;
      if (model !== file[r]![c]) differences.push({ row: r, col: c, file: file[r]![c]!, model });
    }
  }
  return differences.length === 0 ? { kind: 'same', cells: rows * cols } : { kind: 'cells', cells: rows * cols, differences };
}
