/**
 * The model worker's side of "learn this task": loads the base model file (weights and bytes: the cache key
 * is the file's hash), runs the LSP-free pipeline, and streams its progress back. Off the language server's
 * event loop; each training step is an ONNX Runtime run, so a cancel message is seen between steps.
 */
import { AdaptCancelledError, AdaptError } from '../adapt/adapt';
import { learnedFromCache, learnTask } from '../adapt/learn-task';
import { loadModelFile } from '../model/model-file';
import type { AdaptRequest, WorkerResponse } from './protocol';

export async function runAdapt(id: number, request: AdaptRequest, reply: (message: WorkerResponse) => void, cancelled: () => boolean): Promise<void> {
  try {
    const model = await loadModelFile(request.modelPath);
    if (model.card.kind !== 'arc') throw new AdaptError(`${model.card.name} is a ${model.card.kind} model, not an ARC model`);
    const base = { config: model.config, weights: model.weights, canvas: model.card.canvas, bytes: model.bytes };
    const options = {
      ...(request.cacheDir ? { cacheDir: request.cacheDir } : {}),
      ...(request.force ? { force: true } : {}),
      adapt: { ...(request.steps !== undefined ? { steps: request.steps } : {}), ...(request.seed !== undefined ? { seed: request.seed } : {}) },
    };
    if (request.cachedOnly) {
      reply({ type: 'adapted', id, result: (await learnedFromCache(base, request.task, options, 'any-budget')) ?? null });
      return;
    }
    // Progress is sent at most every 200 ms (and at the last step): a fast run must not flood the LSP loop.
    let lastSent = 0;
    const result = await learnTask(base, request.task, options, {
      progress: (progress) => {
        const now = Date.now();
        if (now - lastSent < 200 && progress.step < progress.steps) return;
        lastSent = now;
        reply({ type: 'adapt-progress', id, progress });
      },
      cancelled,
    });
    reply({ type: 'adapted', id, result });
  } catch (e) {
    if (e instanceof AdaptCancelledError) reply({ type: 'cancelled', id });
    else reply({ type: 'failed', id, message: e instanceof Error ? e.message : String(e) });
  }
}
