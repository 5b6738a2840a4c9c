/**
 * The Tiny Recursion Model (Jolicoeur-Martineau 2025, "Less is More: Recursive Reasoning with Tiny
 * Networks", arXiv 2510.04871), written once against the graph builder. Inference and training graphs are
 * both built from this file, so what is trained is what is served. It follows the reference implementation
 * (SamsungSAILMontreal/TinyRecursiveModels: models/layers.py, models/recursive_reasoning/trm.py) module by
 * module, top to bottom: Linear, SwiGLU, RoPE, Attention, Block, ReasoningModule (the one shared `net`),
 * the input embedding, and the supervision step with its T recursion cycles and the two heads.
 *
 * Layout: activations are [batch, L, D] with L = S + P (the P puzzle-embedding positions come first).
 * Weights keep the reference layout (Linear [out, in], applied as x @ W^T). Where an equivalent
 * formulation needs fewer ONNX nodes per recursion step, the comment says what it is equivalent to.
 */
import type { TrmConfig } from './config';
import { trmDims } from './config';
import * as op from '../graph/ops';
import type { Graph, Value } from '../graph/graph';
import type { ParameterSource } from './parameters';

const { add, mul, div, matmul, transpose, reshape, slice, sigmoid, sqrt, pow, reduceMean } = op;

/** The reference's post-norm rms_norm (no learned scale): x / sqrt(mean(x^2) + eps) over `axis`. */
function rmsNorm(x: Value, eps: number, axis = -1): Value {
  const normed = div(x, sqrt(add(reduceMean(pow(x, 2), axis, true), eps)));
  if (axis !== -1 && axis !== x.rank - 1) return normed;
  // Times a constant 1 scale: with it the pattern Pow-ReduceMean-Add-Sqrt-Div-Mul is what ORT fuses into
  // one SimplifiedLayerNormalization kernel (without it, it fuses nothing); the value is unchanged.
  const dim = x.shape[x.rank - 1] as number;
  return mul(normed, x.graph.filled(1, [dim]));
}

function silu(x: Value): Value {
  return mul(x, sigmoid(x));
}

/** x @ W^T. W^T is built once, so every recursion step shares it (and ORT folds it once for initializers). */
class Linear {
  readonly weightT: Value;

  constructor(weight: Value) {
    this.weightT = transpose(weight);
  }

  forward(x: Value): Value {
    return matmul(x, this.weightT);
  }
}

/**
 * SwiGLU MLP: down_proj(silu(gate) * up) with [gate; up] = gate_up_proj. The fused gate_up weight is split
 * once into its gate and up halves (rows), which equals chunking the activations in two.
 */
class SwiGLU {
  private readonly gate: Linear;
  private readonly up: Linear;
  private readonly down: Linear;

  constructor(params: ParameterSource, prefix: string, inter: number) {
    const gateUp = params(`${prefix}.gate_up_proj.weight`);
    this.gate = new Linear(slice(gateUp, 0, 0, inter));
    this.up = new Linear(slice(gateUp, 0, inter, 2 * inter));
    this.down = new Linear(params(`${prefix}.down_proj.weight`));
  }

  forward(x: Value): Value {
    return this.down.forward(mul(silu(this.gate.forward(x)), this.up.forward(x)));
  }
}

/**
 * Rotary position embedding tables in the reference's rotate_half convention: cos/sin of
 * cat(freqs, freqs) with freqs[l, j] = l / theta^(2j / head_dim), for the L positions.
 */
function ropeTables(totalLen: number, headDim: number, theta: number): { cos: Float64Array; sin: Float64Array } {
  const half = headDim / 2;
  const cos = new Float64Array(totalLen * headDim);
  const sin = new Float64Array(totalLen * headDim);
  for (let l = 0; l < totalLen; l++) {
    for (let j = 0; j < half; j++) {
      const angle = l / Math.pow(theta, (2 * j) / headDim);
      for (const k of [j, j + half]) {
        cos[l * headDim + k] = Math.cos(angle);
        sin[l * headDim + k] = Math.sin(angle);
      }
    }
  }
  return { cos, sin };
}

/**
 * Non-causal multi-head self-attention with RoPE on q and k.
 *
 * Equivalences that keep the per-step graph small:
 * - q and k come from the first 2D rows of qkv_proj.weight in one product, v from the last D rows (the
 *   same as projecting all three and splitting);
 * - the 1/sqrt(head_dim) of scaled_dot_product_attention scales the q rows of the weight, once;
 * - rotate_half(t) = cat(-t[half:], t[:half]) on each head is t @ R for a constant signed permutation
 *   R [hd, hd], applied to all 2 * numHeads q and k heads in one small product.
 */
class Attention {
  private readonly qk: Linear;
  private readonly v: Linear;
  private readonly o: Linear;
  private readonly rope: { cos: Value; sin: Value; rotateHalf: Value } | undefined;

  constructor(
    g: Graph,
    params: ParameterSource,
    prefix: string,
    private readonly config: TrmConfig,
  ) {
    const D = config.hiddenSize;
    const { totalLen: L, headDim } = trmDims(config);
    const qkv = params(`${prefix}.qkv_proj.weight`);
    const qScale = Float32Array.from({ length: 2 * D }, (_, r) => (r < D ? 1 / Math.sqrt(headDim) : 1));
    this.qk = new Linear(mul(slice(qkv, 0, 0, 2 * D), op.constantF32(g, qScale, [2 * D, 1], 'q_scale')));
    this.v = new Linear(slice(qkv, 0, 2 * D, 3 * D));
    this.o = new Linear(params(`${prefix}.o_proj.weight`));
    if (config.posEncodings === 'rope') {
      const { cos, sin } = ropeTables(L, headDim, config.ropeTheta);
      // [L, 2H, hd]: repeated for every head, so the products with [B, L, 2H, hd] broadcast over B only
      // (ORT's broadcasting over an inner dim of 1 is several times slower).
      const H2 = 2 * config.numHeads;
      const tile = (t: Float64Array): Float32Array =>
        Float32Array.from({ length: L * H2 * headDim }, (_, i) => t[Math.floor(i / (H2 * headDim)) * headDim + (i % headDim)] as number);
      this.rope = {
        cos: op.constantF32(g, tile(cos), [L, H2, headDim], 'rope_cos'),
        sin: op.constantF32(g, tile(sin), [L, H2, headDim], 'rope_sin'),
        rotateHalf: op.constantF32(g, rotateHalfMatrix(headDim), [headDim, headDim], 'rotate_half'),
      };
    }
  }

  forward(h: Value): Value {
    const { numHeads: H, hiddenSize: D } = this.config;
    const { headDim } = trmDims(this.config);
    let qk = reshape(this.qk.forward(h), [0, 0, 2 * H, headDim]);
    if (this.rope) qk = add(mul(qk, this.rope.cos), mul(matmul(qk, this.rope.rotateHalf), this.rope.sin));
    // [B, L, 2H, hd] -> [B, 2H, L, hd]: heads become a batch dim; q and k are its two halves.
    const heads = transpose(qk, [0, 2, 1, 3]);
    const q = slice(heads, 1, 0, H);
    const k = slice(heads, 1, H, 2 * H);
    const v = transpose(reshape(this.v.forward(h), [0, 0, H, headDim]), [0, 2, 1, 3]);
    const attention = op.softmax(matmul(q, transpose(k, [0, 1, 3, 2])), -1);
    const out = reshape(transpose(matmul(attention, v), [0, 2, 1, 3]), [0, 0, D]);
    return this.o.forward(out);
  }
}

/** R with t @ R = rotate_half(t) = cat(-t[half:], t[:half]) for t of size hd. */
function rotateHalfMatrix(headDim: number): Float32Array {
  const half = headDim / 2;
  const R = new Float32Array(headDim * headDim);
  for (let j = 0; j < half; j++) {
    R[(j + half) * headDim + j] = -1;
    R[j * headDim + j + half] = 1;
  }
  return R;
}

/**
 * mlp_t: SwiGLU across the sequence (hidden size L), one per channel. The reference transposes h to
 * [B, D, L], applies SwiGLU(L) and transposes back; multiplying by the weights from the left (W @ h over
 * [B, L, D]) gives the same products without moving any activations.
 */
class SequenceSwiGLU {
  private readonly gate: Value;
  private readonly up: Value;
  private readonly down: Value;

  constructor(params: ParameterSource, prefix: string, inter: number) {
    const gateUp = params(`${prefix}.gate_up_proj.weight`);
    this.gate = slice(gateUp, 0, 0, inter);
    this.up = slice(gateUp, 0, inter, 2 * inter);
    this.down = params(`${prefix}.down_proj.weight`);
  }

  /** [I_L, L] @ [B, L, D] -> [B, I_L, D], then back to [B, L, D]. */
  forward(h: Value): Value {
    return matmul(this.down, mul(silu(matmul(this.gate, h)), matmul(this.up, h)));
  }
}

/**
 * The post-norm block of the reference:
 *   attention:  h = rms_norm(h + Attn(h))
 *   mlp_t:      h = rms_norm(h + SwiGLU_t(h)), mixing along the sequence and normalised over it too
 *   then        h = rms_norm(h + SwiGLU(h))
 */
class Block {
  private readonly selfAttn: Attention | undefined;
  private readonly mlpT: SequenceSwiGLU | undefined;
  private readonly mlp: SwiGLU;

  constructor(
    g: Graph,
    params: ParameterSource,
    readonly prefix: string,
    private readonly config: TrmConfig,
  ) {
    const { mlpInter, mlpTInter } = trmDims(config);
    if (config.mixer === 'mlp_t') {
      this.mlpT = g.scope('mlp_t', () => new SequenceSwiGLU(params, `${prefix}.mlp_t`, mlpTInter));
    } else {
      this.selfAttn = g.scope('self_attn', () => new Attention(g, params, `${prefix}.self_attn`, config));
    }
    this.mlp = g.scope('mlp', () => new SwiGLU(params, `${prefix}.mlp`, mlpInter));
  }

  forward(h: Value): Value {
    const g = h.graph;
    const eps = this.config.rmsNormEps;
    const { mlpT, selfAttn } = this;
    if (mlpT) h = g.scope('mlp_t', () => rmsNorm(add(h, mlpT.forward(h)), eps, -2));
    if (selfAttn) h = g.scope('self_attn', () => rmsNorm(add(h, selfAttn.forward(h)), eps));
    return g.scope('mlp', () => rmsNorm(add(h, this.mlp.forward(h)), eps));
  }
}

/** The one network shared by every update, `net(h, injection) = blocks(h + injection)` (reference L_level). */
class ReasoningModule {
  private readonly layers: Block[];

  constructor(g: Graph, params: ParameterSource, config: TrmConfig) {
    this.layers = Array.from({ length: config.lLayers }, (_, i) =>
      g.scope(`L_level.layers.${i}`, () => new Block(g, params, `L_level.layers.${i}`, config)),
    );
  }

  forward(h: Value, injection: Value): Value {
    const g = h.graph;
    let x = add(h, injection);
    for (const layer of this.layers) x = g.scope(layer.prefix, () => layer.forward(x));
    return x;
  }
}

export interface TrmStepInputs {
  /** [batch, S] int64 (int32 also accepted) token ids. */
  tokens: Value;
  /** [batch] int64 puzzle identifiers; required exactly when the config has a puzzle embedding. */
  puzzleIds?: Value;
  /** Carried y (reference z_H) and z (z_L), [batch, L, D]. */
  y: Value;
  z: Value;
  /** [batch] bool: where true, y and z restart from H_init and L_init instead of the carried state. */
  reset?: Value;
}

export interface TrmStepOptions {
  /**
   * Training: stop gradients at the states entering the last cycle, so only it carries gradient (the
   * reference runs the first T-1 cycles under torch.no_grad()).
   */
  detachEarlyCycles?: boolean;
}

export interface TrmStepOutputs {
  /** [batch, S, V] for the S puzzle positions. */
  logits: Value;
  /** [batch] halting logit, and the (unused by the paper) continue logit. */
  qHalt: Value;
  qContinue: Value;
  /** The new carried states, [batch, L, D]. The caller detaches them between supervision steps. */
  y: Value;
  z: Value;
  /** y after each of the T cycles (the last is `y`), for per-cycle previews. */
  cycleY: Value[];
}

/** The whole model: embeddings, the shared network, heads. Build once per graph, step as often as needed. */
export class Trm {
  private readonly net: ReasoningModule;
  private readonly lmHead: Linear;
  private readonly qHead: Linear;
  private readonly qBias: Value;

  constructor(
    private readonly g: Graph,
    private readonly config: TrmConfig,
    private readonly params: ParameterSource,
  ) {
    this.net = new ReasoningModule(g, params, config);
    this.lmHead = g.scope('lm_head', () => new Linear(params('lm_head.weight')));
    this.qHead = g.scope('q_head', () => new Linear(params('q_head.weight')));
    this.qBias = params('q_head.bias');
  }

  /** Token embedding, puzzle-embedding prefix, learned positions, all times sqrt(D): [batch, L, D]. */
  inputEmbeddings(tokens: Value, puzzleIds: Value | undefined): Value {
    const { hiddenSize: D, puzzleEmbLen: P, puzzleEmbNdim } = this.config;
    return this.g.scope('embed', () => {
      let embedding = op.gather(this.params('embed_tokens.embedding_weight'), tokens);
      if (P > 0) {
        if (!puzzleIds) throw new Error('this config has a puzzle embedding: puzzle ids are required');
        let puzzle = op.gather(this.params('puzzle_emb.weights'), puzzleIds);
        if (P * D > puzzleEmbNdim) puzzle = op.pad(puzzle, [0, 0, 0, P * D - puzzleEmbNdim]);
        embedding = op.concat([reshape(puzzle, [-1, P, D]), embedding], 1);
      }
      if (this.config.posEncodings === 'learned') {
        // 1/sqrt(2) keeps the forward variance of the sum.
        embedding = mul(add(embedding, this.params('embed_pos.embedding_weight')), 0.707106781);
      }
      return mul(embedding, Math.sqrt(D));
    });
  }

  /** LM head on the puzzle positions of y: [batch, S, V]. */
  logits(y: Value): Value {
    const { puzzleEmbLen: P, seqLen: S } = this.config;
    return this.g.scope('lm_head', () => this.lmHead.forward(P > 0 ? slice(y, 1, P, P + S) : y));
  }

  /** One supervision step: T cycles of { n times z = net(z, y + x); y = net(y, z) }, then the heads. */
  supervisionStep(inputs: TrmStepInputs, options: TrmStepOptions = {}): TrmStepOutputs {
    const { g, config } = this;
    const x = this.inputEmbeddings(inputs.tokens, inputs.puzzleIds);
    let y = inputs.y;
    let z = inputs.z;
    if (inputs.reset) {
      const reset = inputs.reset;
      [y, z] = g.scope('reset', () => {
        const r = op.unsqueeze(reset, [1, 2]);
        // H_init/L_init are buffers in the reference: never trained.
        return [
          op.where(r, op.stopGradient(this.params('H_init')), y),
          op.where(r, op.stopGradient(this.params('L_init')), z),
        ];
      });
    }
    const cycleY: Value[] = [];
    for (let c = 0; c < config.hCycles; c++) {
      if (options.detachEarlyCycles && c === config.hCycles - 1 && c > 0) {
        [y, z] = g.scope(`cycle${c}`, () => [op.stopGradient(y), op.stopGradient(z)]) as [Value, Value];
      }
      // y + x is the same for the n z-updates of a cycle, so it is added once.
      const injection = g.scope(`cycle${c}`, () => add(y, x));
      for (let i = 0; i < config.lCycles; i++) {
        z = g.scope(`cycle${c}.z${i}`, () => this.net.forward(z, injection));
      }
      const zNow = z;
      y = g.scope(`cycle${c}.y`, () => this.net.forward(y, zNow));
      cycleY.push(y);
    }
    const [qHalt, qContinue] = g.scope('q_head', () => {
      const q = add(this.qHead.forward(op.gather(y, g.scalar(0, 'int64'), 1)), this.qBias);
      return [op.gather(q, g.scalar(0, 'int64'), 1), op.gather(q, g.scalar(1, 'int64'), 1)];
    });
    return { logits: this.logits(y), qHalt: qHalt as Value, qContinue: qContinue as Value, y, z, cycleY };
  }
}
