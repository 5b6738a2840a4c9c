/** The early-halting rule (`haltsAt`) against an oracle written apart from it, on generated steps. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Rng } from '../../server/src/puzzles/common/random';
import { haltsAt } from '../../server/src/trm/model/supervision';

/** Halts when q_halt is positive and no board cell (input token other than 0) differs from the step before. */
function oracle(qHalt: number, answer: number[], previous: number[] | undefined, input: number[] | undefined): boolean {
  if (previous === undefined || qHalt <= 0 || Number.isNaN(qHalt)) return false;
  const changed = answer.map((v, i) => v !== previous[i]);
  const board = input ? input.map((t) => t !== 0) : answer.map(() => true);
  return !changed.some((c, i) => c && board[i]);
}

describe('the halting rule', () => {
  it('agrees with the oracle on 5000 generated steps', () => {
    const rng = new Rng(20261201, 'halt-rule');
    let halts = 0;
    for (let n = 0; n < 5000; n++) {
      const length = 1 + rng.int(40);
      const input = rng.int(4) === 0 ? undefined : Array.from({ length }, () => (rng.int(3) === 0 ? 0 : 1 + rng.int(5)));
      const previous = rng.int(8) === 0 ? undefined : Array.from({ length }, () => rng.int(6));
      const answer = Array.from({ length }, (_, i) => (previous && rng.int(length) > 1 ? previous[i]! : rng.int(6)));
      const qHalt = [-2, -0.1, 0, 0.1, 3, Number.NaN][rng.int(6)]!;
      const expected = oracle(qHalt, answer, previous, input);
      if (expected) halts++;
      assert.equal(
        haltsAt(qHalt, Int32Array.from(answer), previous && Int32Array.from(previous), input && Int32Array.from(input)),
        expected,
        JSON.stringify({ qHalt, answer, previous, input }),
      );
    }
    assert.ok(halts > 200 && halts < 4800, `both verdicts occur (${halts} halts)`);
  });

  it('never halts at step 1, nor on q_halt 0; ignores changes in the padding, not on the board', () => {
    const same = Int32Array.of(2, 3, 4);
    assert.equal(haltsAt(5, same, undefined), false);
    assert.equal(haltsAt(0, same, same), false);
    assert.equal(haltsAt(0.01, same, same), true);
    assert.equal(haltsAt(5, Int32Array.of(2, 3, 9), same, Int32Array.of(1, 1, 0)), true);
    assert.equal(haltsAt(5, Int32Array.of(2, 9, 4), same, Int32Array.of(1, 1, 0)), false);
    assert.equal(haltsAt(5, Int32Array.of(2, 3, 9), same), false);
  });
});
