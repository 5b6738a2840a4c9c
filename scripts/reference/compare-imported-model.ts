/**
 * Compares an imported model (`trm import`'s NAME.onnx) with the official model's own forward pass
 * (official-forward.py's JSON): the same puzzles, every supervision step from a reset, through ONNX Runtime
 * here. Prints the largest logit and q_halt differences per step and how many answers differ; exits 1 when
 * a logit differs by more than the float32 bound used across the repo (7e-4) or any answer differs.
 *
 *   node --import tsx scripts/reference/compare-imported-model.ts MODEL.onnx OFFICIAL.json
 */
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { loadModelFile } from '../../server/src/trm/model/model-file';
import { trmDims } from '../../server/src/trm/model/config';

interface Official {
  tokens: number[][];
  puzzle_ids: number[];
  seq_len: number;
  vocab_size: number;
  steps: { logits: number[]; q_halt: number[]; answers: number[][]; float32_vs_float64: number }[];
}

const LOGIT_BOUND = 7e-4;

async function main(modelPath: string, officialPath: string): Promise<number> {
  const official = JSON.parse(readFileSync(officialPath, 'utf8')) as Official;
  const { config } = await loadModelFile(modelPath);
  const B = official.tokens.length;
  const S = config.seqLen;
  const L = trmDims(config).totalLen;
  const D = config.hiddenSize;
  const session = await ort.InferenceSession.create(modelPath);
  let y: ort.Tensor = new ort.Tensor('float32', new Float32Array(B * L * D), [B, L, D]);
  let z: ort.Tensor = new ort.Tensor('float32', new Float32Array(B * L * D), [B, L, D]);
  const tokens = new ort.Tensor('int64', BigInt64Array.from(official.tokens.flat(), BigInt), [B, S]);
  let failed = false;
  console.log('| step | max \\|ours − official\\| logits | q_halt | answers that differ | official float32 − float64, logits |');
  console.log('|---|---|---|---|---|');
  for (const [i, step] of official.steps.entries()) {
    const feeds: Record<string, ort.Tensor> = {
      tokens,
      y,
      z,
      reset: new ort.Tensor('bool', new Uint8Array(B).fill(i === 0 ? 1 : 0), [B]),
    };
    if (config.puzzleEmbLen > 0) feeds.puzzle_ids = new ort.Tensor('int64', BigInt64Array.from(official.puzzle_ids, BigInt), [B]);
    const out = await session.run(feeds);
    const logits = out.logits!.data as Float32Array;
    const qHalt = out.q_halt!.data as Float32Array;
    const answer = out.answer!.data as BigInt64Array;
    let dLogits = 0;
    for (let k = 0; k < logits.length; k++) dLogits = Math.max(dLogits, Math.abs(logits[k]! - step.logits[k]!));
    let dq = 0;
    for (let b = 0; b < B; b++) dq = Math.max(dq, Math.abs(qHalt[b]! - step.q_halt[b]!));
    let differ = 0;
    for (let b = 0; b < B; b++) {
      for (let s = 0; s < S; s++) if (Number(answer[b * S + s]) !== step.answers[b]![s]) differ++;
    }
    console.log(`| ${i + 1} | ${dLogits.toExponential(1)} | ${dq.toExponential(1)} | ${differ} of ${B * S} cells | ${step.float32_vs_float64.toExponential(1)} |`);
    // Beyond the bound, differences no larger than the official code's own float32 rounding still pass.
    if (dLogits > Math.max(LOGIT_BOUND, 2 * step.float32_vs_float64) || differ > 0) failed = true;
    y = out.y_out as ort.Tensor;
    z = out.z_out as ort.Tensor;
  }
  await session.release();
  console.log(failed ? "FAIL: the imported model does not answer as the official one" : `ok: ${B} puzzles, ${official.steps.length} steps, the same answers, logits within max(${LOGIT_BOUND}, twice the official float32 - float64 difference)`);
  return failed ? 1 : 0;
}

const [modelPath, officialPath] = process.argv.slice(2);
if (!modelPath || !officialPath) {
  console.error('usage: node --import tsx scripts/reference/compare-imported-model.ts MODEL.onnx OFFICIAL.json');
  process.exit(2);
}
main(modelPath, officialPath).then((code) => process.exit(code), (e: unknown) => {
  console.error(e);
  process.exit(2);
});
