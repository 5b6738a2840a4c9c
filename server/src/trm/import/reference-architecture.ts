/**
 * The TrmConfig of a reference checkpoint, from what tells it, in this order: the run's config (the `arch:`
 * section of all_config.yaml, which pretrain.py dumps from its PretrainConfig), the dataset it was trained on
 * (dataset.json: seq_len, vocab_size, num_puzzle_identifiers, which pretrain.py adds to the arch at run
 * time), the tensor shapes, and last the command-line flags and the reference defaults (config/arch/trm.yaml).
 * What the shapes fix is checked against every other source; a field no source gives and that has no
 * reference default (the sequence length of a RoPE attention model: no weight depends on it) is a clear
 * refusal. Every field records where it came from, for the model card.
 */
import { swigluInter, TrmConfigError, trmConfig, type Mixer, type PosEncodings, type TrmConfig } from '../model/config';
import type { TorchTensor } from './torch-checkpoint';

export class ReferenceImportError extends Error {
  override name = 'ReferenceImportError';
}

/** Hydra's `${.key}` (a sibling's value), as config/arch/trm.yaml writes `puzzle_emb_ndim: ${.hidden_size}`. */
function resolveSiblings(arch: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(arch)) {
    const m = typeof v === 'string' ? /^\$\{\.(\w+)\}$/.exec(v) : null;
    out[k] = m ? arch[m[1]!] : v;
  }
  return out;
}

/** The model class of config/arch/trm.yaml; others (hrm, trm_singlez, trm_hier6, transformers_baseline) have other weights. */
export const TRM_ARCH_NAME = 'recursive_reasoning.trm@TinyRecursiveReasoningModel_ACTV1';

/** The reference's defaults (config/arch/trm.yaml and TinyRecursiveReasoningModel_ACTV1Config) for what shapes cannot tell. */
export const REFERENCE_DEFAULTS = {
  H_cycles: 3,
  L_cycles: 6,
  halt_max_steps: 16,
  num_heads: 8,
  pos_encodings: 'rope' as PosEncodings,
  rms_norm_eps: 1e-5,
  rope_theta: 10000,
  puzzle_emb_len: 16,
  expansion: 4,
};

/** Values given on the command line, in the reference's names. */
export interface ArchitectureFlags {
  H_cycles?: number;
  L_cycles?: number;
  halt_max_steps?: number;
  num_heads?: number;
  pos_encodings?: PosEncodings;
  seq_len?: number;
  puzzle_emb_len?: number;
}

/** What dataset.json says (either split). */
export interface DatasetFacts {
  seq_len: number;
  vocab_size: number;
  num_puzzle_identifiers: number;
}

export interface InferredArchitecture {
  config: TrmConfig;
  /** config field -> where its value came from ('all_config.yaml', 'dataset.json', 'tensor shapes', 'flag', 'reference default'). */
  sources: Record<keyof TrmConfig, string>;
  /** Fields taken from the reference defaults: worth a warning, as a wrong one gives wrong answers. */
  defaulted: string[];
  /** The run's forward dtype (bfloat16 in the reference); this runs in float32. */
  forwardDtype?: string;
}

type Arch = Record<string, unknown>;

/** Fields TinyRecursiveReasoningModel_ACTV1Config itself defaults (and a config dump may leave out). */
const CLASS_DEFAULTS = new Set(['rms_norm_eps', 'rope_theta', 'puzzle_emb_len']);

/** `arch:` of all_config.yaml, checked to be the TRM's. */
export function archSection(allConfig: unknown, where: string): Arch {
  if (typeof allConfig !== 'object' || allConfig === null || Array.isArray(allConfig)) {
    throw new ReferenceImportError(`${where} is not a mapping (expected the yaml dump of the run's PretrainConfig)`);
  }
  const top = allConfig as Record<string, unknown>;
  // An arch file itself (config/arch/trm.yaml) instead of a run's dump: its own keys are the arch section.
  const arch = top['arch'] === undefined && (top['name'] === TRM_ARCH_NAME || 'hidden_size' in top) ? resolveSiblings(top) : top['arch'];
  if (typeof arch !== 'object' || arch === null || Array.isArray(arch)) {
    throw new ReferenceImportError(`${where} has no arch: section (expected the yaml dump of the run's PretrainConfig)`);
  }
  const name = (arch as Arch)['name'];
  if (name !== undefined && name !== TRM_ARCH_NAME) {
    throw new ReferenceImportError(`${where}: arch.name is ${JSON.stringify(name)}; only ${TRM_ARCH_NAME} (config/arch/trm.yaml) can be imported`);
  }
  return arch as Arch;
}

export function inferArchitecture(
  weights: ReadonlyMap<string, TorchTensor>,
  arch: Arch | undefined,
  dataset: DatasetFacts | undefined,
  flags: ArchitectureFlags,
  /** The last resort for seq_len: what the puzzle kind implies (a sudoku's vocabulary fixes its board). */
  seqLenHint?: { value: number; source: string },
): InferredArchitecture {
  const fail = (why: string): never => {
    throw new ReferenceImportError(why);
  };
  const shape = (name: string): number[] | undefined => weights.get(name)?.shape;
  const embed = shape('embed_tokens.embedding_weight');
  if (!embed || embed.length !== 2) fail('the checkpoint has no embed_tokens.embedding_weight [vocab, hidden]: not a TRM state_dict');
  if ([...weights.keys()].some((k) => k.startsWith('H_level.'))) {
    fail('the checkpoint has H_level weights: an HRM (hrm.py) or trm_hier6 model, not the TRM of trm.py');
  }
  const [V, D] = embed as [number, number];
  const sources = {} as Record<keyof TrmConfig, string>;
  const defaulted: string[] = [];

  /** One field: the shapes' value (authoritative), checked against the yaml, the dataset and the flags. */
  const pick = <T extends number | string>(
    field: keyof TrmConfig,
    refName: string,
    options: { shapes?: T; dataset?: T; flag?: T; fallback?: T; check?: (v: unknown) => boolean },
  ): T | undefined => {
    const fromYaml = arch?.[refName];
    if (fromYaml !== undefined && options.check && !options.check(fromYaml)) {
      fail(`all_config.yaml: arch.${refName} is ${JSON.stringify(fromYaml)}, not a valid value`);
    }
    const given: [string, T | undefined][] = [
      ['tensor shapes', options.shapes],
      ['dataset.json', options.dataset],
      ['all_config.yaml', fromYaml as T | undefined],
      ['flag', options.flag],
    ];
    let value: T | undefined;
    let from: string | undefined;
    for (const [source, v] of given) {
      if (v === undefined) continue;
      if (value === undefined) {
        value = v;
        from = source;
      } else if (v !== value) {
        fail(`${refName} is ${JSON.stringify(value)} by the ${from} but ${JSON.stringify(v)} by the ${source}`);
      }
    }
    if (value === undefined && options.fallback !== undefined) {
      value = options.fallback;
      // The model class's own defaults (rms_norm_eps, rope_theta) are the run's values when the run's
      // config leaves them out; the rest are only the reference's usual choice.
      if (arch && CLASS_DEFAULTS.has(refName)) {
        from = 'model class default';
      } else {
        from = 'reference default';
        defaulted.push(`${refName}=${String(value)}`);
      }
    }
    if (from) sources[field] = from;
    return value;
  };
  const positiveInt = (v: unknown): boolean => Number.isInteger(v) && (v as number) > 0;
  const nonNegativeInt = (v: unknown): boolean => Number.isInteger(v) && (v as number) >= 0;

  const layerIds = new Set<number>();
  for (const k of weights.keys()) {
    const m = /^L_level\.layers\.(\d+)\./.exec(k);
    if (m) layerIds.add(Number(m[1]));
  }
  const lLayers = layerIds.size;
  if (lLayers === 0) fail('the checkpoint has no L_level.layers.*: not a TRM state_dict');
  const mixer: Mixer = shape('L_level.layers.0.mlp_t.gate_up_proj.weight') ? 'mlp_t' : 'attention';
  const yamlMlpT = arch?.['mlp_t'];
  if (yamlMlpT !== undefined && yamlMlpT !== (mixer === 'mlp_t')) {
    fail(`all_config.yaml says mlp_t: ${String(yamlMlpT)} but the checkpoint's layers ${mixer === 'mlp_t' ? 'have' : 'have no'} mlp_t weights`);
  }
  const puzzleEmb = shape('puzzle_emb.weights');
  const embedPos = shape('embed_pos.embedding_weight');
  const mlpGateUp = shape('L_level.layers.0.mlp.gate_up_proj.weight');
  const mlpTGateUp = shape('L_level.layers.0.mlp_t.gate_up_proj.weight');
  // L = S + P is fixed by mlp_t ([2 I_t, L]) or learned positions ([L, D]).
  const totalLen = mlpTGateUp?.[1] ?? embedPos?.[0];

  const hiddenSize = pick('hiddenSize', 'hidden_size', { shapes: D, check: positiveInt })!;
  const vocabSize = pick('vocabSize', 'vocab_size', { shapes: V, dataset: dataset?.vocab_size })!;
  const layers = pick('lLayers', 'L_layers', { shapes: lLayers, check: positiveInt })!;
  const ndim = pick('puzzleEmbNdim', 'puzzle_emb_ndim', { shapes: puzzleEmb?.[1] ?? 0, check: nonNegativeInt })!;
  const numIds = puzzleEmb?.[0] ?? 0;
  sources.numPuzzleIdentifiers = 'tensor shapes';
  if (dataset && ndim > 0 && dataset.num_puzzle_identifiers !== numIds) {
    fail(`the checkpoint has ${numIds} puzzle embeddings but dataset.json has num_puzzle_identifiers ${dataset.num_puzzle_identifiers}`);
  }

  // P: the reference's rule (puzzle_emb_len, or ceil(ndim / D) when it is 0); no embedding means P = 0.
  let puzzleEmbLen = 0;
  if (ndim > 0) {
    const yamlP = arch?.['puzzle_emb_len'];
    if (yamlP !== undefined && !nonNegativeInt(yamlP)) fail(`all_config.yaml: arch.puzzle_emb_len is ${JSON.stringify(yamlP)}`);
    const rule = (p: number): number => (p === 0 ? Math.ceil(ndim / D) : p);
    const knownSeq = flags.seq_len ?? dataset?.seq_len;
    const fromShapes = totalLen !== undefined && knownSeq !== undefined ? totalLen - knownSeq : undefined;
    const candidates: [string, number | undefined][] = [
      ['tensor shapes and sequence length', fromShapes],
      ['all_config.yaml', yamlP === undefined ? undefined : rule(yamlP as number)],
      ['flag', flags.puzzle_emb_len === undefined ? undefined : rule(flags.puzzle_emb_len)],
    ];
    let from: string | undefined;
    let p: number | undefined;
    for (const [source, v] of candidates) {
      if (v === undefined) continue;
      if (p === undefined) [p, from] = [v, source];
      else if (p !== v) fail(`puzzle_emb_len is ${p} by the ${from} but ${v} by the ${source}`);
    }
    if (p === undefined) {
      p = REFERENCE_DEFAULTS.puzzle_emb_len;
      from = arch ? 'model class default' : 'reference default';
      if (!arch) defaulted.push(`puzzle_emb_len=${p}`);
    }
    if (p * D < ndim) fail(`puzzle_emb_len ${p} x hidden_size ${D} cannot hold the ${ndim}-wide puzzle embedding`);
    puzzleEmbLen = p;
    sources.puzzleEmbLen = from!;
  } else {
    sources.puzzleEmbLen = 'tensor shapes';
  }

  const seqFromShapes = totalLen !== undefined ? totalLen - puzzleEmbLen : undefined;
  let seqLen = pick('seqLen', 'seq_len', { shapes: seqFromShapes, dataset: dataset?.seq_len, flag: flags.seq_len });
  if (seqLen === undefined && seqLenHint) {
    seqLen = seqLenHint.value;
    sources.seqLen = seqLenHint.source;
  }
  if (seqLen === undefined || seqLen < 1) {
    return fail(
      'the sequence length is not in the checkpoint (a RoPE attention model has no weight that depends on it): ' +
        'pass --data DIR (the reference dataset it was trained on, with train/dataset.json) or --seq-len N',
    );
  }
  const L = seqLen + puzzleEmbLen;

  let posEncodings: PosEncodings;
  if (embedPos) {
    posEncodings = pick('posEncodings', 'pos_encodings', { shapes: 'learned' as PosEncodings, flag: flags.pos_encodings })!;
    if (embedPos[0] !== L) fail(`embed_pos has ${embedPos[0]} positions, but seq_len ${seqLen} + puzzle_emb_len ${puzzleEmbLen} = ${L}`);
  } else {
    const yamlPos = arch?.['pos_encodings'];
    if (yamlPos === 'learned') fail('all_config.yaml says pos_encodings: learned but the checkpoint has no embed_pos weights');
    posEncodings = pick('posEncodings', 'pos_encodings', {
      flag: flags.pos_encodings,
      // mlp_t reads no positions, so RoPE or none makes no difference there.
      fallback: REFERENCE_DEFAULTS.pos_encodings,
      check: (v) => v === 'rope' || v === 'none' || v === 'learned',
    })! as PosEncodings;
    if (posEncodings === 'learned') fail('pos_encodings learned, but the checkpoint has no embed_pos weights');
  }

  // expansion is seen only through the SwiGLU widths; the reference's 4 when it fits, else the smallest that does.
  const inter = mlpGateUp ? mlpGateUp[0]! / 2 : fail('the checkpoint has no L_level.layers.0.mlp.gate_up_proj.weight');
  const fits = (e: number): boolean =>
    swigluInter(D, e) === inter && (mlpTGateUp === undefined || swigluInter(L, e) === mlpTGateUp[0]! / 2);
  const yamlExpansion = arch?.['expansion'];
  let expansion: number;
  if (yamlExpansion !== undefined) {
    if (typeof yamlExpansion !== 'number' || !fits(yamlExpansion)) {
      fail(`all_config.yaml: expansion ${JSON.stringify(yamlExpansion)} does not give the checkpoint's SwiGLU width ${inter}`);
    }
    expansion = yamlExpansion as number;
    sources.expansion = 'all_config.yaml';
  } else {
    const found = fits(REFERENCE_DEFAULTS.expansion)
      ? REFERENCE_DEFAULTS.expansion
      : Array.from({ length: 4096 }, (_, i) => (i + 1) / 64).find(fits);
    if (found === undefined) fail(`no expansion gives the checkpoint's SwiGLU width ${inter} for hidden size ${D}`);
    expansion = found!;
    sources.expansion = 'tensor shapes';
  }

  function numHeads(): number {
    // mlp_t has no attention, so any count that divides D is the same model.
    const fallback = D % REFERENCE_DEFAULTS.num_heads === 0 ? REFERENCE_DEFAULTS.num_heads : mixer === 'mlp_t' ? 1 : undefined;
    const n = pick('numHeads', 'num_heads', { flag: flags.num_heads, ...(fallback ? { fallback } : {}), check: positiveInt });
    if (n === undefined) return fail(`the number of attention heads is not in the checkpoint and hidden size ${D} is not divisible by the reference's 8: pass --num-heads N`);
    return n;
  }
  const config: TrmConfig = {
    seqLen,
    vocabSize,
    hiddenSize,
    numHeads: numHeads(),
    expansion,
    lLayers: layers,
    hCycles: pick('hCycles', 'H_cycles', { flag: flags.H_cycles, fallback: REFERENCE_DEFAULTS.H_cycles, check: positiveInt })!,
    lCycles: pick('lCycles', 'L_cycles', { flag: flags.L_cycles, fallback: REFERENCE_DEFAULTS.L_cycles, check: positiveInt })!,
    mixer,
    posEncodings,
    puzzleEmbLen,
    puzzleEmbNdim: ndim,
    numPuzzleIdentifiers: numIds,
    rmsNormEps: pick('rmsNormEps', 'rms_norm_eps', { fallback: REFERENCE_DEFAULTS.rms_norm_eps, check: (v) => typeof v === 'number' && v > 0 })!,
    ropeTheta: pick('ropeTheta', 'rope_theta', { fallback: REFERENCE_DEFAULTS.rope_theta, check: (v) => typeof v === 'number' && v > 0 })!,
    haltMaxSteps: pick('haltMaxSteps', 'halt_max_steps', {
      flag: flags.halt_max_steps,
      fallback: REFERENCE_DEFAULTS.halt_max_steps,
      check: positiveInt,
    })!,
  };
  sources.mixer = 'tensor shapes';
  // Defaults that cannot matter are not worth a warning: rope/none for mlp_t, heads without attention.
  const silent = mixer === 'mlp_t' ? ['pos_encodings', 'num_heads', 'rope_theta'] : posEncodings === 'rope' ? [] : ['rope_theta'];
  const warned = defaulted.filter((d) => !silent.some((s) => d.startsWith(`${s}=`)));
  let checked: TrmConfig;
  try {
    checked = trmConfig(config);
  } catch (e) {
    if (e instanceof TrmConfigError) fail(`the checkpoint's architecture is not one this TRM supports: ${e.message}`);
    throw e;
  }
  const dtype = arch?.['forward_dtype'];
  return { config: checked, sources, defaulted: warned, ...(typeof dtype === 'string' ? { forwardDtype: dtype } : {}) };
}
