// TrainingSession checkpoints: N steps straight and N/2 steps + state() + restore() into a new session +
// N/2 steps end in bit-identical parameters, moments, EMA and step count; a state that does not fit the
// session is refused; the carry and the weights come back in the shapes the served graph uses.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TrmConfig } from '../../../server/src/trm/model/config';
import { trmDims } from '../../../server/src/trm/model/config';
import { Rng } from '../../../server/src/puzzles/common/random';
import { TrainingSession, type Carry, type StepBatch, type TrainingState } from '../../../server/src/trm/train/session';
import { smallConfig } from '../trm-fixtures';

const B = 3;

function batchAt(config: TrmConfig, k: number): StepBatch {
  const rng = new Rng(k, 'batch');
  const n = B * config.seqLen;
  return {
    inputs: Int32Array.from({ length: n }, () => 1 + rng.int(config.vocabSize - 1)),
    labels: Int32Array.from({ length: n }, () => rng.int(config.vocabSize)),
    puzzleIds: Int32Array.from({ length: B }, () => rng.int(Math.max(config.numPuzzleIdentifiers, 1))),
  };
}

/** Steps from..to-1, carrying the states and resetting one sequence every other step. */
async function run(session: TrainingSession, config: TrmConfig, from: number, to: number, carry: Carry): Promise<Carry> {
  for (let k = from; k < to; k++) {
    const result = await session.step(batchAt(config, k), carry, 1e-3 * (1 + k));
    carry = result.carry;
    if (k % 2 === 0) carry.reset[k % B] = 1;
  }
  return carry;
}

function assertSameState(a: TrainingState, b: TrainingState): void {
  assert.equal(a.step, b.step);
  for (const key of ['params', 'adamM', 'adamV', 'ema'] as const) {
    const x = a[key];
    const y = b[key];
    assert.ok(x && y, `${key} present in both`);
    assert.deepEqual([...x.keys()], [...y.keys()]);
    for (const [name, values] of x) assert.deepEqual(values, y.get(name), `${key} ${name} is bit-identical`);
  }
}

async function checkResume(config: TrmConfig): Promise<void> {
  const options = { batchSize: B, device: 'cpu' as const, seed: 4, emaDecay: 0.9, intraOpThreads: 2 };
  const straight = await TrainingSession.create(config, options);
  const first = await TrainingSession.create(config, options);
  const resumed = await TrainingSession.create(config, { ...options, seed: 99 });
  try {
    const endStraight = await run(straight, config, 0, 6, straight.initialCarry());
    const half = await run(first, config, 0, 3, first.initialCarry());
    resumed.restore(first.state());
    const endResumed = await run(resumed, config, 3, 6, half);
    assertSameState(straight.state(), resumed.state());
    assert.deepEqual(endResumed.y, endStraight.y, 'the carried y is identical too');
    assert.notDeepEqual(straight.state().params.get('lm_head.weight'), first.state().params.get('lm_head.weight'), 'training moved the weights');
  } finally {
    await Promise.all([straight.release(), first.release(), resumed.release()]);
  }
}

describe('TrainingSession state() / restore()', () => {
  it('resumes bit-exactly: mlp_t with a puzzle-embedding prefix', () =>
    checkResume(smallConfig({ mixer: 'mlp_t', posEncodings: 'none', puzzleEmbLen: 2, puzzleEmbNdim: 48, numPuzzleIdentifiers: 4 })));

  it('resumes bit-exactly: attention with RoPE', () => checkResume(smallConfig()));

  it('refuses a state of another config or without the EMA it needs, and gives served-graph shapes', async () => {
    const config = smallConfig({ mixer: 'mlp_t', posEncodings: 'none' });
    const withEma = await TrainingSession.create(config, { batchSize: B, device: 'cpu', emaDecay: 0.9 });
    const other = await TrainingSession.create(smallConfig({ mixer: 'mlp_t', posEncodings: 'none', hiddenSize: 64 }), { batchSize: B, device: 'cpu', emaDecay: 0.9 });
    const noEma = await TrainingSession.create(config, { batchSize: B, device: 'cpu' });
    try {
      assert.throws(() => withEma.restore(other.state()), /invalid training state: .*wrong size|invalid training state: weight/);
      assert.throws(() => withEma.restore(noEma.state()), /lacks EMA/);
      assert.throws(() => noEma.weights('ema'), /no EMA/);
      const carry = withEma.initialCarry();
      const { totalLen: L } = trmDims(config);
      assert.equal(carry.y.length, B * L * config.hiddenSize);
      assert.deepEqual(Array.from(carry.reset), [1, 1, 1]);
      const result = await withEma.step(batchAt(config, 0), carry, 1e-3);
      assert.equal(result.carry.y.length, carry.y.length);
      assert.equal(result.qHalt.length, B);
      assert.ok(Number.isFinite(result.loss) && Math.abs(result.loss - (result.lmLoss + 0.5 * result.qHaltLoss)) < 1e-5);
      await assert.rejects(withEma.step({ inputs: new Int32Array(5), labels: new Int32Array(5) }, carry, 1e-3), /batches of 3/);
    } finally {
      await Promise.all([withEma.release(), other.release(), noEma.release()]);
    }
  });
});
