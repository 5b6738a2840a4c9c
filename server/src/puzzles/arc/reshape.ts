/**
 * Whole-output edits of an ARC test pair, as the ARC testing interface offers them: copy the input, resize
 * (keeping the cells that still fit, new cells 0), fill with one colour. Each writes the complete grid through
 * `writeArcOutput`, so a missing `"output"` is created and the file's layout (one row per line) is kept.
 */
import type { TextEditSpec } from '../types';
import { writeArcOutput } from './edit';
import { ARC_MAX_SIZE, type ArcDocument, type ArcPair } from './parse';

export interface ArcOutputEdit {
  title: string;
  edits: TextEditSpec[];
}

/** The size offers for a resize, each with why it is offered. */
export interface SizeChoice {
  rows: number;
  cols: number;
  why: string;
}

/** Train outputs of more distinct sizes than this are not each offered: there is no size rule to follow. */
const MAX_TRAIN_SIZES = 3;

/** The test pair whose object holds `offset`. */
export function testPairAt(doc: ArcDocument, offset: number): ArcPair | undefined {
  if (!doc.syntaxOk) return undefined;
  return doc.test.find((p) => offset >= p.node.offset && offset <= p.node.offset + p.node.length);
}

export function copyInputToOutput(doc: ArcDocument, instance: number): TextEditSpec[] {
  const input = doc.test[instance]?.input?.values;
  return input ? writeArcOutput(doc, instance, input) : [];
}

/**
 * The output at `rows` x `cols`: cells inside both the old and the new size keep their colour, new ones are
 * 0. An output that exists but is not a valid grid has no cells to keep, so it is not resized (copy or fill
 * replace it instead).
 */
export function resizeOutput(doc: ArcDocument, instance: number, rows: number, cols: number): TextEditSpec[] {
  const pair = doc.test[instance];
  if (!pair || !validSize(rows, cols) || (pair.output && !pair.output.values)) return [];
  const old = pair.output?.values ?? [];
  const grid = Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => old[r]?.[c] ?? 0));
  return writeArcOutput(doc, instance, grid);
}

/** The output, at its current size (the input's size when there is no valid output yet), all `colour`. */
export function fillOutput(doc: ArcDocument, instance: number, colour: number): TextEditSpec[] {
  const pair = doc.test[instance];
  if (!pair || !Number.isInteger(colour) || colour < 0 || colour > 9) return [];
  const size = pair.output?.values ? pair.output : pair.input?.values ? pair.input : undefined;
  if (!size) return [];
  return writeArcOutput(doc, instance, Array.from({ length: size.rows }, () => new Array<number>(size.cols).fill(colour)));
}

/**
 * Sizes worth offering for a test output: the test input's, and the train outputs'. When every train output
 * has one size, that size is the task's rule and comes first; when every train output has its input's size,
 * the test input's size comes first. Sizes equal to the current output's are left out.
 */
export function sizeChoices(doc: ArcDocument, instance: number): SizeChoice[] {
  const pair = doc.test[instance];
  const input = pair?.input?.values ? pair.input : undefined;
  const trainOutputs = doc.train.filter((p) => p.output?.values).map((p) => ({ index: p.index, grid: p.output!, input: p.input }));
  const distinct = new Map<string, { rows: number; cols: number; pairs: number[] }>();
  for (const t of trainOutputs) {
    const key = `${t.grid.rows}x${t.grid.cols}`;
    const entry = distinct.get(key) ?? { rows: t.grid.rows, cols: t.grid.cols, pairs: [] };
    entry.pairs.push(t.index + 1);
    distinct.set(key, entry);
  }
  const sameAsInputs = trainOutputs.length > 0 && trainOutputs.every((t) => t.input?.rows === t.grid.rows && t.input.cols === t.grid.cols);
  const choices: SizeChoice[] = [];
  const inputChoice = input && { rows: input.rows, cols: input.cols, why: sameAsInputs ? "the test input's size, as every train output has its input's size" : "the test input's size" };
  if (inputChoice && sameAsInputs) choices.push(inputChoice);
  if (distinct.size === 1 && trainOutputs.length > 1) {
    const only = [...distinct.values()][0]!;
    choices.push({ rows: only.rows, cols: only.cols, why: 'the size of every train output' });
  } else if (distinct.size <= MAX_TRAIN_SIZES) {
    for (const d of distinct.values()) {
      choices.push({ rows: d.rows, cols: d.cols, why: `the size of train output${d.pairs.length > 1 ? 's' : ''} ${d.pairs.join(', ')}` });
    }
  }
  if (inputChoice && !sameAsInputs) choices.push(inputChoice);
  const current = pair?.output?.values ? `${pair.output.rows}x${pair.output.cols}` : undefined;
  const seen = new Set<string>(current ? [current] : []);
  return choices.filter((c) => {
    const key = `${c.rows}x${c.cols}`;
    if (seen.has(key) || !validSize(c.rows, c.cols)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Colours to offer for a fill: 0 (the usual background) and every colour used anywhere in the task. Ten
 * fills of which most never appear in the task would bury the useful ones in the code-action menu, and a
 * rule's output almost always draws with colours its examples use.
 */
export function fillColours(doc: ArcDocument): number[] {
  const used = new Set<number>([0]);
  for (const p of [...doc.train, ...doc.test]) {
    for (const grid of [p.input, p.output]) for (const row of grid?.values ?? []) for (const c of row) used.add(c);
  }
  return [...used].sort((a, b) => a - b);
}

/** Every whole-output edit for a test pair, titled for a code-action menu. */
export function arcOutputEdits(doc: ArcDocument, instance: number, colourName: (c: number) => string): ArcOutputEdit[] {
  const pair = doc.test[instance];
  if (!doc.syntaxOk || !pair) return [];
  const out: ArcOutputEdit[] = [];
  const input = pair.input?.values;
  if (input && !sameGrid(input, pair.output?.values)) out.push({ title: 'Copy the input to the output', edits: copyInputToOutput(doc, instance) });
  for (const s of sizeChoices(doc, instance)) {
    out.push({ title: `Resize the output to ${s.rows}×${s.cols} (${s.why})`, edits: resizeOutput(doc, instance, s.rows, s.cols) });
  }
  const current = pair.output?.values;
  for (const c of fillColours(doc)) {
    if (current?.every((row) => row.every((v) => v === c))) continue;
    out.push({ title: `Fill the output with colour ${c} (${colourName(c)})`, edits: fillOutput(doc, instance, c) });
  }
  return out.filter((e) => e.edits.length > 0);
}

function validSize(rows: number, cols: number): boolean {
  return Number.isInteger(rows) && Number.isInteger(cols) && rows >= 1 && cols >= 1 && rows <= ARC_MAX_SIZE && cols <= ARC_MAX_SIZE;
}

function sameGrid(a: readonly (readonly number[])[], b: readonly (readonly number[])[] | undefined): boolean {
  return b !== undefined && a.length === b.length && a.every((row, r) => row.length === b[r]!.length && row.every((v, c) => v === b[r]![c]));
}
