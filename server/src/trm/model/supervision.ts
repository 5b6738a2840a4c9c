/**
 * How long a model may think, by default, wherever it runs: the editor, `trm solve`, `trm eval` and the
 * trainer's final measurement share these, so a card's figures describe what a user gets.
 */

/** Most supervision steps per puzzle. */
export const DEFAULT_MAX_SUPERVISION_STEPS = 16;
/** Stop at the first step whose halting logit is positive (q_halt > 0), as the paper's ACT does at test time. */
export const DEFAULT_HALT_EARLY = true;

/** The halting rule in words, for cards and eval's output. */
export function haltRuleText(haltEarly: boolean): string {
  return haltEarly ? 'stop at the first step with q_halt > 0' : 'run every step';
}
