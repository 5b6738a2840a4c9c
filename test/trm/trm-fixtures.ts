/**
 * Test fixtures for the TRM: small configs, weights that are random everywhere (unlike initWeights, whose
 * zero Q head and puzzle embeddings would hide mistakes), random inputs, and one supervision step run in ORT.
 */
import * as ort from 'onnxruntime-node';
import { trmConfig, trmDims, type TrmConfig } from '../../server/src/trm/model/config';
import { parameterSpecs, type TrmWeights } from '../../server/src/trm/model/parameters';
import { Rng } from '../../server/src/puzzles/common/random';
import { bool, f32, i64, type Fetches } from './ort-run';

export function smallConfig(fields: Partial<TrmConfig> = {}): TrmConfig {
  return trmConfig({
    seqLen: 16,
    vocabSize: 7,
    hiddenSize: 32,
    numHeads: 4,
    expansion: 2,
    hCycles: 2,
    lCycles: 2,
    ...fields,
  });
}

export function randomWeights(config: TrmConfig, seed: number): TrmWeights {
  const w: TrmWeights = new Map();
  for (const spec of parameterSpecs(config)) {
    const rng = new Rng(seed, spec.name);
    const fanIn = spec.shape.length > 1 ? (spec.shape[1] as number) : 1;
    const std = spec.name.endsWith('_init') ? 1 : 1 / Math.sqrt(fanIn);
    const n = spec.shape.reduce((a, b) => a * b, 1);
    w.set(spec.name, Float32Array.from({ length: n }, () => rng.normal() * std));
  }
  return w;
}

export interface StepInputs {
  batch: number;
  tokens: number[];
  puzzleIds?: number[];
  y: Float32Array;
  z: Float32Array;
  reset: boolean[];
}

export function randomInputs(config: TrmConfig, batch: number, seed: number, reset: boolean[]): StepInputs {
  const rng = new Rng(seed, 'inputs');
  const { totalLen: L } = trmDims(config);
  const state = (): Float32Array => Float32Array.from({ length: batch * L * config.hiddenSize }, () => rng.normal());
  return {
    batch,
    tokens: Array.from({ length: batch * config.seqLen }, () => rng.int(config.vocabSize)),
    ...(config.puzzleEmbLen > 0 ? { puzzleIds: Array.from({ length: batch }, () => rng.int(config.numPuzzleIdentifiers)) } : {}),
    y: state(),
    z: state(),
    reset,
  };
}

export function stepFeeds(config: TrmConfig, inputs: StepInputs): Record<string, ort.Tensor> {
  const { totalLen: L } = trmDims(config);
  const B = inputs.batch;
  const feeds: Record<string, ort.Tensor> = {
    tokens: i64(inputs.tokens, [B, config.seqLen]),
    y: f32(inputs.y, [B, L, config.hiddenSize]),
    z: f32(inputs.z, [B, L, config.hiddenSize]),
    reset: bool(inputs.reset, [B]),
  };
  if (inputs.puzzleIds) feeds['puzzle_ids'] = i64(inputs.puzzleIds, [B]);
  return feeds;
}

export async function runSteps(session: ort.InferenceSession, config: TrmConfig, inputs: StepInputs): Promise<Fetches> {
  return (await session.run(stepFeeds(config, inputs))) as Fetches;
}
