// A tiny TRM actually learns 4x4 sudoku inside the test: 100 batches of 32 generated puzzles (data module,
// with on-the-fly augmentation), two supervision steps each with the carry passed on, on a TrainingSession;
// then the trained weights are exported as the served model (encodeModel) and solve held-out puzzles, never
// trained on, in onnxruntime. Chance on a blank cell is 1 in 4; the run reaches about 95 % of blank cells
// and 90 % of whole puzzles in ~10 s on two cores, and the bounds below leave room for platform noise.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import * as ort from 'onnxruntime-node';
import { trmConfig, trmDims } from '../../../server/src/trm/model/config';
import { packBatch, sudokuSource } from '../../../server/src/trm/data';
import { encodeModel } from '../../../server/src/trm/model/model-format';
import { TrainingSession } from '../../../server/src/trm/train/session';
import type { TrmConfig } from '../../../server/src/trm/model/config';
import type { TrmWeights } from '../../../server/src/trm/model/parameters';
import type { Example } from '../../../server/src/trm/data';

const BLANK = 1;
const BATCHES = 100;
const SUPERVISION_STEPS = 2;
const LR = 3e-3;
const WARMUP = 30;

/** Runs the served model for `steps` supervision steps; returns the fraction of blank cells and of puzzles solved. */
async function heldOutAccuracy(config: TrmConfig, weights: TrmWeights, examples: readonly Example[], steps: number): Promise<{ cells: number; puzzles: number }> {
  const session = await ort.InferenceSession.create(encodeModel(config, weights), { executionProviders: ['cpu'], intraOpNumThreads: 2 });
  try {
    const n = examples.length;
    const S = config.seqLen;
    const batch = packBatch(examples, S);
    const shape = [n, trmDims(config).totalLen, config.hiddenSize];
    const tokens = new ort.Tensor('int64', BigInt64Array.from(batch.inputs, (t) => BigInt(t)), [n, S]);
    let y: ort.Tensor = new ort.Tensor('float32', new Float32Array(n * shape[1]! * shape[2]!), shape);
    let z = y;
    let answer: ArrayLike<bigint> = [];
    for (let k = 0; k < steps; k++) {
      const reset = new ort.Tensor('bool', new Uint8Array(n).fill(k === 0 ? 1 : 0), [n]);
      const out = await session.run({ tokens, y, z, reset });
      y = out['y_out'] as ort.Tensor;
      z = out['z_out'] as ort.Tensor;
      answer = out['answer']!.data as BigInt64Array;
    }
    let blanks = 0;
    let right = 0;
    let solved = 0;
    for (let i = 0; i < n; i++) {
      let all = true;
      for (let c = i * S; c < (i + 1) * S; c++) {
        if (batch.inputs[c] !== BLANK) continue;
        blanks++;
        if (Number(answer[c]) === batch.labels[c]) right++;
        else all = false;
      }
      if (all) solved++;
    }
    return { cells: right / blanks, puzzles: solved / n };
  } finally {
    await session.release();
  }
}

it('a tiny TRM learns 4x4 sudoku and the exported model solves held-out puzzles', async () => {
  const source = sudokuSource({ size: 4, trainSize: 2000, evalSize: 128, seed: 1, givens: [6, 9], difficulty: 'singles' });
  const config = trmConfig({
    seqLen: 16,
    vocabSize: source.description.vocabSize,
    hiddenSize: 32,
    numHeads: 4,
    expansion: 2,
    hCycles: 2,
    lCycles: 2,
    mixer: 'mlp_t',
    posEncodings: 'none',
  });
  const session = await TrainingSession.create(config, {
    batchSize: 32,
    device: 'cpu',
    intraOpThreads: 2,
    seed: 1,
    crossEntropy: 'softmax',
    adamw: { weightDecay: 0.1 },
  });
  try {
    const before = await heldOutAccuracy(config, session.weights(), source.evalSet(), SUPERVISION_STEPS);
    let firstLoss = NaN;
    let lastLoss = NaN;
    for (let i = 0; i < BATCHES; i++) {
      const batch = source.next(session.batchSize);
      let carry = session.initialCarry();
      for (let k = 0; k < SUPERVISION_STEPS; k++) {
        const result = await session.step(batch, carry, LR * Math.min(1, (i + 1) / WARMUP));
        carry = result.carry;
        if (i === 0 && k === 0) firstLoss = result.loss;
        lastLoss = result.loss;
      }
    }
    const after = await heldOutAccuracy(config, session.weights(), source.evalSet(), SUPERVISION_STEPS + 1);
    assert.ok(lastLoss < firstLoss / 2, `training loss fell from ${firstLoss} to ${lastLoss}`);
    assert.ok(before.cells < 0.45, `untrained: ${before.cells} of blank cells right`);
    assert.ok(after.cells > 0.8, `trained: ${after.cells} of held-out blank cells right (chance 0.25)`);
    assert.ok(after.puzzles > 0.5, `trained: ${after.puzzles} of held-out puzzles solved`);
  } finally {
    await session.release();
  }
});
