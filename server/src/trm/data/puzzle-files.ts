/**
 * Generated puzzles as the files people open (`trm generate`), written through the domain so they come out
 * in each language's canonical layout and parse back to the same puzzle: `.sudoku` grids (with the solution
 * filled in and the puzzle kept in a `# puzzle:` line, as the extension writes answers, when asked),
 * `.maze` grids (optionally with the shortest path drawn), and single-task ARC JSON.
 */
import { arcLanguage, mazeLanguage, sudokuLanguage } from '../../puzzles';
import { LineIndex } from '../../puzzles/common/text';
import type { TextEditSpec, TokenGrid } from '../../puzzles/types';
import { mazeVocabulary, sudokuVocabulary } from '../../puzzles/vocabulary';
import type { ArcTask } from './arc/tasks';
import type { Maze } from '../../puzzles/maze/generate/generate';
import type { SudokuPuzzle } from '../../puzzles/sudoku/generate/generate';

export interface SudokuFileOptions {
  /** Lines written above the grid as `# ` comments. */
  comments?: readonly string[];
  /** Fill the grid with the solution (the givens stay recoverable from the `# puzzle:` line). */
  withSolution?: boolean;
}

export function sudokuFileText(puzzle: SudokuPuzzle, options: SudokuFileOptions = {}): string {
  const n = puzzle.size;
  const lines = (options.comments ?? []).map((c) => `# ${c}`);
  const rows: string[] = [];
  for (let r = 0; r < n; r++) rows.push(Array.from(puzzle.givens.subarray(r * n, (r + 1) * n), (d) => (d === 0 ? '.' : String(d))).join(''));
  const doc = sudokuLanguage.parse([...lines, ...rows, ''].join('\n'));
  const text = sudokuLanguage.format(doc);
  if (text === undefined) throw new Error(`the domain cannot read a generated ${n}x${n} sudoku (cannot happen)`);
  if (!options.withSolution) return text;
  const formatted = sudokuLanguage.parse(text);
  const answer: TokenGrid = [];
  for (let r = 0; r < n; r++) answer.push(Array.from(puzzle.solution.subarray(r * n, (r + 1) * n), (d) => sudokuVocabulary.digitToken(d)));
  return applyEdits(text, sudokuLanguage.writeAnswer(formatted, 0, answer));
}

export function mazeFileText(maze: Maze, options: { withPath?: boolean } = {}): string {
  const grid = options.withPath ? maze.label : maze.input;
  const text = grid.map((row) => row.map((t) => mazeVocabulary.tokenChar(t)).join('')).join('\n') + '\n';
  const formatted = mazeLanguage.format(mazeLanguage.parse(text));
  if (formatted === undefined) throw new Error('the domain cannot read a generated maze (cannot happen)');
  return formatted;
}

/** The single-task form `{"train": [...], "test": [...]}`; test outputs only when asked and known. */
export function arcTaskFileText(task: ArcTask, options: { withTestOutputs?: boolean } = {}): string {
  const value = {
    train: task.train.map((p) => ({ input: p.input, output: p.output })),
    test: task.test.map((p) => (options.withTestOutputs && p.output ? { input: p.input, output: p.output } : { input: p.input })),
  };
  const formatted = arcLanguage.format(arcLanguage.parse(JSON.stringify(value)));
  if (formatted === undefined) throw new Error(`the domain cannot read ARC task ${task.name} (cannot happen)`);
  return formatted;
}

/** Non-overlapping edits, all relative to `text`, applied back to front (an insertion after a replacement at the same offset). */
function applyEdits(text: string, edits: readonly TextEditSpec[]): string {
  const index = new LineIndex(text);
  const spans = edits
    .map((e) => ({ start: index.offsetAt(e.range.start), end: index.offsetAt(e.range.end), text: e.newText }))
    .sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const s of spans) out = out.slice(0, s.start) + s.text + out.slice(s.end);
  return out;
}
