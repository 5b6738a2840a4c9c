// Test-time adaptation on the shipped ARC model and a real ARC-AGI-1 training task it was not trained on:
// a short run lowers the loss on the demonstrations, the cache is hit for the same task and model and missed
// otherwise, and cancellation stops the run. Runs are a few dozen steps, answered with few supervision steps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { arcTaskKey } from '../../../server/src/puzzles';
import { loadArcCollections } from '../../../server/src/trm/data/arc/load';
import { arcDataDir } from '../../../server/src/trm/train/datasets';
import { loadModelFile } from '../../../server/src/trm/model/model-file';
import { AdaptCancelledError, AdaptError, adaptTask, adaptProblem, withAdaptedRow, PUZZLE_TABLE } from '../../../server/src/trm/adapt/adapt';
import { learnedFromCache, learnTask } from '../../../server/src/trm/adapt/learn-task';
import { parameterSpecs } from '../../../server/src/trm/model/parameters';

const TASK = '0520fde7'; // 3x7 -> 3x3, not among the shipped model's 8 tasks, not an evaluation task

async function setup() {
  const model = await loadModelFile('models/arc-8x8.onnx');
  const t = loadArcCollections(arcDataDir(), ['arc-agi_training']).find((x) => x.name === TASK)!;
  assert.ok(t, `ARC-AGI-1 training has ${TASK}`);
  assert.equal(model.card.puzzleIds?.[arcTaskKey(t.train)], undefined, 'the shipped model does not know the task');
  const base = { config: model.config, weights: model.weights, canvas: model.card.canvas, bytes: model.bytes };
  return { base, task: { train: t.train, testInputs: t.test.map((p) => p.input) } };
}

const FAST = { batchSize: 8, evalEvery: 10, answerSteps: 2, intraOpThreads: 1 };

test('a short adaptation lowers the loss on the demonstrations, keeping the base table as it was', async () => {
  const { base, task } = await setup();
  const before = Float32Array.from(base.weights.get(PUZZLE_TABLE)!);
  const progress: number[] = [];
  // One held-out check, at the end: the row kept is the last one, so the loss compared is the run's own.
  const r = await adaptTask(base, task, { ...FAST, steps: 40, evalEvery: 40, answerSteps: 4, lr: 0.1 }, { progress: (p) => progress.push(p.step) });
  assert.ok(r.trainLossAfter < r.trainLossBefore, `loss ${r.trainLossBefore} -> ${r.trainLossAfter}`);
  assert.deepEqual(progress, Array.from({ length: r.stepsRun }, (_, i) => i + 1));
  assert.equal(r.row.length, base.config.puzzleEmbNdim);
  assert.ok(r.heldOut && r.heldOut.versions === 8, 'the last demonstration is held out under the 8 dihedral versions');
  assert.deepEqual(base.weights.get(PUZZLE_TABLE), before, 'the base weights are not written into');
  // The row answers from the blank slot; every other row of the table is the base model's.
  const adapted = withAdaptedRow(base.weights, r.row).get(PUZZLE_TABLE)!;
  assert.deepEqual(adapted.slice(0, r.row.length), r.row);
  assert.deepEqual(adapted.slice(r.row.length), before.slice(r.row.length));
});

test('with networkLr the whole network is fine-tuned too: every trained weight moves, the base is kept, and the loss falls below the frozen run', async () => {
  const { base, task } = await setup();
  const baseCopy = new Map([...base.weights].map(([k, v]) => [k, Float32Array.from(v)]));
  const options = { ...FAST, steps: 30, evalEvery: 30, answerSteps: 4, lr: 0.03 };
  const frozen = await adaptTask(base, task, options);
  assert.equal(frozen.network, undefined, 'a frozen run carries no network');
  const whole = await adaptTask(base, task, { ...options, networkLr: 3e-4 });
  assert.ok(whole.network, 'the run carries its adapted network');
  assert.ok(whole.trainLossAfter < frozen.trainLossAfter, `loss with the network ${whole.trainLossAfter} vs row alone ${frozen.trainLossAfter}`);
  const differs = (k: string) => whole.network!.get(k)!.some((x, i) => x !== base.weights.get(k)![i]);
  for (const spec of parameterSpecs(base.config)) {
    if (spec.name === PUZZLE_TABLE) continue;
    assert.equal(differs(spec.name), spec.trainable, `${spec.name} ${spec.trainable ? 'is trained and moves' : 'is not trained and stays'}`);
  }
  // The adapted network answers from the blank slot with the kept row; the other task rows are untouched.
  const table = whole.network.get(PUZZLE_TABLE)!;
  assert.deepEqual(table.slice(0, whole.row.length), whole.row);
  assert.deepEqual(table.slice(whole.row.length), baseCopy.get(PUZZLE_TABLE)!.slice(whole.row.length));
  for (const [k, v] of baseCopy) assert.deepEqual(base.weights.get(k), v, `base weight ${k} is not written into`);
  await assert.rejects(adaptTask(base, task, { ...options, networkLr: -1 }), /learning rate must be a positive number/);
});

test('the cache is hit for the same task and model, missed for another model or a changed task, and a bad file is ignored', async () => {
  const { base, task } = await setup();
  const dir = mkdtempSync(join(tmpdir(), 'trm-adapt-cache-'));
  try {
    const options = { cacheDir: dir, versions: 2, adapt: { ...FAST, steps: 2 } };
    const first = await learnTask(base, task, options);
    assert.equal(first.fromCache, false);
    assert.equal(readdirSync(dir).length, 1);
    assert.equal(first.attempts.length, task.testInputs.length);
    const second = await learnTask(base, task, options);
    assert.equal(second.fromCache, true);
    assert.equal(second.cachePath, first.cachePath);
    assert.deepEqual(second.row.row, first.row.row);
    // Another network (one byte of the file differs): its own entry.
    const bytes = Uint8Array.from(base.bytes);
    bytes[bytes.length - 1]! ^= 1;
    assert.equal((await learnTask({ ...base, bytes }, task, options)).fromCache, false);
    // A changed demonstration: another task.
    const changed = { ...task, train: [{ input: task.train[0]!.input, output: task.train[0]!.output.map((r) => r.map(() => 0)) }, ...task.train.slice(1)] };
    assert.equal((await learnTask(base, changed, options)).fromCache, false);
    assert.equal(readdirSync(dir).length, 3);
    // A damaged entry is not a hit: adapted again and rewritten.
    writeFileSync(first.cachePath!, '{"format": "trm-puzzles/adapted-row/1", "row": [1, 2');
    const again = await learnTask(base, task, options);
    assert.equal(again.fromCache, false);
    assert.equal((await learnTask(base, task, options)).fromCache, true);
    // A row fitted under another step budget or seed is not reused for these settings.
    assert.equal((await learnTask(base, task, { ...options, adapt: { ...FAST, steps: 3 } })).fromCache, false, 'another step budget');
    assert.equal((await learnTask(base, task, { ...options, adapt: { ...FAST, steps: 3, seed: 1 } })).fromCache, false, 'another seed');
    assert.equal((await learnTask(base, task, { ...options, adapt: { ...FAST, steps: 3, seed: 1 } })).fromCache, true);
    // Showing what was learned (the hover on reopening) takes the row whatever budget it was fitted under.
    assert.equal(await learnedFromCache(base, task, { cacheDir: dir, adapt: { steps: 999 } }), undefined);
    assert.equal((await learnedFromCache(base, task, { cacheDir: dir, adapt: { steps: 999 } }, 'any-budget'))?.row.budget, 3);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('cancellation stops the run at the next step, and nothing is cached', async () => {
  const { base, task } = await setup();
  const dir = mkdtempSync(join(tmpdir(), 'trm-adapt-cancel-'));
  try {
    let steps = 0;
    await assert.rejects(
      learnTask(base, task, { cacheDir: dir, adapt: { ...FAST, steps: 1000 } }, { progress: () => steps++, cancelled: () => steps >= 3 }),
      AdaptCancelledError,
    );
    assert.equal(steps, 3);
    assert.deepEqual(readdirSync(dir), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a task larger than the canvas, or a model without a puzzle embedding, is refused with the reason', async () => {
  const { base, task } = await setup();
  const big = Array.from({ length: 9 }, () => Array.from({ length: 3 }, () => 1));
  assert.match(adaptProblem(base, { ...task, testInputs: [big] }) ?? '', /test 1 input is 9x3, larger than the model's 8x8 canvas/);
  await assert.rejects(adaptTask(base, { ...task, testInputs: [big] }, FAST), AdaptError);
  const noTable = new Map([...base.weights].filter(([k]) => k !== PUZZLE_TABLE));
  assert.match(adaptProblem({ ...base, weights: noTable }, task) ?? '', /no puzzle embedding/);
  assert.match(adaptProblem(base, { train: [], testInputs: task.testInputs }) ?? '', /no demonstration pairs/);
});
