/**
 * Every weight of the TRM in one table: name, shape, initialisation, whether training updates it. Names are
 * the reference checkpoint's state_dict keys without their prefix, so importing a reference checkpoint is
 * a renaming:
 *
 *   reference key (pretrain.py checkpoint of the torch.compile'd ACTLossHead)      here
 *   _orig_mod.model.inner.embed_tokens.embedding_weight        [V, D]             embed_tokens.embedding_weight
 *   _orig_mod.model.inner.lm_head.weight                       [V, D]             lm_head.weight
 *   _orig_mod.model.inner.q_head.weight / .bias                [2, D] / [2]       q_head.weight / q_head.bias
 *   _orig_mod.model.inner.puzzle_emb.weights                   [N, Pd]            puzzle_emb.weights
 *   _orig_mod.model.inner.embed_pos.embedding_weight           [S+P, D]           embed_pos.embedding_weight
 *   _orig_mod.model.inner.L_level.layers.{i}.self_attn.qkv_proj.weight  [3D, D]   (same, without the prefix)
 *   _orig_mod.model.inner.L_level.layers.{i}.self_attn.o_proj.weight    [D, D]
 *   _orig_mod.model.inner.L_level.layers.{i}.mlp_t.gate_up_proj.weight  [2I_L, L]
 *   _orig_mod.model.inner.L_level.layers.{i}.mlp_t.down_proj.weight     [L, I_L]
 *   _orig_mod.model.inner.L_level.layers.{i}.mlp.gate_up_proj.weight    [2I, D]
 *   _orig_mod.model.inner.L_level.layers.{i}.mlp.down_proj.weight       [D, I]
 *   _orig_mod.model.inner.H_init / L_init                      [D]                H_init / L_init
 *
 * (Checkpoints of an uncompiled model lack `_orig_mod.`.) In the reference H_init, L_init are bf16 buffers
 * (forward_dtype) and never trained; puzzle_emb.weights is a float32 buffer trained by sparse SignSGD. The
 * rotary cos/sin caches and puzzle_emb.local_* are not persistent, so they are not in a checkpoint.
 */
import { Graph, Value } from '../graph';
import { TrmConfig, trmDims } from './config';

/** Weights by parameter name, each in the row-major layout of its shape (Linear weights are [out, in]). */
export type TrmWeights = Map<string, Float32Array>;

export type InitRule =
  /** The reference's trunc_normal_init_: truncated at 2 std, std-corrected (jax/flax semantics). */
  | { kind: 'truncNormal'; std: number }
  | { kind: 'constant'; value: number };

export interface ParameterSpec {
  name: string;
  shape: number[];
  init: InitRule;
  /** False for the reference's buffers that no optimiser touches (H_init, L_init). */
  trainable: boolean;
}

export const REFERENCE_PREFIX = '_orig_mod.model.inner.';

export function referenceName(name: string): string {
  return REFERENCE_PREFIX + name;
}

/** The parameters of a config, in the reference's state_dict order. */
export function parameterSpecs(config: TrmConfig): ParameterSpec[] {
  const { hiddenSize: D, vocabSize: V } = config;
  const { totalLen: L, mlpInter, mlpTInter } = trmDims(config);
  const lecun = (fanIn: number): InitRule => ({ kind: 'truncNormal', std: 1 / Math.sqrt(fanIn) });
  const embedding: InitRule = { kind: 'truncNormal', std: 1 / Math.sqrt(D) };
  const specs: ParameterSpec[] = [
    { name: 'embed_tokens.embedding_weight', shape: [V, D], init: embedding, trainable: true },
    { name: 'lm_head.weight', shape: [V, D], init: lecun(D), trainable: true },
    // Zero weight and bias -5: q_halt starts near "never halt" (reference: faster bootstrapping).
    { name: 'q_head.weight', shape: [2, D], init: { kind: 'constant', value: 0 }, trainable: true },
    { name: 'q_head.bias', shape: [2], init: { kind: 'constant', value: -5 }, trainable: true },
  ];
  if (config.puzzleEmbLen > 0) {
    const shape = [config.numPuzzleIdentifiers, config.puzzleEmbNdim];
    specs.push({ name: 'puzzle_emb.weights', shape, init: { kind: 'constant', value: 0 }, trainable: true });
  }
  if (config.posEncodings === 'learned') {
    specs.push({ name: 'embed_pos.embedding_weight', shape: [L, D], init: embedding, trainable: true });
  }
  for (let i = 0; i < config.lLayers; i++) {
    const layer = `L_level.layers.${i}`;
    if (config.mixer === 'mlp_t') {
      specs.push(
        { name: `${layer}.mlp_t.gate_up_proj.weight`, shape: [2 * mlpTInter, L], init: lecun(L), trainable: true },
        { name: `${layer}.mlp_t.down_proj.weight`, shape: [L, mlpTInter], init: lecun(mlpTInter), trainable: true },
      );
    } else {
      specs.push(
        { name: `${layer}.self_attn.qkv_proj.weight`, shape: [3 * D, D], init: lecun(D), trainable: true },
        { name: `${layer}.self_attn.o_proj.weight`, shape: [D, D], init: lecun(D), trainable: true },
      );
    }
    specs.push(
      { name: `${layer}.mlp.gate_up_proj.weight`, shape: [2 * mlpInter, D], init: lecun(D), trainable: true },
      { name: `${layer}.mlp.down_proj.weight`, shape: [D, mlpInter], init: lecun(mlpInter), trainable: true },
    );
  }
  specs.push(
    { name: 'H_init', shape: [D], init: { kind: 'truncNormal', std: 1 }, trainable: false },
    { name: 'L_init', shape: [D], init: { kind: 'truncNormal', std: 1 }, trainable: false },
  );
  return specs;
}

export function parameterShapes(config: TrmConfig): Map<string, number[]> {
  return new Map(parameterSpecs(config).map((s) => [s.name, s.shape]));
}

export function parameterCount(config: TrmConfig): number {
  return parameterSpecs(config).reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1), 0);
}

/** Every way `weights` fails to match `config` (missing, misshaped, unexpected, non-finite), as sentences. */
export function weightProblems(config: TrmConfig, weights: ReadonlyMap<string, Float32Array>): string[] {
  const problems: string[] = [];
  const specs = parameterSpecs(config);
  for (const { name, shape } of specs) {
    const w = weights.get(name);
    const size = shape.reduce((a, b) => a * b, 1);
    if (!w) problems.push(`missing weight ${name} [${shape.join(', ')}]`);
    else if (w.length !== size) problems.push(`weight ${name} has ${w.length} values, expected [${shape.join(', ')}] = ${size}`);
    else if (!w.every(Number.isFinite)) problems.push(`weight ${name} holds NaN or infinite values`);
  }
  const known = new Set(specs.map((s) => s.name));
  for (const name of weights.keys()) if (!known.has(name)) problems.push(`unexpected weight ${name}`);
  return problems;
}

/**
 * Where the architecture gets its weights. The same architecture code builds the served graph (weights as
 * initializers) and training graphs (weights as graph inputs, so one session can be fed updated weights).
 * Each name yields one Value however often it is asked for.
 */
export type ParameterSource = (name: string) => Value;

export function initializerParameters(g: Graph, config: TrmConfig, weights: ReadonlyMap<string, Float32Array>): ParameterSource {
  const problems = weightProblems(config, weights);
  if (problems.length) throw new Error(`weights do not match the config: ${problems.join('; ')}`);
  return memoized(g, config, (name, shape) => g.parameter(name, shape, weights.get(name)));
}

export function inputParameters(g: Graph, config: TrmConfig): ParameterSource {
  return memoized(g, config, (name, shape) => g.parameter(name, shape, undefined));
}

function memoized(g: Graph, config: TrmConfig, create: (name: string, shape: number[]) => Value): ParameterSource {
  const shapes = parameterShapes(config);
  const made = new Map<string, Value>();
  return (name) => {
    let v = made.get(name);
    if (!v) {
      const shape = shapes.get(name);
      if (!shape) throw new Error(`no parameter named ${name} in this config`);
      // Parameter names are exact (never scoped), so the graph's weights keep their checkpoint names.
      v = create(name, shape);
      made.set(name, v);
    }
    if (v.graph !== g) throw new Error(`parameter ${name} belongs to another graph`);
    return v;
  };
}
