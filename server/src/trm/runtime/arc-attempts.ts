/**
 * Two attempts per ARC test input, as ARC is scored: the input is answered under several augmentations
 * (the identity first, then seeded distinct dihedral transforms and colour permutations keeping 0), each
 * answer cropped and mapped back by the inverse augmentation, the distinct grids ranked by how many
 * versions gave them, ties by mean sigmoid(q_halt), then by first appearance (the reference's
 * evaluators/arc.py ranking); the top two are attempt 1 and attempt 2. A task passes at 2 when, on every
 * test input, one of its two attempts equals the answer.
 *
 * Augmenting a task's input changes the rule a task-specific embedding row stands for, so this voting fits
 * the blank (unknown-task) row or a row adapted under the same augmentations, not a row trained on the
 * task as given.
 */
import type * as ort from 'onnxruntime-node';
import { arcCrop } from '../../puzzles/arc';
import { Rng } from '../../puzzles/common/random';
import type { Canvas } from '../../puzzles/types';
import { arcVocabulary } from '../../puzzles/vocabulary';
import type { TrmConfig } from '../model/config';
import { type ArcAugmentation, augmentArcGrid, encodeArcGrid, IDENTITY_ARC_AUGMENTATION, randomArcAugmentation, restoreArcGrid } from '../data/arc/augment';
import type { ColourGrid } from '../data/arc/tasks';
import { rankAnswers } from '../adapt/attempts';
import { runAct } from './act';

export interface ArcVersion {
  testIndex: number;
  augmentation: ArcAugmentation;
  /** The augmented input at the canvas's top-left, as the server encodes a grid. */
  tokens: Int32Array;
}

export interface ArcVersionAnswer {
  testIndex: number;
  augmentation: ArcAugmentation;
  /** The model's answer tokens on the canvas. */
  answer: ArrayLike<number>;
  /** q_halt logit at the last step run. */
  qHalt: number;
}

export interface ArcCandidate {
  grid: ColourGrid;
  votes: number;
  /** Mean sigmoid(q_halt) of the versions that gave this grid. */
  confidence: number;
}

export interface ArcTaskScore {
  /** Attempt 1 equals the answer on every test input. */
  pass1: boolean;
  /** Attempt 1 or attempt 2 equals the answer on every test input. */
  pass2: boolean;
}

const RETRIES_FACTOR = 5;

/**
 * `versions` augmentations (fewer when the inputs have fewer distinct versions), the same for every test
 * input of the task: the identity, then seeded random ones whose augmented inputs differ from all before.
 */
export function arcAugmentations(inputs: readonly ColourGrid[], versions: number, seed: number, label: string): ArcAugmentation[] {
  if (!Number.isInteger(versions) || versions < 1) throw new RangeError(`versions must be a positive integer, got ${versions}`);
  const found = [IDENTITY_ARC_AUGMENTATION];
  const key = (aug: ArcAugmentation): string => JSON.stringify(inputs.map((g) => augmentArcGrid(g, aug)));
  const seen = new Set([key(IDENTITY_ARC_AUGMENTATION)]);
  const rng = new Rng(seed, `arc/attempts/${label}`);
  for (let trial = 0; trial < RETRIES_FACTOR * versions && found.length < versions; trial++) {
    const aug = randomArcAugmentation(rng);
    const k = key(aug);
    if (seen.has(k)) continue;
    seen.add(k);
    found.push(aug);
  }
  return found;
}

/** Every test input under every augmentation; a grid that does not fit the canvas (either way up) throws. */
export function arcTestVersions(inputs: readonly ColourGrid[], augmentations: readonly ArcAugmentation[], canvas: Canvas): ArcVersion[] {
  const out: ArcVersion[] = [];
  inputs.forEach((input, testIndex) => {
    for (const augmentation of augmentations) out.push({ testIndex, augmentation, tokens: encodeArcGrid(augmentArcGrid(input, augmentation), canvas) });
  });
  return out;
}

/** The candidates per test input, best first (the one vote of trm/adapt/attempts.ts). An answer with no grid at the top-left gives no vote. */
export function rankArcAnswers(answers: readonly ArcVersionAnswer[], canvas: Canvas, testCount: number): ArcCandidate[][] {
  const byTest: { grid: ColourGrid; qHalt: number }[][] = Array.from({ length: testCount }, () => []);
  for (const a of answers) {
    const table = byTest[a.testIndex];
    if (!table) throw new RangeError(`an answer names test input ${a.testIndex}; the task has ${testCount}`);
    const cropped = arcCrop(a.answer, canvas);
    const grid = cropped.length === 0 || cropped[0]!.length === 0 ? [] : restoreArcGrid(cropped.map((row) => row.map(arcVocabulary.tokenColour)), a.augmentation);
    table.push({ grid, qHalt: a.qHalt });
  }
  return byTest.map((test) => rankAnswers(test).map((c) => ({ grid: c.grid, votes: c.votes, confidence: c.meanHalt })));
}

/** Attempt 1 and attempt 2 per test input (fewer when fewer candidates came up). */
export function topTwo(ranked: readonly ArcCandidate[][]): ColourGrid[][] {
  return ranked.map((candidates) => candidates.slice(0, 2).map((c) => c.grid));
}

export function scoreArcAttempts(attempts: readonly (readonly ColourGrid[])[], answers: readonly ColourGrid[]): ArcTaskScore {
  if (attempts.length !== answers.length) throw new RangeError(`${attempts.length} test inputs have attempts; the task has ${answers.length} answers`);
  const same = (a: ColourGrid | undefined, b: ColourGrid): boolean => a !== undefined && JSON.stringify(a) === JSON.stringify(b);
  return {
    pass1: answers.every((answer, i) => same(attempts[i]![0], answer)),
    pass2: answers.every((answer, i) => same(attempts[i]![0], answer) || same(attempts[i]![1], answer)),
  };
}

export interface ArcAttemptOptions {
  versions: number;
  seed: number;
  /** Names the augmentation stream (the task id), so every task gets its own augmentations. */
  label: string;
  /** Embedding row for every version (0: the blank, unknown-task row). */
  puzzleId: number;
  maxSteps: number;
  haltEarly: boolean;
}

/** Answers every test input under the augmentations and ranks the mapped-back answers. */
export async function arcAttempts(session: ort.InferenceSession, config: TrmConfig, canvas: Canvas, inputs: readonly ColourGrid[], options: ArcAttemptOptions): Promise<ArcCandidate[][]> {
  const versions = arcTestVersions(inputs, arcAugmentations(inputs, options.versions, options.seed, options.label), canvas);
  const answers: ArcVersionAnswer[] = [];
  const BATCH = 32;
  for (let i = 0; i < versions.length; i += BATCH) {
    const chunk = versions.slice(i, i + BATCH);
    const traces = await runAct(
      session,
      config,
      chunk.map((v) => ({ tokens: v.tokens, puzzleId: options.puzzleId })),
      { maxSteps: options.maxSteps, haltEarly: options.haltEarly, perCycle: false },
    );
    traces.forEach((t, j) => {
      if (t) answers.push({ testIndex: chunk[j]!.testIndex, augmentation: chunk[j]!.augmentation, answer: t.answer, qHalt: t.qHalt[t.qHalt.length - 1] ?? 0 });
    });
  }
  return rankArcAnswers(answers, canvas, inputs.length);
}
