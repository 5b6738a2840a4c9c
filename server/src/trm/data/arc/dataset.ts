/**
 * ARC training stream and held-out set over a task set (task-set.ts).
 *
 * Training examples: every demonstration pair of every task, plus the test pairs of tasks whose test
 * outputs are known and not held out; each under each of the task's k fixed augmentations (puzzle id
 * baseId + j). On the fly, each draw is translated on the canvas (input and output at one random offset
 * where both fit, end-of-grid markers following the grid); as in the reference, which leaves one example
 * per puzzle at the top-left, a draw stays untranslated with probability 1 / (the task's example count).
 * With `onTheFly: 'all'` (k = 1 only) a random dihedral transform and colour permutation are drawn too;
 * that blurs the rule an id stands for (see task-set.ts) and is there for experiments.
 *
 * Held-out examples: the test pairs of the held-out tasks whose outputs are known, at the top-left as the
 * server encodes them (`arcToModelInput`), under the task's base id.
 */
import { arcToModelInput } from '../../../puzzles/arc';
import type { Canvas, PuzzleInstance } from '../../../puzzles/types';
import { arcVocabulary } from '../../../puzzles/vocabulary';
import type { Rng } from '../../../puzzles/common/random';
import { ShuffledSource } from '../source';
import type { DatasetDescription, DatasetSource, Example, JsonValue } from '../types';
import { augmentArcGrid, encodeArcGrid, randomArcAugmentation, translationRange } from './augment';
import type { ArcTaskEntry, ArcTaskSet } from './task-set';
import { ArcDataError, type ArcTrainPair, type ColourGrid } from './tasks';

export interface ArcDatasetOptions {
  seed: number;
  /** Default 30x30, the reference canvas. Smaller canvases suit tiny runs on small tasks. */
  canvas?: Canvas;
  /** Random translation of training draws (default true). */
  translation?: boolean;
  /** 'translation' (default) or 'all' (also random dihedral + colours; only with one id per task). */
  onTheFly?: 'translation' | 'all';
  /** Task names whose test pairs are held out (default 'all': every task's). */
  heldOut?: 'all' | readonly string[];
  /** Names the collections in the description; default "arc". */
  name?: string;
}

export interface ArcEvalEntry {
  taskName: string;
  collection: string;
  testIndex: number;
  example: Example;
}

interface TrainingPair {
  entry: ArcTaskEntry;
  pair: ArcTrainPair;
  /** Training pairs of this task, for the chance of staying untranslated. */
  taskPairs: number;
}

export function arcSource(set: ArcTaskSet, options: ArcDatasetOptions): DatasetSource {
  const canvas = options.canvas ?? { rows: arcVocabulary.canvas, cols: arcVocabulary.canvas };
  const translation = options.translation ?? true;
  const onTheFly = options.onTheFly ?? 'translation';
  if (onTheFly === 'all' && set.augmentationIds !== 1) {
    throw new RangeError('random dihedral and colour augmentation on the fly needs one id per task: with more, each id is one fixed augmentation');
  }
  const evalEntries = arcEvalEntries(set, options);
  const { pairs, dropped } = trainingPairs(set, options, canvas);
  const k = set.augmentationIds;
  const settings: { [key: string]: JsonValue } = {
    canvas: [canvas.rows, canvas.cols],
    augmentationIds: k,
    augmentationSeed: set.seed,
    translation,
    onTheFly,
    heldOut: options.heldOut === undefined || options.heldOut === 'all' ? 'all' : [...options.heldOut],
    duplicatesDropped: set.duplicates,
    heldOutCopiesDropped: dropped,
    // The id map the server needs; the fixed augmentations behind ids base + j follow from the seed.
    tasks: set.entries.map((e) => ({ name: e.task.name, collection: e.task.collection, key: e.task.key, puzzleId: e.baseId })),
  };
  const augmentation: string[] = [];
  if (k > 1) augmentation.push(`${k - 1} fixed dihedral + colour permutations per task, each its own puzzle id`);
  if (onTheFly === 'all') augmentation.push('random dihedral transform', 'random colour permutation (0 fixed)');
  if (translation) augmentation.push('translation on the canvas');
  const description: DatasetDescription = {
    name: options.name ?? 'arc',
    kind: 'arc',
    canvas,
    seqLen: canvas.rows * canvas.cols,
    vocabSize: arcVocabulary.size,
    numPuzzleIdentifiers: set.numPuzzleIdentifiers,
    seed: options.seed,
    train: { items: pairs.length * k, source: `${set.entries.length} tasks: demonstration pairs and the test pairs not held out, ${k} id(s) per task` },
    eval: { examples: evalEntries.length, source: 'test pairs of the held-out tasks, outputs from the solutions files' },
    settings,
    augmentation,
  };
  return new ShuffledSource<number>({
    description,
    // Items are numbers (pair * k + j) so that 1000 ids per task cost no more than a number each.
    items: Array.from({ length: pairs.length * k }, (_, i) => i),
    render: (item, rng) => renderPair(pairs[Math.floor(item / k)]!, item % k, canvas, translation, onTheFly, rng),
    evalExamples: evalEntries.map((e) => e.example),
  });
}

/** The held-out test pairs (with known outputs), in task order then test order. */
export function arcEvalEntries(set: ArcTaskSet, options: ArcDatasetOptions): ArcEvalEntry[] {
  const canvas = options.canvas ?? { rows: arcVocabulary.canvas, cols: arcVocabulary.canvas };
  const out: ArcEvalEntry[] = [];
  for (const entry of set.entries) {
    if (!isHeldOut(entry, options)) continue;
    entry.task.test.forEach((pair, testIndex) => {
      if (!pair.output) return;
      const example = { inputs: placeAtTopLeft(pair.input, canvas, entry), labels: placeAtTopLeft(pair.output, canvas, entry), puzzleId: entry.baseId };
      out.push({ taskName: entry.task.name, collection: entry.task.collection, testIndex, example });
    });
  }
  return out;
}

/**
 * The training pairs, without any pair that equals a held-out test pair: ARC collections overlap (ARC-AGI-2
 * training holds ARC-AGI-1 evaluation tasks), so a held-out answer can turn up as another task's pair.
 */
function trainingPairs(set: ArcTaskSet, options: ArcDatasetOptions, canvas: Canvas): { pairs: TrainingPair[]; dropped: number } {
  const heldOut = new Set<string>();
  for (const entry of set.entries) {
    if (!isHeldOut(entry, options)) continue;
    for (const p of entry.task.test) if (p.output) heldOut.add(pairKey(p.input, p.output));
  }
  const pairs: TrainingPair[] = [];
  let dropped = 0;
  for (const entry of set.entries) {
    const own: ArcTrainPair[] = [...entry.task.train];
    if (!isHeldOut(entry, options)) for (const p of entry.task.test) if (p.output) own.push({ input: p.input, output: p.output });
    const kept = own.filter((pair) => !heldOut.has(pairKey(pair.input, pair.output)));
    dropped += own.length - kept.length;
    for (const pair of kept) {
      for (const g of [pair.input, pair.output]) checkFits(g, canvas, entry);
      pairs.push({ entry, pair, taskPairs: kept.length });
    }
  }
  return { pairs, dropped };
}

function pairKey(input: ColourGrid, output: ColourGrid): string {
  return JSON.stringify([input, output]);
}

function renderPair(p: TrainingPair, j: number, canvas: Canvas, translation: boolean, onTheFly: 'translation' | 'all', rng: Rng): Example {
  const aug = onTheFly === 'all' ? randomArcAugmentation(rng) : p.entry.augmentations[j]!;
  const input = augmentArcGrid(p.pair.input, aug);
  const output = augmentArcGrid(p.pair.output, aug);
  let top = 0;
  let left = 0;
  if (translation && rng.uniform() >= 1 / p.taskPairs) {
    const range = translationRange(input, output, canvas);
    top = rng.int(range.rows + 1);
    left = rng.int(range.cols + 1);
  }
  return { inputs: encodeArcGrid(input, canvas, top, left), labels: encodeArcGrid(output, canvas, top, left), puzzleId: p.entry.baseId + j };
}

function isHeldOut(entry: ArcTaskEntry, options: ArcDatasetOptions): boolean {
  const heldOut = options.heldOut ?? 'all';
  return heldOut === 'all' || heldOut.includes(entry.task.name);
}

function placeAtTopLeft(grid: ColourGrid, canvas: Canvas, entry: ArcTaskEntry): Int32Array {
  checkFits(grid, canvas, entry);
  const instance: PuzzleInstance = {
    index: 0,
    label: entry.task.name,
    rows: grid.length,
    cols: grid[0]!.length,
    input: grid.map((row) => row.map(arcVocabulary.colourToken)),
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
  };
  const seq = arcToModelInput(instance, canvas);
  if (!(seq instanceof Int32Array)) throw new ArcDataError(`${entry.task.name}: ${seq.error}`);
  return seq;
}

function checkFits(grid: ColourGrid, canvas: Canvas, entry: ArcTaskEntry): void {
  const side = Math.max(grid.length, grid[0]!.length);
  // Dihedral moves swap rows and columns, so a grid must fit both ways.
  if (side > Math.min(canvas.rows, canvas.cols)) {
    throw new ArcDataError(
      `${entry.task.collection}/${entry.task.name} has a ${grid.length}x${grid[0]!.length} grid, too large for the ${canvas.rows}x${canvas.cols} canvas; select tasks with maxSide`,
    );
  }
}
