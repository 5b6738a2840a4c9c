/**
 * Reads an ARC task file, `{"train": [{"input": G, "output": G}, ...], "test": [{"input": G, "output"?: G}]}`
 * with G a list of rows of colours 0..9 (at most 30 x 30), keeping every node's offsets so each problem
 * lands on the exact grid, row or value. Strict JSON: comments and trailing commas are syntax errors,
 * since the tools that read ARC tasks use plain JSON parsers. Unknown keys are ignored.
 */
import { type Node, type ParseError, parseTree, printParseErrorCode } from 'jsonc-parser';
import type { ParsedPuzzle, Problem, SourceRange } from '../types';
import { detectEol, LineIndex } from '../common/text';
import { CappedProblems, MAX_ARC_CHARS, tooLargeProblem } from '../common/limits';

export const ARC_MAX_SIZE = 30;
/** Value problems reported per grid before they are summarised, so a pasted wrong file stays readable. */
const MAX_VALUE_PROBLEMS = 10;
/** ARC needs 5 levels of nesting; anything far deeper is not a task and would exhaust the parser's stack. */
const MAX_DEPTH = 64;

export type ArcSection = 'train' | 'test';

export interface ArcGrid {
  node: Node;
  range: SourceRange;
  /** The row arrays (only those that are arrays). */
  rowNodes: Node[];
  rows: number;
  /** The grid's width: its most common row length. */
  cols: number;
  /** The colours, when the grid is valid: rectangular, 1..30 x 1..30, every value an integer 0..9. */
  values: number[][] | undefined;
}

export interface ArcPair {
  section: ArcSection;
  /** Zero-based position in its section. */
  index: number;
  node: Node;
  range: SourceRange;
  input: ArcGrid | undefined;
  output: ArcGrid | undefined;
  /** The `"output"` property, for replacing it. */
  outputProperty: Node | undefined;
}

export interface ArcDocument extends ParsedPuzzle {
  kind: 'arc';
  root: Node | undefined;
  lines: LineIndex;
  /** False when the JSON itself is broken; the task structure is then not read. */
  syntaxOk: boolean;
  train: ArcPair[];
  test: ArcPair[];
  eol: string;
  /** One level of the file's indentation, for inserted JSON. */
  indentUnit: string;
}

export function parseArc(text: string): ArcDocument {
  const lines = new LineIndex(text);
  const problems: Problem[] = [];
  const doc: ArcDocument = {
    kind: 'arc',
    text,
    problems,
    root: undefined,
    lines,
    syntaxOk: false,
    train: [],
    test: [],
    eol: detectEol(text),
    indentUnit: detectIndentUnit(text),
  };

  if (text.length > MAX_ARC_CHARS) {
    problems.push(tooLargeProblem('arc/too-large', 'an ARC task', text.length, MAX_ARC_CHARS));
    return doc;
  }
  const tooDeep = depthExceeded(text);
  if (tooDeep !== undefined) {
    problems.push({ range: lines.rangeOf(tooDeep, 1), severity: 'error', code: 'arc/too-deep', message: `The JSON nests deeper than ${MAX_DEPTH} levels here; an ARC task needs 5.` });
    return doc;
  }
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  doc.root = root;
  const reported = new Set<number>();
  const syntaxProblems = new CappedProblems(problems);
  for (const error of errors) {
    // One mistake often yields several errors at one offset (a trailing comma: no name, no value).
    if (reported.has(error.offset)) continue;
    reported.add(error.offset);
    const at = () => lines.rangeOf(error.offset, Math.max(error.length, error.offset < text.length ? 1 : 0));
    syntaxProblems.add(() => ({
      range: at(),
      severity: 'error',
      code: 'arc/syntax-error',
      message: isAfterTrailingComma(text, error.offset) ? 'JSON syntax error: trailing commas are not allowed.' : syntaxMessage(printParseErrorCode(error.error)),
    }));
  }
  syntaxProblems.finish('arc/syntax-error', 'JSON syntax errors');
  if (errors.length > 0) return doc;
  doc.syntaxOk = true;

  const at = (node: Node): SourceRange => lines.rangeOf(node.offset, node.length);
  const report = (range: SourceRange, code: string, message: string): void => {
    problems.push({ range, severity: 'error', code, message });
  };

  if (!root || root.type !== 'object') {
    report(root ? at(root) : lines.rangeOf(0, 0), 'arc/not-an-object', 'An ARC task is a JSON object with "train" and "test" arrays of {"input", "output"} pairs.');
    return doc;
  }
  for (const section of ['train', 'test'] as const) {
    const value = propertyValue(root, section);
    if (!value) {
      report(firstLineOf(doc, root), `arc/missing-${section}`, `The task has no "${section}" array.`);
      continue;
    }
    if (value.type !== 'array') {
      report(at(value), 'arc/not-an-array', `"${section}" must be an array of {"input", "output"} pairs.`);
      continue;
    }
    const pairProblems = new CappedProblems(problems);
    (value.children ?? []).forEach((pairNode, index) => {
      const label = `${section} ${index + 1}`;
      if (pairNode.type !== 'object') {
        pairProblems.add({ range: at(pairNode), severity: 'error', code: 'arc/pair-not-object', message: `${capitalise(label)} must be an object with "input"${section === 'train' ? ' and "output"' : ''}.` });
        return;
      }
      const inputNode = propertyValue(pairNode, 'input');
      const outputProperty = property(pairNode, 'output');
      const outputNode = outputProperty?.children?.[1];
      if (!inputNode) report(firstLineOf(doc, pairNode), 'arc/missing-input', `${capitalise(label)} has no "input" grid.`);
      if (!outputNode && section === 'train') report(firstLineOf(doc, pairNode), 'arc/missing-output', `${capitalise(label)} has no "output" grid.`);
      doc[section].push({
        section,
        index,
        node: pairNode,
        range: at(pairNode),
        input: inputNode ? readGrid(doc, inputNode, `${label} input`) : undefined,
        output: outputNode ? readGrid(doc, outputNode, `${label} output`) : undefined,
        outputProperty,
      });
    });
    pairProblems.finish('arc/pair-not-object', `"${section}" entries that are not pairs`);
  }
  return doc;
}

export function property(object: Node, key: string): Node | undefined {
  for (const prop of object.children ?? []) {
    const keyNode = prop.children?.[0];
    if (keyNode && keyNode.value === key) return prop;
  }
  return undefined;
}

export function propertyValue(object: Node, key: string): Node | undefined {
  return property(object, key)?.children?.[1];
}

function readGrid(doc: ArcDocument, node: Node, label: string): ArcGrid {
  const { lines, problems } = doc;
  const range = lines.rangeOf(node.offset, node.length);
  const grid: ArcGrid = { node, range, rowNodes: [], rows: 0, cols: 0, values: undefined };
  const before = problems.length;
  const report = (r: SourceRange, code: string, message: string): void => {
    problems.push({ range: r, severity: 'error', code, message });
  };
  if (node.type !== 'array') {
    report(range, 'arc/grid-not-array', `The ${label} must be a grid: a list of rows, each a list of colours 0..9.`);
    return grid;
  }
  const children = node.children ?? [];
  grid.rows = children.length;
  const rowProblems = new CappedProblems(problems);
  children.forEach((row, r) => {
    if (row.type === 'array') grid.rowNodes.push(row);
    else rowProblems.add({ range: lines.rangeOf(row.offset, row.length), severity: 'error', code: 'arc/grid-not-array', message: `Row ${r + 1} of the ${label} is not a list of colours.` });
  });
  rowProblems.finish('arc/grid-not-array', `rows of the ${label} that are not lists of colours`);
  if (grid.rowNodes.length !== children.length) return grid;

  grid.cols = commonLength(grid.rowNodes);
  if (grid.rows === 0 || grid.cols === 0) {
    report(range, 'arc/empty-grid', `The ${label} is empty; a grid has at least one row and one column.`);
    return grid;
  }
  const raggedRows = new CappedProblems(problems);
  grid.rowNodes.forEach((row, r) => {
    const n = row.children?.length ?? 0;
    if (n !== grid.cols) {
      raggedRows.add({ range: lines.rangeOf(row.offset, row.length), severity: 'error', code: 'arc/ragged-grid', message: `Row ${r + 1} of the ${label} has ${n} ${n === 1 ? 'value' : 'values'}; the grid is ${grid.cols} wide.` });
    }
  });
  raggedRows.finish('arc/ragged-grid', `rows of the ${label} of another width`);
  if (grid.rows > ARC_MAX_SIZE || grid.cols > ARC_MAX_SIZE) {
    report(range, 'arc/grid-too-large', `The ${label} is ${grid.rows}x${grid.cols}; ARC grids are at most ${ARC_MAX_SIZE}x${ARC_MAX_SIZE}.`);
  }
  let valueProblems = 0;
  const values: number[][] = [];
  for (const row of grid.rowNodes) {
    const colours: number[] = [];
    for (const cell of row.children ?? []) {
      const v: unknown = cell.value;
      if (cell.type === 'number' && typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 9) {
        colours.push(v);
        continue;
      }
      valueProblems++;
      if (valueProblems <= MAX_VALUE_PROBLEMS) {
        const found = doc.text.slice(cell.offset, cell.offset + Math.min(cell.length, 20));
        report(lines.rangeOf(cell.offset, cell.length), 'arc/invalid-colour', `Colours are integers 0..9; found ${found}.`);
      }
    }
    values.push(colours);
  }
  if (valueProblems > MAX_VALUE_PROBLEMS) {
    report(range, 'arc/invalid-colour', `The ${label} has ${valueProblems - MAX_VALUE_PROBLEMS} more values that are not colours 0..9.`);
  }
  if (problems.length === before) grid.values = values;
  return grid;
}

/** The most common row length; ties go to the earliest row, so the first row sets the width by default. */
function commonLength(rows: readonly Node[]): number {
  const counts = new Map<number, number>();
  let best = rows[0]?.children?.length ?? 0;
  for (const row of rows) {
    const n = row.children?.length ?? 0;
    const count = (counts.get(n) ?? 0) + 1;
    counts.set(n, count);
    if (count > (counts.get(best) ?? 0)) best = n;
  }
  return best;
}

/** From an object's opening brace to the end of its first line (or its end, if sooner). */
function firstLineOf(doc: ArcDocument, node: Node): SourceRange {
  const start = doc.lines.positionAt(node.offset);
  const end = doc.lines.positionAt(node.offset + node.length);
  if (end.line === start.line) return { start, end };
  const lineEnd = doc.lines.offsetAt({ line: start.line + 1, character: 0 });
  let endOffset = lineEnd;
  while (endOffset > node.offset + 1 && /[\r\n]/.test(doc.text[endOffset - 1]!)) endOffset--;
  return { start, end: doc.lines.positionAt(endOffset) };
}

function isAfterTrailingComma(text: string, offset: number): boolean {
  const next = text[offset];
  if (next !== '}' && next !== ']') return false;
  let i = offset - 1;
  while (i >= 0 && /\s/.test(text[i]!)) i--;
  return text[i] === ',';
}

function depthExceeded(text: string): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 92 /* \ */) i++;
      else if (ch === 34 /* " */) inString = false;
    } else if (ch === 34) inString = true;
    else if (ch === 91 /* [ */ || ch === 123 /* { */) {
      if (++depth > MAX_DEPTH) return i;
    } else if (ch === 93 /* ] */ || ch === 125 /* } */) depth--;
  }
  return undefined;
}

function detectIndentUnit(text: string): string {
  const m = /\n([ \t]+)\S/.exec(text);
  if (!m) return '  ';
  return m[1]!.startsWith('\t') ? '\t' : m[1]!;
}

const SYNTAX_MESSAGES: Record<string, string> = {
  InvalidSymbol: 'Invalid symbol.',
  InvalidNumberFormat: 'Invalid number.',
  PropertyNameExpected: 'Expected a property name in double quotes.',
  ValueExpected: 'Expected a value.',
  ColonExpected: "Expected ':' after the property name.",
  CommaExpected: "Expected ','.",
  CloseBraceExpected: "Expected '}'.",
  CloseBracketExpected: "Expected ']'.",
  EndOfFileExpected: 'Expected the end of the file after the top-level value.',
  InvalidCommentToken: 'Comments are not allowed in JSON.',
  UnexpectedEndOfComment: 'Unterminated comment.',
  UnexpectedEndOfString: 'Unterminated string.',
  UnexpectedEndOfNumber: 'Unterminated number.',
  InvalidUnicode: 'Invalid unicode escape.',
  InvalidEscapeCharacter: 'Invalid escape character.',
  InvalidCharacter: 'Invalid character.',
};

function syntaxMessage(code: string): string {
  return `JSON syntax error: ${SYNTAX_MESSAGES[code] ?? code}`;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
