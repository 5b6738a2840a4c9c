/**
 * Small model files for runtime, server and CLI tests: random or initial weights, saved with a card the
 * way a trained model is, so tests exercise the real loading path.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trmConfig, type TrmConfig } from '../../server/src/trm/model/config';
import { initWeights } from '../../server/src/trm/model/init';
import { saveModel } from '../../server/src/trm/model/model-file';
import type { TrmWeights } from '../../server/src/trm/model/parameters';
import type { Canvas, PuzzleKind } from '../../server/src/puzzles/types';
import { randomWeights } from './trm-fixtures';

export const SUDOKU_4X4_VOCABULARY = ['pad', 'blank', '1', '2', '3', '4'];

export function tinySudokuConfig(fields: Partial<TrmConfig> = {}): TrmConfig {
  return trmConfig({ seqLen: 16, vocabSize: 6, hiddenSize: 32, numHeads: 4, expansion: 2, hCycles: 2, lCycles: 2, mixer: 'mlp_t', ...fields });
}

export interface FixtureModel {
  kind?: PuzzleKind;
  canvas?: Canvas;
  vocabulary?: string[];
  config?: TrmConfig;
  name?: string;
  seed?: number;
  /** Random weights everywhere (the Q head too, so halting varies); otherwise the reference initialisation. */
  random?: boolean;
  /** Overrides the Q head bias, with a zero Q head weight: q_halt is this at every step. */
  qHaltBias?: number;
  /** A zero output head: every step answers token 0 everywhere, so the answer repeats from step 2 on. */
  constantAnswer?: boolean;
}

export function fixtureWeights(config: TrmConfig, spec: FixtureModel): TrmWeights {
  const weights = spec.random ? randomWeights(config, spec.seed ?? 1) : initWeights(config, spec.seed ?? 1);
  if (spec.qHaltBias !== undefined) {
    weights.get('q_head.weight')!.fill(0);
    weights.get('q_head.bias')!.set([spec.qHaltBias, 0]);
  }
  if (spec.constantAnswer) weights.get('lm_head.weight')!.fill(0);
  return weights;
}

export async function writeFixtureModel(dir: string, file: string, spec: FixtureModel = {}): Promise<string> {
  const config = spec.config ?? tinySudokuConfig();
  const path = join(dir, file);
  await saveModel(path, config, fixtureWeights(config, spec), {
    name: spec.name ?? file.replace(/\.onnx$/, ''),
    kind: spec.kind ?? 'sudoku',
    canvas: spec.canvas ?? { rows: 4, cols: 4 },
    vocabulary: spec.vocabulary ?? SUDOKU_4X4_VOCABULARY,
    data: 'none: a test fixture',
    training: { description: `untrained test fixture, seed ${spec.seed ?? 1}` },
  });
  return path;
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
