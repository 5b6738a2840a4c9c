/**
 * The words for a model's result, in one place: the solve command, the recursion command, the hover and the
 * CLI all say "solved by TRM X in N steps (…); verified / UNVERIFIED / fails verification" the same way.
 */
import { plural } from '../puzzles/common/text';
import { deviceName } from '../trm/runtime/device-names';
import type { ModelSolution } from '../trm/runtime/puzzle-solver';
import { describeWrongCells, type Proposal } from './proposals';

/** A proposal that carries a model answer. */
export type ModelProposal = Extract<Proposal, { solution: ModelSolution }>;

export interface ResultWords {
  verdict: 'verified' | 'unverified' | 'wrong';
  /** The one-line report (CLI, solve command): "solved by TRM sudoku-4x4-tiny in 2 steps (14 ms, CPU); verified by the exact solver". */
  line: string;
  /** The verdict on the final answer as a sentence (hover, recursion steps): "The final answer is correct (checked by the exact solver)." */
  sentence: string;
}

/** "2 steps, 14 ms, CPU": what the run cost and where it ran. */
export function runText(s: ModelSolution): string {
  return `${plural(s.steps.length, 'step')}, ${s.ms.toFixed(0)} ms, ${deviceName(s.model.device)}`;
}

export function describeResult(p: ModelProposal): ResultWords {
  const s = p.solution;
  const solvedBy = `solved by TRM ${s.model.name} in ${plural(s.steps.length, 'step')} (${s.ms.toFixed(0)} ms, ${deviceName(s.model.device)})`;
  switch (p.kind) {
    case 'model-verified':
      return { verdict: 'verified', line: `${solvedBy}; verified by the exact solver`, sentence: 'The final answer is correct (checked by the exact solver).' };
    case 'model-unverified':
      return { verdict: 'unverified', line: `${solvedBy}; UNVERIFIED: ${p.reason}`, sentence: `Unverified: ${p.reason}` };
    case 'model-wrong': {
      const wrong = p.wrongCells.length ? ` Wrong: ${describeWrongCells(p.wrongCells)}.` : '';
      return {
        verdict: 'wrong',
        line: `TRM ${s.model.name}'s answer fails verification (${runText(s)}): ${p.summary}${wrong}`,
        sentence: `The final answer fails verification: ${p.summary}`,
      };
    }
  }
}

/** The line with its first letter capitalised, for a message that starts with it. */
export function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
