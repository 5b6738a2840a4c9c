// The held-out ARC tasks are what the committed list says and the rule re-derives, and no held-out task and
// no task of the evaluation collection reaches a training set: checked against the raw task files, read here
// with JSON.parse and compared grid by grid, sharing no code with the loader or the selection.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { buildArcTaskSet, loadArcCollection, parseArcCollection } from '../../../server/src/trm/data';
import { parseArcHeldOut, pickArcHeldOut } from '../../../server/src/trm/data/arc/held-out';
import { arcExcludedNames, buildDataset } from '../../../server/src/trm/train/datasets';
import type { DataPlan } from '../../../server/src/trm/train/presets';

const ARC_DIR = fileURLToPath(new URL('../../../../shared/data/arc', import.meta.url));
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const HELD_OUT_FILE = join(ROOT, 'models/arc-heldout.json');

type Grid = number[][];
type RawTask = { train: { input: Grid; output: Grid }[]; test: { input: Grid; output?: Grid }[] };
const raw = (name: string): Record<string, RawTask> => JSON.parse(readFileSync(join(ARC_DIR, `${name}.json`), 'utf8')) as Record<string, RawTask>;
const rawSolutions = (name: string): Record<string, Grid[]> => JSON.parse(readFileSync(join(ARC_DIR, `${name}.json`), 'utf8')) as Record<string, Grid[]>;

/** Every (input, output) pair of a raw task, test pairs with their solutions when known. */
function rawPairs(task: RawTask, solutions: Grid[] | undefined): string[] {
  const pairs = task.train.map((p) => JSON.stringify([p.input, p.output]));
  task.test.forEach((p, i) => {
    const out = solutions?.[i] ?? p.output;
    if (out) pairs.push(JSON.stringify([p.input, out]));
  });
  return pairs;
}

function rawMaxSide(task: RawTask, solutions: Grid[] | undefined): number {
  const grids = [...task.train.flatMap((p) => [p.input, p.output]), ...task.test.map((p) => p.input), ...(solutions ?? [])];
  return Math.max(...grids.flatMap((g) => [g.length, g[0]!.length]));
}

const heldOut = parseArcHeldOut(JSON.parse(readFileSync(HELD_OUT_FILE, 'utf8')) as unknown, HELD_OUT_FILE);

/** The plan `trm train --kind arc --collections ... --held-out models/arc-heldout.json` builds. */
const plan: Extract<DataPlan, { kind: 'arc' }> = {
  kind: 'arc',
  collections: ['arc-agi_training', 'arc-agi_training2', 'arc-agi_concept'],
  maxSide: 12,
  taskCount: 100000,
  augmentationIds: 4,
  heldOutTasks: heldOut.tasks,
  excludeIdsOf: heldOut.excludedIdsOf,
  firstOfEachName: true,
};

describe('held-out ARC tasks', () => {
  it('models/arc-heldout.json is what its rule picks from the task files', () => {
    const evaluationIds = new Set(loadArcCollection(ARC_DIR, 'arc-agi_evaluation').map((t) => t.name));
    const again = pickArcHeldOut(loadArcCollection(ARC_DIR, heldOut.collection), heldOut, evaluationIds, heldOut.excludedIdsOf);
    assert.deepEqual(again, heldOut);
  });

  it('are ARC-AGI-1 training tasks that fit the canvas, none with an evaluation id (raw files)', () => {
    const training = raw('arc-agi_training_challenges');
    const solutions = rawSolutions('arc-agi_training_solutions');
    const evaluation = raw('arc-agi_evaluation_challenges');
    assert.equal(heldOut.tasks.length, 30);
    assert.equal(new Set(heldOut.tasks).size, heldOut.tasks.length);
    for (const name of heldOut.tasks) {
      assert.ok(training[name], `${name} is an ARC-AGI-1 training task`);
      assert.ok(!(name in evaluation), `${name} is not an evaluation id`);
      assert.ok(rawMaxSide(training[name]!, solutions[name]) <= heldOut.maxSide, `${name} fits ${heldOut.maxSide}x${heldOut.maxSide}`);
    }
  });

  it('a different seed picks a different list (the seed is not ignored)', () => {
    const again = pickArcHeldOut(loadArcCollection(ARC_DIR, heldOut.collection), { ...heldOut, seed: heldOut.seed + 1 }, new Set(), []);
    assert.notDeepEqual(again.tasks, heldOut.tasks);
  });
});

describe('the base model training set', () => {
  const built = buildDataset({ kind: 'arc', size: 12, seed: 1, plan });
  const tasks = (built.source.description.settings as { tasks: { name: string; collection: string }[] }).tasks;
  const set = buildArcTaskSet(
    plan.collections.flatMap((c) => loadArcCollection(ARC_DIR, c)),
    { seed: 1, select: { maxSide: 12, count: plan.taskCount, excludeNames: arcExcludedNames(ARC_DIR, plan), firstOfEachName: true }, augmentationIds: 4 },
  );

  it('holds no held-out task and no evaluation id, in any collection (raw files)', () => {
    const evaluation = raw('arc-agi_evaluation_challenges');
    const forbidden = new Set([...heldOut.tasks, ...Object.keys(evaluation)]);
    assert.ok(tasks.length > 250, `${tasks.length} training tasks`);
    for (const t of tasks) assert.ok(!forbidden.has(t.name), `${t.collection}/${t.name} is held out or an evaluation id`);
    // ARC-AGI-2 training repeats held-out ids with other pairs: the id is what keeps them out.
    const training2 = raw('arc-agi_training2_challenges');
    assert.deepEqual(heldOut.tasks.filter((n) => n in training2), heldOut.tasks, 'every held-out id is also in ARC-AGI-2 training');
  });

  it('trains on no pair of a held-out task or an evaluation task, whatever task it came under (raw files)', () => {
    const forbidden = new Set<string>();
    const training = raw('arc-agi_training_challenges');
    const solutions = rawSolutions('arc-agi_training_solutions');
    for (const name of heldOut.tasks) for (const p of rawPairs(training[name]!, solutions[name])) forbidden.add(p);
    const evaluation = raw('arc-agi_evaluation_challenges');
    for (const task of Object.values(evaluation)) for (const p of rawPairs(task, undefined)) forbidden.add(p);
    assert.deepEqual(set.entries.map((e) => e.task.name), tasks.map((t) => t.name));
    let pairs = 0;
    for (const entry of set.entries) {
      for (const p of [...entry.task.train, ...entry.task.test.filter((t) => t.output)]) {
        pairs++;
        assert.ok(!forbidden.has(JSON.stringify([p.input, p.output])), `${entry.task.collection}/${entry.task.name} holds a held-out or evaluation pair`);
      }
    }
    assert.ok(pairs > 1000);
  });

  it('is the set models/arc-12x12 was trained on (its card\'s plan and task list)', () => {
    const card = JSON.parse(readFileSync(join(ROOT, 'models/arc-12x12.card.json'), 'utf8')) as { dataset: { size: number; seed: number; plan: unknown }; arcTasks: Record<string, string> };
    assert.deepEqual(card.dataset.plan, plan);
    assert.deepEqual({ size: card.dataset.size, seed: card.dataset.seed }, { size: 12, seed: 1 });
    assert.deepEqual(Object.values(card.arcTasks).sort(), tasks.map((t) => `${t.collection}/${t.name}`).sort());
  });

  it('takes each id once: the ARC-AGI-1 version of a task, not its ARC-AGI-2 repeat', () => {
    const names = tasks.map((t) => t.name);
    assert.equal(new Set(names).size, names.length);
    const training = raw('arc-agi_training_challenges');
    for (const t of tasks) if (t.name in training) assert.equal(t.collection, 'arc-agi_training', t.name);
  });
});

describe('ARC task selection', () => {
  const grid = (c: number): number[][] => [[c, 0], [0, c]];
  // Each task's demonstrations differ (colour from the collection and the id), so none is a key duplicate.
  const collection = (name: string, ids: string[], offset: number) =>
    parseArcCollection(name, Object.fromEntries(ids.map((id, i) => [id, { train: [{ input: grid(offset + i), output: grid(offset + i + 1) }], test: [{ input: grid(offset + i) }] }])));
  const a = collection('a', ['t1', 't2', 't3'], 1);
  const b = collection('b', ['t2', 't4'], 5);

  it('excludeNames leaves a task out in every collection', () => {
    const set = buildArcTaskSet([...a, ...b], { seed: 0, select: { excludeNames: ['t2'] } });
    assert.deepEqual(set.entries.map((e) => `${e.task.collection}/${e.task.name}`), ['a/t1', 'a/t3', 'b/t4']);
  });

  it('firstOfEachName keeps the first collection\'s task of an id, and without it both stay', () => {
    const first = buildArcTaskSet([...a, ...b], { seed: 0, select: { firstOfEachName: true } });
    assert.deepEqual(first.entries.map((e) => `${e.task.collection}/${e.task.name}`), ['a/t1', 'a/t2', 'a/t3', 'b/t4']);
    const both = buildArcTaskSet([...a, ...b], { seed: 0 });
    assert.equal(both.entries.length, 5);
  });

  it('refuses to hold out more tasks than fit', () => {
    assert.throws(() => pickArcHeldOut(a, { collection: 'a', maxSide: 2, count: 4, seed: 0 }, new Set(), []), /only 3 tasks of a fit 2x2; 4 were asked/);
    assert.throws(() => pickArcHeldOut(a, { collection: 'a', maxSide: 2, count: 3, seed: 0 }, new Set(['t1']), ['x']), /only 2 tasks/);
  });
});
