/**
 * Tasks the editor has learned (test-time adaptation, trm/adapt/), LSP-free: which model an ARC document
 * would adapt, whether that model already knows the task, the learned attempts kept per (model, task
 * content), and the row cache in the extension's global storage, read once per task when nothing is in
 * memory (so a task learned in an earlier session is answered again on reopening, without training).
 */
import { arcTaskKey, type ArcDocument } from '../puzzles';
import type { AdaptProgress, AdaptTask } from '../trm/adapt/adapt';
import { taskHash } from '../trm/adapt/cache';
import type { LearnedTask } from '../trm/adapt/learn-task';
import { adaptTaskFromDocument, adaptTaskSide } from '../trm/adapt/task-from-document';
import type { DevicePreference } from '../trm/runtime/device';
import type { ModelRegistry } from '../trm/runtime/model-registry';
import type { PuzzleSolver } from '../trm/runtime/puzzle-solver';
import type { CancellationSignal, ModelWorkerClient } from '../trm/runtime/worker-client';

export interface LearnTarget {
  task: AdaptTask;
  modelPath: string;
  modelName: string;
  /** The model was trained on this task: it has its own row, nothing to learn. */
  known: boolean;
  key: string;
}

export class LearnedTasks {
  private readonly results = new Map<string, LearnedTask>();
  /** Cache reads in flight or done (null: nothing cached), so a hover asks the worker once per task. */
  private readonly cacheReads = new Map<string, Promise<LearnedTask | null>>();
  private readonly running = new Map<string, Promise<LearnedTask>>();
  cacheDir: string | undefined;

  constructor(
    private readonly worker: ModelWorkerClient,
    private readonly solver: PuzzleSolver,
    private readonly registry: ModelRegistry,
  ) {}

  /** The model and task a "learn this task" on this document would use, or why there is none. */
  async target(doc: ArcDocument, modelSetting: string, device: DevicePreference): Promise<LearnTarget | { error: string }> {
    const task = adaptTaskFromDocument(doc);
    if ('error' in task) return { error: `Cannot learn this task: ${task.error}.` };
    const side = adaptTaskSide(task);
    // A shipped model trained on the task is chosen first: it knows the task, and nothing needs learning.
    const choice = this.solver.chooseModel('arc', { rows: side, cols: side, taskKey: arcTaskKey(task.train) }, modelSetting);
    if ('reason' in choice) return { error: choice.reason };
    const info = await this.registry.get(choice.path, device);
    if (!info.hasPuzzleEmbedding) return { error: `${info.name} has no puzzle embedding, so there is no task row to learn.` };
    const known = info.taskIds[arcTaskKey(task.train)] !== undefined;
    return { task, modelPath: choice.path, modelName: info.name, known, key: `${choice.path}\0${taskHash(task)}` };
  }

  /** After a model changed on disk: what was learned with it may not hold (the cache is keyed by its hash). */
  forgetAll(): void {
    this.results.clear();
    this.cacheReads.clear();
  }

  /** What was learned for this target in this session; undefined otherwise (no worker call). */
  peek(target: LearnTarget): LearnedTask | undefined {
    return this.results.get(target.key);
  }

  /** Learned in this session, else answered from the cached row of an earlier one; undefined when neither. */
  async lookup(target: LearnTarget): Promise<LearnedTask | undefined> {
    const known = this.results.get(target.key);
    if (known || !this.cacheDir) return known;
    let read = this.cacheReads.get(target.key);
    if (!read) {
      read = this.worker.adapt({ modelPath: target.modelPath, task: target.task, cacheDir: this.cacheDir, cachedOnly: true }).catch(() => null);
      this.cacheReads.set(target.key, read);
    }
    const cached = await read;
    if (cached && !this.results.has(target.key)) this.results.set(target.key, cached);
    return this.results.get(target.key);
  }

  /** Learns the task in the worker (one run per task at a time: a second request joins the first). */
  learn(target: LearnTarget, options: { steps?: number; force?: boolean }, onProgress: (p: AdaptProgress) => void, token?: CancellationSignal): Promise<LearnedTask> {
    const running = this.running.get(target.key);
    if (running) return running;
    const run = this.worker
      .adapt(
        {
          modelPath: target.modelPath,
          task: target.task,
          ...(this.cacheDir ? { cacheDir: this.cacheDir } : {}),
          ...(options.steps !== undefined ? { steps: options.steps } : {}),
          ...(options.force ? { force: true } : {}),
        },
        onProgress,
        token,
      )
      .then((result) => {
        if (!result) throw new Error('the model worker returned no adaptation');
        this.results.set(target.key, result);
        return result;
      })
      .finally(() => this.running.delete(target.key));
    this.running.set(target.key, run);
    return run;
  }
}
