/**
 * The training run around the training step: the ACT halting rule with exploration, checkpoints that
 * resume a run exactly, refusal of a checkpoint from another run, the exported model and card, and the
 * choice of optimiser.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadModelFile } from '../../../server/src/trm/model/model-file';
import { Rng } from '../../../server/src/puzzles/common/random';
import type { StepResult } from '../../../server/src/trm/train/session';
import { presetFor } from '../../../server/src/trm/train/presets';
import { haltAndFigures, runSpec, train, type Slots } from '../../../server/src/trm/train/run';
import { tempDir } from '../model-fixtures';
import { quiet, tinyRun } from './tiny-run';

function result(qHalt: number[]): StepResult {
  const B = qHalt.length;
  return {
    lmLoss: 1,
    qHaltLoss: 1,
    loss: 1.5,
    qHalt: Float32Array.from(qHalt),
    correctCells: Int32Array.from({ length: B }, () => 16),
    validCells: Int32Array.from({ length: B }, () => 16),
    exact: Uint8Array.from({ length: B }, () => 1),
    carry: { y: new Float32Array(0), z: new Float32Array(0), reset: new Uint8Array(B) },
    step: 1,
  };
}

function slots(B: number, steps = 0): Slots {
  return { batch: { size: B, seqLen: 16, inputs: new Int32Array(B * 16), labels: new Int32Array(B * 16), puzzleIds: new Int32Array(B) }, steps: new Int32Array(B).fill(steps) };
}

const plan = { ...presetFor('sudoku', 'tiny').train };

describe('the ACT halting rule in training', () => {
  it('halts a sequence when q_halt > 0, and every sequence at N_sup', () => {
    const noExploration = { ...plan, haltExploration: 0 };
    const early = haltAndFigures(result([1, -1, 2, -3]), slots(4), noExploration, 6, new Rng(0), 0.1);
    assert.deepEqual([...early.reset], [1, 0, 1, 0]);
    assert.equal(early.figures.halted.length, 2);
    const atBudget = haltAndFigures(result([-1, -1]), slots(2, 5), noExploration, 6, new Rng(0), 0.1);
    assert.deepEqual([...atBudget.reset], [1, 1]);
    assert.deepEqual(atBudget.figures.halted.map((h) => h.steps), [6, 6]);
  });

  it('with exploration, makes a sequence think at least 2 steps before it may halt', () => {
    const always = { ...plan, haltExploration: 1 };
    const first = haltAndFigures(result([5, 5, 5, 5, 5, 5, 5, 5]), slots(8), always, 6, new Rng(1), 0.1);
    assert.deepEqual([...first.reset], [0, 0, 0, 0, 0, 0, 0, 0], 'no sequence halts at its first step');
    const s = slots(8, 5);
    const last = haltAndFigures(result([5, 5, 5, 5, 5, 5, 5, 5]), s, always, 6, new Rng(1), 0.1);
    assert.deepEqual([...last.reset], [1, 1, 1, 1, 1, 1, 1, 1], 'every minimum is at most N_sup');
  });
});

describe('a training run', () => {
  it('resumes from a checkpoint to exactly the weights of an uninterrupted run', async () => {
    const straightDir = tempDir('trm-train-straight-');
    const straight = await train(tinyRun(straightDir), quiet);
    assert.equal(straight.status, 'finished');

    const resumedDir = tempDir('trm-train-resumed-');
    let steps = 0;
    const interrupted = await train(tinyRun(resumedDir), { ...quiet, progress: () => void steps++, stopRequested: () => steps >= 5 });
    assert.equal(interrupted.status, 'interrupted');
    assert.equal(interrupted.step, 5);
    assert.ok(existsSync(interrupted.checkpointPath));
    assert.ok(!existsSync(join(resumedDir, 'model.onnx')), 'no model is exported from an interrupted run');
    const logs: string[] = [];
    const resumed = await train(tinyRun(resumedDir, { resume: true }), { ...quiet, log: (m) => void logs.push(m) });
    assert.equal(resumed.status, 'finished');
    assert.ok(logs.some((l) => l.includes('resumed from') && l.includes('at step 5')));

    const a = await loadModelFile(straight.modelPath!);
    const b = await loadModelFile(resumed.modelPath!);
    for (const [name, w] of a.weights) assert.deepEqual(b.weights.get(name), w, `${name} differs after resuming`);
    assert.deepEqual(resumed.accuracy, straight.accuracy);
  });

  it('exports the model with a card that records the data, the run and the measured held-out accuracy', async () => {
    const dir = tempDir('trm-train-card-');
    const run = await train(tinyRun(dir, { command: 'trm train …' }), quiet);
    const card = JSON.parse(readFileSync(run.cardPath!, 'utf8')) as Record<string, unknown> & { accuracy: Record<string, unknown>; training: Record<string, unknown> };
    assert.equal(card.name, 'sudoku-4x4-tiny');
    assert.equal(card.kind, 'sudoku');
    assert.deepEqual(card.canvas, { rows: 4, cols: 4 });
    assert.deepEqual(card.vocabulary, ['pad', 'blank', '1', '2', '3', '4']);
    assert.match(String(card.data), /sudoku-4x4/);
    assert.equal(card.training.steps, 8);
    assert.equal(card.training.command, 'trm train …');
    assert.equal(card.accuracy.puzzles, 16);
    assert.equal(card.accuracy.exact, run.accuracy!.exact);
    assert.match(String(card.accuracy.command), /trm -- eval .*model\.onnx/);
    // The limit and halting rule the figures were measured with: the editor's, trm solve's and trm eval's.
    assert.equal(card.accuracy.maxSupervisionSteps, 16);
    assert.equal(card.accuracy.haltRule, 'stop at the first step with q_halt > 0 whose answer repeats the step before');
  });

  it('uses Adam-atan2 for the paper preset and where asked, AdamW otherwise, and says which on the card', async () => {
    const spec = (preset: 'tiny' | 'paper', optimizer?: 'adamw' | 'adam-atan2') =>
      runSpec({ kind: 'sudoku', preset, out: 'unused', ...(optimizer ? { optimizer } : {}) }).train.optimizer;
    assert.equal(spec('paper'), 'adam-atan2');
    assert.equal(spec('paper', 'adamw'), undefined);
    assert.equal(spec('tiny'), undefined);
    assert.equal(spec('tiny', 'adam-atan2'), 'adam-atan2');

    const adamw = await train(tinyRun(tempDir('trm-train-adamw-')), quiet);
    const atan2 = await train(tinyRun(tempDir('trm-train-atan2-'), { optimizer: 'adam-atan2' }), quiet);
    const description = (path: string) => String(JSON.parse(readFileSync(path, 'utf8')).training.description);
    assert.match(description(adamw.cardPath!), /AdamW lr/);
    assert.match(description(atan2.cardPath!), /Adam-atan2 lr/);
    const a = await loadModelFile(adamw.modelPath!);
    const b = await loadModelFile(atan2.modelPath!);
    assert.notDeepEqual(b.weights.get('lm_head.weight'), a.weights.get('lm_head.weight'));
    for (const [name, w] of b.weights) assert.ok(w.every(Number.isFinite), `${name} is finite after Adam-atan2 steps`);
  });

  it('refuses a checkpoint made by another run, and a corrupt one, with clear messages', async () => {
    const dir = tempDir('trm-train-mismatch-');
    await train(tinyRun(dir), quiet);
    await assert.rejects(train(tinyRun(dir, { resume: true, seed: 4 }), quiet), /belongs to another run/);
    writeFileSync(join(dir, 'model.ckpt'), 'garbage');
    await assert.rejects(train(tinyRun(dir, { resume: true }), quiet), /is not a TRM checkpoint/);
  });

  it('stops before the first step when asked to during set-up, with a checkpoint that resumes', async () => {
    const dir = tempDir('trm-train-early-stop-');
    const stopped = await train(tinyRun(dir), { ...quiet, stopRequested: () => true });
    assert.deepEqual([stopped.status, stopped.step], ['interrupted', 0]);
    assert.ok(existsSync(stopped.checkpointPath));
    const logs: string[] = [];
    const resumed = await train(tinyRun(dir, { resume: true }), { ...quiet, log: (m) => void logs.push(m) });
    assert.equal(resumed.status, 'finished');
    assert.ok(logs.some((l) => l.includes('at step 0')));
  });
});
