/**
 * `npm run bench`: every speed figure of the README, each next to a reference measured in the same run.
 *   1. what runs on every keystroke: parse + diagnose in process, and the LSP round trip (vs the protocol
 *      floor, and idle vs with the model worker busy);
 *   2. one served supervision step (vs the same FLOPs as plain MatMuls);
 *   3. one training step for the tiny and small presets and the yardstick (vs the served step);
 *   4. where PyTorch is installed (/usr/bin/python3 with python3-torch), the same steps in PyTorch (ratio);
 *   5. the exact sudoku solver against the npm dancing-links solver @algorithm.ts/sudoku (ratio);
 *   6. every device that loads (CUDA, WebGPU, CPU): served and training steps as ratios to the CPU.
 * Pass section numbers to run only some: `npm run bench -- 1 3`.
 */
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { trmConfig } from '../server/src/trm/model/config';
import { presetFor } from '../server/src/trm/train/presets';
import { runSpec } from '../server/src/trm/train/run';
import { benchLspLatency } from './lsp-latency';
import { benchPuzzles } from './puzzles';
import { benchSudokuSolver, formatSolverRows } from './sudoku-solver';
import { torchAvailable, torchStepMs } from './pytorch';
import { printDeviceBench } from './devices';
import { benchTrainStep, type TrainBenchCase } from './train-step';
import { benchSupervisionStep, STEP_BENCH_CASES } from './trm-step';

const wanted = new Set(process.argv.slice(2).map(Number));
const run = (section: number) => wanted.size === 0 || wanted.has(section);
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

function presetCase(kind: 'sudoku' | 'maze', preset: 'tiny' | 'small'): TrainBenchCase {
  const spec = runSpec({ kind, preset, out: '' });
  return { name: `${kind} ${preset} preset (${spec.size}x${spec.size}, D=${spec.config.hiddenSize})`, config: spec.config, batch: presetFor(kind, preset).train.batchSize };
}

const YARDSTICK = trmConfig({ seqLen: 81, vocabSize: 11, hiddenSize: 128, numHeads: 8, expansion: 4, hCycles: 3, lCycles: 6, lLayers: 2 });

async function main(): Promise<void> {
  console.log(`# TRM Puzzles benchmarks — ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), node ${process.version}, load average ${load()}`);

  if (run(1)) {
    console.log('\n## 1. Diagnostics on every keystroke');
    for (const r of await benchPuzzles()) console.log(`${r.name.padEnd(56)} ${r.ms.toFixed(3).padStart(8)} ms (in process)`);
    const rows = await benchLspLatency();
    const floor = rows[0]!.idleMs;
    console.log('LSP didChange -> publishDiagnostics over stdio, median:');
    for (const r of rows) {
      console.log(
        `  ${r.name.padEnd(32)} ${r.idleMs.toFixed(2).padStart(6)} ms (x${(r.idleMs / floor).toFixed(2)} of the protocol floor)   ` +
          `with the model worker busy ${r.busyMs.toFixed(2).padStart(6)} ms (x${(r.busyMs / r.idleMs).toFixed(2)} of idle)`,
      );
    }
  }

  if (run(2)) {
    console.log('\n## 2. One supervision step (served graph, onnxruntime-node CPU, 2 threads)');
    for (const r of await benchSupervisionStep(STEP_BENCH_CASES, 2)) {
      console.log(`${r.name.padEnd(24)} batch ${String(r.batch).padStart(2)}  ${r.ms.toFixed(1).padStart(8)} ms  (min ${r.minMs.toFixed(1)})  x${r.ratio.toFixed(2)} of the same FLOPs as plain MatMuls`);
    }
  }

  if (run(3)) {
    console.log('\n## 3. One training step (forward of a supervision step, backward of its last cycle, AdamW; 2 threads)');
    const cases = [presetCase('sudoku', 'tiny'), presetCase('sudoku', 'small'), presetCase('maze', 'tiny'), { name: 'yardstick 9x9 attention D=128', config: YARDSTICK, batch: 64 }];
    for (const r of await benchTrainStep(cases, 2)) {
      console.log(
        `${r.name.padEnd(44)} batch ${String(r.batch).padStart(2)}  ${r.msPerStep.toFixed(0).padStart(6)} ms/step  ${(1000 / r.msPerStep).toFixed(2).padStart(6)} steps/s  x${r.perServedStep.toFixed(2)} of a served step`,
      );
    }
  }

  if (run(4)) {
    console.log('\n## 4. Against PyTorch on the CPU (same architecture, batch and threads)');
    const version = torchAvailable();
    if (!version) {
      console.log('skipped: /usr/bin/python3 has no torch (apt-get install python3-torch libopenblas0-openmp)');
    } else {
      const [inferOne, inferBatch] = await benchSupervisionStep([{ name: 'yardstick', config: YARDSTICK, batches: [1, 64] }], 2);
      const [trainStep] = await benchTrainStep([{ name: 'yardstick', config: YARDSTICK, batch: 64 }], 2);
      const rows: [string, number, number][] = [
        ['supervision step, batch 1', inferOne!.ms, torchStepMs(YARDSTICK, 1, 'infer').ms],
        ['supervision step, batch 64', inferBatch!.ms, torchStepMs(YARDSTICK, 64, 'infer').ms],
        ['training step, batch 64', trainStep!.msPerStep, torchStepMs(YARDSTICK, 64, 'train').ms],
      ];
      console.log(`D=128 attention TRM on 9x9 sudoku (8 heads, T=3, n=6), PyTorch ${version}:`);
      for (const [what, ours, torch] of rows) {
        console.log(`  ${what.padEnd(28)} onnxruntime-node ${ours.toFixed(1).padStart(8)} ms   PyTorch ${torch.toFixed(1).padStart(8)} ms   x${(ours / torch).toFixed(2)}`);
      }
    }
  }
  if (run(5)) {
    console.log('\n## 5. Exact sudoku solver (9x9) against @algorithm.ts/sudoku (dancing links, npm)');
    for (const line of formatSolverRows(benchSudokuSolver())) console.log(line);
  }
  if (run(6)) {
    console.log('\n## 6. Devices (x = CPU time / device time, same run; WebGPU with y/z kept in GPU memory, and copied each step)');
    await printDeviceBench(join(__dirname, '..', 'models'));
  }
  console.log(`\nload average after: ${load()}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
