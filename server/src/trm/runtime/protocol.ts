/**
 * Messages between the language server and the model worker thread. Plain structured-clone data: typed
 * arrays travel as they are, errors as sentences. The server posts arrays of requests (those of one turn
 * together); the worker answers each request with its own response.
 */
import type { Canvas, PuzzleKind } from '../../puzzles/types';
import type { Device, DevicePreference } from './device';
import type { ActOptions, ActTrace } from './act';
import type { AdaptProgress, AdaptTask } from '../adapt/adapt';
import type { LearnedTask } from '../adapt/learn-task';

/** Learn an ARC task in the worker (trm/adapt/learn-task.ts): progress comes as `adapt-progress` messages. */
export interface AdaptRequest {
  modelPath: string;
  task: AdaptTask;
  /** Where rows are cached (the extension's global storage); none: nothing is read or written. */
  cacheDir?: string;
  /** Only answer from a cached row: `adapted` with result null when there is none. */
  cachedOnly?: boolean;
  force?: boolean;
  steps?: number;
  seed?: number;
}

export interface ModelInfo {
  path: string;
  name: string;
  kind: PuzzleKind;
  canvas: Canvas;
  seqLen: number;
  hasPuzzleEmbedding: boolean;
  numPuzzleIdentifiers: number;
  parameterCount: number;
  device: Device;
  /** Why a GPU was not used although the device setting allowed it (one clause per GPU passed over). */
  fallbackReason?: string;
  /** The card's measured accuracy, in words, when it has one. */
  accuracy?: string;
  /** ARC models: task key -> puzzle id, from the card's training data (empty for other kinds). */
  taskIds: Record<string, number>;
  /** The card's `trainingBand` as written (trm/model/training-band.ts parses it), when it records one. */
  trainingBand?: unknown;
}

export type WorkerRequest =
  | { type: 'load'; id: number; path: string; device: DevicePreference }
  | { type: 'unload'; id: number; path: string }
  | { type: 'solve'; id: number; path: string; sequences: { tokens: Int32Array; puzzleId?: number }[]; options: ActOptions }
  | { type: 'adapt'; id: number; request: AdaptRequest }
  | { type: 'cancel'; id: number };

export type WorkerResponse =
  | { type: 'loaded'; id: number; info: ModelInfo }
  | { type: 'unloaded'; id: number }
  | { type: 'solved'; id: number; traces: ActTrace[]; ms: number; device: Device; batchSize: number }
  | { type: 'adapt-progress'; id: number; progress: AdaptProgress }
  | { type: 'adapted'; id: number; result: LearnedTask | null }
  | { type: 'cancelled'; id: number }
  | { type: 'failed'; id: number; message: string };
