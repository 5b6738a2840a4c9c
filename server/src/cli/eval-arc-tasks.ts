/**
 * `trm eval-arc MODEL --tasks FILE`: pass@2 of an ARC model on the tasks a held-out list names
 * (models/arc-heldout.json), read from the ARC task files: each test input answered with the blank
 * (unknown-task) embedding row under V augmentations, answers mapped back and voted into two attempts
 * (trm/runtime/arc-attempts.ts); a task counts when one of its two attempts equals the answer on every
 * test input. A task with a grid larger than the canvas counts as failed. This is the no-adaptation
 * baseline. With --adapt, each task is first learned as "Learn This Task" learns it (trm/adapt/learn-task.ts:
 * a fresh row fitted to the demonstrations, then 16 augmented versions voted), and its rows are cached in
 * --cache, so a long measurement that is stopped picks up where it was.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { readRegularFile } from '../util/bounded-file';
import { loadArcCollection } from '../trm/data/arc/load';
import { parseArcHeldOut } from '../trm/data/arc/held-out';
import { type ArcTask, arcTaskMaxSide, type ColourGrid } from '../trm/data/arc/tasks';
import { loadModelFile } from '../trm/model/model-file';
import { type ArcHeldOutFigures, cardPathFor } from '../contract/model-card';
import { DEFAULT_HALT_EARLY, DEFAULT_MAX_SUPERVISION_STEPS, haltRuleText } from '../trm/model/supervision';
import { arcAttempts, scoreArcAttempts, topTwo } from '../trm/runtime/arc-attempts';
import { createDeviceSession, type DevicePreference } from '../trm/runtime/device';
import { arcDataDir } from '../trm/train/datasets';
import { DEFAULT_ADAPT_STEPS } from '../trm/adapt/adapt';
import { learnTask, type BaseModelFile } from '../trm/adapt/learn-task';
import { type ParsedArgs, choiceOption, intOption, stringOption } from './args';
import { CliError } from './io';

const MAX_HELD_OUT_BYTES = 16 * 1024 * 1024;

export interface ArcTaskResult {
  task: string;
  /** False: a grid is larger than the canvas; the task counts as failed. */
  fits: boolean;
  tests: number;
  pass1: boolean;
  pass2: boolean;
  /** Attempt 1 and attempt 2 per test input (absent when the task does not fit). */
  attempts?: ColourGrid[][];
  /** With --adapt: the adaptation's seconds (0 when its row came from the cache) and demonstrations reproduced. */
  adaptSeconds?: number;
  fromCache?: boolean;
  demosReproduced?: string;
  /** With --adapt: the held-out demonstration's versions reproduced and loss with the kept row, and the demonstrations' loss before and after. */
  heldOut?: { right: number; versions: number; loss: number };
  trainLoss?: { before: number; after: number };
}

export interface ArcTasksReport {
  model: string;
  tasksFile: string;
  tasks: number;
  pass1: number;
  pass2: number;
  versions: number;
  maxSupervisionSteps: number;
  haltEarly: boolean;
  /** Held-out tasks the model's card says it was trained on (they should be none). */
  trainedOn: string[];
  /** Test inputs of the fitting tasks, those whose attempt 1 has the answer's shape, and its cells right there. */
  testInputs: number;
  shapeRight: number;
  cellsRightWhereShapeRight: number;
  device: string;
  seconds: number;
  /** With --adapt: its step budget, the mean seconds of an adaptation (a cached row's as timed when it ran), tasks adapted and of those from the cache. */
  adapt?: { steps: number; secondsPerTask: number; adapted: number; cached: number };
  results: ArcTaskResult[];
}

export async function evalArcTasks(modelPath: string, tasksFile: string, args: ParsedArgs, out: (text: string) => void, err: (text: string) => void = () => undefined): Promise<number> {
  let list;
  try {
    // A held-out list is a few KB of task ids: read at most 16 MB of a regular file, never a FIFO or a giant.
    const text = (await readRegularFile(tasksFile, MAX_HELD_OUT_BYTES)).toString('utf8');
    list = parseArcHeldOut(JSON.parse(text) as unknown, tasksFile);
  } catch (e) {
    throw new CliError(`--tasks: ${(e as Error).message}`, 1);
  }
  const model = await loadModelFile(modelPath);
  const { config } = model;
  if (model.card.kind !== 'arc') throw new CliError(`${modelPath} is not an ARC model`, 1);
  const side = Math.round(Math.sqrt(config.seqLen));
  const canvas = { rows: side, cols: side };
  const byName = new Map(loadArcCollection(arcDataDir(), list.collection).map((t) => [t.name, t]));
  const missing = list.tasks.filter((n) => !byName.has(n));
  if (missing.length) throw new CliError(`${tasksFile} names tasks ${list.collection} does not hold: ${missing.join(', ')}`, 1);
  const adapt = args.options.has('adapt');
  if (adapt && args.options.has('device')) throw new CliError('--adapt runs on the CPU (as Learn This Task does): leave out --device', 2);
  if (!adapt && (args.options.has('adapt-steps') || args.options.has('cache') || args.options.has('threads'))) throw new CliError('--adapt-steps, --cache and --threads go with --adapt', 2);
  // Adapted answers are voted over 16 versions, as "Learn This Task" answers; the baseline over 8.
  const versions = intOption(args, 'versions', adapt ? 16 : 8, 1, 1000);
  const adaptSteps = intOption(args, 'adapt-steps', DEFAULT_ADAPT_STEPS, 1, 100000);
  const threads = args.options.has('threads') ? intOption(args, 'threads', 1, 1, 256) : undefined;
  const cacheDir = stringOption(args, 'cache');
  const seed = intOption(args, 'seed', 0, 0);
  const maxSteps = intOption(args, 'steps', DEFAULT_MAX_SUPERVISION_STEPS, 1, 1024);
  const device = choiceOption(args, 'device', ['auto', 'cuda', 'cpu'] as const, 'auto') as DevicePreference;
  const known = new Set(Object.keys(model.card.puzzleIds ?? {}));
  const trainedOn = list.tasks.filter((n) => known.has(byName.get(n)!.key));

  const base: BaseModelFile = { config, weights: model.weights, canvas, bytes: model.bytes };
  const { session, device: used } = adapt ? { session: undefined, device: 'cpu' } : await createDeviceSession(model.bytes, device);
  const started = Date.now();
  const results: ArcTaskResult[] = [];
  try {
    for (const name of list.tasks) {
      const task = byName.get(name)!;
      const answers = task.test.map((p) => p.output);
      if (answers.some((a) => a === undefined)) throw new CliError(`${list.collection}/${name} has a test input without a known output`, 1);
      if (arcTaskMaxSide(task) > side) {
        results.push({ task: name, fits: false, tests: task.test.length, pass1: false, pass2: false });
        continue;
      }
      if (adapt) {
        const learned = await learnTask(base, { train: task.train, testInputs: task.test.map((p) => p.input) }, {
          adapt: { steps: adaptSteps, seed, ...(threads !== undefined ? { intraOpThreads: threads } : {}), ...(args.options.has('steps') ? { answerSteps: maxSteps } : {}) },
          versions,
          ...(cacheDir ? { cacheDir } : {}),
        });
        const attempts = learned.attempts.map((a) => [a.attempt1?.grid, a.attempt2?.grid].filter((g): g is ColourGrid => g !== undefined));
        const score = scoreArcAttempts(attempts, answers as ColourGrid[]);
        // A cached row carries the seconds its adaptation took when it ran.
        const adaptSeconds = learned.row.seconds;
        const demosReproduced = `${learned.demos.reproduced}/${learned.demos.total}`;
        const { heldOut } = learned.row;
        const trainLoss = { before: learned.row.trainLossBefore, after: learned.row.trainLossAfter };
        results.push({ task: name, fits: true, tests: task.test.length, ...score, attempts, adaptSeconds, fromCache: learned.fromCache, demosReproduced, ...(heldOut ? { heldOut } : {}), trainLoss });
        err(
          `${name}: pass@2 ${score.pass2 ? 'yes' : 'no'}, demonstrations reproduced ${demosReproduced}, demonstration loss ${trainLoss.before.toFixed(3)} -> ${trainLoss.after.toFixed(3)}, ` +
            `held-out demonstration ${heldOut ? `${heldOut.right}/${heldOut.versions} versions, loss ${heldOut.loss.toFixed(3)}` : 'none (one demonstration)'}, ` +
            `${learned.fromCache ? `row from the cache (adapted in ${adaptSeconds.toFixed(1)} s)` : `adapted in ${adaptSeconds.toFixed(1)} s`}\n`,
        );
        continue;
      }
      const ranked = await arcAttempts(session!, config, canvas, task.test.map((p) => p.input), {
        versions,
        seed,
        label: `${list.collection}/${name}`,
        puzzleId: 0,
        maxSteps,
        haltEarly: DEFAULT_HALT_EARLY,
      });
      const attempts = topTwo(ranked);
      const score = scoreArcAttempts(attempts, answers as ColourGrid[]);
      results.push({ task: name, fits: true, tests: task.test.length, ...score, attempts });
    }
  } finally {
    await session?.release();
  }
  const shaped = shapeFigures(results, byName);
  const adaptedRuns = results.filter((r) => r.adaptSeconds !== undefined);
  const report: ArcTasksReport = {
    model: modelPath,
    tasksFile,
    tasks: results.length,
    pass1: results.filter((r) => r.pass1).length,
    pass2: results.filter((r) => r.pass2).length,
    versions,
    // Adapted answers run a fixed number of steps (all N_sup unless --steps), as Learn This Task answers.
    maxSupervisionSteps: adapt && !args.options.has('steps') ? config.haltMaxSteps : maxSteps,
    haltEarly: adapt ? false : DEFAULT_HALT_EARLY,
    trainedOn,
    ...shaped,
    device: used,
    seconds: (Date.now() - started) / 1000,
    ...(adapt
      ? { adapt: { steps: adaptSteps, secondsPerTask: adaptedRuns.reduce((t, r) => t + r.adaptSeconds!, 0) / Math.max(1, adaptedRuns.length), adapted: adaptedRuns.length, cached: results.filter((r) => r.fromCache).length } }
      : {}),
    results,
  };
  if (args.options.has('write-card')) writeHeldOutFigures(modelPath, report, list.collection, list.tasks, args);
  const json = stringOption(args, 'json');
  if (json) writeFileSync(json, `${JSON.stringify(report)}\n`);
  const pct = (n: number): string => `${((100 * n) / Math.max(1, report.tasks)).toFixed(1)}%`;
  out(
    results.map((r) => `${r.task}  ${r.fits ? `${r.tests} test input(s)  pass@1 ${r.pass1 ? 'yes' : 'no'}  pass@2 ${r.pass2 ? 'yes' : 'no'}${r.demosReproduced ? `  demonstrations reproduced ${r.demosReproduced}` : ''}` : `does not fit the ${side}x${side} canvas: failed`}\n`).join('') +
      `${modelPath}: ${report.tasks} tasks of ${tasksFile}, ${attemptsWords(report)}, ` +
      `${report.haltEarly ? 'up to' : 'all'} ${report.maxSupervisionSteps} supervision steps (${used}, ${report.seconds.toFixed(1)} s)\n` +
      `pass@1: ${report.pass1}/${report.tasks} (${pct(report.pass1)})\npass@2: ${report.pass2}/${report.tasks} (${pct(report.pass2)})\n` +
      `attempt 1 has the answer's shape on ${shaped.shapeRight} of ${shaped.testInputs} test inputs (of the tasks that fit), ` +
      `${(100 * shaped.cellsRightWhereShapeRight).toFixed(1)}% of its cells right there\n` +
      (report.adapt ? `adaptation: ${report.adapt.secondsPerTask.toFixed(1)} s per task on average (${report.adapt.adapted - report.adapt.cached} adapted now, ${report.adapt.cached} row(s) from the cache, timed when they were fitted)\n` : '') +
      (trainedOn.length ? `warning: the model was trained on ${trainedOn.length} of these tasks (${trainedOn.join(', ')}): they are not held out from it\n` : ''),
  );
  return 0;
}

function attemptsWords(report: ArcTasksReport): string {
  return report.adapt
    ? `a task row fitted to each task's demonstrations (test-time adaptation, at most ${report.adapt.steps} steps, network frozen), ${report.versions} augmented versions per test input voted into two attempts`
    : `blank task embedding (no adaptation), ${report.versions} augmented versions per test input voted into two attempts`;
}

/** How near attempt 1 comes where it is wrong: the right shape, and the share of right cells then. */
function shapeFigures(results: readonly ArcTaskResult[], byName: ReadonlyMap<string, ArcTask>): { testInputs: number; shapeRight: number; cellsRightWhereShapeRight: number } {
  let testInputs = 0;
  let shapeRight = 0;
  let cells = 0;
  let right = 0;
  for (const r of results) {
    if (!r.attempts) continue;
    byName.get(r.task)!.test.forEach((pair, i) => {
      testInputs++;
      const answer = pair.output!;
      const first = r.attempts![i]![0];
      if (!first || first.length !== answer.length || first[0]!.length !== answer[0]!.length) return;
      shapeRight++;
      answer.forEach((row, y) => row.forEach((c, x) => {
        cells++;
        if (first[y]![x] === c) right++;
      }));
    });
  }
  return { testInputs, shapeRight, cellsRightWhereShapeRight: cells ? right / cells : 0 };
}

/** The figures into the model's card (`arcHeldOut`), with the command that re-creates them. */
function writeHeldOutFigures(modelPath: string, report: ArcTasksReport, collection: string, tasks: string[], args: ParsedArgs): void {
  const cardPath = cardPathFor(modelPath);
  const card = JSON.parse(readFileSync(cardPath, 'utf8')) as Record<string, unknown>;
  const options =
    (report.adapt ? ' --adapt' : '') +
    ['versions', 'seed', 'steps', 'device', 'adapt-steps', 'threads'].filter((o) => args.options.has(o)).map((o) => ` --${o} ${String(args.options.get(o))}`).join('');
  const figures: ArcHeldOutFigures = {
    tasksFile: report.tasksFile,
    collection,
    tasks,
    pass1: report.pass1,
    pass2: report.pass2,
    testInputs: report.testInputs,
    shapeRight: report.shapeRight,
    cellsRightWhereShapeRight: report.cellsRightWhereShapeRight,
    attempts: attemptsWords(report),
    ...(report.adapt ? { adaptSteps: report.adapt.steps, adaptSecondsPerTask: Math.round(report.adapt.secondsPerTask * 10) / 10 } : {}),
    maxSupervisionSteps: report.maxSupervisionSteps,
    haltRule: haltRuleText(report.haltEarly),
    device: report.device,
    seconds: Math.round(report.seconds),
    command: `npm run --silent trm -- eval-arc ${modelPath} --tasks ${report.tasksFile}${options}`,
    measured: new Date().toISOString(),
  };
  card[report.adapt ? 'arcHeldOutAdapted' : 'arcHeldOut'] = figures;
  writeFileSync(cardPath, `${JSON.stringify(card, null, 2)}\n`);
}
