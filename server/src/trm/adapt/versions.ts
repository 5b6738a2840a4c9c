/**
 * Answering augmented versions of ARC grids with one puzzle-embedding row: each version is placed at the
 * top-left of the canvas, run for a fixed number of supervision steps (all N_sup, as the reference
 * evaluates, so every version thinks equally long), cropped as the reference crops and mapped back by the
 * inverse of its augmentation. With labels, the cross-entropy of the last step's logits is returned too:
 * adaptation picks its best row by that loss on the held-out demonstration.
 */
import * as ort from 'onnxruntime-node';
import type { Canvas } from '../../puzzles/types';
import { trmDims, type TrmConfig } from '../model/config';
import { STEP_INPUTS, STEP_OUTPUTS } from '../model/inference-graph';
import { cropArc } from '../import/arc-evaluation';
import { augmentArcGrid, encodeArcGrid, restoreArcGrid, type ArcAugmentation } from '../data/arc/augment';
import type { ColourGrid } from '../data/arc/tasks';

export interface VersionAnswer {
  augmentation: ArcAugmentation;
  /** The answer cropped and mapped back to the task's own orientation and colours. */
  grid: ColourGrid;
  /** q_halt logit at the last step. */
  qHalt: number;
  /** With a target: the answer equals it exactly, and the mean cross-entropy over its labelled cells. */
  exact?: boolean;
  loss?: number;
}

export interface VersionRequest {
  input: ColourGrid;
  augmentation: ArcAugmentation;
  /** The expected output in the task's own frame (demonstrations), for `exact` and `loss`. */
  target?: ColourGrid;
}

/** Sequences per run: bounds the batch a task with many test inputs and versions would otherwise make. */
const CHUNK = 32;

export async function answerVersions(
  session: ort.InferenceSession,
  config: TrmConfig,
  canvas: Canvas,
  puzzleId: number,
  requests: readonly VersionRequest[],
  steps: number,
): Promise<VersionAnswer[]> {
  const out: VersionAnswer[] = [];
  for (let start = 0; start < requests.length; start += CHUNK) {
    out.push(...(await answerChunk(session, config, canvas, puzzleId, requests.slice(start, start + CHUNK), steps)));
  }
  return out;
}

async function answerChunk(
  session: ort.InferenceSession,
  config: TrmConfig,
  canvas: Canvas,
  puzzleId: number,
  requests: readonly VersionRequest[],
  steps: number,
): Promise<VersionAnswer[]> {
  const B = requests.length;
  const S = config.seqLen;
  const V = config.vocabSize;
  const L = trmDims(config).totalLen;
  const D = config.hiddenSize;
  const tokens = new BigInt64Array(B * S);
  const labels: (Int32Array | undefined)[] = [];
  requests.forEach((r, b) => {
    const seq = encodeArcGrid(augmentArcGrid(r.input, r.augmentation), canvas);
    for (let s = 0; s < S; s++) tokens[b * S + s] = BigInt(seq[s]!);
    labels.push(r.target ? encodeArcGrid(augmentArcGrid(r.target, r.augmentation), canvas) : undefined);
  });
  const tokenTensor = new ort.Tensor('int64', tokens, [B, S]);
  const ids = new ort.Tensor('int64', new BigInt64Array(B).fill(BigInt(puzzleId)), [B]);
  let y: ort.Tensor = new ort.Tensor('float32', new Float32Array(B * L * D), [B, L, D]);
  let z: ort.Tensor = new ort.Tensor('float32', new Float32Array(B * L * D), [B, L, D]);
  let last: ort.InferenceSession.ReturnType | undefined;
  for (let step = 0; step < steps; step++) {
    const feeds: Record<string, ort.Tensor> = {
      [STEP_INPUTS.tokens]: tokenTensor,
      [STEP_INPUTS.y]: y,
      [STEP_INPUTS.z]: z,
      [STEP_INPUTS.reset]: new ort.Tensor('bool', new Uint8Array(B).fill(step === 0 ? 1 : 0), [B]),
    };
    if (session.inputNames.includes(STEP_INPUTS.puzzleIds)) feeds[STEP_INPUTS.puzzleIds] = ids;
    last = await session.run(feeds, [STEP_OUTPUTS.logits, STEP_OUTPUTS.qHalt, STEP_OUTPUTS.yOut, STEP_OUTPUTS.zOut, STEP_OUTPUTS.answer]);
    y = last[STEP_OUTPUTS.yOut] as ort.Tensor;
    z = last[STEP_OUTPUTS.zOut] as ort.Tensor;
  }
  if (!last) throw new RangeError('answering needs at least one supervision step');
  const logits = last[STEP_OUTPUTS.logits]!.data as Float32Array;
  const qHalt = last[STEP_OUTPUTS.qHalt]!.data as Float32Array;
  const answers = last[STEP_OUTPUTS.answer]!.data as BigInt64Array;
  return requests.map((r, b) => {
    const answer = Array.from(answers.subarray(b * S, (b + 1) * S), Number);
    const grid = restoreArcGrid(cropArc(answer, canvas.cols), r.augmentation);
    const result: VersionAnswer = { augmentation: r.augmentation, grid, qHalt: qHalt[b]! };
    const label = labels[b];
    if (r.target && label) {
      result.exact = sameGrid(grid, r.target);
      result.loss = crossEntropy(logits, b * S * V, label, V);
    }
    return result;
  });
}

/** Mean softmax cross-entropy over the positions with a label (label 0 = pad, not scored, as in training). */
function crossEntropy(logits: Float32Array, offset: number, labels: Int32Array, V: number): number {
  let sum = 0;
  let count = 0;
  for (let s = 0; s < labels.length; s++) {
    const label = labels[s]!;
    if (label === 0) continue;
    const base = offset + s * V;
    let max = -Infinity;
    for (let v = 0; v < V; v++) max = Math.max(max, logits[base + v]!);
    let total = 0;
    for (let v = 0; v < V; v++) total += Math.exp(logits[base + v]! - max);
    sum += Math.log(total) + max - logits[base + label]!;
    count++;
  }
  return count ? sum / count : 0;
}

export function sameGrid(a: ColourGrid, b: ColourGrid): boolean {
  return a.length === b.length && a.every((row, r) => row.length === b[r]!.length && row.every((v, c) => v === b[r]![c]));
}
