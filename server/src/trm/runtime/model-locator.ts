/**
 * Which model file serves a puzzle: the one the user set for the kind, or else the shipped model whose
 * canvas fits the board (a sudoku model reads exactly its own board size; a maze model reads any maze
 * up to its canvas, padded with walls; an ARC model reads grids up to its canvas). Among the ARC models that
 * fit, one trained on the task comes first: any other answers it with a blank task embedding.
 */
import { existsSync, readdirSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { modelPathForCard, readModelCardFile } from '../../contract/model-card';
import type { Canvas, PuzzleInstance, PuzzleKind } from '../../puzzles/types';

export interface ShippedModel {
  path: string;
  kind: PuzzleKind;
  canvas: Canvas;
  name: string;
  /** ARC: the keys of the tasks the model was trained on (its card's puzzleIds). */
  taskKeys: ReadonlySet<string>;
}

/** Reads the cards in a models folder; unreadable cards are skipped (loading the model reports them). */
export function listShippedModels(dir: string): ShippedModel[] {
  if (!existsSync(dir)) return [];
  const found: ShippedModel[] = [];
  for (const file of readdirSync(dir).sort()) {
    const onnx = modelPathForCard(join(dir, file));
    if (!onnx || !existsSync(onnx)) continue;
    try {
      const card = readModelCardFile(join(dir, file));
      found.push({ path: onnx, kind: card.kind, canvas: card.canvas, name: card.name, taskKeys: new Set(Object.keys(card.puzzleIds ?? {})) });
    } catch {
      // A broken card is reported when someone asks for that model explicitly.
    }
  }
  return found;
}

export function fitsCanvas(kind: PuzzleKind, instance: Pick<PuzzleInstance, 'rows' | 'cols'>, canvas: Canvas): boolean {
  if (kind === 'sudoku') return canvas.rows === instance.rows && canvas.cols === instance.cols;
  return instance.rows <= canvas.rows && instance.cols <= canvas.cols;
}

/** The shipped model of the kind that fits the instance: one trained on its task first, then the smallest. */
export function pickShippedModel(models: readonly ShippedModel[], kind: PuzzleKind, instance: Pick<PuzzleInstance, 'rows' | 'cols' | 'taskKey'>): ShippedModel | undefined {
  const knows = (m: ShippedModel) => (instance.taskKey !== undefined && m.taskKeys.has(instance.taskKey) ? 0 : 1);
  return models
    .filter((m) => m.kind === kind && fitsCanvas(kind, instance, m.canvas))
    .sort((a, b) => knows(a) - knows(b) || a.canvas.rows * a.canvas.cols - b.canvas.rows * b.canvas.cols)[0];
}

/** A configured path: absolute, `~/...`, or relative to the first workspace folder. */
export function resolveModelPath(configured: string, workspaceRoot: string | undefined): string {
  const expanded = configured.startsWith('~/') ? join(process.env.HOME ?? '', configured.slice(2)) : configured;
  if (isAbsolute(expanded)) return expanded;
  return resolve(workspaceRoot ?? process.cwd(), expanded);
}
