/**
 * Benchmark: wall time of one training step (TrainingSession.step: one supervision step forward, the
 * backward pass of its last cycle, AdamW) in onnxruntime-node on the CPU with 2 intra-op threads, for a
 * tiny and a small config and the yardstick: a D = 128 attention TRM on 9x9 sudoku (S = 81, vocabulary 11,
 * 8 heads of 16 (and, as a variant, 4 heads of 32), expansion 4, T = 3, n = 6, 2 layers, RoPE, no puzzle
 * prefix), batch 64. For scale, PyTorch 1.13 with OpenBLAS trains that configuration at about 2.1 s per
 * supervision step on the same 2-core machine. Median of several timed steps after warm-up.
 *
 * These machines are shared and noisy, so each case also times the served supervision step of the same
 * config and batch (bench/trm-step.ts) right after its training steps: `perServedStep`, the ratio of the
 * two, is the figure that survives a busy machine (about 2 at T = 3 on the larger configs: T - 1 cycles
 * forward, the last forward and backward; more on tiny ones, where ORT's per-node overhead dominates). The
 * two are timed in blocks, not step by step, because each session's threads spin for a while after a run
 * and would slow the other's next run.
 * Run alone: `node --import tsx bench/train-step.ts`.
 */
import { loadavg } from 'node:os';
import { trmConfig, type TrmConfig } from '../server/src/trm/model/config';
import { Rng } from '../server/src/puzzles/common/random';
import { TrainingSession } from '../server/src/trm/train/session';
import { createStepSession, stepFeeds } from './trm-step';

export interface TrainBenchCase {
  name: string;
  config: TrmConfig;
  batch: number;
}

const sudoku9 = (hiddenSize: number, numHeads: number): TrmConfig =>
  trmConfig({ seqLen: 81, vocabSize: 11, hiddenSize, numHeads, expansion: 4, hCycles: 3, lCycles: 6, lLayers: 2 });

export const TRAIN_BENCH_CASES: TrainBenchCase[] = [
  {
    name: 'tiny 4x4 mlp_t D=32',
    config: trmConfig({ seqLen: 16, vocabSize: 6, hiddenSize: 32, numHeads: 4, expansion: 2, hCycles: 2, lCycles: 2, mixer: 'mlp_t', posEncodings: 'none' }),
    batch: 32,
  },
  {
    name: 'small 9x9 mlp_t D=64',
    config: trmConfig({ seqLen: 81, vocabSize: 11, hiddenSize: 64, numHeads: 4, expansion: 4, hCycles: 3, lCycles: 4, mixer: 'mlp_t', posEncodings: 'none' }),
    batch: 32,
  },
  { name: 'yardstick 9x9 attention D=128', config: sudoku9(128, 8), batch: 64 },
  // The same with 4 heads of 32: fewer, larger attention products.
  { name: 'yardstick, 4 heads of 32', config: sudoku9(128, 4), batch: 64 },
];

export interface TrainStepTiming {
  name: string;
  batch: number;
  /** Median wall time of one training step. */
  msPerStep: number;
  /** Median wall time of one served (inference) supervision step, same config and batch, same run. */
  servedMsPerStep: number;
  /** msPerStep / servedMsPerStep. */
  perServedStep: number;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1] as number;

async function timed(warmup: number, runs: number, run: () => Promise<void>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < warmup + runs; i++) {
    const t0 = performance.now();
    await run();
    if (i >= warmup) times.push(performance.now() - t0);
  }
  return times;
}

/** Median ms of `runs` training steps, then of `runs` served steps, each after `warmup` untimed ones. */
async function timeCase(c: TrainBenchCase, threads: number, warmup: number, runs: number): Promise<{ train: number; served: number }> {
  const session = await TrainingSession.create(c.config, { batchSize: c.batch, device: 'cpu', intraOpThreads: threads, emaDecay: 0.999 });
  const served = await createStepSession(c.config, threads);
  try {
    const servedFeeds = stepFeeds(c.config, c.batch);
    const rng = new Rng(1, 'bench');
    const n = c.batch * c.config.seqLen;
    const batch = {
      inputs: Int32Array.from({ length: n }, () => 1 + rng.int(c.config.vocabSize - 1)),
      labels: Int32Array.from({ length: n }, () => 2 + rng.int(c.config.vocabSize - 2)),
    };
    let carry = session.initialCarry();
    const train = await timed(warmup, runs, async () => {
      carry = (await session.step(batch, carry, 1e-4)).carry;
    });
    const servedTimes = await timed(warmup, runs, async () => {
      await served.run(servedFeeds);
    });
    return { train: median(train), served: median(servedTimes) };
  } finally {
    await Promise.all([session.release(), served.release()]);
  }
}

export async function benchTrainStep(cases: TrainBenchCase[] = TRAIN_BENCH_CASES, threads = 2): Promise<TrainStepTiming[]> {
  const results: TrainStepTiming[] = [];
  for (const c of cases) {
    const heavy = c.batch * c.config.seqLen * c.config.hiddenSize >= 64 * 81 * 128;
    // The first two steps of a session grow its memory arena (several times slower): never timed.
    const { train, served } = await timeCase(c, threads, heavy ? 2 : 3, heavy ? 5 : 15);
    results.push({ name: c.name, batch: c.batch, msPerStep: train, servedMsPerStep: served, perServedStep: train / served });
  }
  return results;
}

async function main(): Promise<void> {
  console.log(`load average before: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  for (const r of await benchTrainStep()) {
    const line = `${r.name.padEnd(30)} batch ${String(r.batch).padStart(2)}  ${r.msPerStep.toFixed(1).padStart(8)} ms/step`;
    console.log(`${line}  (served step ${r.servedMsPerStep.toFixed(1)} ms, ratio ${r.perServedStep.toFixed(2)}; 2 threads)`);
  }
  console.log(`load average after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
}

if (process.argv[1] && /train-step\.ts$/.test(process.argv[1])) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
