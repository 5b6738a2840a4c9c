/**
 * The ACT loop at inference: run supervision steps on a batch of sequences, carrying y and z from one step
 * to the next, until each sequence halts (when halting early: q_halt > 0 on an answer that repeats the step
 * before, `haltsAt`) or the step budget runs out.
 * Sequences that have halted leave the batch, so later steps only pay for the ones still thinking.
 * Records what the recursion hover shows: the answer after each step (and each cycle), q_halt per step.
 *
 * On a session that leaves y' and z' in GPU memory (WebGPU, DeviceSession.onDevice), they are fed back as
 * they are and never read: only the answers, logits and q_halt come back each step. There, rows that have
 * halted stay in the batch until every row has (their results are ignored): dropping them would mean
 * copying the state back to the CPU, and onnxruntime-node 1.30 cannot read a GPU tensor back (its download
 * aborts the process), while the extra rows cost a GPU next to nothing.
 */
import * as ort from 'onnxruntime-node';
import { trmDims, type TrmConfig } from '../model/config';
import { haltsAt } from '../model/supervision';
import { STEP_INPUTS, STEP_OUTPUTS } from '../model/inference-graph';

export interface ActOptions {
  /** Most supervision steps per sequence (N_sup). */
  maxSteps: number;
  /** Stop a sequence at the first step `haltsAt` allows; otherwise run all maxSteps (the reference's evaluation). */
  haltEarly: boolean;
  /** Keep the answer after every recursion cycle too (needs the graph's cycle_answers output). */
  perCycle: boolean;
}

export interface ActSequence {
  tokens: Int32Array;
  /** Puzzle embedding id (0 = blank/unknown), for models with a puzzle embedding. */
  puzzleId?: number;
  /** Polled between steps: a cancelled sequence leaves the batch and gets no result. */
  cancelled?: () => boolean;
}

export interface ActTrace {
  /** The answer after the last step run. */
  answer: Int32Array;
  /** Probability the model gives its own answer token, per position, at the last step. */
  confidence: Float32Array;
  /** The answer after each supervision step. */
  stepAnswers: Int32Array[];
  /** Per step, the answer after each recursion cycle (when asked for and the model has them). */
  cycleAnswers?: Int32Array[][];
  /** q_halt logit per step. */
  qHalt: number[];
  steps: number;
  /** True when the model chose to stop (`haltsAt`) rather than running out of steps. */
  halted: boolean;
  /** The first step (1-based) where `haltsAt` holds, whether or not the loop stopped there. */
  haltStep?: number;
}

function toInt32(data: ort.Tensor['data'], from: number, length: number): Int32Array {
  const out = new Int32Array(length);
  const src = data as BigInt64Array;
  for (let i = 0; i < length; i++) out[i] = Number(src[from + i]!);
  return out;
}

/** max softmax probability per position, from logits [S, V] starting at `offset`. */
function answerConfidence(logits: Float32Array, offset: number, seqLen: number, vocab: number): Float32Array {
  const out = new Float32Array(seqLen);
  for (let s = 0; s < seqLen; s++) {
    const base = offset + s * vocab;
    let max = -Infinity;
    for (let v = 0; v < vocab; v++) max = Math.max(max, logits[base + v]!);
    let sum = 0;
    for (let v = 0; v < vocab; v++) sum += Math.exp(logits[base + v]! - max);
    out[s] = 1 / sum;
  }
  return out;
}

/** Runs the ACT loop; results are in the order of `sequences` (null for those cancelled). */
export async function runAct(
  session: ort.InferenceSession,
  config: TrmConfig,
  sequences: readonly ActSequence[],
  options: ActOptions,
  onDevice: readonly string[] = [],
): Promise<(ActTrace | null)[]> {
  const S = config.seqLen;
  const D = config.hiddenSize;
  const V = config.vocabSize;
  const L = trmDims(config).totalLen;
  const state = L * D;
  const withCycles = options.perCycle && session.outputNames.includes(STEP_OUTPUTS.cycleAnswers);
  const usesPuzzleIds = session.inputNames.includes(STEP_INPUTS.puzzleIds);
  for (const seq of sequences) {
    if (seq.tokens.length !== S) throw new Error(`a sequence has ${seq.tokens.length} tokens; the model reads ${S}`);
  }

  const traces: (ActTrace | null)[] = sequences.map(() => ({
    answer: new Int32Array(S),
    confidence: new Float32Array(S),
    stepAnswers: [],
    ...(withCycles ? { cycleAnswers: [] } : {}),
    qHalt: [],
    steps: 0,
    halted: false,
  }));
  const stateOnDevice = onDevice.includes(STEP_OUTPUTS.yOut) && onDevice.includes(STEP_OUTPUTS.zOut);
  // Rows of the current batch: indices into `sequences`, with their carried y and z.
  let active = sequences.map((_, i) => i);
  // Rows still thinking; on the device, finished rows stay in the batch (see above) and are skipped here.
  let live = active.map(() => true);
  let y: Float32Array = new Float32Array(active.length * state);
  let z: Float32Array = new Float32Array(active.length * state);
  let carried: { y: ort.Tensor; z: ort.Tensor } | undefined;
  let first = true;

  try {
    for (let step = 0; step < options.maxSteps && live.some(Boolean); step++) {
      const keep = active.map((i, row) => live[row]! && !sequences[i]!.cancelled?.());
      active.forEach((i, row) => {
        if (live[row] && !keep[row]) traces[i] = null;
      });
      if (stateOnDevice) live = keep;
      else if (keep.some((k) => !k)) {
        ({ active, y, z } = compact(active, keep, y, z, state));
        live = active.map(() => true);
      }
      if (!live.some(Boolean)) break;

      const B = active.length;
      const tokens = new BigInt64Array(B * S);
      active.forEach((i, row) => {
        const t = sequences[i]!.tokens;
        for (let s = 0; s < S; s++) tokens[row * S + s] = BigInt(t[s]!);
      });
      const feeds: Record<string, ort.Tensor> = {
        [STEP_INPUTS.tokens]: new ort.Tensor('int64', tokens, [B, S]),
        [STEP_INPUTS.y]: carried?.y ?? new ort.Tensor('float32', y, [B, L, D]),
        [STEP_INPUTS.z]: carried?.z ?? new ort.Tensor('float32', z, [B, L, D]),
        [STEP_INPUTS.reset]: new ort.Tensor('bool', new Uint8Array(B).fill(first ? 1 : 0), [B]),
      };
      if (usesPuzzleIds) {
        feeds[STEP_INPUTS.puzzleIds] = new ort.Tensor('int64', BigInt64Array.from(active, (i) => BigInt(sequences[i]!.puzzleId ?? 0)), [B]);
      }
      const fetches: string[] = [STEP_OUTPUTS.logits, STEP_OUTPUTS.qHalt, STEP_OUTPUTS.yOut, STEP_OUTPUTS.zOut, STEP_OUTPUTS.answer];
      if (withCycles) fetches.push(STEP_OUTPUTS.cycleAnswers);
      // onnxruntime-node 1.30 applies preferredOutputLocation by position in the fetch list, not by name:
      // with a subset of the outputs, the wrong ones land in GPU memory. So on the device, fetch the outputs
      // in the session's own order, up to the last one needed (positions then match).
      const out = await session.run(feeds, stateOnDevice ? outputPrefix(session.outputNames, fetches) : fetches);
      first = false;

      const logits = out[STEP_OUTPUTS.logits]!.data as Float32Array;
      const qHalt = out[STEP_OUTPUTS.qHalt]!.data as Float32Array;
      const answers = out[STEP_OUTPUTS.answer]!.data;
      const cycles = withCycles ? out[STEP_OUTPUTS.cycleAnswers]! : undefined;
      const T = cycles ? (cycles.dims[1] as number) : 0;
      const stillThinking = active.map((i, row) => {
        if (!live[row]) return false;
        const trace = traces[i]!;
        const answer = toInt32(answers, row * S, S);
        const previous = trace.stepAnswers.at(-1);
        trace.stepAnswers.push(answer);
        trace.answer = answer;
        trace.confidence = answerConfidence(logits, row * S * V, S, V);
        trace.qHalt.push(qHalt[row]!);
        trace.steps = step + 1;
        if (cycles) trace.cycleAnswers!.push(Array.from({ length: T }, (_, c) => toInt32(cycles.data, (row * T + c) * S, S)));
        if (trace.haltStep === undefined && haltsAt(qHalt[row]!, answer, previous, sequences[i]!.tokens)) trace.haltStep = step + 1;
        trace.halted = options.haltEarly && trace.haltStep === step + 1;
        return !trace.halted;
      });
      if (stateOnDevice) {
        disposeCarried(carried);
        carried = { y: out[STEP_OUTPUTS.yOut]!, z: out[STEP_OUTPUTS.zOut]! };
        live = stillThinking;
        continue;
      }
      y = out[STEP_OUTPUTS.yOut]!.data as Float32Array;
      z = out[STEP_OUTPUTS.zOut]!.data as Float32Array;
      if (stillThinking.some((k) => !k)) ({ active, y, z } = compact(active, stillThinking, y, z, state));
      live = active.map(() => true);
    }
  } finally {
    disposeCarried(carried);
  }
  return traces;
}

function outputPrefix(outputNames: readonly string[], wanted: readonly string[]): string[] {
  const last = Math.max(...wanted.map((name) => outputNames.indexOf(name)));
  return outputNames.slice(0, last + 1);
}

function disposeCarried(carried: { y: ort.Tensor; z: ort.Tensor } | undefined): void {
  carried?.y.dispose();
  carried?.z.dispose();
}

function compact(active: number[], keep: boolean[], y: Float32Array, z: Float32Array, state: number): { active: number[]; y: Float32Array; z: Float32Array } {
  const rows = keep.flatMap((k, row) => (k ? [row] : []));
  const ny = new Float32Array(rows.length * state);
  const nz = new Float32Array(rows.length * state);
  rows.forEach((row, r) => {
    ny.set(y.subarray(row * state, (row + 1) * state), r * state);
    nz.set(z.subarray(row * state, (row + 1) * state), r * state);
  });
  return { active: rows.map((row) => active[row]!), y: ny, z: nz };
}
