/**
 * "Learn this task", LSP-free: the cached row of this task and base model, or a fresh adaptation (cached
 * afterwards), then two attempts per test input (augmented versions answered with the row, mapped back,
 * voted) and how many demonstration pairs the adapted model reproduces as given. The CLI runs it in
 * process; the editor runs it in the model worker thread.
 */
import { Rng } from '../../puzzles/common/random';
import { IDENTITY_ARC_AUGMENTATION, randomArcAugmentation, type ArcAugmentation } from '../data/arc/augment';
import { ADAPTED_ROW_ID, adaptedSession, adaptProblem, adaptTask, AdaptError, rowLength, DEFAULT_ADAPT_STEPS, type AdaptEvents, type AdaptOptions, type AdaptTask, type BaseModel } from './adapt';
import { twoAttempts, type TestAttempts } from './attempts';
import { cachePath as cacheFile, modelHash as hashModel, readCachedRow, taskHash as hashTask, writeCachedRow, type CachedRow } from './cache';
import { answerVersions, type VersionRequest } from './versions';

export interface LearnTaskOptions {
  adapt?: AdaptOptions;
  /** Where adapted rows are cached; none: adapt every time, cache nothing. */
  cacheDir?: string;
  /** Adapt again even when a cached row exists (and overwrite it). */
  force?: boolean;
  /** Augmented versions answered per test input (default 16: each dihedral transform twice, own colours each). */
  versions?: number;
}

export interface LearnedTask {
  row: CachedRow;
  fromCache: boolean;
  /** The cache file read or written. */
  cachePath?: string;
  attempts: TestAttempts[];
  demos: { reproduced: number; total: number };
}

export interface BaseModelFile extends BaseModel {
  /** The .onnx bytes, hashed for the cache key. */
  bytes: Uint8Array;
}

export async function learnTask(base: BaseModelFile, task: AdaptTask, options: LearnTaskOptions = {}, events: AdaptEvents = {}): Promise<LearnedTask> {
  const problem = adaptProblem(base, task);
  if (problem) throw new AdaptError(problem);
  if (!options.force) {
    const cached = await learnedFromCache(base, task, options);
    if (cached) return cached;
  }
  const adaptOptions = options.adapt ?? {};
  const adapted = await adaptTask(base, task, adaptOptions, events);
  const row: CachedRow = {
    ...adapted,
    taskHash: hashTask(task),
    modelHash: hashModel(base.bytes),
    budget: adaptOptions.steps ?? DEFAULT_ADAPT_STEPS,
    seed: adaptOptions.seed ?? 0,
    created: new Date().toISOString(),
  };
  const cachePath = options.cacheDir ? await writeCachedRow(options.cacheDir, row) : undefined;
  const answered = await answerWithRow(base, row.row, task, options.versions ?? 16, adaptOptions);
  return { row, fromCache: false, ...(cachePath ? { cachePath } : {}), ...answered };
}

/**
 * The task answered with its cached row, or undefined when this task and model have none (nothing is trained).
 * `sameBudget` (a run about to learn): only a row fitted with these options' step budget and seed counts. A
 * lookup that only shows what was learned (the hover on reopening) takes the row whatever its budget.
 */
export async function learnedFromCache(base: BaseModelFile, task: AdaptTask, options: LearnTaskOptions, match: 'same-budget' | 'any-budget' = 'same-budget'): Promise<LearnedTask | undefined> {
  if (!options.cacheDir || adaptProblem(base, task)) return undefined;
  const taskHash = hashTask(task);
  const modelHash = hashModel(base.bytes);
  const row = await readCachedRow(options.cacheDir, taskHash, modelHash, rowLength(base.config));
  if (!row) return undefined;
  // A row fitted under another step budget or seed is not the row a run with these settings would fit.
  if (match === 'same-budget' && (row.budget !== (options.adapt?.steps ?? DEFAULT_ADAPT_STEPS) || row.seed !== (options.adapt?.seed ?? 0))) return undefined;
  const answered = await answerWithRow(base, row.row, task, options.versions ?? 16, options.adapt ?? {});
  return { row, fromCache: true, cachePath: cacheFile(options.cacheDir, taskHash, modelHash), ...answered };
}

export function answerAugmentations(count: number, seed: number): ArcAugmentation[] {
  const rng = new Rng(seed, 'adapt/answer');
  return Array.from({ length: count }, (_, i) => (i === 0 ? IDENTITY_ARC_AUGMENTATION : { dihedral: i % 8, colours: randomArcAugmentation(rng).colours }));
}

/** Two attempts per test input and the demonstrations reproduced, with `row` as the task's row. */
export async function answerWithRow(
  base: BaseModel,
  row: Float32Array,
  task: AdaptTask,
  versions: number,
  options: Pick<AdaptOptions, 'answerSteps' | 'seed' | 'intraOpThreads'> = {},
): Promise<{ attempts: TestAttempts[]; demos: { reproduced: number; total: number } }> {
  const augs = answerAugmentations(versions, options.seed ?? 0);
  const requests: VersionRequest[] = [
    ...task.testInputs.flatMap((input) => augs.map((augmentation) => ({ input, augmentation }))),
    ...task.train.map((p) => ({ input: p.input, target: p.output, augmentation: IDENTITY_ARC_AUGMENTATION })),
  ];
  const session = await adaptedSession(base, row, options.intraOpThreads);
  let answers;
  try {
    answers = await answerVersions(session, base.config, base.canvas, ADAPTED_ROW_ID, requests, options.answerSteps ?? base.config.haltMaxSteps);
  } finally {
    await session.release();
  }
  const attempts = task.testInputs.map((_, i) => twoAttempts(answers.slice(i * versions, (i + 1) * versions)));
  const demoAnswers = answers.slice(task.testInputs.length * versions);
  return { attempts, demos: { reproduced: demoAnswers.filter((a) => a.exact).length, total: task.train.length } };
}
