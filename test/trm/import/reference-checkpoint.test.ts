/**
 * Checkpoints made by the official TinyRecursiveModels code (scripts/reference/make-import-fixture.py: its
 * own model class, saved with torch.save(state_dict)) imported here and run through ONNX Runtime for the
 * same 3 supervision steps the official model ran; the outputs must agree with what PyTorch computed.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { trmDims } from '../../../server/src/trm/model/config';
import { importReferenceCheckpoint } from '../../../server/src/trm/import/import-checkpoint';
import { loadModelFile } from '../../../server/src/trm/model/model-file';
import { bool, f32, i64, maxAbsDiff, values } from '../ort-run';

import { FIXTURE } from './fixture';

interface ReferenceStep {
  logits: number[];
  q_halt: number[];
  q_continue: number[];
  answers: number[][];
}
interface ReferenceRun {
  tokens: number[][];
  puzzle_ids: number[];
  batch: number;
  seq_len: number;
  vocab_size: number;
  /** Logits are stored for the first positions only (all of them but for the 900-token ARC canvas). */
  logit_positions: number;
  steps: ReferenceStep[];
}
const reference = JSON.parse(readFileSync(join(FIXTURE, 'reference-outputs.json'), 'utf8')) as { models: Record<string, ReferenceRun> };

/** [B, S, V] logits cut to their first `keep` positions: [B, keep, V]. */
function firstPositions(logits: number[], B: number, S: number, keep: number, V: number): number[] {
  const out: number[] = [];
  for (let b = 0; b < B; b++) out.push(...logits.slice(b * S * V, (b * S + keep) * V));
  return out;
}

/** Logits agree to float32 rounding (the parity elsewhere in the repo is <= 7e-4 on logits). */
const LOGIT_TOLERANCE = 7e-4;

describe('importing checkpoints of the official TRM', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'trm-import-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const cases: { model: string; what: string; flags?: { seq_len: number }; data?: string }[] = [
    { model: 'sudoku4-attention', what: 'attention + RoPE, no prefix, float32 weights, bf16 H_init/L_init, uncompiled keys' },
    { model: 'sudoku4-mlpt-prefix', what: 'mlp_t, 4-position prefix, learned positions, bf16 weights, compiled keys' },
    { model: 'maze5-attention-prefix16', what: 'attention + RoPE, 16-position prefix, float16 weights, compiled keys', flags: { seq_len: 25 } },
    { model: 'arc30-attention-prefix16', what: 'the 30x30 ARC canvas, 16-position prefix, 4 task rows, bf16 weights, with its dataset folder', data: 'arc1concept-aug-fixture' },
  ];
  for (const c of cases) {
    it(`${c.model} (${c.what}) answers as the official model after each of 3 steps`, async () => {
      const ref = reference.models[c.model]!;
      const result = await importReferenceCheckpoint({
        checkpoint: join(FIXTURE, c.model, 'step_3'),
        out: dir,
        name: c.model,
        ...(c.flags ? { flags: c.flags } : {}),
        ...(c.data ? { dataDir: join(FIXTURE, c.data) } : {}),
      });
      assert.deepEqual(
        result.warnings.filter((w) => !/augmented-task rows are not used/.test(w)),
        [],
        'the config beside the checkpoint tells every field',
      );
      const model = await loadModelFile(result.modelPath);
      const { config } = model;
      assert.equal(config.seqLen, ref.seq_len);
      assert.equal(config.vocabSize, ref.vocab_size);
      const B = ref.batch;
      const { totalLen: L } = trmDims(config);
      const session = await ort.InferenceSession.create(model.bytes, { executionProviders: ['cpu'] });
      try {
        let y: Float32Array = new Float32Array(B * L * config.hiddenSize);
        let z: Float32Array = new Float32Array(B * L * config.hiddenSize);
        const figures: string[] = [];
        for (let step = 0; step < ref.steps.length; step++) {
          const feeds: Record<string, ort.Tensor> = {
            tokens: i64(ref.tokens.flat(), [B, ref.seq_len]),
            y: f32(y, [B, L, config.hiddenSize]),
            z: f32(z, [B, L, config.hiddenSize]),
            reset: bool(Array.from({ length: B }, () => step === 0), [B]),
          };
          if (config.puzzleEmbLen > 0) feeds['puzzle_ids'] = i64(ref.puzzle_ids, [B]);
          const out = await session.run(feeds);
          const want = ref.steps[step]!;
          const logitDiff = maxAbsDiff(firstPositions(values(out['logits']), B, config.seqLen, ref.logit_positions, config.vocabSize), want.logits);
          const qDiff = maxAbsDiff(values(out['q_halt']), want.q_halt);
          const qcDiff = maxAbsDiff(values(out['q_continue']), want.q_continue);
          figures.push(`step ${step + 1}: logits ${logitDiff.toExponential(2)}, q_halt ${qDiff.toExponential(2)}, q_continue ${qcDiff.toExponential(2)}`);
          assert.ok(logitDiff <= LOGIT_TOLERANCE, `step ${step + 1}: logits differ by ${logitDiff}`);
          assert.ok(qDiff <= LOGIT_TOLERANCE && qcDiff <= LOGIT_TOLERANCE, `step ${step + 1}: q differs by ${qDiff} / ${qcDiff}`);
          assert.deepEqual(values(out['answer']), want.answers.flat(), `step ${step + 1}: answers`);
          y = out['y_out']!.data as Float32Array;
          z = out['z_out']!.data as Float32Array;
        }
        console.log(`  ${c.model}: max |ours - official| ${figures.join('; ')}`);
      } finally {
        await session.release();
      }
    });
  }
});
