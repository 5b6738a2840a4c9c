/**
 * A TRM model as bytes: the served supervision-step graph with its weights as initializers and the config
 * as JSON in the ONNX metadata, so the file runs as is in any ONNX Runtime and can still be read back into
 * config + weights (to re-export trained weights or rebuild the graph with other options). Pure: no I/O.
 */
import { assertValidConfig, parseTrmConfig, type TrmConfig } from './config';
import { ExternalDataError, OnnxReadError, readOnnxModel } from '../graph/onnx-reader';
import { serializeGraph } from '../graph/onnx-writer';
import { STEP_INPUTS, buildSupervisionStepGraph, type SupervisionStepGraphOptions } from './inference-graph';
import { parameterSpecs, type TrmWeights } from './parameters';

/** metadata_props keys. */
export const METADATA = {
  format: 'trm.format',
  config: 'trm.config',
  graphOptions: 'trm.graph_options',
} as const;
export const FORMAT_ID = 'trm-puzzles/supervision-step/1';

/** The graph options of a saved model: cycle answers on (cheap, and the recursion hover wants them). */
export const SAVED_GRAPH_OPTIONS: SupervisionStepGraphOptions = { cycleAnswers: true };

export class InvalidModelError extends Error {
  override name = 'InvalidModelError';
}

export function encodeModel(config: TrmConfig, weights: TrmWeights, options = SAVED_GRAPH_OPTIONS): Uint8Array {
  assertValidConfig(config);
  const graph = buildSupervisionStepGraph(config, weights, options);
  return serializeGraph(graph, {
    graphName: 'trm_supervision_step',
    docString: 'One TRM supervision step (Jolicoeur-Martineau 2025), built by TRM Puzzles.',
    metadata: {
      [METADATA.format]: FORMAT_ID,
      [METADATA.config]: JSON.stringify(config),
      [METADATA.graphOptions]: JSON.stringify(options),
    },
  });
}

export interface DecodedModel {
  config: TrmConfig;
  weights: TrmWeights;
}

/** Reads config and weights back; every way the bytes can fail to be one of our models is an InvalidModelError. */
export function decodeModel(bytes: Uint8Array): DecodedModel {
  if (bytes.length === 0) throw new InvalidModelError('the file is empty');
  let contents;
  try {
    contents = readOnnxModel(bytes);
  } catch (e) {
    if (e instanceof ExternalDataError) throw new InvalidModelError(`refused: ${e.message}`);
    if (e instanceof OnnxReadError) throw new InvalidModelError(`the file is truncated or corrupt (${e.message})`);
    throw e;
  }
  const format = contents.metadata.get(METADATA.format);
  const configJson = contents.metadata.get(METADATA.config);
  if (format === undefined || configJson === undefined) {
    throw new InvalidModelError(
      `not a TRM Puzzles model: the ONNX metadata has no ${METADATA.format}/${METADATA.config} entry` +
        (contents.producerName ? ` (produced by '${contents.producerName}')` : ''),
    );
  }
  if (format !== FORMAT_ID) {
    throw new InvalidModelError(`unsupported model format '${format}' (this version reads '${FORMAT_ID}')`);
  }
  let config: TrmConfig;
  try {
    config = parseTrmConfig(JSON.parse(configJson));
  } catch (e) {
    throw new InvalidModelError(`the model's config is unreadable: ${e instanceof Error ? e.message : String(e)}`);
  }
  const missingInputs = [STEP_INPUTS.tokens, STEP_INPUTS.y, STEP_INPUTS.z, STEP_INPUTS.reset].filter(
    (name) => !contents.inputNames.includes(name),
  );
  if (missingInputs.length) {
    throw new InvalidModelError(`not a supervision-step graph: inputs ${missingInputs.join(', ')} are missing`);
  }
  const weights: TrmWeights = new Map();
  const problems: string[] = [];
  for (const { name, shape } of parameterSpecs(config)) {
    const t = contents.initializers.get(name);
    if (!t) problems.push(`missing weight ${name}`);
    else if (t.dtype !== 'float32') problems.push(`weight ${name} is ${t.dtype}, not float32`);
    else if (t.dims.length !== shape.length || t.dims.some((d, i) => d !== shape[i])) {
      problems.push(`weight ${name} has shape [${t.dims.join(', ')}], the config needs [${shape.join(', ')}]`);
    } else weights.set(name, t.data as Float32Array);
  }
  if (problems.length) throw new InvalidModelError(`the weights do not match the model's config: ${problems.join('; ')}`);
  return { config, weights };
}
