/** `--trace`: the model's answer after every supervision step, as text grids, for the terminal. */
import type { PuzzleLanguage, TokenGrid } from '../puzzles/types';
import type { ModelSolution } from '../trm/runtime/puzzle-solver';
import { deviceName } from '../trm/runtime/device-names';

function gridText(language: PuzzleLanguage, grid: TokenGrid): string {
  const sep = language.kind === 'maze' ? '' : ' ';
  return grid.map((row) => row.map((t) => language.tokenText(t)).join(sep)).join('\n');
}

function changedCells(a: TokenGrid | undefined, b: TokenGrid): number {
  if (!a) return 0;
  let n = 0;
  b.forEach((row, r) => row.forEach((t, c) => (n += a[r]?.[c] === t ? 0 : 1)));
  return n;
}

export function traceText(language: PuzzleLanguage, label: string, input: TokenGrid, solution: ModelSolution): string {
  const m = solution.model;
  const lines = [
    `${label}: ${m.name} on ${deviceName(m.device)}, ${solution.ms.toFixed(1)} ms, ${solution.steps.length} supervision steps${solution.halted ? ' (halted: q_halt > 0, answer as at the step before)' : ''}`,
  ];
  let previous: TokenGrid | undefined = input;
  solution.steps.forEach((step, s) => {
    const halt = 100 / (1 + Math.exp(-step.qHalt));
    lines.push(`-- step ${s + 1}: q_halt ${step.qHalt.toFixed(2)} (halt ${halt.toFixed(0)}%), ${changedCells(previous, step.answer)} cells changed`);
    lines.push(gridText(language, step.answer));
    previous = step.answer;
  });
  return `${lines.join('\n')}\n`;
}
