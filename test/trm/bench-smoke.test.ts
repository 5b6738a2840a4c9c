// The supervision-step benchmark runs end to end (on a tiny config, so it stays a quick test).
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { benchSupervisionStep } from '../../bench/trm-step';
import { smallConfig } from './trm-fixtures';

it('the step benchmark times every case and batch', async () => {
  const results = await benchSupervisionStep([{ name: 'tiny', config: smallConfig(), batches: [1, 2] }]);
  assert.deepEqual(results.map((r) => [r.name, r.batch]), [['tiny', 1], ['tiny', 2]]);
  for (const r of results) assert.ok(r.ms > 0 && r.minMs > 0 && r.minMs <= r.ms && r.runs >= 3 && r.gemmMs > 0 && r.ratio > 0);
});
