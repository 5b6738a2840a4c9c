// Which shipped model answers an ARC task, on the real models folder and the real ARC-AGI-1 training tasks:
// among the models whose canvas fits, one trained on the task comes before a smaller one that was not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { arcTaskKey } from '../../../server/src/puzzles';
import { loadArcCollections } from '../../../server/src/trm/data/arc/load';
import { arcTaskMaxSide } from '../../../server/src/trm/data';
import { arcDataDir } from '../../../server/src/trm/train/datasets';
import { listShippedModels, pickShippedModel } from '../../../server/src/trm/runtime/model-locator';

const shipped = listShippedModels('models');
const byName = (name: string) => shipped.find((m) => m.name.startsWith(name))!;

test('an ARC task goes to a fitting model trained on it before the smallest fitting one', () => {
  const small = byName('arc-8x8');
  const large = byName('arc-12x12');
  assert.ok(small && large, 'arc-8x8 and arc-12x12 ship');
  const tasks = loadArcCollections(arcDataDir(), ['arc-agi_training']).filter((t) => arcTaskMaxSide(t) <= 8);
  const keyed = tasks.map((t) => ({ t, key: arcTaskKey(t.train), side: arcTaskMaxSide(t) }));
  const largeOnly = keyed.filter((x) => large.taskKeys.has(x.key) && !small.taskKeys.has(x.key));
  const smallKnows = keyed.filter((x) => small.taskKeys.has(x.key));
  const neither = keyed.filter((x) => !large.taskKeys.has(x.key) && !small.taskKeys.has(x.key));
  assert.ok(largeOnly.length > 10 && smallKnows.length > 0 && neither.length > 0, `${largeOnly.length} / ${smallKnows.length} / ${neither.length} tasks`);
  for (const { key, side } of largeOnly) assert.equal(pickShippedModel(shipped, 'arc', { rows: side, cols: side, taskKey: key })?.name, large.name);
  for (const { key, side } of smallKnows) assert.equal(pickShippedModel(shipped, 'arc', { rows: side, cols: side, taskKey: key })?.name, small.name);
  for (const { key, side } of neither) assert.equal(pickShippedModel(shipped, 'arc', { rows: side, cols: side, taskKey: key })?.name, small.name, 'an unknown task: the smallest that fits');
  // No task key (a grid on its own): the smallest that fits; larger than 8x8: only the 12x12 fits.
  assert.equal(pickShippedModel(shipped, 'arc', { rows: 5, cols: 5 })?.name, small.name);
  assert.equal(pickShippedModel(shipped, 'arc', { rows: 10, cols: 9, taskKey: largeOnly[0]!.key })?.name, large.name);
  assert.equal(pickShippedModel(shipped, 'arc', { rows: 13, cols: 13 }), undefined);
});
