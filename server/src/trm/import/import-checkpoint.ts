/**
 * `trm import`: a checkpoint written by the official TinyRecursiveModels `pretrain.py`
 * (`torch.save(model.state_dict(), step_N)`) becomes a model file and card here. The state_dict keys are
 * the reference's parameter names (parameters.ts) behind the prefix of the module that was saved:
 * `_orig_mod.` when torch.compile'd, `model.` for the ACTLossHead, `inner.` for the ACT wrapper. The
 * architecture comes from reference-architecture.ts, the puzzle kind from --kind or what the data names say
 * (never a guess: a 4x4 sudoku and a maze share vocabulary size 6).
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Canvas, PuzzleKind } from '../../puzzles/types';
import type { TrmConfig } from '../model/config';
import { parseReferenceMetadata, type ReferenceMetadata } from '../data/reference/layout';
import { cardPathFor, type ModelCard } from '../../contract/model-card';
import { saveModel } from '../model/model-file';
import { parameterSpecs, weightProblems, type TrmWeights } from '../model/parameters';
import { vocabularyNames } from '../model/vocabulary-names';
import {
  archSection,
  inferArchitecture,
  ReferenceImportError,
  type ArchitectureFlags,
  type DatasetFacts,
  type InferredArchitecture,
} from './reference-architecture';
import { readArcIdentifiers, type ArcIdentifierMapping } from './arc-identifiers';
import { readTorchCheckpoint, TorchCheckpointError, type TorchCheckpoint, type TorchTensor } from './torch-checkpoint';

export interface ImportOptions {
  checkpoint: string;
  /** all_config.yaml; default: the one beside the checkpoint, when there is one. */
  configPath?: string;
  /** The reference dataset folder the model was trained on (train/dataset.json, test/dataset.json). */
  dataDir?: string;
  kind?: PuzzleKind;
  flags?: ArchitectureFlags;
  out: string;
  name: string;
  /** The command line, for the card. */
  command?: string;
}

export interface ImportResult {
  modelPath: string;
  cardPath: string;
  card: ModelCard;
  architecture: InferredArchitecture;
  /** Where the kind came from, in words. */
  kindReason: string;
  /** The key prefix the checkpoint used, e.g. "_orig_mod.model.inner.". */
  keyPrefix: string;
  format: TorchCheckpoint['format'];
  /** Things the user should know (defaulted fields), one sentence each. */
  warnings: string[];
  /** ARC: how identifiers.json mapped onto task files. */
  arc?: ArcIdentifierMapping;
}

/** A state_dict's keys without the wrapper prefixes, each name once. */
export function referenceWeights(tensors: ReadonlyMap<string, TorchTensor>, source: string): { weights: Map<string, TorchTensor>; prefix: string } {
  const weights = new Map<string, TorchTensor>();
  const prefixes = new Set<string>();
  for (const [key, t] of tensors) {
    let name = key;
    let prefix = '';
    for (const p of ['_orig_mod.', 'model.', 'inner.']) {
      if (name.startsWith(p)) {
        name = name.slice(p.length);
        prefix += p;
      }
    }
    if (weights.has(name)) throw new ReferenceImportError(`${source}: ${name} appears twice (under different prefixes)`);
    weights.set(name, t);
    prefixes.add(prefix);
  }
  if (prefixes.size > 1) throw new ReferenceImportError(`${source}: the keys mix prefixes (${[...prefixes].join(', ')}); expected one saved module`);
  return { weights, prefix: [...prefixes][0] ?? '' };
}

export async function importReferenceCheckpoint(options: ImportOptions): Promise<ImportResult> {
  const source = options.checkpoint;
  const bytes = readOrFail(source, 'checkpoint');
  let checkpoint: TorchCheckpoint;
  try {
    checkpoint = readTorchCheckpoint(bytes, source);
  } catch (e) {
    // Pickle errors (a refused global, a malformed pickle) are the user's file: say so, keep the message.
    if (e instanceof Error && (e.name === 'PickleRefusedError' || e.name === 'PickleError')) throw new ReferenceImportError(e.message);
    if (e instanceof TorchCheckpointError) throw new ReferenceImportError(e.message);
    throw e;
  }
  const { weights: tensors, prefix } = referenceWeights(checkpoint.tensors, source);

  const configPath = options.configPath ?? join(dirname(source), 'all_config.yaml');
  const haveConfig = options.configPath !== undefined || existsSync(configPath);
  const allConfig = haveConfig ? readYaml(configPath) : undefined;
  const arch = allConfig === undefined ? undefined : archSection(allConfig, configPath);
  const dataset = options.dataDir ? readDatasetFacts(options.dataDir) : undefined;

  const dataPaths = dataPathsOf(allConfig);
  const named = kindFromNames(options.kind, options.dataDir, dataPaths);
  // A sudoku's vocabulary (pad, blank, the N digits) fixes its board, so its seq_len needs no dataset.
  const vocab = tensors.get('embed_tokens.embedding_weight')?.shape[0];
  const seqLenHint =
    named?.kind === 'sudoku' && vocab !== undefined ? { value: (vocab - 2) ** 2, source: `a ${vocab - 2}x${vocab - 2} sudoku's vocabulary` } : undefined;
  const architecture = inferArchitecture(tensors, arch, dataset?.facts, options.flags ?? {}, seqLenHint);
  const { config } = architecture;
  const weights = convertWeights(tensors, config, source);
  const { kind, reason: kindReason } = named ?? refuseKind(config);
  const canvas = canvasFor(kind, config);
  const side = canvas.rows;
  const vocabulary = vocabularyNames(kind, side);
  if (vocabulary.length !== config.vocabSize) {
    throw new ReferenceImportError(
      `a ${kind} model on a ${side}x${side} board has ${vocabulary.length} tokens, but the checkpoint has vocab_size ${config.vocabSize}`,
    );
  }

  const warnings = architecture.defaulted.length
    ? [`not in the checkpoint or its config, so the reference defaults were used: ${architecture.defaulted.join(', ')} (pass --config or flags if the run used others)`]
    : [];
  if (architecture.forwardDtype && architecture.forwardDtype !== 'float32') {
    warnings.push(`the run computed in ${architecture.forwardDtype}; this model computes in float32, so its numbers differ from the run's by ${architecture.forwardDtype} rounding`);
  }
  let arc: ArcIdentifierMapping | undefined;
  if (kind === 'arc') {
    arc = options.dataDir && config.puzzleEmbLen > 0 ? readArcIdentifiers(options.dataDir, config.numPuzzleIdentifiers) : undefined;
    if (!arc) {
      warnings.push('an ARC model knows its tasks only through identifiers.json: without --data DIR holding it, every task gets the blank embedding');
    } else {
      if (arc.missing.length) {
        warnings.push(
          `${arc.missing.length} of ${arc.baseNames} tasks of identifiers.json are in no task file found (${arc.missing.slice(0, 5).join(', ')}${arc.missing.length > 5 ? ', …' : ''}); they cannot be served`,
        );
      }
      if (arc.augmented) {
        warnings.push(`${arc.augmented} augmented-task rows are not used: the reference evaluation over augmentations (voting, pass@2) is not implemented here; each task answers with its un-augmented row`);
      }
    }
  }
  const dtypes = [...new Set([...checkpoint.tensors.values()].map((t) => t.dtype))].join(', ');
  const fromWhere = Object.entries(countBy(architecture.sources)).map(([s, n]) => `${n} from ${s}`).join(', ');
  const data = dataset
    ? `reference dataset ${resolve(options.dataDir!)} (${dataset.metadata.total_puzzles ?? '?'} training puzzles, ${dataset.metadata.total_groups} groups)`
    : dataPaths.length
      ? `reference dataset ${dataPaths.join(', ')} (named by all_config.yaml data_paths; not read by the import)`
      : 'unknown: the checkpoint was imported without its config or dataset';

  await mkdir(options.out, { recursive: true });
  const modelPath = join(options.out, `${options.name}.onnx`);
  const card = await saveModel(modelPath, config, weights, {
    name: options.name,
    kind,
    canvas,
    vocabulary,
    data,
    training: {
      description:
        `imported from the reference PyTorch checkpoint ${basename(source)} (official TinyRecursiveModels pretrain.py; ` +
        `${checkpoint.format} format, keys ${prefix || '(no prefix)'}*, ${dtypes} converted to float32); config fields: ${fromWhere}; ` +
        `kind: ${kindReason}` +
        (warnings.length ? `; ${warnings.join('; ')}` : ''),
      ...(options.command ? { command: options.command } : {}),
    },
    ...(arc ? { puzzleIds: arc.puzzleIds } : {}),
  });
  return { modelPath, cardPath: cardPathFor(modelPath), card, architecture, kindReason, keyPrefix: prefix, format: checkpoint.format, warnings, ...(arc ? { arc } : {}) };
}

function convertWeights(tensors: ReadonlyMap<string, TorchTensor>, config: TrmConfig, source: string): TrmWeights {
  const specs = parameterSpecs(config);
  const known = new Set(specs.map((s) => s.name));
  const unexpected = [...tensors.keys()].filter((k) => !known.has(k));
  if (unexpected.length) {
    throw new ReferenceImportError(
      `${source}: weights this TRM does not have: ${unexpected.slice(0, 6).join(', ')}${unexpected.length > 6 ? `, … (${unexpected.length} in all)` : ''} ` +
        `(a checkpoint of another model class, or of a variant of trm.py)`,
    );
  }
  const weights: TrmWeights = new Map();
  for (const spec of specs) {
    const t = tensors.get(spec.name);
    if (!t) throw new ReferenceImportError(`${source}: missing weight ${spec.name} [${spec.shape.join(', ')}]`);
    if (t.shape.length !== spec.shape.length || t.shape.some((d, i) => d !== spec.shape[i])) {
      throw new ReferenceImportError(`${source}: ${spec.name} is [${t.shape.join(', ')}], the architecture needs [${spec.shape.join(', ')}]`);
    }
    if (!['float32', 'bfloat16', 'float16', 'float64'].includes(t.dtype)) {
      throw new ReferenceImportError(`${source}: ${spec.name} is a ${t.dtype} tensor, not floating point`);
    }
    weights.set(spec.name, t.floats());
  }
  const problems = weightProblems(config, weights);
  if (problems.length) throw new ReferenceImportError(`${source}: ${problems.join('; ')}`);
  return weights;
}

const KIND_PATTERNS: [PuzzleKind, RegExp][] = [
  ['sudoku', /sudoku/i],
  ['maze', /maze/i],
  ['arc', /(^|[^a-z])(arc|concept)/i],
];

function kindsNamedBy(text: string): PuzzleKind[] {
  return KIND_PATTERNS.filter(([, re]) => re.test(text)).map(([k]) => k);
}

/** The puzzle kind: --kind, or what the dataset's names say (checked against the vocabulary later); undefined when nothing says. */
export function kindFromNames(
  flag: PuzzleKind | undefined,
  dataDir: string | undefined,
  dataPaths: readonly string[],
): { kind: PuzzleKind; reason: string } | undefined {
  if (flag) return { kind: flag, reason: '--kind' };
  const named: { kind: PuzzleKind; by: string }[] = [];
  const consider = (text: string, by: string): void => {
    const kinds = kindsNamedBy(text);
    if (kinds.length === 1) named.push({ kind: kinds[0]!, by });
  };
  if (dataDir) consider(basename(resolve(dataDir)), `the --data folder name ${basename(resolve(dataDir))}`);
  for (const p of dataPaths) consider(basename(p), `all_config.yaml data_paths ${p}`);
  const kinds = new Set(named.map((n) => n.kind));
  if (kinds.size > 1) {
    throw new ReferenceImportError(`the data names disagree on the puzzle kind (${named.map((n) => `${n.kind} by ${n.by}`).join('; ')}): pass --kind`);
  }
  if (kinds.size === 1) return { kind: named[0]!.kind, reason: named.map((n) => n.by).join(' and ') };
  return undefined;
}

function refuseKind(config: TrmConfig): never {
  const consistent = (['sudoku', 'maze', 'arc'] as PuzzleKind[]).filter((k) => fitsKind(k, config));
  throw new ReferenceImportError(
    `cannot tell the puzzle kind: no dataset name says it (--data, all_config.yaml data_paths)` +
      (consistent.length ? `, and vocab_size ${config.vocabSize} with seq_len ${config.seqLen} fits ${consistent.join(' or ')}` : '') +
      ': pass --kind sudoku|maze|arc',
  );
}

function fitsKind(kind: PuzzleKind, config: TrmConfig): boolean {
  const side = Math.round(Math.sqrt(config.seqLen));
  if (side * side !== config.seqLen) return false;
  return vocabularyNames(kind, side).length === config.vocabSize && (kind !== 'sudoku' || [4, 6, 9].includes(side));
}

function canvasFor(kind: PuzzleKind, config: TrmConfig): Canvas {
  const side = Math.round(Math.sqrt(config.seqLen));
  if (side * side !== config.seqLen) {
    throw new ReferenceImportError(`seq_len ${config.seqLen} is not a square board; the ${kind} models here read square canvases`);
  }
  if (kind === 'sudoku' && ![4, 6, 9].includes(side)) throw new ReferenceImportError(`a sudoku model needs a 4x4, 6x6 or 9x9 board, seq_len ${config.seqLen} is ${side}x${side}`);
  return { rows: side, cols: side };
}

function dataPathsOf(allConfig: unknown): string[] {
  if (typeof allConfig !== 'object' || allConfig === null) return [];
  const o = allConfig as Record<string, unknown>;
  const paths = [o['data_paths'], o['data_paths_test']].flatMap((v) => (Array.isArray(v) ? v : []));
  return paths.filter((p): p is string => typeof p === 'string');
}

function readDatasetFacts(dir: string): { facts: DatasetFacts; metadata: ReferenceMetadata } {
  const splits = ['train', 'test'].map((s) => join(dir, s, 'dataset.json')).filter((p) => existsSync(p));
  if (splits.length === 0) throw new ReferenceImportError(`${dir}: no train/dataset.json or test/dataset.json (not a reference dataset folder)`);
  const metas = splits.map((p) => parseReferenceMetadata(parseJson(p), p));
  const first = metas[0]!;
  for (const m of metas.slice(1)) {
    if (m.seq_len !== first.seq_len || m.vocab_size !== first.vocab_size) throw new ReferenceImportError(`${dir}: the splits disagree on seq_len or vocab_size`);
  }
  return {
    facts: {
      seq_len: first.seq_len,
      vocab_size: first.vocab_size,
      // pretrain.py sizes the embedding by the training split.
      num_puzzle_identifiers: first.num_puzzle_identifiers,
    },
    metadata: first,
  };
}

function readOrFail(path: string, what: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ReferenceImportError(`cannot read ${what} ${path}: ${code === 'ENOENT' ? 'not found' : code === 'EISDIR' ? 'is a directory' : (e as Error).message}`);
  }
}

function readYaml(path: string): unknown {
  const text = new TextDecoder().decode(readOrFail(path, 'config'));
  try {
    return parseYaml(text);
  } catch (e) {
    throw new ReferenceImportError(`${path}: not valid YAML (${(e as Error).message.split('\n')[0]})`);
  }
}

function parseJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch (e) {
    throw new ReferenceImportError(`cannot read ${path}: ${(e as Error).message}`);
  }
}

function countBy(sources: Record<string, string>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of Object.values(sources)) out[s] = (out[s] ?? 0) + 1;
  return out;
}
