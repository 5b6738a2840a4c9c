/**
 * Held-out accuracy the way the server will see it: the served inference graph built from the weights,
 * the same ACT loop, answers compared with the labels on every labelled cell. Exact = every labelled cell
 * of a puzzle right.
 */
import type * as ort from 'onnxruntime-node';
import type { Example } from '../data';
import { IGNORE_LABEL } from '../data';
import type { TrmConfig } from '../model/config';
import { encodeModel } from '../model/model-format';
import type { TrmWeights } from '../model/parameters';
import { runAct } from '../runtime/act';
import { createDeviceSession, type DevicePreference } from '../runtime/device';

export interface Accuracy {
  puzzles: number;
  /** Fraction of puzzles with every labelled cell right. */
  exact: number;
  /** Fraction of labelled cells right. */
  cell: number;
  /** Mean supervision steps used. */
  meanSteps: number;
}

export interface EvaluateOptions {
  maxSteps: number;
  haltEarly: boolean;
  batchSize?: number;
  device?: DevicePreference;
  /** Called with each example's own result, in order (for figures split by band). */
  onExample?: (index: number, result: ExampleResult) => void;
}

export interface ExampleResult {
  exact: boolean;
  cellsRight: number;
  cells: number;
  steps: number;
}

export async function evaluateSession(session: ort.InferenceSession, config: TrmConfig, examples: readonly Example[], options: EvaluateOptions): Promise<Accuracy> {
  let exact = 0;
  let cellsRight = 0;
  let cells = 0;
  let steps = 0;
  const batch = options.batchSize ?? 64;
  for (let start = 0; start < examples.length; start += batch) {
    const chunk = examples.slice(start, start + batch);
    const traces = await runAct(
      session,
      config,
      chunk.map((e) => ({ tokens: e.inputs, puzzleId: e.puzzleId })),
      { maxSteps: options.maxSteps, haltEarly: options.haltEarly, perCycle: false },
    );
    chunk.forEach((example, i) => {
      const trace = traces[i]!;
      let right = 0;
      let labelled = 0;
      for (let s = 0; s < example.labels.length; s++) {
        if (example.labels[s] === IGNORE_LABEL) continue;
        labelled++;
        if (trace.answer[s] === example.labels[s]) right++;
      }
      cellsRight += right;
      cells += labelled;
      if (right === labelled) exact++;
      steps += trace.steps;
      options.onExample?.(start + i, { exact: right === labelled, cellsRight: right, cells: labelled, steps: trace.steps });
    });
  }
  const n = examples.length;
  return { puzzles: n, exact: n ? exact / n : 0, cell: cells ? cellsRight / cells : 0, meanSteps: n ? steps / n : 0 };
}

export async function evaluateWeights(config: TrmConfig, weights: TrmWeights, examples: readonly Example[], options: EvaluateOptions): Promise<Accuracy> {
  const { session } = await createDeviceSession(encodeModel(config, weights, {}), options.device ?? 'cpu');
  try {
    return await evaluateSession(session, config, examples, options);
  } finally {
    await session.release();
  }
}
