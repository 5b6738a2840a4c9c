/**
 * The PyTorch yardstick (bench/pytorch/trm_yardstick.py, the same TRM in PyTorch) run in the same session
 * as our figures, so each comparison is a ratio measured on the same machine minutes apart. Needs Debian's
 * python3-torch for /usr/bin/python3 (with libopenblas0-openmp for a fast BLAS); absent it, says so.
 * Never part of `npm test` or CI.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { TrmConfig } from '../server/src/trm/model/config';

const PYTHON = process.env.TRM_TORCH_PYTHON ?? '/usr/bin/python3';
const SCRIPT = join(__dirname, 'pytorch', 'trm_yardstick.py');

export function torchAvailable(): string | undefined {
  const r = spawnSync(PYTHON, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8', timeout: 60_000 });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

export interface TorchTiming {
  ms: number;
  torch: string;
}

/** Median ms of one training step (mode 'train') or one inference supervision step ('infer') in PyTorch. */
export function torchStepMs(config: TrmConfig, batch: number, mode: 'train' | 'infer', threads = 2): TorchTiming {
  const spec = {
    seqLen: config.seqLen,
    vocabSize: config.vocabSize,
    hiddenSize: config.hiddenSize,
    numHeads: config.numHeads,
    expansion: config.expansion,
    hCycles: config.hCycles,
    lCycles: config.lCycles,
    lLayers: config.lLayers,
    mixer: config.mixer,
    batch,
    mode,
    threads,
    runs: mode === 'train' ? 5 : 10,
  };
  const r = spawnSync(PYTHON, [SCRIPT, JSON.stringify(spec)], { encoding: 'utf8', timeout: 30 * 60_000, env: { ...process.env, OMP_NUM_THREADS: String(threads) } });
  if (r.status !== 0) throw new Error(`the PyTorch yardstick failed: ${r.stderr.trim().split('\n').pop()}`);
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as { torch: string; msPerTrainStep?: number; msPerSupervisionStep?: number };
  return { ms: (mode === 'train' ? out.msPerTrainStep : out.msPerSupervisionStep)!, torch: out.torch };
}
