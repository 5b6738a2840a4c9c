/**
 * An independent TRM forward pass in plain loops over Float64Array, written from the math of the paper and
 * the reference code (not from the graph builder, and without its equivalence tricks), to check the ONNX
 * graph against. One sequence at a time; tests only.
 */
import type { TrmConfig } from '../../server/src/trm/model/config';

export interface ReferenceInputs {
  batch: number;
  /** [batch * S] token ids. */
  tokens: ArrayLike<number>;
  /** [batch] puzzle ids, when the config has a puzzle embedding. */
  puzzleIds?: ArrayLike<number>;
  /** [batch * L * D] carried states. */
  y: ArrayLike<number>;
  z: ArrayLike<number>;
  reset: readonly boolean[];
}

export interface ReferenceOutputs {
  logits: Float64Array;
  qHalt: Float64Array;
  qContinue: Float64Array;
  y: Float64Array;
  z: Float64Array;
  answer: number[];
  /** [batch * T * S]: argmax of the LM head after each cycle. */
  cycleAnswers: number[];
}

type Weights = ReadonlyMap<string, Float32Array>;

function weight(w: Weights, name: string): Float32Array {
  const t = w.get(name);
  if (!t) throw new Error(`reference forward: missing ${name}`);
  return t;
}

/** rows x in times W^T for W [out, in]. */
function linear(x: Float64Array, rows: number, inDim: number, W: Float32Array, outDim: number): Float64Array {
  const out = new Float64Array(rows * outDim);
  for (let r = 0; r < rows; r++) {
    for (let o = 0; o < outDim; o++) {
      let s = 0;
      for (let i = 0; i < inDim; i++) s += (x[r * inDim + i] as number) * (W[o * inDim + i] as number);
      out[r * outDim + o] = s;
    }
  }
  return out;
}

function rmsNormRows(x: Float64Array, rows: number, dim: number, eps: number): Float64Array {
  const out = new Float64Array(x.length);
  for (let r = 0; r < rows; r++) {
    let ms = 0;
    for (let i = 0; i < dim; i++) ms += (x[r * dim + i] as number) ** 2;
    const inv = 1 / Math.sqrt(ms / dim + eps);
    for (let i = 0; i < dim; i++) out[r * dim + i] = (x[r * dim + i] as number) * inv;
  }
  return out;
}

function addArrays(a: Float64Array, b: ArrayLike<number>): Float64Array {
  return a.map((v, i) => v + (b[i] as number));
}

function transpose2(x: Float64Array, rows: number, cols: number): Float64Array {
  const out = new Float64Array(x.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = x[r * cols + c] as number;
  return out;
}

function inter(hidden: number, expansion: number): number {
  // round() of Python 3 rounds half to even; the configs in tests never hit a .5.
  return Math.ceil(Math.round((expansion * hidden * 2) / 3) / 256) * 256;
}

/** SwiGLU on `rows` vectors of size `hidden`: down(silu(gate) * up), [gate; up] = gate_up(x). */
function swiglu(x: Float64Array, rows: number, hidden: number, gateUp: Float32Array, down: Float32Array, expansion: number): Float64Array {
  const I = inter(hidden, expansion);
  const gu = linear(x, rows, hidden, gateUp, 2 * I);
  const act = new Float64Array(rows * I);
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < I; i++) {
      const gate = gu[r * 2 * I + i] as number;
      const up = gu[r * 2 * I + I + i] as number;
      act[r * I + i] = (gate / (1 + Math.exp(-gate))) * up;
    }
  }
  return linear(act, rows, I, down, hidden);
}

function attention(h: Float64Array, L: number, c: TrmConfig, w: Weights, prefix: string): Float64Array {
  const D = c.hiddenSize;
  const H = c.numHeads;
  const hd = D / H;
  const qkv = linear(h, L, D, weight(w, `${prefix}.qkv_proj.weight`), 3 * D);
  // qkv viewed as [L, 3H, hd]: heads 0..H-1 are q, H..2H-1 k, 2H..3H-1 v.
  const at = (l: number, head: number, j: number): number => qkv[l * 3 * D + head * hd + j] as number;
  const q = new Float64Array(L * D);
  const k = new Float64Array(L * D);
  const v = new Float64Array(L * D);
  const half = hd / 2;
  for (let l = 0; l < L; l++) {
    for (let head = 0; head < H; head++) {
      for (let j = 0; j < hd; j++) {
        let qv = at(l, head, j);
        let kv = at(l, H + head, j);
        if (c.posEncodings === 'rope') {
          const freq = 1 / Math.pow(c.ropeTheta, (2 * (j % half)) / hd);
          const cos = Math.cos(l * freq);
          const sin = Math.sin(l * freq);
          // rotate_half(t)[j] = -t[j + half] for j < half, t[j - half] otherwise.
          const qr = j < half ? -at(l, head, j + half) : at(l, head, j - half);
          const kr = j < half ? -at(l, H + head, j + half) : at(l, H + head, j - half);
          qv = qv * cos + qr * sin;
          kv = kv * cos + kr * sin;
        }
        q[l * D + head * hd + j] = qv;
        k[l * D + head * hd + j] = kv;
        v[l * D + head * hd + j] = at(l, 2 * H + head, j);
      }
    }
  }
  const out = new Float64Array(L * D);
  const scores = new Float64Array(L);
  for (let head = 0; head < H; head++) {
    for (let i = 0; i < L; i++) {
      let max = -Infinity;
      for (let t = 0; t < L; t++) {
        let s = 0;
        for (let j = 0; j < hd; j++) s += (q[i * D + head * hd + j] as number) * (k[t * D + head * hd + j] as number);
        scores[t] = s / Math.sqrt(hd);
        max = Math.max(max, scores[t] as number);
      }
      let sum = 0;
      for (let t = 0; t < L; t++) {
        scores[t] = Math.exp((scores[t] as number) - max);
        sum += scores[t] as number;
      }
      for (let j = 0; j < hd; j++) {
        let acc = 0;
        for (let t = 0; t < L; t++) acc += ((scores[t] as number) / sum) * (v[t * D + head * hd + j] as number);
        out[i * D + head * hd + j] = acc;
      }
    }
  }
  return linear(out, L, D, weight(w, `${prefix}.o_proj.weight`), D);
}

function block(h: Float64Array, L: number, c: TrmConfig, w: Weights, i: number): Float64Array {
  const D = c.hiddenSize;
  const prefix = `L_level.layers.${i}`;
  if (c.mixer === 'mlp_t') {
    const hT = transpose2(h, L, D);
    const out = swiglu(hT, D, L, weight(w, `${prefix}.mlp_t.gate_up_proj.weight`), weight(w, `${prefix}.mlp_t.down_proj.weight`), c.expansion);
    h = transpose2(rmsNormRows(addArrays(hT, out), D, L, c.rmsNormEps), D, L);
  } else {
    h = rmsNormRows(addArrays(h, attention(h, L, c, w, `${prefix}.self_attn`)), L, D, c.rmsNormEps);
  }
  const mlp = swiglu(h, L, D, weight(w, `${prefix}.mlp.gate_up_proj.weight`), weight(w, `${prefix}.mlp.down_proj.weight`), c.expansion);
  return rmsNormRows(addArrays(h, mlp), L, D, c.rmsNormEps);
}

function net(h: Float64Array, injection: Float64Array, L: number, c: TrmConfig, w: Weights): Float64Array {
  let x = addArrays(h, injection);
  for (let i = 0; i < c.lLayers; i++) x = block(x, L, c, w, i);
  return x;
}

function embed(tokens: ArrayLike<number>, puzzleId: number | undefined, c: TrmConfig, w: Weights): Float64Array {
  const { seqLen: S, hiddenSize: D, puzzleEmbLen: P } = c;
  const x = new Float64Array((S + P) * D);
  if (P > 0) {
    const table = weight(w, 'puzzle_emb.weights');
    for (let j = 0; j < c.puzzleEmbNdim; j++) x[j] = table[(puzzleId as number) * c.puzzleEmbNdim + j] as number;
  }
  const tok = weight(w, 'embed_tokens.embedding_weight');
  for (let s = 0; s < S; s++) for (let d = 0; d < D; d++) x[(P + s) * D + d] = tok[(tokens[s] as number) * D + d] as number;
  if (c.posEncodings === 'learned') {
    const pos = weight(w, 'embed_pos.embedding_weight');
    for (let i = 0; i < x.length; i++) x[i] = 0.707106781 * ((x[i] as number) + (pos[i] as number));
  }
  return x.map((v) => v * Math.sqrt(D));
}

function argmaxRows(x: Float64Array, rows: number, cols: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let j = 1; j < cols; j++) if ((x[r * cols + j] as number) > (x[r * cols + best] as number)) best = j;
    out.push(best);
  }
  return out;
}

export function referenceSupervisionStep(c: TrmConfig, w: Weights, inputs: ReferenceInputs): ReferenceOutputs {
  const { seqLen: S, hiddenSize: D, puzzleEmbLen: P, vocabSize: V } = c;
  const L = S + P;
  const B = inputs.batch;
  const out: ReferenceOutputs = {
    logits: new Float64Array(B * S * V),
    qHalt: new Float64Array(B),
    qContinue: new Float64Array(B),
    y: new Float64Array(B * L * D),
    z: new Float64Array(B * L * D),
    answer: [],
    cycleAnswers: [],
  };
  const lm = weight(w, 'lm_head.weight');
  for (let b = 0; b < B; b++) {
    const tokens = Array.from({ length: S }, (_, s) => inputs.tokens[b * S + s] as number);
    const x = embed(tokens, inputs.puzzleIds?.[b], c, w);
    let y: Float64Array = new Float64Array(L * D);
    let z: Float64Array = new Float64Array(L * D);
    for (let i = 0; i < L * D; i++) {
      y[i] = inputs.reset[b] ? (weight(w, 'H_init')[i % D] as number) : (inputs.y[b * L * D + i] as number);
      z[i] = inputs.reset[b] ? (weight(w, 'L_init')[i % D] as number) : (inputs.z[b * L * D + i] as number);
    }
    for (let cycle = 0; cycle < c.hCycles; cycle++) {
      for (let i = 0; i < c.lCycles; i++) z = net(z, addArrays(y, x), L, c, w);
      y = net(y, z, L, c, w);
      const logits = linear(y.subarray(P * D), S, D, lm, V);
      out.cycleAnswers.push(...argmaxRows(logits, S, V));
      if (cycle === c.hCycles - 1) {
        out.logits.set(logits, b * S * V);
        out.answer.push(...argmaxRows(logits, S, V));
      }
    }
    const q = linear(y.subarray(0, D), 1, D, weight(w, 'q_head.weight'), 2);
    const bias = weight(w, 'q_head.bias');
    out.qHalt[b] = (q[0] as number) + (bias[0] as number);
    out.qContinue[b] = (q[1] as number) + (bias[1] as number);
    out.y.set(y, b * L * D);
    out.z.set(z, b * L * D);
  }
  return out;
}
