/**
 * Which model file serves a puzzle: the one the user set for the kind, or else the shipped model whose
 * canvas fits the board (a sudoku model reads exactly its own board size; a maze model reads any maze
 * up to its canvas, padded with walls; ARC models read the 30 x 30 canvas).
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
      found.push({ path: onnx, kind: card.kind, canvas: card.canvas, name: card.name });
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

/** The smallest shipped model of the kind that fits the instance. */
export function pickShippedModel(models: readonly ShippedModel[], kind: PuzzleKind, instance: Pick<PuzzleInstance, 'rows' | 'cols'>): ShippedModel | undefined {
  return models
    .filter((m) => m.kind === kind && fitsCanvas(kind, instance, m.canvas))
    .sort((a, b) => a.canvas.rows * a.canvas.cols - b.canvas.rows * b.canvas.cols)[0];
}

/** A configured path: absolute, `~/...`, or relative to the first workspace folder. */
export function resolveModelPath(configured: string, workspaceRoot: string | undefined): string {
  const expanded = configured.startsWith('~/') ? join(process.env.HOME ?? '', configured.slice(2)) : configured;
  if (isAbsolute(expanded)) return expanded;
  return resolve(workspaceRoot ?? process.cwd(), expanded);
}
