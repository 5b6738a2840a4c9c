/**
 * Benchmark: wall time of one TRM supervision step (the served graph) in onnxruntime-node on the CPU
 * (graph optimisations 'all', 2 intra-op threads), for the sizes that matter: 9x9 sudoku at D 128 and 512
 * with either mixer, and a 30x30 maze/ARC canvas. Median of several timed runs after warm-up.
 *
 * These machines are shared and noisy, so every step is interleaved with a reference in the same run: a
 * chain of plain [B*L, D] x [D, D] MatMuls doing the same number of floating-point operations as the
 * step's MatMuls (a quarter of them, timed and scaled by 4). `ratio` = step / reference is the figure that
 * survives a busy machine: how far the step is from pure GEMM throughput (1.0 would be no overhead at all).
 * Run alone: `node --import tsx bench/trm-step.ts`.
 *
 * All configs: 8 heads, expansion 4, T = 3, 2 layers, vocabulary 11 (sudoku) or 6 (maze), no puzzle prefix
 * (P = 0), except the last row: the paper's Sudoku-Extreme model, which is "S=81 D=512 mlp_t" plus a P = 16
 * puzzle-embedding prefix (L = 97, 5.03M parameters).
 */
import { loadavg } from 'node:os';
import * as ort from 'onnxruntime-node';
import { trmConfig, trmDims, type TrmConfig } from '../server/src/trm/model/config';
import { Graph, constantF32, matmul, serializeGraph } from '../server/src/trm/graph';
import { initWeights } from '../server/src/trm/model/init';
import { buildSupervisionStepGraph } from '../server/src/trm/model/inference-graph';

export interface StepBenchCase {
  name: string;
  config: TrmConfig;
  batches: number[];
}

const sudoku = (hiddenSize: number, mixer: TrmConfig['mixer']): TrmConfig =>
  trmConfig({ seqLen: 81, vocabSize: 11, hiddenSize, mixer, posEncodings: mixer === 'mlp_t' ? 'none' : 'rope', lCycles: 6 });

export const STEP_BENCH_CASES: StepBenchCase[] = [
  { name: 'S=81 D=128 mlp_t', config: sudoku(128, 'mlp_t'), batches: [1, 64] },
  { name: 'S=81 D=128 attention', config: sudoku(128, 'attention'), batches: [1, 64] },
  { name: 'S=81 D=512 mlp_t', config: sudoku(512, 'mlp_t'), batches: [1, 64] },
  { name: 'S=81 D=512 attention', config: sudoku(512, 'attention'), batches: [1, 64] },
  {
    name: 'S=900 D=128 attention',
    config: trmConfig({ seqLen: 900, vocabSize: 6, hiddenSize: 128, lCycles: 4 }),
    // Batch 64 at L = 900 takes over ten seconds a step on 2 cores; 8 shows the scaling.
    batches: [1, 8],
  },
  {
    name: 'paper sudoku (P=16)',
    config: trmConfig({
      ...sudoku(512, 'mlp_t'),
      puzzleEmbLen: 16,
      puzzleEmbNdim: 512,
      numPuzzleIdentifiers: 1,
    }),
    batches: [1, 64],
  },
];

export interface StepTiming {
  name: string;
  batch: number;
  /** Median wall time of one step. */
  ms: number;
  /** Fastest run: on a shared, loaded machine the better estimate of the step's own cost. */
  minMs: number;
  runs: number;
  /** Median time of the same-FLOP plain MatMul reference, interleaved with the steps. */
  gemmMs: number;
  /** ms / gemmMs. */
  ratio: number;
  /** MatMul GFLOP per second of the step (stepMatmulFlops / ms). */
  gflops: number;
}

/** Floating-point operations (2 per multiply-add) of every MatMul in one supervision step. */
export function stepMatmulFlops(config: TrmConfig, batch: number): number {
  const { seqLen: S, hiddenSize: D, vocabSize: V, hCycles: T, lCycles: n } = config;
  const { totalLen: L, headDim, mlpInter: I, mlpTInter: IL } = trmDims(config);
  const mlp = 2 * L * D * 3 * I;
  const mixer =
    config.mixer === 'mlp_t'
      ? 2 * D * L * 3 * IL
      : 2 * L * D * 4 * D + 4 * L * L * D + (config.posEncodings === 'rope' ? 2 * L * 2 * D * headDim : 0);
  return batch * (T * (n + 1) * config.lLayers * (mlp + mixer) + 2 * S * D * V);
}

const REFERENCE_FRACTION = 4;

/** A chain of [batch, L, D] @ [D, D] MatMuls with 1/REFERENCE_FRACTION of `flops`. */
async function createGemmReference(config: TrmConfig, batch: number, flops: number, threads: number): Promise<ort.InferenceSession> {
  const { totalLen: L } = trmDims(config);
  const D = config.hiddenSize;
  const count = Math.max(1, Math.round(flops / REFERENCE_FRACTION / (2 * batch * L * D * D)));
  const g = new Graph();
  // A permutation matrix: the values neither grow nor decay along the chain (no denormals, no overflow).
  const w = new Float32Array(D * D);
  for (let i = 0; i < D; i++) w[i * D + ((i * 7 + 3) % D)] = 1;
  const W = constantF32(g, w, [D, D], 'permutation');
  let x = g.input('x', 'float32', ['batch', L, D]);
  for (let i = 0; i < count; i++) x = matmul(x, W);
  g.output('y', x);
  return ort.InferenceSession.create(serializeGraph(g), sessionOptions(threads));
}

function sessionOptions(threads: number): ort.InferenceSession.SessionOptions {
  return { executionProviders: ['cpu'], graphOptimizationLevel: 'all', intraOpNumThreads: threads, interOpNumThreads: 1 };
}

export async function createStepSession(config: TrmConfig, threads = 2): Promise<ort.InferenceSession> {
  const bytes = serializeGraph(buildSupervisionStepGraph(config, initWeights(config, 0)));
  return ort.InferenceSession.create(bytes, sessionOptions(threads));
}

export function stepFeeds(config: TrmConfig, batch: number): Record<string, ort.Tensor> {
  const { totalLen: L } = trmDims(config);
  const D = config.hiddenSize;
  const feeds: Record<string, ort.Tensor> = {
    tokens: new ort.Tensor('int64', BigInt64Array.from({ length: batch * config.seqLen }, (_, i) => BigInt(i % config.vocabSize)), [batch, config.seqLen]),
    y: new ort.Tensor('float32', new Float32Array(batch * L * D), [batch, L, D]),
    z: new ort.Tensor('float32', new Float32Array(batch * L * D), [batch, L, D]),
    reset: new ort.Tensor('bool', new Uint8Array(batch).fill(1), [batch]),
  };
  if (config.puzzleEmbLen > 0) feeds['puzzle_ids'] = new ort.Tensor('int64', new BigInt64Array(batch), [batch]);
  return feeds;
}

/**
 * Wall times of each of `runs` (one session.run each), interleaved round by round after `warmup` untimed
 * rounds; sorted per run. At least 3 rounds, and no new round past `budgetMs`.
 */
export async function timeInterleaved(
  runs: Array<() => Promise<unknown>>,
  { warmup = 3, rounds = 15, budgetMs = 30_000 } = {},
): Promise<number[][]> {
  for (let i = 0; i < warmup; i++) for (const run of runs) await run();
  const times = runs.map((): number[] => []);
  const start = performance.now();
  for (let r = 0; r < rounds && (r < 3 || performance.now() - start < budgetMs); r++) {
    for (const [i, run] of runs.entries()) {
      const t0 = performance.now();
      await run();
      times[i]?.push(performance.now() - t0);
    }
  }
  return times.map((t) => t.sort((a, b) => a - b));
}

const median = (sorted: number[]): number => sorted[sorted.length >> 1] as number;

export async function benchSupervisionStep(cases: StepBenchCase[] = STEP_BENCH_CASES, threads = 2): Promise<StepTiming[]> {
  const results: StepTiming[] = [];
  for (const c of cases) {
    const session = await createStepSession(c.config, threads);
    try {
      for (const batch of c.batches) {
        const flops = stepMatmulFlops(c.config, batch);
        const reference = await createGemmReference(c.config, batch, flops, threads);
        const { totalLen: L } = trmDims(c.config);
        const feeds = stepFeeds(c.config, batch);
        const x = { x: new ort.Tensor('float32', new Float32Array(batch * L * c.config.hiddenSize).fill(0.5), [batch, L, c.config.hiddenSize]) };
        // Steps of seconds: one warm-up round and five timed ones are enough.
        const heavy = batch * L * c.config.hiddenSize > 64 * 81 * 128;
        const [step, gemm] = await timeInterleaved(
          [() => session.run(feeds), () => reference.run(x)],
          heavy ? { warmup: 1, rounds: 5 } : {},
        );
        await reference.release();
        if (!step || !gemm) throw new Error('no timings');
        const ms = median(step);
        const gemmMs = REFERENCE_FRACTION * median(gemm);
        results.push({ name: c.name, batch, ms, minMs: step[0] as number, runs: step.length, gemmMs, ratio: ms / gemmMs, gflops: flops / ms / 1e6 });
      }
    } finally {
      await session.release();
    }
  }
  return results;
}

async function main(): Promise<void> {
  // The machine's load average goes with the figures: on a shared machine it explains a slow median.
  console.log(`load average before: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  for (const r of await benchSupervisionStep()) {
    const line = `${r.name.padEnd(24)} batch ${String(r.batch).padStart(2)}`;
    const times = `median ${r.ms.toFixed(1).padStart(8)} ms/step  min ${r.minMs.toFixed(1).padStart(8)}  (${r.runs} runs)`;
    console.log(`${line}  ${times}  x${r.ratio.toFixed(2)} of same-FLOP MatMuls  ${r.gflops.toFixed(0).padStart(4)} GFLOP/s`);
  }
  console.log(`load average after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
}

if (process.argv[1] && /trm-step\.ts$/.test(process.argv[1])) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
