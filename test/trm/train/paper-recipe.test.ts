/**
 * The `paper` presets as a run uses them: the reference's 16-position puzzle-embedding prefix for every kind,
 * the table trained by sparse SignSGD (no moments in the checkpoint, resuming exactly), evaluation over all
 * N_sup steps unless told otherwise, and every choice written in the card. The step itself is checked
 * against the official code in reference-step.test.ts.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { loadModelFile } from '../../../server/src/trm/model/model-file';
import { presetFor } from '../../../server/src/trm/train/presets';
import { runSpec, train, type TrainOptions } from '../../../server/src/trm/train/run';
import { tempDir } from '../model-fixtures';
import { quiet } from './tiny-run';

/** The paper preset for a 4x4 sudoku, made small enough to train in seconds; the recipe's choices stay. */
function paperRun(out: string, extra: Partial<TrainOptions> = {}): TrainOptions {
  return {
    kind: 'sudoku',
    preset: 'paper',
    size: 4,
    seed: 5,
    out,
    intraOpThreads: 1,
    overrides: {
      model: { hiddenSize: 32, numHeads: 4, expansion: 2, hCycles: 2, lCycles: 2, haltMaxSteps: 3, puzzleEmbNdim: 32 },
      train: { batchSize: 8, steps: 6, warmupSteps: 2, evalEvery: 1000, checkpointEvery: 3 },
      data: { trainSize: 64, evalSize: 16, givens: { 4: [4, 8] }, difficulty: 'singles' },
    },
    ...extra,
  };
}

describe('the paper presets', () => {
  it('give every kind the reference prefix (16 positions of width D) and sparse SignSGD with its lr and weight decay', () => {
    for (const kind of ['sudoku', 'maze'] as const) {
      const spec = runSpec({ kind, preset: 'paper', out: 'unused' });
      assert.equal(spec.config.puzzleEmbLen, 16, kind);
      assert.equal(spec.config.puzzleEmbNdim, spec.config.hiddenSize, kind);
      assert.equal(spec.config.numPuzzleIdentifiers, 1, `${kind}: the one blank identifier`);
      assert.deepEqual(spec.train.puzzleEmbSignSgd, { lr: 1e-4, weightDecay: 1.0 }, kind);
      assert.equal(spec.train.emaDecay, 0.999);
      // pretrain.py's total_steps for 50000 epochs of 1000 puzzles at batch 768.
      assert.equal(spec.train.steps, 65104, kind);
      assert.equal(presetFor(kind, 'paper').evalHaltEarly, false);
    }
    const arc = presetFor('arc', 'paper');
    assert.deepEqual([arc.model.puzzleEmbLen, arc.model.puzzleEmbNdim], [16, 512]);
    assert.deepEqual(arc.train.puzzleEmbSignSgd, { lr: 1e-2, weightDecay: 0.1 });
    // The other presets keep their choices: no prefix for sudoku, the main optimiser for ARC's table.
    assert.equal(runSpec({ kind: 'sudoku', preset: 'tiny', out: 'unused' }).config.puzzleEmbLen, 0);
    assert.equal(presetFor('arc', 'tiny').train.puzzleEmbSignSgd, undefined);
    assert.equal(presetFor('sudoku', 'tiny').evalHaltEarly, true);
  });

  it('take an EMA decay from the run options: added to a preset without one, 0 removes one', () => {
    assert.equal(runSpec({ kind: 'sudoku', preset: 'tiny', out: 'unused' }).train.emaDecay, undefined);
    assert.equal(runSpec({ kind: 'sudoku', preset: 'tiny', out: 'unused', emaDecay: 0.999 }).train.emaDecay, 0.999);
    assert.equal(runSpec({ kind: 'maze', preset: 'small', out: 'unused', emaDecay: 0.9 }).train.emaDecay, 0.9);
    assert.equal('emaDecay' in runSpec({ kind: 'maze', preset: 'paper', out: 'unused', emaDecay: 0 }).train, false);
  });

  it('train the table by SignSGD, resume exactly, measure over all N_sup steps and say so on the card', async () => {
    const straight = await train(paperRun(tempDir('trm-paper-straight-')), quiet);
    assert.equal(straight.status, 'finished');
    const card = JSON.parse(readFileSync(straight.cardPath!, 'utf8')) as { accuracy: Record<string, unknown>; training: { description: string } };
    assert.equal(card.accuracy.maxSupervisionSteps, 3);
    assert.equal(card.accuracy.haltRule, 'run every step');
    assert.equal(card.accuracy.supervisionSteps, 3, 'every held-out puzzle ran all N_sup steps');
    const d = card.training.description;
    assert.match(d, /Adam-atan2 lr 0\.0001/);
    assert.match(d, /puzzle-embedding prefix 16 x 32 wide, 1 row, trained by sparse SignSGD lr 0\.0001, weight decay 1/);
    assert.match(d, /EMA 0\.999/);
    assert.match(d, /over all 3 supervision steps/);

    // From a zero table, SignSGD moves every entry of the used row by at most the sum of the lrs (no Adam
    // step size of lr / (1 - beta1) in the first steps), and the served model carries the live table.
    const model = await loadModelFile(straight.modelPath!);
    const table = model.weights.get('puzzle_emb.weights')!;
    const lrSum = [1, 2, 3, 4, 5, 6].reduce((s, t) => s + 1e-4 * Math.min(1, t / 2), 0);
    assert.ok(table.some((v) => v !== 0), 'the table moved');
    assert.ok(table.every((v) => Math.abs(v) <= lrSum * (1 + 1e-5)), `every entry within the SignSGD bound ${lrSum}`);

    const dir = tempDir('trm-paper-resumed-');
    let steps = 0;
    const interrupted = await train(paperRun(dir), { ...quiet, progress: () => void steps++, stopRequested: () => steps >= 4 });
    assert.equal(interrupted.status, 'interrupted');
    const resumed = await train(paperRun(dir, { resume: true }), quiet);
    assert.equal(resumed.status, 'finished');
    const again = await loadModelFile(resumed.modelPath!);
    for (const [name, w] of model.weights) assert.deepEqual(again.weights.get(name), w, `${name} differs after resuming`);
  });

  it('halt early in evaluation when told to, and say so', async () => {
    const run = await train(paperRun(tempDir('trm-paper-halt-'), { evalHaltEarly: true }), quiet);
    const card = JSON.parse(readFileSync(run.cardPath!, 'utf8')) as { accuracy: Record<string, unknown>; training: { description: string } };
    assert.equal(card.accuracy.haltRule, 'stop at the first step with q_halt > 0 whose answer repeats the step before');
    assert.equal(card.accuracy.maxSupervisionSteps, 16);
    assert.match(card.training.description, /halting early, at most 16 steps/);
  });
});
