/** The model stack for the CLI: the same worker, registry and solver the language server uses. */
import { join } from 'node:path';
import { ModelWorkerClient } from '../trm/runtime/worker-client';
import { ModelRegistry } from '../trm/runtime/model-registry';
import { PuzzleSolver } from '../trm/runtime/puzzle-solver';

export interface CliModels {
  solver: PuzzleSolver;
  dispose(): Promise<void>;
}

/** Shipped models sit next to the bundle (dist/../models), or where TRM_MODELS_DIR says. */
export function shippedModelsDir(): string {
  return process.env.TRM_MODELS_DIR ?? join(__dirname, '..', 'models');
}

export function cliModels(log: (message: string) => void = () => undefined): CliModels {
  const worker = new ModelWorkerClient(join(__dirname, 'trm-worker.js'), log);
  const registry = new ModelRegistry(worker, log);
  const solver = new PuzzleSolver(registry, worker, shippedModelsDir(), () => process.cwd());
  return {
    solver,
    async dispose() {
      registry.dispose();
      await worker.dispose();
    },
  };
}
