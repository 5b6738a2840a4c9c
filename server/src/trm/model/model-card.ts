/**
 * The model card: the JSON file next to every model (`<name>.card.json`) saying what the model is for (puzzle
 * kind, board canvas, vocabulary), what it is (full config, parameter count), where it came from (data,
 * training run) and how good it is (accuracy, with the command that measured it, absent when unmeasured).
 */
import type { Canvas, PuzzleKind } from '../../puzzles/types';
import { parseTrmConfig, type TrmConfig } from './config';
import { parameterCount } from './parameters';

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
  maxSupervisionSteps: number;
  haltRule: string;
  device: string;
  seconds: number;
  command: string;
  /** ISO 8601. */
  measured: string;
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
  /** The board the model reads: rows * cols = config.seqLen. */
  canvas: Canvas;
  /** Meaning of each token id: vocabulary[id], e.g. ['pad', 'blank', '1', ..., '9']; length = config.vocabSize. */
  vocabulary: string[];
  config: TrmConfig;
  parameterCount: number;
  /** ISO 8601. */
  created: string;
  /** The training data, in words (source, size, augmentation). */
  data: string;
  training: TrainingRun;
  accuracy?: MeasuredAccuracy;
  /** The dataset spec of the training run (trainer/datasets.ts), so `trm eval` can rebuild its held-out set. */
  dataset?: unknown;
  /** ARC models: task key (arcTaskKey of the demonstration pairs) -> puzzle id of the task's embedding. */
  puzzleIds?: Record<string, number>;
  /** ARC models: task key -> the task's ARC id, as collection/id ("arc-agi_training/007bbfc7"). */
  arcTasks?: Record<string, string>;
  /** ARC models: pass@2 on tasks held out from training, as `trm eval-arc MODEL --tasks FILE --write-card` measured it. */
  arcHeldOut?: ArcHeldOutFigures;
}

/** What a caller supplies when saving; the rest follows from the config (and the clock). */
export type ModelCardInput = Omit<ModelCard, 'format' | 'config' | 'parameterCount' | 'created'> & { created?: string };

export class ModelCardError extends Error {
  override name = 'ModelCardError';
}

export function completeCard(input: ModelCardInput, config: TrmConfig): ModelCard {
  const card: ModelCard = {
    format: CARD_FORMAT,
    ...input,
    config,
    parameterCount: parameterCount(config),
    created: input.created ?? new Date().toISOString(),
  };
  const problems = cardConfigProblems(card, config);
  if (problems.length) throw new ModelCardError(`the model card does not fit the model: ${problems.join('; ')}`);
  return card;
}

/** How a card disagrees with the config of the model it sits next to. */
export function cardConfigProblems(card: ModelCard, config: TrmConfig): string[] {
  const p: string[] = [];
  for (const key of Object.keys(config) as Array<keyof TrmConfig>) {
    if (card.config[key] !== config[key]) {
      p.push(`config.${key} is ${JSON.stringify(card.config[key])} in the card but ${JSON.stringify(config[key])} in the model`);
    }
  }
  if (card.canvas.rows * card.canvas.cols !== config.seqLen) {
    p.push(`canvas ${card.canvas.rows}x${card.canvas.cols} does not have seqLen ${config.seqLen} cells`);
  }
  if (card.vocabulary.length !== config.vocabSize) {
    p.push(`vocabulary lists ${card.vocabulary.length} tokens, the model has ${config.vocabSize}`);
  }
  if (card.parameterCount !== parameterCount(config)) {
    p.push(`parameterCount ${card.parameterCount} differs from the model's ${parameterCount(config)}`);
  }
  return p;
}

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
  const arcTasks = json['arcTasks'];
  if (arcTasks !== undefined) need(obj(arcTasks) && Object.values(arcTasks).every(isString), 'arcTasks (task key -> ARC id strings)');
  if (problems.length) throw new ModelCardError(`the model card is missing or mistypes: ${problems.join(', ')}`);
  let config: TrmConfig;
  try {
    config = parseTrmConfig(json['config']);
  } catch (e) {
    throw new ModelCardError(`the model card's config: ${e instanceof Error ? e.message : String(e)}`);
  }
  return { ...(json as unknown as ModelCard), config };
}

/** `models/sudoku-9x9.onnx` -> `models/sudoku-9x9.card.json`. */
export function cardPathFor(modelPath: string): string {
  return `${modelPath.replace(/\.onnx$/i, '')}.card.json`;
}
