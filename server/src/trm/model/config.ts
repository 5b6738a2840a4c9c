/**
 * The TRM hyper-parameters (the reference's TinyRecursiveReasoningModel_ACTV1Config, camel-cased), their
 * validation, and the sizes derived from them. A config travels inside every model file as JSON, so
 * `parseTrmConfig` accepts unknown input and says exactly which field is wrong.
 */

export type Mixer = 'attention' | 'mlp_t';
export type PosEncodings = 'rope' | 'learned' | 'none';

export interface TrmConfig {
  /** S: puzzle tokens per sequence (81 for 9x9 sudoku, 900 for a 30x30 canvas). */
  seqLen: number;
  vocabSize: number;
  /** D. */
  hiddenSize: number;
  numHeads: number;
  /** SwiGLU width factor; inner width = round_up(round(expansion * hidden * 2/3), 256). */
  expansion: number;
  /** Blocks in the one shared network (2 in the paper). */
  lLayers: number;
  /** T: recursion cycles per supervision step (reference H_cycles). */
  hCycles: number;
  /** n: z updates per cycle (reference L_cycles). */
  lCycles: number;
  /** 'mlp_t' is the reference's mlp_t = True: an MLP across the sequence instead of attention. */
  mixer: Mixer;
  posEncodings: PosEncodings;
  /** P: prefix positions holding the puzzle embedding; 0 = no puzzle embedding. Explicit (no ceil-div default). */
  puzzleEmbLen: number;
  /** Width of one puzzle embedding, zero-padded to P * D; 0 exactly when P = 0. */
  puzzleEmbNdim: number;
  numPuzzleIdentifiers: number;
  rmsNormEps: number;
  ropeTheta: number;
  /** N_sup: supervision steps at most. */
  haltMaxSteps: number;
}

export class TrmConfigError extends Error {
  override name = 'TrmConfigError';
}

/** Sizes that follow from a config; every shape in the model is built from these. */
export interface TrmDims {
  /** L = S + P: length of the carried states. */
  totalLen: number;
  headDim: number;
  /** SwiGLU inner width of the channel MLP (hidden size D). */
  mlpInter: number;
  /** SwiGLU inner width of mlp_t (hidden size L). */
  mlpTInter: number;
}

export function trmDims(config: TrmConfig): TrmDims {
  const totalLen = config.seqLen + config.puzzleEmbLen;
  return {
    totalLen,
    headDim: config.hiddenSize / config.numHeads,
    mlpInter: swigluInter(config.hiddenSize, config.expansion),
    mlpTInter: swigluInter(totalLen, config.expansion),
  };
}

/** The reference's `_find_multiple(round(expansion * hidden_size * 2 / 3), 256)`, Python rounding included. */
export function swigluInter(hidden: number, expansion: number): number {
  return Math.ceil(roundHalfEven((expansion * hidden * 2) / 3) / 256) * 256;
}

function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

const INTEGER_FIELDS = [
  'seqLen',
  'vocabSize',
  'hiddenSize',
  'numHeads',
  'lLayers',
  'hCycles',
  'lCycles',
  'puzzleEmbLen',
  'puzzleEmbNdim',
  'numPuzzleIdentifiers',
  'haltMaxSteps',
] as const satisfies ReadonlyArray<keyof TrmConfig>;
const MIXERS: readonly Mixer[] = ['attention', 'mlp_t'];
const POS_ENCODINGS: readonly PosEncodings[] = ['rope', 'learned', 'none'];

/** Every problem with a config, as sentences; empty when it is valid. */
export function configProblems(config: TrmConfig): string[] {
  const p: string[] = [];
  for (const f of INTEGER_FIELDS) {
    const v = config[f];
    const min = f === 'puzzleEmbLen' || f === 'puzzleEmbNdim' || f === 'numPuzzleIdentifiers' ? 0 : 1;
    if (!Number.isInteger(v) || v < min) p.push(`${f} must be an integer >= ${min}, got ${JSON.stringify(v)}`);
  }
  if (!(Number.isFinite(config.expansion) && config.expansion > 0)) p.push(`expansion must be > 0, got ${config.expansion}`);
  if (!(config.rmsNormEps > 0)) p.push(`rmsNormEps must be > 0, got ${config.rmsNormEps}`);
  if (!(config.ropeTheta > 0)) p.push(`ropeTheta must be > 0, got ${config.ropeTheta}`);
  if (!MIXERS.includes(config.mixer)) p.push(`mixer must be one of ${MIXERS.join(', ')}, got ${JSON.stringify(config.mixer)}`);
  if (!POS_ENCODINGS.includes(config.posEncodings)) {
    p.push(`posEncodings must be one of ${POS_ENCODINGS.join(', ')}, got ${JSON.stringify(config.posEncodings)}`);
  }
  if (config.hiddenSize % config.numHeads !== 0) {
    p.push(`hiddenSize ${config.hiddenSize} is not divisible by numHeads ${config.numHeads}`);
  } else if (config.posEncodings === 'rope' && config.mixer === 'attention' && (config.hiddenSize / config.numHeads) % 2 !== 0) {
    p.push(`RoPE needs an even head dim, got ${config.hiddenSize / config.numHeads}`);
  }
  const P = config.puzzleEmbLen;
  if ((P === 0) !== (config.puzzleEmbNdim === 0)) {
    p.push(`puzzleEmbLen (${P}) and puzzleEmbNdim (${config.puzzleEmbNdim}) must both be 0 or both be > 0`);
  } else if (config.puzzleEmbNdim > P * config.hiddenSize) {
    p.push(`puzzleEmbNdim ${config.puzzleEmbNdim} does not fit in puzzleEmbLen * hiddenSize = ${P * config.hiddenSize}`);
  }
  if (P > 0 && config.numPuzzleIdentifiers < 1) p.push('a puzzle embedding needs numPuzzleIdentifiers >= 1');
  return p;
}

export function assertValidConfig(config: TrmConfig): void {
  const problems = configProblems(config);
  if (problems.length) throw new TrmConfigError(`invalid TRM config: ${problems.join('; ')}`);
}

/** Reads a config from untrusted JSON (a model file's metadata): every field present, typed and valid. */
export function parseTrmConfig(json: unknown): TrmConfig {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new TrmConfigError('invalid TRM config: not a JSON object');
  }
  const o = json as Record<string, unknown>;
  const missing: string[] = [];
  const num = (k: keyof TrmConfig): number => {
    const v = o[k];
    if (typeof v !== 'number') missing.push(`${k} (a number)`);
    return typeof v === 'number' ? v : NaN;
  };
  const str = <T extends string>(k: keyof TrmConfig): T => {
    const v = o[k];
    if (typeof v !== 'string') missing.push(`${k} (a string)`);
    return (typeof v === 'string' ? v : '') as T;
  };
  const config: TrmConfig = {
    seqLen: num('seqLen'),
    vocabSize: num('vocabSize'),
    hiddenSize: num('hiddenSize'),
    numHeads: num('numHeads'),
    expansion: num('expansion'),
    lLayers: num('lLayers'),
    hCycles: num('hCycles'),
    lCycles: num('lCycles'),
    mixer: str<Mixer>('mixer'),
    posEncodings: str<PosEncodings>('posEncodings'),
    puzzleEmbLen: num('puzzleEmbLen'),
    puzzleEmbNdim: num('puzzleEmbNdim'),
    numPuzzleIdentifiers: num('numPuzzleIdentifiers'),
    rmsNormEps: num('rmsNormEps'),
    ropeTheta: num('ropeTheta'),
    haltMaxSteps: num('haltMaxSteps'),
  };
  if (missing.length) throw new TrmConfigError(`invalid TRM config: missing or mistyped ${missing.join(', ')}`);
  assertValidConfig(config);
  return config;
}

/**
 * A config with the reference defaults (config/arch/trm.yaml: D 512, 8 heads, expansion 4, 2 layers, T 3,
 * n 6, RoPE attention, N_sup 16) except that the puzzle embedding is off (P = 0) unless asked for.
 */
export function trmConfig(fields: Pick<TrmConfig, 'seqLen' | 'vocabSize'> & Partial<TrmConfig>): TrmConfig {
  const config: TrmConfig = {
    hiddenSize: 512,
    numHeads: 8,
    expansion: 4,
    lLayers: 2,
    hCycles: 3,
    lCycles: 6,
    mixer: 'attention',
    posEncodings: 'rope',
    puzzleEmbLen: 0,
    puzzleEmbNdim: 0,
    numPuzzleIdentifiers: 0,
    rmsNormEps: 1e-5,
    ropeTheta: 10000,
    haltMaxSteps: 16,
    ...fields,
  };
  assertValidConfig(config);
  return config;
}
