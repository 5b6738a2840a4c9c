/**
 * Puzzles in, token grids out: finds the model for a puzzle instance, places the instance on the model's
 * canvas, runs the ACT loop in the worker and reads the answer (and every recursion step) back as token
 * grids. Nothing above this layer sees a tensor; nothing below it knows a file format.
 */
import type { PuzzleInstance, PuzzleKind, PuzzleLanguage, TokenGrid } from '../../puzzles/types';
import type { DevicePreference } from './device';
import type { ModelInfo } from './protocol';
import type { CancellationSignal, ModelWorkerClient } from './worker-client';
import { fitsCanvas, listShippedModels, pickShippedModel, resolveModelPath, type ShippedModel } from './model-locator';
import type { ModelRegistry } from './model-registry';

export interface SolveSettings {
  device: DevicePreference;
  /** The model path set for this kind; empty for the shipped model that fits. */
  modelPath: string;
  maxSteps: number;
  haltEarly: boolean;
  perCycle: boolean;
}

export interface RecursionStep {
  answer: TokenGrid;
  /** q_halt logit: the model halts when it is > 0. */
  qHalt: number;
  /** The answer after each recursion cycle of this step, when asked for. */
  cycles?: TokenGrid[];
}

export interface ModelSolution {
  instance: number;
  answer: TokenGrid;
  /** Probability the model gives its own answer, per cell of `answer`. */
  confidence: number[][];
  steps: RecursionStep[];
  /** True when the model stopped itself (`haltsAt`) rather than running out of steps. */
  halted: boolean;
  /** The step (1-based) where the halting rule held first, when it did, even if every step ran. */
  haltStep?: number;
  model: ModelInfo;
  ms: number;
  batchSize: number;
  /** Something the user should know about this answer (an ARC task the model never saw, say). */
  note?: string;
}

export type ModelOutcome =
  | { status: 'solved'; solution: ModelSolution }
  | { status: 'no-model'; reason: string }
  | { status: 'failed'; message: string };

export type ModelChoice = { path: string } | { reason: string };

export class PuzzleSolver {
  private shipped: ShippedModel[] | undefined;

  constructor(
    private readonly registry: ModelRegistry,
    private readonly worker: ModelWorkerClient,
    private readonly shippedDir: string,
    private readonly workspaceRoot: () => string | undefined = () => undefined,
  ) {}

  /**
   * Frees the worker's sessions of the models that neither ship nor are named by `configured` (the model
   * settings in use now): a model replaced in the settings does not stay loaded. Returns the paths freed.
   */
  async releaseUnused(configured: readonly string[]): Promise<string[]> {
    this.shipped ??= listShippedModels(this.shippedDir);
    const keep = new Set([...this.shipped.map((m) => m.path), ...configured.filter((p) => p.trim()).map((p) => resolveModelPath(p.trim(), this.workspaceRoot()))]);
    const unused = this.registry.paths().filter((path) => !keep.has(path));
    await Promise.all(unused.map((path) => this.registry.release(path)));
    return unused;
  }

  /** Re-reads the shipped models folder (after a training run exported into it, say). */
  rescanShipped(): void {
    this.shipped = undefined;
  }

  chooseModel(kind: PuzzleKind, instance: Pick<PuzzleInstance, 'rows' | 'cols' | 'taskKey'>, configuredPath: string): ModelChoice {
    if (configuredPath.trim()) return { path: resolveModelPath(configuredPath.trim(), this.workspaceRoot()) };
    this.shipped ??= listShippedModels(this.shippedDir);
    const model = pickShippedModel(this.shipped, kind, instance);
    if (model) return { path: model.path };
    const sameKind = this.shipped.filter((m) => m.kind === kind);
    if (sameKind.length === 0) return { reason: `No ${kind} model is loaded: none ships with this version and none is set in trm.models.${kind}.` };
    const sizes = sameKind.map((m) => `${m.canvas.rows}x${m.canvas.cols}`).join(', ');
    return { reason: `No ${kind} model fits a ${instance.rows}x${instance.cols} board (shipped: ${sizes}); set trm.models.${kind} to one that does.` };
  }

  async solve(
    language: PuzzleLanguage,
    instances: readonly PuzzleInstance[],
    settings: SolveSettings,
    token?: CancellationSignal,
  ): Promise<ModelOutcome[]> {
    const outcomes: ModelOutcome[] = [];
    // Instances that share a model run as one batch.
    const byModel = new Map<string, { info: ModelInfo; items: { index: number; instance: PuzzleInstance; tokens: Int32Array; puzzleId: number; note?: string }[] }>();
    for (const [index, instance] of instances.entries()) {
      const choice = this.chooseModel(language.kind, instance, settings.modelPath);
      if ('reason' in choice) {
        outcomes[index] = { status: 'no-model', reason: choice.reason };
        continue;
      }
      let info: ModelInfo;
      try {
        info = await this.registry.get(choice.path, settings.device);
      } catch (e) {
        outcomes[index] = { status: 'failed', message: (e as Error).message };
        continue;
      }
      const problem = this.mismatch(language.kind, instance, info);
      if (problem) {
        outcomes[index] = { status: 'no-model', reason: problem };
        continue;
      }
      const tokens = language.toModelInput(instance, info.canvas);
      if (!(tokens instanceof Int32Array)) {
        outcomes[index] = { status: 'no-model', reason: `${info.name} cannot read this ${language.kind}: ${tokens.error}` };
        continue;
      }
      const { puzzleId, note } = this.puzzleIdFor(instance, info);
      const group = byModel.get(choice.path) ?? { info, items: [] };
      group.items.push({ index, instance, tokens, puzzleId, ...(note ? { note } : {}) });
      byModel.set(choice.path, group);
    }

    for (const [path, { info, items }] of byModel) {
      try {
        const result = await this.worker.solve(
          path,
          items.map((i) => ({ tokens: i.tokens, puzzleId: i.puzzleId })),
          { maxSteps: settings.maxSteps, haltEarly: settings.haltEarly, perCycle: settings.perCycle },
          token,
        );
        items.forEach((item, k) => {
          const trace = result.traces[k]!;
          const read = (seq: ArrayLike<number>) => language.fromModelOutput(item.instance, info.canvas, seq);
          const answer = read(trace.answer);
          const solution: ModelSolution = {
            instance: item.instance.index,
            answer,
            // Every kind places its board at the top-left of the canvas, row-major.
            confidence: answer.map((row, r) => row.map((_, c) => trace.confidence[r * info.canvas.cols + c] ?? 0)),
            steps: trace.stepAnswers.map((a, s) => ({
              answer: read(a),
              qHalt: trace.qHalt[s]!,
              ...(trace.cycleAnswers ? { cycles: trace.cycleAnswers[s]!.map(read) } : {}),
            })),
            halted: trace.halted,
            ...(trace.haltStep !== undefined ? { haltStep: trace.haltStep } : {}),
            model: { ...info, device: result.device },
            ms: result.ms,
            batchSize: result.batchSize,
            ...(item.note ? { note: item.note } : {}),
          };
          outcomes[item.index] = { status: 'solved', solution };
        });
      } catch (e) {
        for (const item of items) outcomes[item.index] = { status: 'failed', message: (e as Error).message };
        if ((e as Error).name === 'SolveCancelledError') throw e;
      }
    }
    return outcomes;
  }

  private mismatch(kind: PuzzleKind, instance: PuzzleInstance, info: ModelInfo): string | undefined {
    if (info.kind !== kind) return `${info.name} is a ${info.kind} model, not a ${kind} model (${info.path}).`;
    if (!fitsCanvas(kind, instance, info.canvas)) {
      return `${info.name} reads ${info.canvas.rows}x${info.canvas.cols} boards; this one is ${instance.rows}x${instance.cols}.`;
    }
    return undefined;
  }

  private puzzleIdFor(instance: PuzzleInstance, info: ModelInfo): { puzzleId: number; note?: string } {
    // Sudoku and maze datasets have one identifier for every puzzle (the reference's too, where its prefix is
    // a learned constant), so only an ARC task can be one the model never saw.
    if (!info.hasPuzzleEmbedding || info.kind !== 'arc') return { puzzleId: 0 };
    const id = instance.taskKey !== undefined ? info.taskIds[instance.taskKey] : undefined;
    if (id !== undefined) return { puzzleId: id };
    return {
      puzzleId: 0,
      note: `${info.name} was not trained on this task: it answers with a blank task embedding, so expect a poor answer.`,
    };
  }
}
