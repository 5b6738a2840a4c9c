// Configs are validated with clear reasons, parameter names and shapes are the reference checkpoint's,
// the paper's models have the paper's sizes, and initial weights follow the reference's initialisers.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { configProblems, parseTrmConfig, swigluInter, trmConfig, TrmConfigError } from '../../server/src/trm/model/config';
import { initWeights, truncatedNormalScale } from '../../server/src/trm/model/init';
import { parameterCount, parameterShapes, parameterSpecs, referenceName, weightProblems } from '../../server/src/trm/model/parameters';
import { Rng } from '../../server/src/puzzles/common/random';
import { smallConfig } from './trm-fixtures';

/** The paper's Sudoku-Extreme model (mlp_t, P = 16 prefix for the one "blank" puzzle identifier). */
const paperSudoku = trmConfig({
  seqLen: 81,
  vocabSize: 11,
  mixer: 'mlp_t',
  posEncodings: 'none',
  puzzleEmbLen: 16,
  puzzleEmbNdim: 512,
  numPuzzleIdentifiers: 1,
});
/** The paper's Maze-Hard model (attention + RoPE, 30x30). */
const paperMaze = trmConfig({ seqLen: 900, vocabSize: 6, lCycles: 4, puzzleEmbLen: 16, puzzleEmbNdim: 512, numPuzzleIdentifiers: 1 });

describe('TRM configs', () => {
  it('SwiGLU widths follow the reference, Python rounding included', () => {
    assert.equal(swigluInter(512, 4), 1536);
    assert.equal(swigluInter(128, 4), 512);
    assert.equal(swigluInter(97, 4), 512);
    assert.equal(swigluInter(81, 4), 256);
    // 0.75 * 513 * 2/3 = 256.5: Python's round() gives 256 (half to even), so no step up to 512.
    assert.equal(swigluInter(513, 0.75), 256);
  });

  it('every invalid field is reported with its reason', () => {
    const problems = configProblems({ ...smallConfig(), numHeads: 5, hCycles: 0, mixer: 'conv' as 'mlp_t', puzzleEmbLen: 2 });
    assert.deepEqual(problems, [
      'hCycles must be an integer >= 1, got 0',
      'mixer must be one of attention, mlp_t, got "conv"',
      'hiddenSize 32 is not divisible by numHeads 5',
      'puzzleEmbLen (2) and puzzleEmbNdim (0) must both be 0 or both be > 0',
      'a puzzle embedding needs numPuzzleIdentifiers >= 1',
    ]);
    assert.match(
      configProblems({ ...smallConfig(), puzzleEmbLen: 1, puzzleEmbNdim: 33, numPuzzleIdentifiers: 1 }).join(),
      /puzzleEmbNdim 33 does not fit in puzzleEmbLen \* hiddenSize = 32/,
    );
    assert.match(configProblems({ ...smallConfig(), hiddenSize: 36, numHeads: 4 }).join(), /RoPE needs an even head dim, got 9/);
  });

  it('parsing untrusted JSON names missing and mistyped fields', () => {
    assert.deepEqual(parseTrmConfig(JSON.parse(JSON.stringify(paperSudoku))), paperSudoku);
    assert.throws(() => parseTrmConfig([1]), /not a JSON object/);
    const { seqLen: _omitted, ...rest } = paperSudoku;
    assert.throws(
      () => parseTrmConfig({ ...rest, mixer: 3 }),
      (e: unknown) => e instanceof TrmConfigError && /missing or mistyped seqLen \(a number\), mixer \(a string\)/.test(e.message),
    );
  });
});

describe('TRM parameters', () => {
  it('are named as in the reference state_dict, in its order', () => {
    const names = parameterSpecs(smallConfig({ lLayers: 1, posEncodings: 'learned', puzzleEmbLen: 1, puzzleEmbNdim: 8, numPuzzleIdentifiers: 3 })).map((s) => s.name);
    assert.deepEqual(names, [
      'embed_tokens.embedding_weight',
      'lm_head.weight',
      'q_head.weight',
      'q_head.bias',
      'puzzle_emb.weights',
      'embed_pos.embedding_weight',
      'L_level.layers.0.self_attn.qkv_proj.weight',
      'L_level.layers.0.self_attn.o_proj.weight',
      'L_level.layers.0.mlp.gate_up_proj.weight',
      'L_level.layers.0.mlp.down_proj.weight',
      'H_init',
      'L_init',
    ]);
    assert.equal(referenceName('H_init'), '_orig_mod.model.inner.H_init');
  });

  it('have the reference shapes, mlp_t sized by the sequence', () => {
    const shapes = parameterShapes(paperSudoku);
    assert.deepEqual(shapes.get('L_level.layers.1.mlp_t.gate_up_proj.weight'), [1024, 97]);
    assert.deepEqual(shapes.get('L_level.layers.1.mlp_t.down_proj.weight'), [97, 512]);
    assert.deepEqual(shapes.get('L_level.layers.0.mlp.gate_up_proj.weight'), [3072, 512]);
    assert.deepEqual(shapes.get('puzzle_emb.weights'), [1, 512]);
    assert.equal(shapes.has('L_level.layers.0.self_attn.qkv_proj.weight'), false);
    assert.deepEqual(parameterShapes(paperMaze).get('L_level.layers.0.self_attn.qkv_proj.weight'), [1536, 512]);
  });

  it('give the paper its model sizes (5M sudoku mlp_t, 7M maze attention)', () => {
    // 2 x (mlp_t 1024x97 + 97x512 + mlp 3072x512 + 512x1536) + embeddings, heads, H/L_init.
    assert.equal(parameterCount(paperSudoku), 5_030_402);
    // 2 x (qkv 1536x512 + o 512x512 + mlp) + embeddings, heads, H/L_init.
    assert.equal(parameterCount(paperMaze), 6_824_450);
  });

  it('are checked against a config with a reason per weight', () => {
    const config = smallConfig({ lLayers: 1 });
    const w = initWeights(config, 0);
    w.delete('H_init');
    w.set('lm_head.weight', new Float32Array(3));
    w.set('extra', new Float32Array(1));
    w.get('L_init')![0] = NaN;
    assert.deepEqual(weightProblems(config, w), [
      'weight lm_head.weight has 3 values, expected [7, 32] = 224',
      'missing weight H_init [32]',
      'weight L_init holds NaN or infinite values',
      'unexpected weight extra',
    ]);
  });
});

describe('initial weights', () => {
  const config = smallConfig({ hiddenSize: 64, puzzleEmbLen: 1, puzzleEmbNdim: 64, numPuzzleIdentifiers: 4 });

  it('are reproducible from the seed and differ between seeds', () => {
    const a = initWeights(config, 1);
    assert.deepEqual(initWeights(config, 1), a);
    assert.notDeepEqual(initWeights(config, 2).get('lm_head.weight'), a.get('lm_head.weight'));
  });

  it('follow the reference initialisers', () => {
    const w = initWeights(config, 5);
    const stats = (x: Float32Array): { std: number; max: number } => {
      const mean = x.reduce((s, v) => s + v, 0) / x.length;
      const std = Math.sqrt(x.reduce((s, v) => s + (v - mean) ** 2, 0) / x.length);
      return { std, max: x.reduce((m, v) => Math.max(m, Math.abs(v)), 0) };
    };
    const qkv = stats(w.get('L_level.layers.0.self_attn.qkv_proj.weight')!);
    assert.ok(Math.abs(qkv.std - 1 / 8) < 0.005, `LeCun std ${qkv.std}`);
    assert.ok(qkv.max <= (2 * truncatedNormalScale(1)) / 8 + 1e-7, 'truncated at 2 corrected std');
    const down = stats(w.get('L_level.layers.0.mlp.down_proj.weight')!);
    assert.ok(Math.abs(down.std - 1 / Math.sqrt(256)) < 0.003, `fan-in of down_proj is the inner width: ${down.std}`);
    assert.ok(Math.abs(stats(w.get('embed_tokens.embedding_weight')!).std - 1 / 8) < 0.02);
    assert.ok(w.get('q_head.weight')!.every((v) => v === 0));
    assert.ok(w.get('q_head.bias')!.every((v) => v === -5));
    assert.ok(w.get('puzzle_emb.weights')!.every((v) => v === 0));
    assert.ok(stats(w.get('H_init')!).std > 0.6);
  });

  it('correct the truncation like jax (std of a unit normal cut at +-2 is 0.8796)', () => {
    assert.ok(Math.abs(truncatedNormalScale(1) - 1 / 0.8796256610342398) < 1e-12);
  });
});

describe('the seeded PRNG', () => {
  it('is deterministic, uniform in [0, 1), and gives independent streams per label', () => {
    const a = new Rng(42, 'x');
    const first = Array.from({ length: 5 }, () => a.nextUint32());
    assert.deepEqual(Array.from({ length: 5 }, () => new Rng(42, 'x')).map((r) => r.nextUint32()), new Array(5).fill(first[0]));
    assert.notEqual(new Rng(42, 'y').nextUint32(), first[0]);
    const r = new Rng(1);
    let sum = 0;
    for (let i = 0; i < 20000; i++) {
      const u = r.uniform();
      assert.ok(u >= 0 && u < 1);
      sum += u;
    }
    assert.ok(Math.abs(sum / 20000 - 0.5) < 0.01);
  });
});
