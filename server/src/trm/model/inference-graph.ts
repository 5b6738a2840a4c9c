/**
 * The served graph: one TRM supervision step with named inputs and outputs, the interface between model
 * files and the runtime. The ACT loop (carrying y/z, counting steps, halting) belongs to the runtime.
 *
 *   inputs   tokens         int64    [batch, S]        puzzle token ids (the domain's Int32Array, widened)
 *            y, z           float32  [batch, L, D]     carried states, L = S + P (ignored where reset)
 *            reset          bool     [batch]           true: start from H_init / L_init (first step)
 *            puzzle_ids     int64    [batch]           only when the config has a puzzle embedding
 *   outputs  logits         float32  [batch, S, V]
 *            q_halt         float32  [batch]           halt when > 0
 *            q_continue     float32  [batch]
 *            y_out, z_out   float32  [batch, L, D]     feed back as y, z
 *            answer         int64    [batch, S]        argmax of logits
 *            cycle_answers  int64    [batch, T, S]     argmax of the LM head after each cycle (option)
 *
 * int64 ids follow ONNX's index convention (Gather, ArgMax), so ids in and answers out share one type.
 */
import { Trm, type TrmStepOptions } from './architecture';
import type { TrmConfig } from './config';
import { trmDims } from './config';
import { Graph } from '../graph/graph';
import * as op from '../graph/ops';
import { initializerParameters, inputParameters, type TrmWeights } from './parameters';

export const STEP_INPUTS = { tokens: 'tokens', y: 'y', z: 'z', reset: 'reset', puzzleIds: 'puzzle_ids' } as const;
export const STEP_OUTPUTS = {
  logits: 'logits',
  qHalt: 'q_halt',
  qContinue: 'q_continue',
  yOut: 'y_out',
  zOut: 'z_out',
  answer: 'answer',
  cycleAnswers: 'cycle_answers',
} as const;
export const BATCH_DIM = 'batch';

export interface SupervisionStepGraphOptions extends TrmStepOptions {
  /** Adds `cycle_answers` (one extra LM head and argmax per cycle). */
  cycleAnswers?: boolean;
}

/**
 * Builds the supervision-step graph. `weights` become initializers; pass 'inputs' to declare every
 * parameter as a graph input named after it instead (training feeds weights that way).
 */
export function buildSupervisionStepGraph(
  config: TrmConfig,
  weights: TrmWeights | 'inputs',
  options: SupervisionStepGraphOptions = {},
): Graph {
  const g = new Graph();
  const { seqLen: S, hiddenSize: D, puzzleEmbLen: P } = config;
  const { totalLen: L } = trmDims(config);
  const tokens = g.input(STEP_INPUTS.tokens, 'int64', [BATCH_DIM, S]);
  const y = g.input(STEP_INPUTS.y, 'float32', [BATCH_DIM, L, D]);
  const z = g.input(STEP_INPUTS.z, 'float32', [BATCH_DIM, L, D]);
  const reset = g.input(STEP_INPUTS.reset, 'bool', [BATCH_DIM]);
  const puzzleIds = P > 0 ? g.input(STEP_INPUTS.puzzleIds, 'int64', [BATCH_DIM]) : undefined;
  const params = weights === 'inputs' ? inputParameters(g, config) : initializerParameters(g, config, weights);

  const trm = new Trm(g, config, params);
  const out = trm.supervisionStep({ tokens, y, z, reset, ...(puzzleIds ? { puzzleIds } : {}) }, options);

  g.output(STEP_OUTPUTS.logits, out.logits);
  g.output(STEP_OUTPUTS.qHalt, out.qHalt);
  g.output(STEP_OUTPUTS.qContinue, out.qContinue);
  g.output(STEP_OUTPUTS.yOut, out.y);
  g.output(STEP_OUTPUTS.zOut, out.z);
  const answer = g.output(STEP_OUTPUTS.answer, g.scope('answer', () => op.argmax(out.logits, -1)));
  if (options.cycleAnswers) {
    const perCycle = g.scope('cycle_answers', () =>
      out.cycleY.map((yc, c) => (c === out.cycleY.length - 1 ? answer : op.argmax(trm.logits(yc), -1))),
    );
    g.output(STEP_OUTPUTS.cycleAnswers, g.scope('cycle_answers', () => op.concat(perCycle.map((a) => op.unsqueeze(a, 1)), 1)));
  }
  return g;
}
