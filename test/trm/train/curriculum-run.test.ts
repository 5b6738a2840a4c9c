// A curriculum run through the real trainer: interrupted and resumed, it ends with exactly the weights of
// the uninterrupted run (the schedule continues at the step it stopped); the card records the curriculum;
// a checkpoint of the same run without a curriculum is refused. Also the warm start (--init-from).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadModelFile } from '../../../server/src/trm/model/model-file';
import { train, type TrainOptions } from '../../../server/src/trm/train/run';
import { tempDir } from '../model-fixtures';
import { quiet } from './tiny-run';

function mazeCurriculumRun(out: string, extra: Partial<TrainOptions> = {}, curriculum = true): TrainOptions {
  return {
    kind: 'maze',
    preset: 'tiny',
    size: 7,
    seed: 5,
    out,
    intraOpThreads: 1,
    overrides: {
      model: { hiddenSize: 32, expansion: 2, haltMaxSteps: 2, lCycles: 1 },
      train: { batchSize: 8, steps: 8, warmupSteps: 2, evalEvery: 1000, checkpointEvery: 3 },
      data: { trainSize: 48, evalSize: 8, loops: [0, 2], ...(curriculum && { curriculum: true }) },
    },
    ...extra,
  };
}

describe('a curriculum training run', () => {
  it('resumes to exactly the weights of the uninterrupted run, and records the curriculum on the card', async () => {
    const straight = await train(mazeCurriculumRun(tempDir('trm-curriculum-straight-')), quiet);
    assert.equal(straight.status, 'finished');
    const dir = tempDir('trm-curriculum-resumed-');
    let steps = 0;
    const interrupted = await train(mazeCurriculumRun(dir), { ...quiet, progress: () => void steps++, stopRequested: () => steps >= 5 });
    assert.equal(interrupted.status, 'interrupted');
    const resumed = await train(mazeCurriculumRun(dir, { resume: true }), quiet);
    assert.equal(resumed.status, 'finished');
    const a = await loadModelFile(straight.modelPath!);
    const b = await loadModelFile(resumed.modelPath!);
    for (const [name, w] of a.weights) assert.deepEqual(b.weights.get(name), w, `${name} differs after resuming`);
    const card = JSON.parse(readFileSync(resumed.cardPath!, 'utf8'));
    assert.equal(card.dataset.plan.curriculum, true);
    assert.match(card.data, /curriculum/);
  });

  it('refuses to resume a run without the curriculum as one with it', async () => {
    const dir = tempDir('trm-curriculum-other-');
    let steps = 0;
    await train(mazeCurriculumRun(dir, {}, false), { ...quiet, progress: () => void steps++, stopRequested: () => steps >= 2 });
    await assert.rejects(train(mazeCurriculumRun(dir, { resume: true }), quiet), /belongs to another run/);
  });

  it('stops early at --stop-at with a model, also on resume, the same as a straight run stopped there', async () => {
    const straight = await train(mazeCurriculumRun(tempDir('trm-stop-a-'), { stopAt: 5 }), quiet);
    assert.equal(straight.status, 'finished');
    assert.equal(straight.step, 5);
    const dir = tempDir('trm-stop-b-');
    let steps = 0;
    await train(mazeCurriculumRun(dir), { ...quiet, progress: () => void steps++, stopRequested: () => steps >= 5 });
    const resumed = await train(mazeCurriculumRun(dir, { resume: true, stopAt: 5 }), quiet);
    const a = await loadModelFile(straight.modelPath!);
    const b = await loadModelFile(resumed.modelPath!);
    for (const [name, w] of a.weights) assert.deepEqual(b.weights.get(name), w, name);
    const card = JSON.parse(readFileSync(resumed.cardPath!, 'utf8'));
    assert.equal(card.training.steps, 5);
    assert.match(card.training.description, /^5 steps \(stopped early, of a 8-step schedule\)/);
  });

  it('starts from a model file when asked, and refuses one of another shape', async () => {
    const first = await train(mazeCurriculumRun(tempDir('trm-init-a-')), quiet);
    const logs: string[] = [];
    const warm = await train(mazeCurriculumRun(tempDir('trm-init-b-'), { initFrom: first.modelPath! }), { ...quiet, log: (m) => void logs.push(m) });
    assert.ok(logs.some((l) => l.startsWith(`starting from the weights of ${first.modelPath}`)));
    const card = JSON.parse(readFileSync(warm.cardPath!, 'utf8'));
    assert.match(card.training.description, /starting from .*sha256 [0-9a-f]{64}/);
    // A warm start changes the outcome: the weights differ from the run that started fresh.
    const fresh = await loadModelFile(first.modelPath!);
    const started = await loadModelFile(warm.modelPath!);
    assert.ok([...fresh.weights].some(([name, w]) => JSON.stringify([...w]) !== JSON.stringify([...started.weights.get(name)!])));
    const other = mazeCurriculumRun(tempDir('trm-init-c-'), { initFrom: first.modelPath! });
    other.overrides!.model!.hiddenSize = 16;
    await assert.rejects(train(other, quiet), /cannot start from .*hiddenSize is 32/);
    await assert.rejects(train(mazeCurriculumRun(tempDir('trm-init-d-'), { initFrom: join(tempDir('trm-init-e-'), 'none.onnx') }), quiet), /none\.onnx/);
  });
});
