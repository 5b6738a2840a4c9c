/**
 * Seeded initial weights following the reference's initialisers (parameterSpecs says which one each weight
 * gets): LeCun truncated normal for Linear layers, std 1/sqrt(D) for embeddings, std 1 for H_init/L_init,
 * zeros for the puzzle embeddings and the Q head weight, -5 for the Q head bias.
 */
import type { TrmConfig } from './config';
import { parameterSpecs, type TrmWeights } from './parameters';
import { Rng } from '../../puzzles/common/random';

export function initWeights(config: TrmConfig, seed: number): TrmWeights {
  const weights: TrmWeights = new Map();
  for (const spec of parameterSpecs(config)) {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(size);
    if (spec.init.kind === 'constant') data.fill(spec.init.value);
    else truncatedNormalFill(data, spec.init.std, new Rng(seed, spec.name));
    weights.set(spec.name, data);
  }
  return weights;
}

const LOWER = -2;
const UPPER = 2;

/**
 * The reference's trunc_normal_init_ (models/common.py, after jax): a standard normal truncated to
 * [-2, 2], scaled so that the truncated distribution's std is `std` (plain clipping would shrink it to
 * about 0.88 std). The reference samples by inverting the CDF; rejection sampling gives the same law.
 */
export function truncatedNormalFill(out: Float32Array, std: number, rng: Rng): void {
  if (std === 0) {
    out.fill(0);
    return;
  }
  const scale = truncatedNormalScale(std);
  for (let i = 0; i < out.length; i++) {
    let x: number;
    do x = rng.normal();
    while (x < LOWER || x > UPPER);
    out[i] = x * scale;
  }
}

/** comp_std of the reference: std / (std of the unit normal truncated to [LOWER, UPPER]). */
export function truncatedNormalScale(std: number): number {
  const z = (erf(UPPER / Math.SQRT2) - erf(LOWER / Math.SQRT2)) / 2;
  const c = 1 / Math.sqrt(2 * Math.PI);
  const pdfLower = c * Math.exp(-0.5 * LOWER * LOWER);
  const pdfUpper = c * Math.exp(-0.5 * UPPER * UPPER);
  return std / Math.sqrt(1 - (UPPER * pdfUpper - LOWER * pdfLower) / z - ((pdfUpper - pdfLower) / z) ** 2);
}

/** erf by its Maclaurin series, exact to double precision for |x| <= 3 (all this module needs). */
function erf(x: number): number {
  let term = x;
  let sum = x;
  for (let n = 1; n < 200 && Math.abs(term) > 1e-17 * Math.abs(sum); n++) {
    term *= (-x * x) / n;
    sum += term / (2 * n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}
