/**
 * The recursion preview: how the model's answer evolved, supervision step by supervision step (and cycle
 * by cycle when asked), as small pictures with the cells that changed outlined, the halting confidence at
 * each step, where it halted, and which model ran where for how long. Used by the hover and by the
 * "Show Recursion Steps" command.
 */
import type { PuzzleKind, TokenGrid, WrongCell } from '../puzzles/types';
import { gridMarkdown, markKey, type CellMark } from '../render/grid-image';
import type { ModelSolution } from '../trm/runtime/puzzle-solver';
import { deviceName } from '../trm/runtime/device-names';

const COLUMNS = 4;

function changedMarks(before: TokenGrid | undefined, after: TokenGrid): Map<string, CellMark> {
  const marks = new Map<string, CellMark>();
  if (!before) return marks;
  after.forEach((row, r) =>
    row.forEach((token, c) => {
      if (before[r]?.[c] !== token) marks.set(markKey(r, c), 'changed');
    }),
  );
  return marks;
}

function haltProbability(q: number): string {
  return `${Math.round(100 / (1 + Math.exp(-q)))}%`;
}

function givensOf(kind: PuzzleKind, input: TokenGrid): boolean[][] | undefined {
  // Sudoku: digits present in the input are givens (drawn dark); model-filled digits are drawn blue.
  return kind === 'sudoku' ? input.map((row) => row.map((t) => t >= 2)) : undefined;
}

interface Frame {
  caption: string;
  grid: TokenGrid;
  marks: Map<string, CellMark>;
}

function table(kind: PuzzleKind, frames: Frame[], givens: boolean[][] | undefined, maxSide: number): string {
  const lines: string[] = [];
  for (let i = 0; i < frames.length; i += COLUMNS) {
    const row = frames.slice(i, i + COLUMNS);
    lines.push(`| ${row.map((f) => f.caption).join(' | ')} |`);
    lines.push(`|${row.map(() => ':---:').join('|')}|`);
    lines.push(`| ${row.map((f) => gridMarkdown(kind, f.grid, f.caption, { marks: f.marks, ...(givens ? { givens } : {}), maxSide })).join(' | ')} |`);
    lines.push('');
  }
  return lines.join('\n');
}

export interface RecursionViewOptions {
  /** The input the model read, to mark what the first step changed. */
  input: TokenGrid;
  wrongCells?: readonly WrongCell[];
  verdict?: string;
  perCycle: boolean;
  maxSide?: number;
}

export function recursionMarkdown(kind: PuzzleKind, solution: ModelSolution, options: RecursionViewOptions): string {
  const m = solution.model;
  const steps = solution.steps;
  const haltedAt = solution.halted
    ? `halted at step ${steps.length} (q_halt > 0, answer as at the step before)`
    : `ran all ${steps.length} steps${solution.haltStep !== undefined ? ` (would have halted at step ${solution.haltStep})` : ' without halting'}`;
  const header = [
    `**TRM recursion** — ${m.name} on ${deviceName(m.device)}, ${solution.ms.toFixed(0)} ms, ${haltedAt}`,
    '',
    `Each picture is the model's answer after a supervision step; orange outlines mark cells that changed since the step before.${
      options.wrongCells?.length ? ' Red outlines mark cells that fail verification.' : ''
    }`,
  ];
  if (options.verdict) header.push('', options.verdict);
  if (solution.note) header.push('', `_${solution.note}_`);

  const givens = givensOf(kind, options.input);
  const maxSide = options.maxSide ?? 136;
  const frames: Frame[] = [];
  let previous: TokenGrid | undefined = options.input;
  steps.forEach((step, s) => {
    const halt = `halt ${haltProbability(step.qHalt)}`;
    if (options.perCycle && step.cycles?.length) {
      step.cycles.forEach((grid, c) => {
        frames.push({ caption: `step ${s + 1}.${c + 1}${c === step.cycles!.length - 1 ? ` · ${halt}` : ''}`, grid, marks: changedMarks(previous, grid) });
        previous = grid;
      });
    } else {
      frames.push({ caption: `step ${s + 1} · ${halt}`, grid: step.answer, marks: changedMarks(previous, step.answer) });
      previous = step.answer;
    }
  });
  const last = frames[frames.length - 1];
  if (last && options.wrongCells) for (const c of options.wrongCells) last.marks.set(markKey(c.row, c.col), 'wrong');
  return [...header, '', table(kind, frames, givens, maxSide)].join('\n');
}
