/**
 * The ARC task language (`*.arc.json`, and `.json` files that look like tasks): parsing with offsets,
 * diagnostics, verification against a test output written in the file, edits, hovers and the reference
 * 30x30 canvas encoding. ARC has no exact solver.
 */
import type { Node } from 'jsonc-parser';
import type { HoverFacts, PuzzleInstance, PuzzleLanguage, SourcePosition, TokenGrid, WrongCell } from '../types';
import { fnv1a64 } from '../common/hash';
import { arcVocabulary } from '../vocabulary';
import { diagnoseArc } from './diagnose';
import { arcAnswerShapeProblem, formatArc, writeArcAnswer, writeArcCell } from './edit';
import { arcCrop, arcToModelInput } from './encode';
import { type ArcDocument, type ArcGrid, type ArcPair, parseArc } from './parse';

export type { ArcDocument, ArcGrid, ArcPair, ArcSection } from './parse';
export { parseArc, ARC_MAX_SIZE } from './parse';
export { looksLikeArcTask } from './sniff';
export { arcCrop, arcToModelInput } from './encode';
export { permuteColours, inversePermutation } from './augment';
export { dihedral, inverseDihedral, DIHEDRAL_INVERSE } from '../common/grid';
export { gridText, writeArcOutput } from './edit';
export { arcCellColours, nearestArcColour, pickArcColour, ARC_RGB, MAX_COLOUR_CELLS, type ArcCellColour } from './palette';
export { arcOutputEdits, copyInputToOutput, fillColours, fillOutput, resizeOutput, sizeChoices, testPairAt, type ArcOutputEdit, type SizeChoice } from './reshape';
export { compareOutput, testOutputAt, type CellDifference, type OutputComparison } from './compare';

export const ARC_COLOUR_NAMES: readonly string[] = ['black', 'blue', 'red', 'green', 'yellow', 'grey', 'magenta', 'orange', 'azure', 'maroon'];

/**
 * The task key a model with per-task embeddings uses to find its task id: FNV-1a 64 of the canonical
 * JSON of the demonstration pairs (`[{"input":[[..]],"output":[[..]]},...]`, no spaces). The trainer must
 * compute keys with this same function.
 */
export function arcTaskKey(train: readonly { input: readonly (readonly number[])[] | null; output: readonly (readonly number[])[] | null }[]): string {
  return fnv1a64(JSON.stringify(train.map((p) => ({ input: p.input, output: p.output }))));
}

const taskKeys = new WeakMap<ArcDocument, string>();

function taskKeyOf(doc: ArcDocument): string {
  let key = taskKeys.get(doc);
  if (key === undefined) {
    key = arcTaskKey(doc.train.map((p) => ({ input: p.input?.values ?? null, output: p.output?.values ?? null })));
    taskKeys.set(doc, key);
  }
  return key;
}

export const arcLanguage: PuzzleLanguage<ArcDocument> = {
  kind: 'arc',
  parse: parseArc,
  diagnose: diagnoseArc,

  instances(doc) {
    if (!doc.syntaxOk) return [];
    const out: PuzzleInstance[] = [];
    for (const pair of doc.test) {
      const input = pair.input?.values;
      if (!input || !pair.input) continue;
      const instance: PuzzleInstance = {
        index: pair.index,
        label: `test ${pair.index + 1} of ${doc.test.length}`,
        rows: pair.input.rows,
        cols: pair.input.cols,
        input: coloursToTokens(input),
        range: pair.input.range,
        taskKey: taskKeyOf(doc),
      };
      const output = pair.output;
      if (output?.values && output.rows === pair.input.rows && output.cols === pair.input.cols) instance.current = coloursToTokens(output.values);
      out.push(instance);
    }
    return out;
  },

  exactSolve() {
    return { status: 'unsupported', reason: 'ARC has no exact solver: model answers are unverified.' };
  },

  /** A test output already in the file is a real check; without one, nothing can be said. */
  verify(doc, instance, answer) {
    // An answer that is no grid is wrong whatever the file holds: it must never be written as "output".
    const notAGrid = arcAnswerShapeProblem(answer);
    if (notAGrid) return { status: 'wrong', wrongCells: [], summary: notAGrid };
    const pair = doc.test[instance];
    const expected = pair?.output?.values;
    if (!pair || !expected) {
      return { status: 'unverifiable', reason: 'ARC has no exact solver and this test pair has no "output" in the file: the answer is unverified.' };
    }
    const rows = answer.length;
    const cols = answer[0]?.length ?? 0;
    if (rows !== expected.length || answer.some((row) => row.length !== expected[0]!.length)) {
      return { status: 'wrong', wrongCells: [], summary: `The answer is ${rows}x${cols}; the test output in the file is ${expected.length}x${expected[0]!.length}.` };
    }
    const wrongCells: WrongCell[] = [];
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const want = arcVocabulary.colourToken(expected[r]![c]!);
        const actual = answer[r]![c]!;
        if (actual !== want) wrongCells.push({ row: r, col: c, actual, expected: want, reason: `the test output in the file has colour ${expected[r]![c]} here` });
      }
    }
    if (wrongCells.length === 0) return { status: 'correct' };
    return { status: 'wrong', wrongCells, summary: `${wrongCells.length} of ${rows * cols} cells differ from the test output written in the file.` };
  },

  writeAnswer: writeArcAnswer,
  writeCell: writeArcCell,
  format: formatArc,

  describe(doc, position) {
    return describeArc(doc, position);
  },

  cellAt(doc, position) {
    const hit = locate(doc, position);
    if (!hit || hit.pair.section !== 'test' || hit.which !== 'output' || hit.col === undefined || !hit.grid.values) return undefined;
    return { instance: hit.pair.index, row: hit.row!, col: hit.col };
  },

  answerCellRange(doc, instance, row, col) {
    const output = doc.test[instance]?.output;
    const cell = output?.values ? output.rowNodes[row]?.children?.[col] : undefined;
    return cell ? doc.lines.rangeOf(cell.offset, cell.length) : undefined;
  },

  toModelInput: arcToModelInput,

  fromModelOutput(_instance, canvas, sequence) {
    return arcCrop(sequence, canvas);
  },

  tokenText(token) {
    return arcVocabulary.isColourToken(token) ? String(arcVocabulary.tokenColour(token)) : '?';
  },
};

function coloursToTokens(colours: readonly (readonly number[])[]): TokenGrid {
  return colours.map((row) => row.map((c) => arcVocabulary.colourToken(c)));
}

interface GridHit {
  pair: ArcPair;
  which: 'input' | 'output';
  grid: ArcGrid;
  row: number | undefined;
  col: number | undefined;
  node: Node;
}

/** The grid (and row and value) under a position, searched by offsets without walking the whole tree. */
function locate(doc: ArcDocument, position: SourcePosition): GridHit | undefined {
  if (!doc.syntaxOk) return undefined;
  const offset = doc.lines.offsetAt(position);
  const within = (n: Node): boolean => offset >= n.offset && offset <= n.offset + n.length;
  for (const pair of [...doc.train, ...doc.test]) {
    if (!within(pair.node)) continue;
    for (const which of ['input', 'output'] as const) {
      const grid = pair[which];
      if (!grid) continue;
      const prop = grid.node.parent;
      if (!within(grid.node) && !(prop && within(prop))) continue;
      const rowIndex = grid.rowNodes.findIndex(within);
      if (rowIndex < 0) return { pair, which, grid, row: undefined, col: undefined, node: grid.node };
      const rowNode = grid.rowNodes[rowIndex]!;
      const colIndex = (rowNode.children ?? []).findIndex(within);
      if (colIndex < 0) return { pair, which, grid, row: rowIndex, col: undefined, node: rowNode };
      return { pair, which, grid, row: rowIndex, col: colIndex, node: rowNode.children![colIndex]! };
    }
    return undefined;
  }
  return undefined;
}

function describeArc(doc: ArcDocument, position: SourcePosition): HoverFacts | undefined {
  const hit = locate(doc, position);
  if (!hit) return undefined;
  const { pair, which, grid } = hit;
  const title = `${pair.section} ${pair.index + 1} ${which}, ${grid.rows}x${grid.cols}`;
  const facts: string[] = [];
  if (hit.row !== undefined && hit.col !== undefined) {
    const v: unknown = hit.node.value;
    const colour = typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 9 ? `colour ${v} (${ARC_COLOUR_NAMES[v]})` : 'not a colour';
    facts.push(`row ${hit.row + 1}, column ${hit.col + 1}, ${colour}`);
  } else if (hit.row !== undefined) {
    facts.push(`row ${hit.row + 1}`);
  }
  const instance = pair.section === 'test' && pair.input?.values ? pair.index : undefined;
  const hover: HoverFacts = { range: doc.lines.rangeOf(hit.node.offset, hit.node.length), title, facts };
  if (grid.values) {
    const used = [...new Set(grid.values.flat())].sort((a, b) => a - b);
    facts.push(`colours: ${used.map((c) => `${c} ${ARC_COLOUR_NAMES[c]}`).join(', ')}`);
    hover.grid = { tokens: coloursToTokens(grid.values) };
    if (hit.row !== undefined && hit.col !== undefined) hover.grid.highlight = { row: hit.row, col: hit.col };
  } else {
    facts.push('not a valid grid (see the problems)');
  }
  if (instance !== undefined) hover.instance = instance;
  return hover;
}
