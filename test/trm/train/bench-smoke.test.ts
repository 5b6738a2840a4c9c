// The training-step benchmark runs end to end (on the tiny case only, so it stays a quick test).
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { TRAIN_BENCH_CASES, benchTrainStep } from '../../../bench/train-step';

it('the training-step benchmark times a case and names it', async () => {
  const tiny = TRAIN_BENCH_CASES.filter((c) => c.name.startsWith('tiny'));
  assert.equal(tiny.length, 1);
  const results = await benchTrainStep(tiny);
  assert.deepEqual(results.map((r) => [r.name, r.batch]), [[tiny[0]!.name, tiny[0]!.batch]]);
  assert.ok(results.every((r) => r.msPerStep > 0 && r.servedMsPerStep > 0 && Math.abs(r.perServedStep - r.msPerStep / r.servedMsPerStep) < 1e-9));
});
