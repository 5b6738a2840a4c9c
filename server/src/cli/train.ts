/**
 * `trm train --kind K --preset P [--size N] [--steps N] [--out DIR] [--resume] ...`: a training run with a
 * live progress line (rewritten in place on a terminal, a line every few seconds otherwise). Ctrl+C stops
 * after the current step and writes a checkpoint that `--resume` continues from exactly.
 */
import type { PuzzleKind } from '../puzzles/types';
import { OPTIMIZER_NAMES } from '../trm/train/adamw';
import { PRESET_NAMES, type DataPlan, type PresetName } from '../trm/train/presets';
import { parseSudokuMix, sudokuMixText } from '../puzzles/sudoku/generate';
import { parseLoopRange } from '../puzzles/maze/generate';
import { progressLine, type ProgressSnapshot } from '../trm/train/progress';
import { describeAccuracy, train } from '../trm/train/run';
import { choiceOption, intOption, numberOption, parseArgs, stringOption } from './args';
import { CliError } from './io';
import { minPathOption } from './maze-options';
import { readFileSync } from 'node:fs';
import { ARC_COLLECTIONS } from '../trm/data/arc/load';
import { parseArcHeldOut } from '../trm/data/arc/held-out';
import { DEVICE_PREFERENCES } from '../trm/runtime/device-names';

export const TRAIN_USAGE = `usage: trm train --kind sudoku|maze|arc --preset tiny|small|paper [options]
  --size N        board side (sudoku 4, 6 or 9; maze 5..30; ARC canvas 3..30); default per preset
  --steps N       optimiser steps (each is one supervision step of a batch); default per preset
  --batch N       batch size; default per preset
  --lr X          peak learning rate; default per preset
  --optimizer O   adamw or adam-atan2 (the paper's); default: adamw, adam-atan2 for the paper preset
  --ema X         keep an EMA of the weights with decay X (the paper's 0.999; 0: none), which the held-out
                  figures and the exported model use; default per preset (tiny: none)
  --seed N        data and initialisation seed (default 0)
  --out DIR       where the model, its card and the checkpoint go (default runs/KIND-SIZE-PRESET)
  --name NAME     file name of the model in DIR (default "model": DIR/model.onnx, DIR/model.card.json)
  --resume        continue the run in DIR from its checkpoint
  --eval-all-steps, --eval-halt-early
                  measure held-out accuracy over all N_sup steps (the paper preset's default, as
                  the reference evaluates) or halting early as the editor does (the tiny and small presets')
  --bands MIX     9x9 sudoku: draw the data from difficulty bands, e.g. easy:2,search:1
                  (bands: easy, medium, hard, search, minimal; see trm generate)
  --loops N|A-B   maze: open exactly N (or A..B) extra walls per maze, each a loop; one shortest path kept
  --min-path F    maze: keep only mazes whose shortest path is at least F x side x side steps (0 keeps every
                  length; default per preset: tiny 0.15, as Maze-Hard keeps only long paths)
  --curriculum    with --bands or --loops: easy to hard; the bands (loops counts) open one after another
                  over the first half of the steps, then the whole mix is drawn
  --stop-at S     end at step S of the --steps schedule and export the model (e.g. with --resume, for a
                  run that cannot finish in time; the card says it stopped early)
  --init-from M   start from the weights of model file M (same config) instead of a fresh initialisation
  --collections C1,C2,...  ARC: the task files to train on, in id order (e.g. arc-agi_training,arc-agi_training2,
                  arc-agi_concept); a task id a former file already holds is left out
  --held-out FILE ARC: never train on the tasks this held-out list names (scripts/pick-arc-held-out.ts writes it)
                  nor on any id of the collections it names in excludedIdsOf
  --max-side N, --task-count N, --augmentation-ids K
                  ARC: largest grid side of a task, how many tasks, puzzle ids (fixed augmentations) per task
  --hidden D, --h-cycles T, --l-cycles n, --halt-max-steps N, --mixer attention|mlp_t
                  change the preset's model (D, T cycles of n z-updates, N_sup, the token mixer)
  --device D      auto (CUDA, else WebGPU on a hardware adapter, else CPU), cuda, webgpu or cpu
                  (default auto)
  --threads N     threads per op (default: all cores)`;

export interface TrainIo {
  out: (text: string) => void;
  err: (text: string) => void;
  isTTY: boolean;
}

export async function trainCommand(argv: string[], io: TrainIo): Promise<number> {
  const args = parseArgs(
    argv,
    ['kind', 'preset', 'size', 'steps', 'batch', 'lr', 'ema', 'optimizer', 'seed', 'out', 'name', 'device', 'threads', 'hidden', 'h-cycles', 'l-cycles', 'halt-max-steps', 'mixer', 'bands', 'loops', 'min-path', 'init-from', 'stop-at', 'collections', 'held-out', 'max-side', 'task-count', 'augmentation-ids'],
    ['resume', 'eval-all-steps', 'eval-halt-early', 'curriculum'],
  );
  if (args.options.has('eval-all-steps') && args.options.has('eval-halt-early')) throw new CliError('--eval-all-steps and --eval-halt-early exclude each other');
  if (args.positional.length > 0) throw new CliError(TRAIN_USAGE);
  if (!args.options.has('kind') || !args.options.has('preset')) throw new CliError(TRAIN_USAGE);
  const kind = choiceOption(args, 'kind', ['sudoku', 'maze', 'arc'] as const, 'sudoku') as PuzzleKind;
  const preset = choiceOption(args, 'preset', PRESET_NAMES, 'tiny') as PresetName;
  const lr = numberOption(args, 'lr', (n) => n > 0 && n < 1, 'a number between 0 and 1');
  const emaDecay = numberOption(args, 'ema', (n) => n >= 0 && n < 1, 'a decay from 0 (no EMA) up to but not including 1, e.g. 0.999');
  const size = args.options.has('size') ? intOption(args, 'size', 0, 3, 30) : undefined;
  const out = stringOption(args, 'out') ?? `runs/${kind}-${size ?? 'default'}-${preset}`;
  const model = {
    ...(args.options.has('hidden') ? { hiddenSize: intOption(args, 'hidden', 64, 8, 4096) } : {}),
    ...(args.options.has('h-cycles') ? { hCycles: intOption(args, 'h-cycles', 1, 1, 16) } : {}),
    ...(args.options.has('l-cycles') ? { lCycles: intOption(args, 'l-cycles', 1, 1, 32) } : {}),
    ...(args.options.has('halt-max-steps') ? { haltMaxSteps: intOption(args, 'halt-max-steps', 1, 1, 64) } : {}),
    ...(args.options.has('mixer') ? { mixer: choiceOption(args, 'mixer', ['attention', 'mlp_t'] as const, 'attention') } : {}),
  };

  const data = kind === 'arc' ? arcDataOverrides(args) : trainDataOverrides(args, kind);

  let stop = false;
  const onSignal = () => {
    if (stop) process.exit(130);
    stop = true;
    io.err('\nstopping after this step (press Ctrl+C again to quit without a checkpoint)…');
  };
  // SIGTERM: `kill`, a task being ended; SIGHUP: the terminal it runs in closing.
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);

  let lastPrint = 0;
  let pending: ProgressSnapshot | undefined;
  const print = (p: ProgressSnapshot) => {
    // Clear the line and keep the text within the terminal's width: a line that wraps cannot be rewritten.
    if (io.isTTY) io.out(`\x1b[2K\r${progressLine(p).slice(0, Math.max(20, (process.stdout.columns || 120) - 1))}`);
    else io.out(`${progressLine(p)}\n`);
  };
  try {
    const result = await train(
      {
        kind,
        preset,
        ...(size !== undefined ? { size } : {}),
        ...(args.options.has('steps') ? { steps: intOption(args, 'steps', 1, 1) } : {}),
        ...(args.options.has('batch') ? { batchSize: intOption(args, 'batch', 1, 1, 4096) } : {}),
        ...(lr !== undefined ? { lr } : {}),
        ...(emaDecay !== undefined ? { emaDecay } : {}),
        ...(args.options.has('optimizer') ? { optimizer: choiceOption(args, 'optimizer', OPTIMIZER_NAMES, 'adamw') } : {}),
        seed: intOption(args, 'seed', 0, 0),
        out,
        ...(stringOption(args, 'name') ? { name: stringOption(args, 'name')! } : {}),
        resume: args.options.has('resume'),
        ...(args.options.has('eval-all-steps') ? { evalHaltEarly: false } : args.options.has('eval-halt-early') ? { evalHaltEarly: true } : {}),
        ...(args.options.has('stop-at') ? { stopAt: intOption(args, 'stop-at', 1, 1) } : {}),
        ...(stringOption(args, 'init-from') !== undefined ? { initFrom: stringOption(args, 'init-from')! } : {}),
        device: choiceOption(args, 'device', DEVICE_PREFERENCES, 'auto'),
        ...(args.options.has('threads') ? { intraOpThreads: intOption(args, 'threads', 1, 1, 256) } : {}),
        // A resumed run ends with the same weights as one never interrupted, so the card names the command
        // that re-creates it from scratch.
        command: `npm run --silent trm -- train ${argv.filter((a) => a !== '--resume').join(' ')}`,
        ...(Object.keys(model).length || data ? { overrides: { ...(Object.keys(model).length ? { model } : {}), ...(data && { data }) } } : {}),
      },
      {
        progress: (p) => {
          pending = p;
          const now = performance.now();
          if (now - lastPrint >= (io.isTTY ? 200 : 5000) || p.step === p.totalSteps) {
            lastPrint = now;
            print(p);
            pending = undefined;
          }
        },
        log: (message) => {
          if (pending) print(pending);
          pending = undefined;
          io.out(`${io.isTTY ? '\n' : ''}${message}\n`);
        },
        stopRequested: () => stop,
      },
    );
    if (result.status === 'interrupted') return 130;
    io.out(`\nmodel: ${result.modelPath}\ncard: ${result.cardPath}\nheld-out accuracy: ${describeAccuracy(result.accuracy!)}\n`);
    return 0;
  } catch (e) {
    // A run fails for reasons the user can act on (data that cannot be generated, a checkpoint of another
    // run, a device that is not there): say it in one line; TRM_DEBUG=1 shows where.
    if (e instanceof CliError || !(e instanceof Error)) throw e;
    if (process.env.TRM_DEBUG) io.err(e.stack ?? e.message);
    throw new CliError(`trm train: ${e.message}`, 1);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', onSignal);
  }
}

/** --collections, --held-out, --max-side, --task-count, --augmentation-ids: an ARC run's task selection. */
function arcDataOverrides(args: ReturnType<typeof parseArgs>): Partial<DataPlan> | undefined {
  for (const name of ['bands', 'loops', 'min-path']) if (args.options.has(name)) throw new CliError(`--${name} is for --kind ${name === 'bands' ? 'sudoku' : 'maze'}`);
  const plan: Partial<Extract<DataPlan, { kind: 'arc' }>> = {};
  const collections = stringOption(args, 'collections');
  if (collections !== undefined) {
    const list = collections.split(',').filter((c) => c);
    const unknown = list.filter((c) => !(ARC_COLLECTIONS as readonly string[]).includes(c));
    if (list.length === 0 || unknown.length > 0) throw new CliError(`--collections takes ${ARC_COLLECTIONS.join(', ')}, comma-separated${unknown.length ? `; not ${unknown.join(', ')}` : ''}`);
    plan.collections = list;
    if (list.length > 1) plan.firstOfEachName = true;
  }
  const heldOutPath = stringOption(args, 'held-out');
  if (heldOutPath !== undefined) {
    let list;
    try {
      list = parseArcHeldOut(JSON.parse(readFileSync(heldOutPath, 'utf8')) as unknown, heldOutPath);
    } catch (e) {
      throw new CliError(`--held-out: ${(e as Error).message}`);
    }
    plan.heldOutTasks = list.tasks;
    plan.excludeIdsOf = list.excludedIdsOf;
  }
  if (args.options.has('max-side')) plan.maxSide = intOption(args, 'max-side', 30, 1, 30);
  if (args.options.has('task-count')) plan.taskCount = intOption(args, 'task-count', 1, 1);
  if (args.options.has('augmentation-ids')) plan.augmentationIds = intOption(args, 'augmentation-ids', 1, 1, 1000);
  return Object.keys(plan).length ? (plan as Partial<DataPlan>) : undefined;
}

/** --bands (sudoku 9x9), --loops and --min-path (maze): the training data's difficulty, checked here so a typo fails before training. */
function trainDataOverrides(args: ReturnType<typeof parseArgs>, kind: PuzzleKind): Partial<DataPlan> | undefined {
  const bands = stringOption(args, 'bands');
  const loops = stringOption(args, 'loops');
  for (const name of ['collections', 'held-out', 'max-side', 'task-count', 'augmentation-ids']) if (args.options.has(name)) throw new CliError(`--${name} is for --kind arc`);
  if (bands !== undefined && kind !== 'sudoku') throw new CliError('--bands is for --kind sudoku');
  if (loops !== undefined && kind !== 'maze') throw new CliError('--loops is for --kind maze');
  const minPath = minPathOption(args, kind);
  const curriculum = args.options.has('curriculum') ? { curriculum: true } : {};
  if (args.options.has('curriculum') && bands === undefined && loops === undefined) {
    throw new CliError('--curriculum orders difficulty bands: give it with --bands (sudoku) or --loops (maze)');
  }
  const minPathPlan = minPath === undefined ? {} : { minPathFraction: minPath };
  try {
    if (bands !== undefined) return { bands: sudokuMixText(parseSudokuMix(bands)), ...curriculum } as Partial<DataPlan>;
    if (loops !== undefined) return { loops: parseLoopRange(loops), ...curriculum, ...minPathPlan } as Partial<DataPlan>;
  } catch (e) {
    throw new CliError((e as Error).message);
  }
  return minPath === undefined ? undefined : (minPathPlan as Partial<DataPlan>);
}
