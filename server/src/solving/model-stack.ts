/**
 * The model stack — the worker thread, the registry of loaded models and the solver that picks one per
 * puzzle — built the same way for the language server and the CLI.
 */
import { join } from 'node:path';
import { ModelWorkerClient } from '../trm/runtime/worker-client';
import { ModelRegistry } from '../trm/runtime/model-registry';
import { PuzzleSolver } from '../trm/runtime/puzzle-solver';

export interface ModelStack {
  worker: ModelWorkerClient;
  registry: ModelRegistry;
  solver: PuzzleSolver;
  dispose(): Promise<void>;
}

export interface ModelStackOptions {
  /** Where a relative model path is resolved: the workspace folder, or the CLI's working folder. */
  workspaceRoot: () => string | undefined;
  log?: (message: string) => void;
}

/** Shipped models sit next to the bundle (dist/../models), or where TRM_MODELS_DIR says. */
export function shippedModelsDir(): string {
  return process.env.TRM_MODELS_DIR ?? join(__dirname, '..', 'models');
}

/**
 * The worker script is bundled next to the server and the CLI (dist/trm-worker.js); TRM_WORKER_SCRIPT names
 * another, for tests that make it die.
 */
function workerScript(): string {
  return process.env.TRM_WORKER_SCRIPT ?? join(__dirname, 'trm-worker.js');
}

export function buildModelStack(options: ModelStackOptions): ModelStack {
  const log = options.log ?? (() => undefined);
  const worker = new ModelWorkerClient(workerScript(), log);
  const registry = new ModelRegistry(worker, log);
  const solver = new PuzzleSolver(registry, worker, shippedModelsDir(), options.workspaceRoot);
  return {
    worker,
    registry,
    solver,
    async dispose() {
      registry.dispose();
      await worker.dispose();
    },
  };
}
