import { PAD } from '../../puzzles/vocabulary';

/**
 * How long a model may think, by default, wherever it runs: the editor, `trm solve`, `trm eval` and the
 * trainer's final measurement share these, so a card's figures describe what a user gets.
 */

/** Most supervision steps per puzzle. */
export const DEFAULT_MAX_SUPERVISION_STEPS = 16;
/** Stop a puzzle early, by the rule of `haltsAt`, rather than running every step. */
export const DEFAULT_HALT_EARLY = true;

/**
 * The early-halting rule: stop at the first step whose halting logit is positive (q_halt > 0) and whose answer
 * is the one the step before gave. The paper's ACT stops at the first q_halt > 0; but a model's q_halt turns
 * positive on easy puzzles a step before the answer settles (sudoku-9x9: 90.3 % exact on 36-45 givens halting
 * there, 99.7 % running all 16 steps), and asking for one repeat recovers every one of those for about one
 * step more (docs/experiments.md, "What the halting rule costs"). Step 1 never halts: it has nothing to repeat.
 *
 * With `input`, only the positions the puzzle occupies (input token not PAD) are compared: a board smaller than
 * the model's canvas leaves padding whose answer tokens were never trained and may flicker forever.
 */
export function haltsAt(qHalt: number, answer: ArrayLike<number>, previous: ArrayLike<number> | undefined, input?: ArrayLike<number>): boolean {
  if (!(qHalt > 0) || previous === undefined || answer.length !== previous.length) return false;
  for (let i = 0; i < answer.length; i++) {
    if (input !== undefined && input[i] === PAD) continue;
    if (answer[i] !== previous[i]) return false;
  }
  return true;
}

/** The halting rule in words, for cards and eval's output. */
export function haltRuleText(haltEarly: boolean): string {
  return haltEarly ? 'stop at the first step with q_halt > 0 whose answer repeats the step before' : 'run every step';
}
