// The paper's training recipe against the OFFICIAL training code: three optimiser steps of pretrain.py's
// train_batch (its ACT loss, Adam-atan2 on the weights, CastedSparseEmbeddingSignSGD_Distributed on the puzzle
// embedding, compute_lr's warm-up and cosine for both, EMAHelper), recorded by
// scripts/reference/make-train-step-fixture.sh in test/fixtures/reference-train-step/, replayed here through
// TrainingSession with the same starting weights, batches and reset flags. No torch needed.
//
// Bounds are float32 rounding: the carried states and q_halt as the forward fixtures of test/trm/import
// (7e-4); the puzzle-embedding table to 1e-6 (SignSGD moves a row by exactly lr, so a wrong sign, a wrong row
// or a decayed unused row would be off by 1e-2 or more); the weights after three steps to 1e-4 of their
// size (each Adam-atan2 step moves an entry by about lr = 5e-3..1e-2).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { trmConfig, trmDims } from '../../../server/src/trm/model/config';
import { parameterSpecs, type TrmWeights } from '../../../server/src/trm/model/parameters';
import { learningRate } from '../../../server/src/trm/train/presets';
import { TrainingSession, type Carry } from '../../../server/src/trm/train/session';

const FIXTURE = join(__dirname, '..', '..', 'fixtures', 'reference-train-step');

interface FixtureStep {
  step: number;
  reset: boolean[];
  inputs: number[];
  labels: number[];
  puzzle_ids: number[];
  lr: number;
  puzzle_emb_lr: number;
  lm_loss: number;
  q_halt_loss: number;
  q_halt: number[];
  halted: boolean[];
}

interface Fixture {
  arch: Record<string, number | string | boolean>;
  loss_type: string;
  train: Record<string, number | boolean>;
  total_steps: number;
  batch_size: number;
  seq_len: number;
  vocab_size: number;
  num_puzzle_identifiers: number;
  steps: FixtureStep[];
  tensors: Record<string, [number, number]>;
}

const meta = JSON.parse(readFileSync(join(FIXTURE, 'steps.json'), 'utf8')) as Fixture;
const bin = readFileSync(join(FIXTURE, 'tensors.bin'));
const all = new Float32Array(bin.buffer, bin.byteOffset, bin.byteLength / 4);
function tensor(name: string): Float32Array {
  const entry = meta.tensors[name];
  if (!entry) throw new Error(`the fixture has no tensor ${name}`);
  return all.subarray(entry[0], entry[0] + entry[1]);
}

const a = meta.arch;
const config = trmConfig({
  seqLen: meta.seq_len,
  vocabSize: meta.vocab_size,
  hiddenSize: a.hidden_size as number,
  numHeads: a.num_heads as number,
  expansion: a.expansion as number,
  lLayers: a.L_layers as number,
  hCycles: a.H_cycles as number,
  lCycles: a.L_cycles as number,
  mixer: a.mlp_t ? 'mlp_t' : 'attention',
  posEncodings: a.pos_encodings as 'rope',
  puzzleEmbLen: a.puzzle_emb_len as number,
  puzzleEmbNdim: a.puzzle_emb_ndim as number,
  numPuzzleIdentifiers: meta.num_puzzle_identifiers,
  haltMaxSteps: a.halt_max_steps as number,
});
const tr = meta.train;
const plan = { lr: tr.lr as number, warmupSteps: tr.lr_warmup_steps as number, minLrRatio: tr.lr_min_ratio as number, steps: meta.total_steps };

function maxAbsDiff(x: ArrayLike<number>, y: ArrayLike<number>): number {
  assert.equal(x.length, y.length);
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]! - y[i]!));
  return m;
}

function maxAbs(x: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]!));
  return m;
}

/** logits = lm_head(y) on the puzzle positions, in float64: [B, S, V]. */
function logitsOf(y: Float32Array, lmHead: Float32Array): Float64Array {
  const { seqLen: S, vocabSize: V, hiddenSize: D, puzzleEmbLen: P } = config;
  const L = trmDims(config).totalLen;
  const out = new Float64Array(meta.batch_size * S * V);
  for (let b = 0; b < meta.batch_size; b++) {
    for (let s = 0; s < S; s++) {
      for (let v = 0; v < V; v++) {
        let sum = 0;
        for (let d = 0; d < D; d++) sum += y[(b * L + P + s) * D + d]! * lmHead[v * D + d]!;
        out[(b * S + s) * V + v] = sum;
      }
    }
  }
  return out;
}

describe('the paper recipe equals the official pretrain.py step by step (fixture: reference-train-step)', () => {
  it('the fixture is the paper layout: RoPE attention, 16-position prefix of width D, sparse SignSGD, Adam-atan2, EMA', () => {
    assert.equal(config.puzzleEmbLen, 16);
    assert.equal(config.puzzleEmbNdim, config.hiddenSize);
    assert.equal(meta.loss_type, 'stablemax_cross_entropy');
    assert.equal(tr.ema, true);
    // Step 1 leaves row 2 of the table unused and repeats rows 1 and 3; some sequences halt and are replaced.
    assert.ok(!meta.steps[0]!.puzzle_ids.includes(2));
    assert.ok(meta.steps.slice(1).every((s) => s.reset.some(Boolean) && !s.reset.every(Boolean)));
  });

  it('learning rates: the same warm-up and cosine for both optimisers', () => {
    for (const s of meta.steps) {
      assert.ok(Math.abs(learningRate(plan, s.step) - s.lr) <= 1e-15, `step ${s.step}: lr ${learningRate(plan, s.step)} vs ${s.lr}`);
      const embLr = learningRate({ ...plan, lr: tr.puzzle_emb_lr as number }, s.step);
      assert.ok(Math.abs(embLr - s.puzzle_emb_lr) <= 1e-15, `step ${s.step}: puzzle lr ${embLr} vs ${s.puzzle_emb_lr}`);
    }
  });

  it('three steps: losses, q_halt, carried states, logits, the SignSGD table, and every weight and its EMA at the end', async () => {
    const initial: TrmWeights = new Map(parameterSpecs(config).map((s) => [s.name, Float32Array.from(tensor(`initial/${s.name}`))]));
    const session = await TrainingSession.create(config, {
      batchSize: meta.batch_size,
      device: 'cpu',
      weights: initial,
      crossEntropy: 'stablemax',
      adamw: { variant: 'adam-atan2', beta1: tr.beta1 as number, beta2: tr.beta2 as number, weightDecay: tr.weight_decay as number },
      emaDecay: tr.ema_rate as number,
      puzzleEmbSignSgd: { weightDecay: tr.puzzle_emb_weight_decay as number },
    });
    const report: string[] = [];
    try {
      let carry: Carry = session.initialCarry();
      for (const s of meta.steps) {
        const before = session.weights();
        carry = { ...carry, reset: Uint8Array.from(s.reset, (r) => (r ? 1 : 0)) };
        const batch = { inputs: s.inputs, labels: s.labels, puzzleIds: s.puzzle_ids };
        const result = await session.step(batch, carry, s.lr, s.puzzle_emb_lr);
        const t = s.step;
        const dy = maxAbsDiff(result.carry.y, tensor(`step${t}/z_H`));
        const dz = maxAbsDiff(result.carry.z, tensor(`step${t}/z_L`));
        const dq = maxAbsDiff(result.qHalt, s.q_halt);
        const dLogits = maxAbsDiff(logitsOf(result.carry.y, before.get('lm_head.weight')!), tensor(`step${t}/logits`));
        const dTable = maxAbsDiff(session.weights().get('puzzle_emb.weights')!, tensor(`step${t}/puzzle_emb.weights`));
        report.push(`step ${t}: y ${dy.toExponential(1)}, z ${dz.toExponential(1)}, logits ${dLogits.toExponential(1)}, q_halt ${dq.toExponential(1)}, ` +
          `lm_loss ${Math.abs(result.lmLoss - s.lm_loss).toExponential(1)}, q_halt_loss ${Math.abs(result.qHaltLoss - s.q_halt_loss).toExponential(1)}, table ${dTable.toExponential(1)}`);
        assert.ok(dy <= 7e-4 && dz <= 7e-4, `step ${t}: carried states differ by ${dy}, ${dz}`);
        assert.ok(dLogits <= 7e-4, `step ${t}: logits differ by ${dLogits}`);
        assert.ok(dq <= 7e-4, `step ${t}: q_halt differs by ${dq}`);
        assert.ok(Math.abs(result.lmLoss - s.lm_loss) <= 1e-5 * s.lm_loss, `step ${t}: lm_loss ${result.lmLoss} vs ${s.lm_loss}`);
        assert.ok(Math.abs(result.qHaltLoss - s.q_halt_loss) <= 1e-5 * s.q_halt_loss + 1e-6, `step ${t}: q_halt_loss ${result.qHaltLoss} vs ${s.q_halt_loss}`);
        assert.ok(dTable <= 1e-6, `step ${t}: the puzzle-embedding table differs by ${dTable}`);
        // Rows no sequence of the batch used are bit-for-bit unchanged (no decay: the reference never touches them).
        const table = session.weights().get('puzzle_emb.weights')!;
        const W = config.puzzleEmbNdim;
        for (let row = 0; row < config.numPuzzleIdentifiers; row++) {
          if (s.puzzle_ids.includes(row)) continue;
          assert.deepEqual(table.subarray(row * W, (row + 1) * W), before.get('puzzle_emb.weights')!.subarray(row * W, (row + 1) * W), `step ${t}: unused row ${row} moved`);
        }
        carry = result.carry;
      }
      const final = session.weights();
      const ema = session.weights('ema');
      for (const spec of parameterSpecs(config)) {
        const want = tensor(`final/${spec.name}`);
        const scale = Math.max(1, maxAbs(want));
        const d = maxAbsDiff(final.get(spec.name)!, want);
        assert.ok(d <= 1e-4 * scale, `${spec.name} after 3 steps differs by ${d}`);
        // The reference's EMA covers its parameters only: H_init, L_init and the puzzle-embedding table are
        // buffers, whose current values its EMA copy of the model keeps.
        const emaWant = meta.tensors[`ema/${spec.name}`] ? tensor(`ema/${spec.name}`) : want;
        const de = maxAbsDiff(ema.get(spec.name)!, emaWant);
        assert.ok(de <= 1e-4 * scale, `EMA of ${spec.name} differs by ${de}`);
        report.push(`${spec.name}: weight ${d.toExponential(1)}, EMA ${de.toExponential(1)}`);
      }
      // The weights did move: a step that changed nothing would fail above only if the reference moved them.
      assert.ok(maxAbsDiff(final.get('lm_head.weight')!, tensor('initial/lm_head.weight')) > 1e-3);
    } finally {
      await session.release();
      console.log(report.join('\n'));
    }
  });
});
