/**
 * Test-time adaptation measured: pass@2 with and without adaptation on ARC-AGI-1 training tasks that fit the
 * model's canvas and that the model was not trained on (never a task whose id is in the evaluation
 * challenges), and the time one adaptation takes. "Without" answers the same augmented versions with the
 * base model's blank row, as the editor does for an unknown task today.
 *
 *   node --import tsx scripts/adapt-measure.ts [--model models/arc-8x8.onnx] [--tasks 8] [--steps 200]
 *                                              [--init mean|zeros] [--lr 0.03] [--seed 0] [--threads 1] [--skip 0]
 *                                              [--network-lr 0.0001] [--held-out models/arc-heldout.json]
 *
 * --network-lr also fine-tunes the whole network at that lr (the row then by SignSGD at --lr).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { arcTaskKey } from '../server/src/puzzles';
import { loadArcCollections } from '../server/src/trm/data/arc/load';
import { arcTaskMaxSide } from '../server/src/trm/data';
import { arcDataDir } from '../server/src/trm/train/datasets';
import { loadModelFile } from '../server/src/trm/model/model-file';
import { adaptTask, PUZZLE_TABLE, rowLength, type RowInit } from '../server/src/trm/adapt/adapt';
import { answerWithRow } from '../server/src/trm/adapt/learn-task';
import { gridKey } from '../server/src/trm/adapt/attempts';

const { values } = parseArgs({
  options: {
    model: { type: 'string', default: 'models/arc-8x8.onnx' },
    tasks: { type: 'string', default: '8' },
    steps: { type: 'string', default: '200' },
    init: { type: 'string', default: 'mean' },
    seed: { type: 'string', default: '0' },
    threads: { type: 'string', default: '1' },
    skip: { type: 'string', default: '0' },
    lr: { type: 'string', default: '0.03' },
    'network-lr': { type: 'string' },
  },
});

async function main(): Promise<void> {
  const model = await loadModelFile(values.model!);
  const canvas = model.card.canvas;
  const side = Math.min(canvas.rows, canvas.cols);
  const dir = arcDataDir();
  const evaluationIds = new Set(Object.keys(JSON.parse(readFileSync(join(dir, 'arc-agi_evaluation_challenges.json'), 'utf8')) as object));
  const known = new Set(Object.keys(model.card.puzzleIds ?? {}));
  const candidates = loadArcCollections(dir, ['arc-agi_training']).filter(
    (t) => arcTaskMaxSide(t) <= side && !known.has(arcTaskKey(t.train)) && !evaluationIds.has(t.name) && t.test.every((p) => p.output),
  );
  const tasks = candidates.slice(Number(values.skip), Number(values.skip) + Number(values.tasks));
  const base = { config: model.config, weights: model.weights, canvas };
  const threads = Number(values.threads);
  const options = { steps: Number(values.steps), seed: Number(values.seed), init: values.init as RowInit, lr: Number(values.lr), intraOpThreads: threads,
    ...(values['network-lr'] !== undefined ? { networkLr: Number(values['network-lr']) } : {}) };
  const blank = model.weights.get(PUZZLE_TABLE)!.slice(0, rowLength(model.config));
  let passWith = 0;
  let passWithout = 0;
  let seconds = 0;
  console.log(`${values.model}: ${candidates.length} ARC-AGI-1 training tasks fit ${side}x${side} and are unknown to it; measuring ${tasks.length}, ${options.steps} steps, init ${options.init}, lr ${options.lr}${options.networkLr !== undefined ? `, network lr ${options.networkLr}` : ', network frozen'}, seed ${options.seed}`);
  for (const t of tasks) {
    const task = { train: t.train, testInputs: t.test.map((p) => p.input) };
    const solved = (attempts: Awaited<ReturnType<typeof answerWithRow>>['attempts']) =>
      t.test.every((p, i) => [attempts[i]!.attempt1, attempts[i]!.attempt2].some((c) => c && gridKey(c.grid) === gridKey(p.output!)));
    const before = await answerWithRow(base, blank, task, 16, options);
    const adapted = await adaptTask(base, task, options);
    seconds += adapted.seconds;
    const after = await answerWithRow(adapted.network ? { ...base, weights: adapted.network } : base, adapted.row, task, 16, options);
    const w = solved(after.attempts);
    const wo = solved(before.attempts);
    passWith += w ? 1 : 0;
    passWithout += wo ? 1 : 0;
    console.log(
      `${t.name}: without ${wo ? 'PASS' : 'fail'} (demos ${before.demos.reproduced}/${before.demos.total}); with ${w ? 'PASS' : 'fail'} (demos ${after.demos.reproduced}/${after.demos.total}); ` +
        `train loss ${adapted.trainLossBefore.toFixed(3)} -> ${adapted.trainLossAfter.toFixed(3)}, held-out ${adapted.heldOut ? `${adapted.heldOut.right}/${adapted.heldOut.versions} loss ${adapted.heldOut.loss.toFixed(3)}` : 'none'}, ` +
        `best step ${adapted.bestStep} of ${adapted.stepsRun} (${adapted.stopped}), ${adapted.seconds.toFixed(1)} s`,
    );
  }
  console.log(`pass@2 without adaptation: ${passWithout}/${tasks.length}; with: ${passWith}/${tasks.length}; mean adaptation ${(seconds / Math.max(1, tasks.length)).toFixed(1)} s (${threads} thread(s))`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
