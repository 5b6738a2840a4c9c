/**
 * The models a worker holds: each model file loaded once into an ONNX Runtime session on the chosen
 * device, with what the server needs to know about it (kind, canvas, device, accuracy).
 */
import type * as ort from 'onnxruntime-node';
import { loadModelFile } from '../model/model-file';
import type { TrmConfig } from '../model/config';
import { STEP_OUTPUTS } from '../model/inference-graph';
import { vocabularyNames } from '../model/vocabulary-names';
import { runAct } from './act';
import { createDeviceSession, type DevicePreference } from './device';
import type { ModelInfo } from './protocol';

export interface HostedModel {
  info: ModelInfo;
  config: TrmConfig;
  session: ort.InferenceSession;
  /** The session's outputs that stay in GPU memory (pass to runAct). */
  onDevice: readonly string[];
}

/** One supervision step on one blank puzzle: what `auto` times on a GPU against the CPU. */
function probeStep(config: TrmConfig): (session: ort.InferenceSession, onDevice: readonly string[]) => Promise<void> {
  const blank = [{ tokens: new Int32Array(config.seqLen), puzzleId: 0 }];
  return async (session, onDevice) => {
    await runAct(session, config, blank, { maxSteps: 1, haltEarly: false, perCycle: false }, onDevice);
  };
}

function describeAccuracy(model: Awaited<ReturnType<typeof loadModelFile>>): string | undefined {
  const a = model.card.accuracy;
  if (!a) return undefined;
  return `${(a.exact * 100).toFixed(1)}% exact, ${(a.cell * 100).toFixed(1)}% of cells on ${a.puzzles} held-out puzzles (${a.dataset})`;
}

export class ModelHost {
  private readonly models = new Map<string, HostedModel>();
  /** Sessions replaced or unloaded while a batch may still be using them; released by releaseRetired(). */
  private retired: ort.InferenceSession[] = [];

  get(path: string): HostedModel | undefined {
    return this.models.get(path);
  }

  /** (Re)loads a model file; the previous session for the same path is retired once the new one works. */
  async load(path: string, device: DevicePreference): Promise<ModelInfo> {
    const model = await loadModelFile(path);
    const { card, config } = model;
    // Token ids mean what the card's vocabulary says; the puzzle languages encode with their own fixed ids.
    const expected = vocabularyNames(card.kind, card.canvas.rows);
    if (card.vocabulary.length !== expected.length || card.vocabulary.some((name, id) => name !== expected[id])) {
      throw new Error(
        `cannot load model ${path}: its card's vocabulary ${JSON.stringify(card.vocabulary)} is not the ${card.kind} tokens this version ` +
          `encodes puzzles with (${JSON.stringify(expected)}), so the model would misread every puzzle`,
      );
    }
    const { session, device: used, fallbackReason, onDevice } = await createDeviceSession(model.bytes, device, { allowSpinning: false }, {
      keepOnDevice: [STEP_OUTPUTS.yOut, STEP_OUTPUTS.zOut],
      probe: probeStep(config),
    });
    const info: ModelInfo = {
      path,
      name: card.name,
      kind: card.kind,
      canvas: card.canvas,
      seqLen: config.seqLen,
      hasPuzzleEmbedding: config.puzzleEmbLen > 0,
      numPuzzleIdentifiers: config.numPuzzleIdentifiers,
      parameterCount: card.parameterCount,
      device: used,
      ...(fallbackReason ? { fallbackReason } : {}),
      ...(describeAccuracy(model) ? { accuracy: describeAccuracy(model)! } : {}),
      taskIds: card.puzzleIds ?? {},
      ...(card.trainingBand !== undefined ? { trainingBand: card.trainingBand } : {}),
    };
    const previous = this.models.get(path);
    this.models.set(path, { info, config, session, onDevice });
    if (previous) this.retired.push(previous.session);
    return info;
  }

  unload(path: string): void {
    const model = this.models.get(path);
    this.models.delete(path);
    if (model) this.retired.push(model.session);
  }

  /** Call only when no batch is running. */
  async releaseRetired(): Promise<void> {
    const sessions = this.retired;
    this.retired = [];
    await Promise.all(sessions.map((s) => s.release()));
  }
}
