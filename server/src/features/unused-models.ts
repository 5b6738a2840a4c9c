/**
 * After the model settings change, the models no setting names any more are unloaded from the worker (a
 * replaced model would otherwise keep its session, and its memory, until the server stops). Shipped models
 * stay: any board of their size may need them.
 */
import type { ServerContext } from '../context';
import type { PuzzleSolver } from '../trm/runtime/puzzle-solver';

export async function releaseUnusedModels(ctx: ServerContext, solver: PuzzleSolver): Promise<string[]> {
  const configured = new Set(Object.values((await ctx.settings.get()).models));
  for (const document of ctx.documents.all()) {
    const puzzle = ctx.puzzles.get(document);
    if (puzzle) configured.add((await ctx.settings.get(puzzle.uri)).models[puzzle.kind]);
  }
  return solver.releaseUnused([...configured]);
}
