// The optimiser update of the training step against a hand-written AdamW (torch.optim.AdamW's formulas,
// in float64) and a hand-written Adam-atan2 (the reference adam_atan2 kernel's) applied to the same gradients, over several steps of a TrainingSession with changing learning
// rates, so that the bias corrections, the moment carry-over, weight decay and the EMA are all exercised.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parameterSpecs } from '../../../server/src/trm/model/parameters';
import type { OptimizerName } from '../../../server/src/trm/train/adamw';
import { TrainingSession, type TrainingState } from '../../../server/src/trm/train/session';
import { randomInputs, randomWeights, smallConfig } from '../trm-fixtures';

const OPTIONS = { beta1: 0.8, beta2: 0.9, eps: 1e-6, weightDecay: 0.3 };
const EMA = 0.75;

interface Expected {
  param: number;
  m: number;
  v: number;
  ema: number;
}

/** torch.optim.AdamW, or adam_atan2 (atan2(m, sqrt(v) / sqrt(bc2)) for the step direction, no eps), one element, step t (from 1). */
function expected(variant: OptimizerName, p: number, g: number, m: number, v: number, ema: number, lr: number, t: number): Expected {
  const { beta1, beta2, eps, weightDecay } = OPTIONS;
  const decayed = p * (1 - lr * weightDecay);
  const m1 = beta1 * m + (1 - beta1) * g;
  const v1 = beta2 * v + (1 - beta2) * g * g;
  const scale = Math.sqrt(v1) / Math.sqrt(1 - beta2 ** t);
  const direction = variant === 'adam-atan2' ? Math.atan2(m1, scale) : m1 / (scale + eps);
  const param = decayed - (lr / (1 - beta1 ** t)) * direction;
  return { param, m: m1, v: v1, ema: (1 - EMA) * param + EMA * ema };
}

function near(actual: number, expected: number, scale: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= 1e-6 * Math.abs(expected) + 1e-6 * scale, `${what}: ${actual} vs ${expected}`);
}

describe('the in-graph optimisers equal hand-written ones on the same gradients', () => {
  for (const variant of ['adamw', 'adam-atan2'] as const) it(`${variant}: three steps with different learning rates, with EMA; untrainable parameters stay put`, async () => {
    const config = smallConfig({ mixer: 'mlp_t', posEncodings: 'none', hCycles: 1, lCycles: 1 });
    const weights = randomWeights(config, 21);
    const session = await TrainingSession.create(config, {
      batchSize: 2,
      device: 'cpu',
      weights,
      adamw: { ...OPTIONS, variant },
      emaDecay: EMA,
      gradientOutputs: true,
    });
    try {
      const inputs = randomInputs(config, 2, 4, [true, true]);
      const labels = inputs.tokens.map((t) => (t === 0 ? 0 : 1 + (t % (config.vocabSize - 1))));
      let before: TrainingState = session.state();
      assert.equal(before.step, 0);
      for (const [t, lr] of [[1, 0.01], [2, 0.003], [3, 0.02]] as const) {
        const carry = session.initialCarry();
        const result = await session.step({ inputs: inputs.tokens, labels }, carry, lr);
        assert.equal(result.step, t);
        const after = session.state();
        assert.equal(after.step, t);
        for (const spec of parameterSpecs(config)) {
          const name = spec.name;
          if (!spec.trainable) {
            assert.deepEqual(after.params.get(name), weights.get(name), `${name} is not trained`);
            continue;
          }
          const grad = result.gradients!.get(name)!;
          for (let i = 0; i < grad.length; i++) {
            const e = expected(
              variant,
              before.params.get(name)![i]!,
              grad[i]!,
              before.adamM.get(name)![i]!,
              before.adamV.get(name)![i]!,
              before.ema!.get(name)![i]!,
              lr,
              t,
            );
            const at = `${name}[${i}] at step ${t}`;
            near(after.params.get(name)![i]!, e.param, lr, `parameter ${at}`);
            near(after.adamM.get(name)![i]!, e.m, Math.abs(grad[i]!), `m ${at}`);
            near(after.adamV.get(name)![i]!, e.v, grad[i]! ** 2, `v ${at}`);
            near(after.ema!.get(name)![i]!, e.ema, lr, `EMA ${at}`);
          }
        }
        before = after;
      }
      const emaWeights = session.weights('ema');
      assert.equal(emaWeights.get('H_init'), session.weights().get('H_init'), 'EMA weights share the untrained H_init');
      assert.notDeepEqual(emaWeights.get('lm_head.weight'), session.weights().get('lm_head.weight'));
    } finally {
      await session.release();
    }
  });
});
