/**
 * Edits to an ARC task file: writing a test pair's `"output"` (replacing it or inserting it), one output
 * cell, and the canonical layout. Grids are written one row per line (people read ARC grids as rows),
 * indented to fit the surrounding file.
 *
 * The edits are computed here rather than with jsonc-parser's `modify`: its formatter re-lays-out the
 * neighbouring properties, spreading the test input grid over one line per number.
 */
import type { Node } from 'jsonc-parser';
import type { TextEditSpec, TokenGrid } from '../types';
import { arcVocabulary } from '../vocabulary';
import type { ArcDocument } from './parse';

/**
 * Why a model's answer is not an ARC grid (empty, a row without cells, rows of different lengths, over
 * 30x30, a token that is no colour); undefined when it is one.
 */
export function arcAnswerShapeProblem(answer: TokenGrid): string | undefined {
  if (answer.length === 0 || answer[0]!.length === 0) {
    return "The model's answer decodes to an empty grid (its top-left cell is not a colour), so there is nothing to write.";
  }
  const cols = answer[0]!.length;
  const ragged = answer.findIndex((row) => row.length !== cols);
  if (ragged >= 0) return `The model's answer is ragged: row 1 has ${cols} cells, row ${ragged + 1} has ${answer[ragged]!.length}.`;
  if (answer.length > 30 || cols > 30) return `The model's answer is ${answer.length}x${cols}; ARC grids are at most 30x30.`;
  const r = answer.findIndex((row) => row.some((t) => !arcVocabulary.isColourToken(t)));
  if (r >= 0) return `Row ${r + 1} of the model's answer holds a token that is not a colour.`;
  return undefined;
}

export function writeArcAnswer(doc: ArcDocument, instance: number, answer: TokenGrid): TextEditSpec[] {
  if (!doc.test[instance]?.input?.values || arcAnswerShapeProblem(answer)) return [];
  const colours = tokensToColours(answer);
  return colours ? writeArcOutput(doc, instance, colours) : [];
}

/** A test pair's `"output"` as the given colours: the existing grid replaced, or the property inserted. */
export function writeArcOutput(doc: ArcDocument, instance: number, colours: readonly (readonly number[])[]): TextEditSpec[] {
  const pair = doc.test[instance];
  if (!doc.syntaxOk || !pair) return [];
  const { lines } = doc;
  const existing = pair.outputProperty;
  if (existing) {
    const value = existing.children?.[1];
    if (!value) return [];
    const indent = lines.indentationAt(existing.offset);
    return [{ range: lines.rangeOf(value.offset, value.length), newText: gridText(colours, indent, doc.indentUnit, doc.eol) }];
  }
  const last = pair.node.children?.[pair.node.children.length - 1];
  if (!last) {
    const text = `"output": ${gridText(colours, lines.indentationAt(pair.node.offset), doc.indentUnit, doc.eol)}`;
    return [{ range: lines.rangeOf(pair.node.offset + 1, pair.node.length - 2), newText: text }];
  }
  const end = last.offset + last.length;
  const multiLine = lines.positionAt(last.offset).line !== lines.positionAt(pair.node.offset).line;
  const indent = lines.indentationAt(multiLine ? last.offset : pair.node.offset);
  const separator = multiLine ? `,${doc.eol}${indent}` : ', ';
  return [{ range: lines.rangeOf(end, 0), newText: `${separator}"output": ${gridText(colours, indent, doc.indentUnit, doc.eol)}` }];
}

/**
 * One colour into an existing test output cell. Without an output grid of a shape that holds the cell
 * there is no edit: a hint cannot decide the shape of an output that is not written yet.
 */
export function writeArcCell(doc: ArcDocument, instance: number, row: number, col: number, token: number): TextEditSpec[] {
  const output = doc.test[instance]?.output;
  const cell = output?.values ? output.rowNodes[row]?.children?.[col] : undefined;
  if (!cell || !arcVocabulary.isColourToken(token)) return [];
  const text = String(arcVocabulary.tokenColour(token));
  if (doc.text.slice(cell.offset, cell.offset + cell.length) === text) return [];
  return [{ range: doc.lines.rangeOf(cell.offset, cell.length), newText: text }];
}

/** Canonical JSON: 2-space indentation, each grid row on one line, keys in file order, values as written. */
export function formatArc(doc: ArcDocument): string | undefined {
  if (!doc.syntaxOk || !doc.root) return undefined;
  return printNode(doc, doc.root, '') + doc.eol;
}

/** `[\n<indent+unit>[0, 1],\n<indent+unit>[2, 3]\n<indent>]` */
export function gridText(colours: readonly (readonly number[])[], indent: string, unit: string, eol: string): string {
  if (colours.length === 0) return '[]';
  const rows = colours.map((row) => `${indent}${unit}[${row.join(', ')}]`);
  return `[${eol}${rows.join(`,${eol}`)}${eol}${indent}]`;
}

function tokensToColours(answer: TokenGrid): number[][] | undefined {
  const colours: number[][] = [];
  for (const row of answer) {
    const out: number[] = [];
    for (const token of row) {
      if (!arcVocabulary.isColourToken(token)) return undefined;
      out.push(arcVocabulary.tokenColour(token));
    }
    colours.push(out);
  }
  return colours;
}

function printNode(doc: ArcDocument, node: Node, indent: string): string {
  const inner = indent + '  ';
  const children = node.children ?? [];
  switch (node.type) {
    case 'object': {
      if (children.length === 0) return '{}';
      const props = children.map((prop) => {
        const [key, value] = prop.children ?? [];
        const keyText = key ? source(doc, key) : '""';
        return `${inner}${keyText}: ${value ? printNode(doc, value, inner) : 'null'}`;
      });
      return `{${doc.eol}${props.join(`,${doc.eol}`)}${doc.eol}${indent}}`;
    }
    case 'array': {
      if (children.length === 0) return '[]';
      if (isGridNode(node)) {
        const rows = children.map((row) => `${inner}[${(row.children ?? []).map((v) => source(doc, v)).join(', ')}]`);
        return `[${doc.eol}${rows.join(`,${doc.eol}`)}${doc.eol}${indent}]`;
      }
      const items = children.map((child) => `${inner}${printNode(doc, child, inner)}`);
      return `[${doc.eol}${items.join(`,${doc.eol}`)}${doc.eol}${indent}]`;
    }
    default:
      return source(doc, node);
  }
}

/** An array of arrays of numbers (a grid, or any matrix-like value): printed one row per line. */
function isGridNode(node: Node): boolean {
  const rows = node.children ?? [];
  return rows.length > 0 && rows.every((row) => row.type === 'array' && (row.children ?? []).every((v) => v.type === 'number'));
}

function source(doc: ArcDocument, node: Node): string {
  return doc.text.slice(node.offset, node.offset + node.length);
}
