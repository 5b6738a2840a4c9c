/**
 * `trm adapt TASK.json` and `trm solve TASK.json --adapt`: test-time adaptation of the ARC model to a task
 * it was not trained on (trm/adapt/), in process. `adapt` prints its progress and what it learned; `solve
 * --adapt` prints the task with attempt 1 written in as each test output, attempt 2 on stderr. Both reuse
 * the cached row of this task and model when there is one, and say so.
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ArcDocument } from '../puzzles/arc';
import { writeArcOutput } from '../puzzles/arc';
import type { TextEditSpec } from '../puzzles/types';
import { AdaptError, DEFAULT_ADAPT_STEPS, type AdaptProgress } from '../trm/adapt/adapt';
import type { Candidate } from '../trm/adapt/attempts';
import { learnTask, type LearnedTask } from '../trm/adapt/learn-task';
import { adaptTaskFromDocument, adaptTaskSide } from '../trm/adapt/task-from-document';
import { loadModelFile } from '../trm/model/model-file';
import { listShippedModels, pickShippedModel } from '../trm/runtime/model-locator';
import { arcTaskKey } from '../puzzles';
import { shippedModelsDir } from '../solving/model-stack';
import { applyTextEdits } from '../util/text-edits';
import { intOption, parseArgs, stringOption, type ParsedArgs } from './args';
import { CliError, readPuzzleFile } from './io';

export const ADAPT_USAGE = `usage: trm adapt TASK.json [options]
  learns an ARC task the model was not trained on: fits a fresh task row to its demonstration pairs
  (augmented; one pair held out to decide when to stop), caches it, and prints two attempts per test input
  --model PATH      the base ARC model (default: the shipped ARC model that fits the task)
  --cache DIR       where adapted rows are cached (default ${defaultCacheText()})
  --steps N         step budget (default ${DEFAULT_ADAPT_STEPS}); fewer is faster and rougher
  --seed S          seed of the augmentations (default 0)
  --threads N       threads per op (default: ONNX Runtime's choice)
  --force           adapt again even when this task's row is cached`;

export interface AdaptIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

export const ADAPT_VALUED = ['model', 'cache', 'steps', 'seed', 'threads'] as const;
/** What `trm solve --adapt` takes besides its own options (its --steps are supervision steps). */
export const SOLVE_ADAPT_VALUED = ['cache', 'adapt-steps', 'seed', 'threads'] as const;

function defaultCacheText(): string {
  return '$XDG_CACHE_HOME/trm-puzzles/adapted, else ~/.cache/trm-puzzles/adapted';
}

function defaultCacheDir(): string {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'trm-puzzles', 'adapted');
}

interface Prepared {
  doc: ArcDocument;
  text: string;
  learned: LearnedTask;
  modelPath: string;
}

/** Reads the task and the model, then learns the task (or reads it from the cache) with progress on stderr. */
async function prepare(path: string, args: ParsedArgs, io: AdaptIo, stepsOption: 'steps' | 'adapt-steps'): Promise<Prepared> {
  const file = readPuzzleFile(path);
  if (file.kind !== 'arc') throw new CliError(`${path}: not an ARC task (a ${file.kind} puzzle); adaptation learns ARC tasks`, 1);
  const doc = file.parsed as ArcDocument;
  const task = adaptTaskFromDocument(doc);
  if ('error' in task) throw new CliError(`${path}: cannot learn this task: ${task.error}`, 1);
  const side = adaptTaskSide(task);
  let modelPath = stringOption(args, 'model');
  if (!modelPath) {
    const shipped = listShippedModels(shippedModelsDir());
    // As the editor picks: a model trained on the task first; that one answers it and has nothing to learn.
    const taskKey = arcTaskKey(task.train);
    const fit = pickShippedModel(shipped, 'arc', { rows: side, cols: side, taskKey });
    if (!fit) {
      const sizes = shipped.filter((m) => m.kind === 'arc').map((m) => `${m.canvas.rows}x${m.canvas.cols}`);
      throw new CliError(`${path}: no ARC model fits this task (its grids need a ${side}x${side} canvas; shipped: ${sizes.join(', ') || 'none'}); name one with --model`, 1);
    }
    if (fit.taskKeys.has(taskKey)) {
      throw new CliError(`${path}: ${fit.name} was trained on this task: \`trm solve\` answers it with the task's own row, so there is nothing to learn (name a model with --model to adapt that one anyway)`, 1);
    }
    modelPath = fit.path;
  }
  const model = await loadModelFile(modelPath);
  if (model.card.kind !== 'arc') throw new CliError(`${modelPath} is a ${model.card.kind} model, not an ARC model`, 1);
  const cacheDir = resolve(stringOption(args, 'cache') ?? defaultCacheDir());
  const threads = args.options.has('threads') ? intOption(args, 'threads', 1, 1, 256) : undefined;
  const steps = intOption(args, stepsOption, DEFAULT_ADAPT_STEPS, 1, 100_000);
  const seed = intOption(args, 'seed', 0, 0, 2 ** 31 - 1);
  const everyLine = Math.max(1, Math.round(steps / 20));
  let learned: LearnedTask;
  try {
    learned = await learnTask(
      { config: model.config, weights: model.weights, canvas: model.card.canvas, bytes: model.bytes },
      task,
      { cacheDir, force: args.options.has('force'), adapt: { steps, seed, ...(threads !== undefined ? { intraOpThreads: threads } : {}) } },
      { progress: (p) => (p.step % everyLine === 0 || p.step === p.steps || p.heldOut?.right === p.heldOut?.versions) && io.err(progressLine(p)) },
    );
  } catch (e) {
    if (e instanceof AdaptError) throw new CliError(`${path}: cannot learn this task with ${modelPath}: ${e.message}`, 1);
    throw e;
  }
  if (learned.fromCache) io.err(`reusing the cached adaptation ${learned.cachePath} (fitted ${learned.row.created}; --force to learn again)`);
  else io.err(`adapted in ${learned.row.seconds.toFixed(1)} s; cached as ${learned.cachePath}`);
  return { doc, text: file.text, learned, modelPath };
}

export function progressLine(p: AdaptProgress): string {
  const held = p.heldOut ? `held-out demo ${p.heldOut.right === p.heldOut.versions ? 'right' : 'wrong'} (${p.heldOut.right}/${p.heldOut.versions} versions)` : 'held-out demo not checked yet';
  return `step ${p.step}/${p.steps}  loss ${p.loss.toFixed(4)}  ${held}  ETA ${Math.ceil(p.etaSeconds)} s`;
}

function summary(l: LearnedTask): string {
  const r = l.row;
  const held = r.heldOut ? `held-out demonstration reproduced in ${r.heldOut.right} of ${r.heldOut.versions} versions (loss ${r.heldOut.loss.toFixed(4)})` : 'no demonstration held out (the task has one)';
  return `kept the row of step ${r.bestStep} of ${r.stepsRun} (${r.stopped === 'reproduced' ? 'stopped: held-out demonstration reproduced' : 'step budget used'}); ${held}; demonstrations reproduced: ${l.demos.reproduced} of ${l.demos.total}`;
}

export function candidateText(label: string, c: Candidate | undefined, versions: number): string {
  if (!c) return `${label}: none (every version gave the same answer)`;
  return `${label} (${c.votes} of ${versions} votes, mean halt ${c.meanHalt.toFixed(2)}), ${c.grid.length}x${c.grid[0]?.length ?? 0}:\n${c.grid.map((row) => `  ${row.join(' ')}`).join('\n')}`;
}

export async function adaptCommand(argv: string[], io: AdaptIo): Promise<number> {
  const args = parseArgs(argv, ADAPT_VALUED, ['force']);
  const path = args.positional[0];
  if (!path || args.positional.length > 1) throw new CliError(ADAPT_USAGE);
  const { learned } = await prepare(path, args, io, 'steps');
  const lines = [summary(learned)];
  learned.attempts.forEach((a, i) => {
    lines.push(`test ${i + 1}: ${a.versions} versions, ${a.distinct} distinct answers (UNVERIFIED: ARC has no exact solver)`);
    lines.push(candidateText('attempt 1', a.attempt1, a.versions), candidateText('attempt 2', a.attempt2, a.versions));
  });
  io.out(`${lines.join('\n')}\n`);
  return 0;
}

/** `trm solve TASK.json --adapt`: the task with attempt 1 as each test output; attempt 2 on stderr. */
export async function solveAdaptedCommand(path: string, args: ParsedArgs, io: AdaptIo): Promise<number> {
  const { doc, text, learned, modelPath } = await prepare(path, args, io, 'adapt-steps');
  io.err(summary(learned));
  const edits: TextEditSpec[] = [];
  learned.attempts.forEach((a, i) => {
    io.err(`test ${i + 1}: attempt 1 of ${modelPath} adapted to this task written in, UNVERIFIED; ${a.attempt1 ? `${a.attempt1.votes} of ${a.versions} votes` : 'no answer'}`);
    io.err(candidateText(`test ${i + 1}: attempt 2`, a.attempt2, a.versions));
    if (a.attempt1) edits.push(...writeArcOutput(doc, i, a.attempt1.grid));
  });
  if (edits.length === 0) throw new CliError(`${path}: the adapted model gave no answer to write`, 1);
  io.out(applyTextEdits(text, edits));
  return 0;
}
