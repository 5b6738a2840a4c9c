/**
 * The model card: the JSON file next to every model (`<name>.onnx` → `<name>.card.json`) saying what the model
 * is for (puzzle kind, board canvas, the meaning of each token), where it came from (data, training run) and
 * how good it is (accuracy, with the command that measured it, absent when unmeasured). The architecture is
 * not here: the .onnx file's metadata holds it (docs/architecture.md, "one config"). One reader for the server
 * and the extension, with one set of checks.
 */
import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import type { Canvas, PuzzleKind } from '../puzzles/types';

export const CARD_FORMAT = 'trm-puzzles/model-card/1';

export interface TrainingRun {
  /** What was run, in words: "untrained: initial weights, seed 0" or "1000 steps of sudoku-small preset". */
  description: string;
  /** The command line that reproduces it, when there is one. */
  command?: string;
  steps?: number;
  batchSize?: number;
  seed?: number;
  durationSeconds?: number;
  device?: string;
}

export interface MeasuredAccuracy {
  /** The held-out set: "sudoku-extreme test, first 1000 puzzles". */
  dataset: string;
  puzzles: number;
  /** Fraction of puzzles solved exactly, and of answer cells right. */
  exact: number;
  cell: number;
  /** Mean supervision steps used. */
  supervisionSteps: number;
  /** The step limit and halting rule the figures were measured with (absent on cards older than these fields). */
  maxSupervisionSteps?: number;
  haltRule?: string;
  /** The command in this repo that produced these figures. */
  command: string;
  /** ISO 8601. */
  measured: string;
}

export interface ModelCard {
  format: typeof CARD_FORMAT;
  name: string;
  kind: PuzzleKind;
  /** The board the model reads: rows * cols = the model's sequence length. */
  canvas: Canvas;
  /** Meaning of each token id: vocabulary[id], e.g. ['pad', 'blank', '1', ..., '9']; length = the model's vocabulary size. */
  vocabulary: string[];
  /** The model's parameter count, for people reading the card (checked against the model on load). */
  parameterCount: number;
  /** ISO 8601. */
  created: string;
  /** The training data, in words (source, size, augmentation). */
  data: string;
  training: TrainingRun;
  accuracy?: MeasuredAccuracy;
  /** The dataset spec of the training run (trm/train/datasets.ts), so `trm eval` can rebuild its held-out set. */
  dataset?: unknown;
  /** ARC models: task key (arcTaskKey of the demonstration pairs) -> puzzle id of the task's embedding. */
  puzzleIds?: Record<string, number>;
  /** ARC models: task key -> the task's ARC id, as collection/id ("arc-agi_training/007bbfc7"). */
  arcTasks?: Record<string, string>;
  /** The band of puzzles it was trained on (trm/model/training-band.ts), for the outside-band note. */
  trainingBand?: unknown;
  /** Held-out figures per difficulty band, with the command that re-measures them (`trm eval --bands --write-card`). */
  bands?: BandFigures;
  /** ARC models: pass@2 on tasks held out from training, as `trm eval-arc MODEL --tasks FILE --write-card` measured it. */
  arcHeldOut?: ArcHeldOutFigures;
  /** The same tasks answered after test-time adaptation (`trm eval-arc MODEL --tasks FILE --adapt --write-card`). */
  arcHeldOutAdapted?: ArcHeldOutFigures;
}

export interface ArcHeldOutFigures {
  /** The held-out list (models/arc-heldout.json) and the task ids it names. */
  tasksFile: string;
  collection: string;
  tasks: string[];
  /** Tasks whose attempt 1 / attempt 1 or 2 equals the answer on every test input. */
  pass1: number;
  pass2: number;
  /** Test inputs of the tasks that fit, those whose attempt 1 has the answer's shape, and its share of right cells there. */
  testInputs?: number;
  shapeRight?: number;
  cellsRightWhereShapeRight?: number;
  /** How the attempts were made: "blank task embedding, no adaptation, 8 augmented versions voted". */
  attempts: string;
  /** With adaptation: the step budget of each task's adaptation, and the mean seconds one took. */
  adaptSteps?: number;
  adaptSecondsPerTask?: number;
  maxSupervisionSteps: number;
  haltRule: string;
  device: string;
  seconds: number;
  command: string;
  /** ISO 8601. */
  measured: string;
}

export interface BandRow {
  value: string;
  puzzles: number;
  exact: number;
  cell: number;
  supervisionSteps: number;
}

export interface BandFigures {
  command: string;
  measured: string;
  perBand: number;
  seed: number;
  maxSupervisionSteps: number;
  haltRule: string;
  /** Candidates left out because the model's own dataset held them. */
  dropped: number;
  /** How each band was drawn. */
  bands: { name: string; description: string }[];
  /** Tag (band, technique, givens, guesses; loops, routes, path) -> one row per value. */
  tables: Record<string, BandRow[]>;
}

export class ModelCardError extends Error {
  override name = 'ModelCardError';
}

/** `models/sudoku-9x9.onnx` -> `models/sudoku-9x9.card.json`. */
export function cardPathFor(modelPath: string): string {
  return `${modelPath.replace(/\.onnx$/i, '')}.card.json`;
}

/** `models/sudoku-9x9.card.json` -> `models/sudoku-9x9.onnx`, or undefined for a file that is not a card. */
export function modelPathForCard(cardPath: string): string | undefined {
  return cardPath.endsWith('.card.json') ? `${cardPath.slice(0, -'.card.json'.length)}.onnx` : undefined;
}

/** Cards are small JSON; the largest holds one puzzle id per ARC task. */
export const MAX_CARD_BYTES = 16 * 1024 * 1024;

const KINDS: readonly PuzzleKind[] = ['sudoku', 'maze', 'arc'];

/** Reads a card from untrusted JSON, naming the first fields that are missing or mistyped. */
export function parseModelCard(json: unknown): ModelCard {
  const problems: string[] = [];
  const obj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!obj(json)) throw new ModelCardError('the model card is not a JSON object');
  const need = (ok: boolean, what: string): void => {
    if (!ok) problems.push(what);
  };
  const isString = (v: unknown): v is string => typeof v === 'string';
  const isCount = (v: unknown): v is number => Number.isInteger(v) && (v as number) > 0;
  need(json['format'] === CARD_FORMAT, `format must be '${CARD_FORMAT}'`);
  need(isString(json['name']), 'name (a string)');
  need(KINDS.includes(json['kind'] as PuzzleKind), `kind (one of ${KINDS.join(', ')})`);
  const canvas = json['canvas'];
  need(obj(canvas) && isCount(canvas['rows']) && isCount(canvas['cols']), 'canvas ({ rows, cols } positive integers)');
  need(Array.isArray(json['vocabulary']) && (json['vocabulary'] as unknown[]).every(isString), 'vocabulary (an array of strings)');
  need(isCount(json['parameterCount']), 'parameterCount (a positive integer)');
  need(isString(json['created']), 'created (an ISO date string)');
  need(isString(json['data']), 'data (a string)');
  const training = json['training'];
  need(obj(training) && isString(training['description']), 'training ({ description, ... })');
  const accuracy = json['accuracy'];
  if (accuracy !== undefined) {
    need(
      obj(accuracy) &&
        isString(accuracy['dataset']) &&
        isString(accuracy['command']) &&
        typeof accuracy['exact'] === 'number' &&
        typeof accuracy['cell'] === 'number',
      'accuracy ({ dataset, puzzles, exact, cell, supervisionSteps, command, measured })',
    );
  }
  const puzzleIds = json['puzzleIds'];
  if (puzzleIds !== undefined) {
    need(obj(puzzleIds) && Object.values(puzzleIds).every((id) => Number.isInteger(id) && (id as number) >= 0), 'puzzleIds (task key -> puzzle id, integers >= 0)');
  }
  const arcTasks = json['arcTasks'];
  if (arcTasks !== undefined) need(obj(arcTasks) && Object.values(arcTasks).every(isString), 'arcTasks (task key -> ARC id strings)');
  if (problems.length) throw new ModelCardError(`the model card is missing or mistypes: ${problems.join(', ')}`);
  // Cards written before the config lived in the model file alone carry a copy of it: never read.
  const { config: _legacyConfig, ...card } = json;
  return card as unknown as ModelCard;
}

/** A card from the text of `cardPath`; every way it can fail is a ModelCardError that names the file. */
export function parseModelCardText(text: string, cardPath: string): ModelCard {
  try {
    return parseModelCard(JSON.parse(text));
  } catch (e) {
    const why = e instanceof SyntaxError ? `not valid JSON (${e.message})` : e instanceof ModelCardError ? e.message : String(e);
    throw new ModelCardError(`cannot read model card ${cardPath}: ${why}`);
  }
}

/**
 * The card at `cardPath`, read at once (the extension and the shipped-models scan read cards synchronously).
 * Only a regular file of at most MAX_CARD_BYTES is read, opened without blocking so a FIFO cannot hang it.
 */
export function readModelCardFile(cardPath: string): ModelCard {
  let fd: number | undefined;
  let text: string;
  try {
    fd = openSync(cardPath, constants.O_RDONLY | constants.O_NONBLOCK);
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new ModelCardError(`cannot read model card ${cardPath}: it is not a regular file`);
    if (stat.size > MAX_CARD_BYTES) throw new ModelCardError(`cannot read model card ${cardPath}: ${stat.size} bytes is more than a card may have`);
    text = readFileSync(fd, 'utf8');
  } catch (e) {
    if (e instanceof ModelCardError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'not found (a model needs its card next to it, to say which puzzles it solves)' : (e as Error).message;
    throw new ModelCardError(`cannot read model card ${cardPath}: ${why}`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  return parseModelCardText(text, cardPath);
}
