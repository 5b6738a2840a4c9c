/**
 * Model files on disk: `<name>.onnx` (graph + weights + config, see model-format.ts) and `<name>.card.json`
 * next to it. Writes are atomic (temporary file + rename; the card is renamed last, so a watcher that
 * reacts to the card sees a complete pair). Every way loading can fail is a ModelFileError that names the
 * file and says what is wrong with it, in words meant for a user.
 */
import { promises as fs } from 'node:fs';
import { writeTempFile } from '../../util/atomic-file';
import { FileReadError, readRegularFile } from '../../util/bounded-file';
import type { TrmConfig } from './config';
import { MAX_CARD_BYTES, ModelCardError, cardPathFor, parseModelCardText, type ModelCard } from '../../contract/model-card';
import { cardFitProblems, completeCard, type ModelCardInput } from './model-card';
import { InvalidModelError, decodeModel, encodeModel } from './model-format';
import type { TrmWeights } from './parameters';

export class ModelFileError extends Error {
  override name = 'ModelFileError';
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

export interface LoadedModel {
  path: string;
  cardPath: string;
  config: TrmConfig;
  weights: TrmWeights;
  card: ModelCard;
  /** The .onnx bytes, ready for InferenceSession.create without reading the file again. */
  bytes: Uint8Array;
}

/** Writes `<path>` and its card atomically; returns the completed card. */
export async function saveModel(path: string, config: TrmConfig, weights: TrmWeights, card: ModelCardInput): Promise<ModelCard> {
  const full = completeCard(card, config);
  const bytes = encodeModel(config, weights);
  const cardPath = cardPathFor(path);
  let modelTemp: string | undefined;
  let cardTemp: string | undefined;
  try {
    modelTemp = await writeTempFile(path, [bytes]);
    cardTemp = await writeTempFile(cardPath, [`${JSON.stringify(full, null, 2)}\n`]);
    await fs.rename(modelTemp, path);
    modelTemp = undefined;
    await fs.rename(cardTemp, cardPath);
    cardTemp = undefined;
  } finally {
    for (const temp of [modelTemp, cardTemp]) if (temp) await fs.rm(temp, { force: true });
  }
  return full;
}

export async function loadModelFile(path: string): Promise<LoadedModel> {
  const bytes = await readOrExplain(path, 'model file');
  let decoded;
  try {
    decoded = decodeModel(bytes);
  } catch (e) {
    if (e instanceof InvalidModelError) throw new ModelFileError(path, `cannot load model ${path}: ${e.message}`);
    throw e;
  }
  const cardPath = cardPathFor(path);
  const cardText = await readOrExplain(cardPath, 'model card');
  let card: ModelCard;
  try {
    card = parseModelCardText(new TextDecoder().decode(cardText), cardPath);
  } catch (e) {
    if (e instanceof ModelCardError) throw new ModelFileError(cardPath, e.message);
    throw e;
  }
  const problems = cardFitProblems(card, decoded.config);
  if (problems.length) {
    throw new ModelFileError(cardPath, `model card ${cardPath} does not match model ${path}: ${problems.join('; ')}`);
  }
  return { path, cardPath, config: decoded.config, weights: decoded.weights, card, bytes };
}

/**
 * The largest model file read: 8x a 7M-parameter paper model in float32, far past anything this project
 * trains. A larger (or sparse, or endless) file is refused before any of it is read.
 */
export const MAX_MODEL_BYTES = 512 * 1024 * 1024;

async function readOrExplain(path: string, what: 'model file' | 'model card'): Promise<Uint8Array> {
  try {
    const bytes = await readRegularFile(path, what === 'model file' ? MAX_MODEL_BYTES : MAX_CARD_BYTES);
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
  } catch (e) {
    if (e instanceof FileReadError) throw new ModelFileError(path, `cannot read ${what} ${path}: ${e.why}`);
    throw e;
  }
}
