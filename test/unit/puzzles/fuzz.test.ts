/**
 * Malformed input never throws: random text, truncated files, mutated examples and examples with cells
 * changed (which stay readable, so they reach the solvers and edits) go through every entry point of every
 * language. Seeded, so a failure names a reproducible case.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { languageFor } from '../../../server/src/puzzles';
import type { ParsedPuzzle, PuzzleKind, PuzzleLanguage, SourceRange, TokenGrid } from '../../../server/src/puzzles/types';
import { applyEdits, repoFile, seededRandom } from './helpers';

const SEEDS: Record<PuzzleKind, string[]> = {
  sudoku: [
    'examples/sudoku/easy-9x9.sudoku',
    'examples/sudoku/hard-9x9.sudoku',
    'examples/sudoku/six-6x6.sudoku',
    'examples/sudoku/small-4x4.sudoku',
    'examples/sudoku/one-line.sudoku',
  ].map(repoFile),
  maze: ['examples/maze/small.maze', 'examples/maze/solved.maze', 'examples/broken/long-path.maze'].map(repoFile),
  arc: ['test/fixtures/arc/6150a2bd.arc.json', 'test/fixtures/arc/25ff71a9-solved.arc.json', 'examples/broken/ragged.arc.json'].map(repoFile),
};

const ALPHABETS: Record<PuzzleKind, string> = {
  sudoku: '123456789.0_ |-+=#\n\n\n\r\tx',
  maze: '#  .SGo\n\n\n\r\tx',
  arc: '[[[]]],,, 0123456789{}":\n-.etrainstoupu',
};
/** Characters that can replace each other and keep a document readable, so deeper paths get exercised. */
const CELLS: Record<PuzzleKind, string> = {
  sudoku: '123456789.',
  maze: '# o',
  arc: '0123456789',
};
const NOISE = ['😀', '\u00a0', '\ufeff', '\r\n', '\\', '"', '#', 'é'];

const CASES_PER_KIND = 300;

function randomText(rand: () => number, alphabet: string): string {
  const length = Math.floor(rand() * 300);
  let out = '';
  for (let i = 0; i < length; i++) out += rand() < 0.05 ? NOISE[Math.floor(rand() * NOISE.length)]! : alphabet[Math.floor(rand() * alphabet.length)]!;
  return out;
}

function mutate(rand: () => number, text: string, alphabet: string): string {
  let out = text;
  const edits = 1 + Math.floor(rand() * 5);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(rand() * (out.length + 1));
    const ch = rand() < 0.1 ? NOISE[Math.floor(rand() * NOISE.length)]! : alphabet[Math.floor(rand() * alphabet.length)]!;
    const op = rand();
    if (op < 0.33) out = out.slice(0, at) + ch + out.slice(at);
    else if (op < 0.66) out = out.slice(0, at) + out.slice(at + 1);
    else out = out.slice(0, at) + ch + out.slice(at + 1);
  }
  return out;
}

function recolour(rand: () => number, text: string, cells: string): string {
  const chars = [...text];
  const edits = 1 + Math.floor(rand() * 12);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(rand() * chars.length);
    if (cells.includes(chars[at]!)) chars[at] = cells[Math.floor(rand() * cells.length)]!;
  }
  return chars.join('');
}

function randomGrid(rand: () => number, rows: number, cols: number): TokenGrid {
  const shapeNoise = rand() < 0.2;
  const r = shapeNoise ? Math.floor(rand() * 5) : rows;
  return Array.from({ length: r }, () => Array.from({ length: shapeNoise ? Math.floor(rand() * 5) : cols }, () => Math.floor(rand() * 14) - 1));
}

function assertRange(range: SourceRange, lineCount: number, where: string): void {
  for (const p of [range.start, range.end]) {
    assert.ok(Number.isInteger(p.line) && p.line >= 0 && p.line < lineCount, `${where}: line ${p.line} of ${lineCount}`);
    assert.ok(Number.isInteger(p.character) && p.character >= 0, `${where}: character ${p.character}`);
  }
  assert.ok(range.start.line < range.end.line || (range.start.line === range.end.line && range.start.character <= range.end.character), `${where}: inverted range`);
}

function exercise(language: PuzzleLanguage<ParsedPuzzle>, text: string, rand: () => number): void {
  const lineCount = text.split(/\r\n|\r|\n/).length;
  const doc = language.parse(text);
  const problems = language.diagnose(doc);
  for (const p of problems) {
    assertRange(p.range, lineCount, p.code);
    assert.match(p.code, new RegExp(`^${language.kind}/[a-z-]+$`));
    assert.ok(['error', 'warning', 'information'].includes(p.severity));
    for (const rel of p.related ?? []) assertRange(rel.range, lineCount, `${p.code} related`);
  }
  const instances = language.instances(doc);
  for (const instance of [...instances, { index: 7, rows: 3, cols: 3 }]) {
    const { index, rows, cols } = instance;
    language.exactSolve(doc, index);
    const answer = randomGrid(rand, rows, cols);
    language.verify(doc, index, answer);
    applyEdits(text, language.writeAnswer(doc, index, answer));
    applyEdits(text, language.writeCell(doc, index, Math.floor(rand() * rows), Math.floor(rand() * cols), Math.floor(rand() * 13)));
    const range = language.answerCellRange(doc, index, Math.floor(rand() * rows), Math.floor(rand() * cols));
    if (range) assertRange(range, lineCount, 'answer cell');
  }
  for (const instance of instances) {
    const canvas = language.kind === 'sudoku' ? { rows: instance.rows, cols: instance.cols } : { rows: 30, cols: 30 };
    language.toModelInput(instance, canvas);
    const output = Array.from({ length: canvas.rows * canvas.cols }, () => Math.floor(rand() * 13));
    language.fromModelOutput(instance, canvas, output);
  }
  for (let i = 0; i < 5; i++) {
    const position = { line: Math.floor(rand() * (lineCount + 1)), character: Math.floor(rand() * 40) };
    const facts = language.describe(doc, position);
    if (facts) assertRange(facts.range, lineCount, 'hover');
    language.cellAt(doc, position);
  }
  const formatted = language.format(doc);
  if (formatted !== undefined) language.diagnose(language.parse(formatted));
}

describe('malformed input never throws', () => {
  for (const kind of ['sudoku', 'maze', 'arc'] as const) {
    it(`${kind}: ${CASES_PER_KIND} random, truncated, mutated and recoloured documents`, () => {
      const language = languageFor(kind);
      const rand = seededRandom(kind.length * 7919);
      for (let i = 0; i < CASES_PER_KIND; i++) {
        const seed = SEEDS[kind][i % SEEDS[kind].length]!;
        const mode = i % 4;
        const text =
          mode === 0 ? randomText(rand, ALPHABETS[kind])
          : mode === 1 ? seed.slice(0, Math.floor(rand() * seed.length))
          : mode === 2 ? mutate(rand, seed, ALPHABETS[kind])
          : recolour(rand, seed, CELLS[kind]);
        try {
          exercise(language, text, rand);
        } catch (error) {
          assert.fail(`case ${i} (${JSON.stringify(text.slice(0, 200))}): ${(error as Error).stack}`);
        }
      }
    });
  }
});
