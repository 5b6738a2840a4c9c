/** The inference runtime: device selection, the ACT loop, and the worker thread with batching and cancellation. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { encodeModel } from '../../server/src/trm/model/model-format';
import { runAct, type ActSequence, type ActTrace } from '../../server/src/trm/runtime/act';
import { createDeviceSession } from '../../server/src/trm/runtime/device';
import { ModelWorkerClient, SolveCancelledError } from '../../server/src/trm/runtime/worker-client';
import { fixtureWeights, tempDir, tinySudokuConfig, writeFixtureModel } from './model-fixtures';

const WORKER = join(__dirname, '../../dist/trm-worker.js');

/** Independent of the product's haltsAt: the 1-based step where q_halt > 0 first comes with an unchanged answer. */
function agreeingHaltStep(trace: ActTrace): number | undefined {
  for (let s = 1; s < trace.qHalt.length; s++) {
    if (trace.qHalt[s]! > 0 && trace.stepAnswers[s]!.join() === trace.stepAnswers[s - 1]!.join()) return s + 1;
  }
  return undefined;
}

function sequences(count: number, seed: number): ActSequence[] {
  return Array.from({ length: count }, (_, i) => ({ tokens: Int32Array.from({ length: 16 }, (_, s) => ((s * 7 + i * 3 + seed) % 5) + 1) }));
}

describe('device selection', () => {
  const bytes = encodeModel(tinySudokuConfig(), fixtureWeights(tinySudokuConfig(), {}));

  it('falls back to the CPU under "auto" when CUDA cannot load, and says why', async () => {
    const s = await createDeviceSession(bytes, 'auto');
    assert.equal(s.device, 'cpu');
    assert.match(s.fallbackReason ?? '', /CUDA is not available/);
    await s.session.release();
  });

  it('refuses "cuda" with a clear message when CUDA cannot load', async () => {
    await assert.rejects(createDeviceSession(bytes, 'cuda'), /CUDA is not available.*set it to "auto" or "cpu"/);
  });

  it('uses the CPU without trying CUDA under "cpu"', async () => {
    const s = await createDeviceSession(bytes, 'cpu');
    assert.equal(s.device, 'cpu');
    assert.equal(s.fallbackReason, undefined);
    await s.session.release();
  });
});

describe('the ACT loop', () => {
  const config = tinySudokuConfig();

  it('halts at the first step with q_halt > 0 whose answer repeats the step before, and runs every step when q_halt never is', async () => {
    // Untrained weights: q_halt > 0 at every step, but the answer changes from step to step, so it never halts.
    const restless = await createDeviceSession(encodeModel(config, fixtureWeights(config, { qHaltBias: 5 })), 'cpu');
    const [all] = await runAct(restless.session, config, sequences(1, 0), { maxSteps: 6, haltEarly: false, perCycle: false });
    assert.equal(all!.steps, 6);
    assert.equal(all!.halted, false);
    assert.deepEqual(all!.qHalt.map((q) => q > 0), [true, true, true, true, true, true]);
    const [early] = await runAct(restless.session, config, sequences(1, 0), { maxSteps: 6, haltEarly: true, perCycle: false });
    assert.equal(early!.steps, agreeingHaltStep(all!) ?? 6);
    assert.equal(early!.halted, agreeingHaltStep(all!) !== undefined);
    assert.deepEqual(early!.stepAnswers, all!.stepAnswers.slice(0, early!.steps));

    // The same answer every step: it halts at step 2, never at step 1, which has nothing to repeat.
    const settled = await createDeviceSession(encodeModel(config, fixtureWeights(config, { qHaltBias: 5, constantAnswer: true })), 'cpu');
    const [second] = await runAct(settled.session, config, sequences(1, 0), { maxSteps: 6, haltEarly: true, perCycle: false });
    assert.equal(second!.steps, 2);
    assert.equal(second!.halted, true);
    assert.deepEqual(second!.stepAnswers[0], second!.stepAnswers[1]);
    await restless.session.release();
    await settled.session.release();

    const never = await createDeviceSession(encodeModel(config, fixtureWeights(config, { qHaltBias: -5 })), 'cpu');
    const [budget] = await runAct(never.session, config, sequences(1, 0), { maxSteps: 4, haltEarly: true, perCycle: true });
    assert.equal(budget!.steps, 4);
    assert.equal(budget!.halted, false);
    assert.equal(budget!.stepAnswers.length, 4);
    assert.equal(budget!.cycleAnswers?.length, 4);
    assert.equal(budget!.cycleAnswers![0]!.length, config.hCycles);
    assert.deepEqual(budget!.cycleAnswers![3]![config.hCycles - 1], budget!.stepAnswers[3], 'the last cycle of a step is the step answer');
    await never.session.release();
  });

  it('gives each sequence of a batch the same result as running it alone, halting each at its own step', async () => {
    // A random Q head over a constant answer: each sequence halts at the first step from 2 on with q_halt > 0.
    const random = await createDeviceSession(encodeModel(config, fixtureWeights(config, { random: true, seed: 3, constantAnswer: true })), 'cpu');
    const batch = sequences(5, 1);
    const together = await runAct(random.session, config, batch, { maxSteps: 5, haltEarly: true, perCycle: false });
    for (const [i, seq] of batch.entries()) {
      const [alone] = await runAct(random.session, config, [seq], { maxSteps: 5, haltEarly: true, perCycle: false });
      const t = together[i]!;
      assert.equal(t.steps, alone!.steps, `sequence ${i} steps`);
      assert.deepEqual(t.answer, alone!.answer);
      t.qHalt.forEach((q, s) => assert.ok(Math.abs(q - alone!.qHalt[s]!) < 1e-4, `q_halt of sequence ${i} at step ${s}`));
      assert.equal(t.steps, agreeingHaltStep(t) ?? 5, 'stops at the first positive q_halt on a repeated answer');
      assert.equal(t.halted, agreeingHaltStep(t) !== undefined);
    }
    assert.ok(new Set(together.map((t) => t!.steps)).size > 1, 'the sequences halt at different steps');
    await random.session.release();
  });

  it('drops a cancelled sequence from the batch and returns null for it', async () => {
    const s = await createDeviceSession(encodeModel(config, fixtureWeights(config, { qHaltBias: -5 })), 'cpu');
    let steps = 0;
    const seqs = sequences(2, 0);
    seqs[0]!.cancelled = () => ++steps > 2;
    const [cancelled, kept] = await runAct(s.session, config, seqs, { maxSteps: 5, haltEarly: true, perCycle: false });
    assert.equal(cancelled, null);
    assert.equal(kept!.steps, 5);
    await s.session.release();
  });
});

describe('the model worker', () => {
  let dir: string;
  let client: ModelWorkerClient;
  before(async () => {
    dir = tempDir('trm-worker-');
    await writeFixtureModel(dir, 'random.onnx', { random: true, seed: 5 });
    await writeFixtureModel(dir, 'slow.onnx', { qHaltBias: -5, config: tinySudokuConfig({ hiddenSize: 128, lCycles: 6, hCycles: 3 }) });
    client = new ModelWorkerClient(WORKER);
  });
  after(async () => {
    await client.dispose();
  });

  it('loads a model and solves off the main thread with the same answers as in-process', async () => {
    const info = await client.load(join(dir, 'random.onnx'), 'auto');
    assert.equal(info.kind, 'sudoku');
    assert.equal(info.device, 'cpu');
    assert.match(info.fallbackReason ?? '', /CUDA/);
    const seqs = sequences(3, 2);
    const result = await client.solve(info.path, seqs.map((s) => ({ tokens: s.tokens })), { maxSteps: 3, haltEarly: false, perCycle: false });
    const config = tinySudokuConfig();
    const local = await createDeviceSession(encodeModel(config, fixtureWeights(config, { random: true, seed: 5 })), 'cpu');
    const expected = await runAct(local.session, config, seqs, { maxSteps: 3, haltEarly: false, perCycle: false });
    result.traces.forEach((t, i) => assert.deepEqual(t.answer, expected[i]!.answer));
    await local.session.release();
  });

  it('batches requests that wait together for the same model', async () => {
    const path = join(dir, 'slow.onnx');
    await client.load(path, 'cpu');
    const opts = { maxSteps: 3, haltEarly: false, perCycle: false };
    const one = (seed: number) => client.solve(path, [{ tokens: sequences(1, seed)[0]!.tokens }], opts);
    // Sent in one turn: either all three arrive before the worker starts, or the first keeps it busy while
    // the other two wait together. Either way no request runs alone after another that waited with it.
    const results = await Promise.all([one(0), one(1), one(2)]);
    assert.equal(results[2]!.batchSize, results[1]!.batchSize);
    assert.ok(results[2]!.batchSize >= 2, `batch sizes ${results.map((r) => r.batchSize).join(', ')}`);
  });

  it('batches the requests of one turn together even when the sending thread stalls between them', async () => {
    const path = join(dir, 'slow.onnx');
    await client.load(path, 'cpu');
    const opts = { maxSteps: 3, haltEarly: false, perCycle: false };
    const one = (seed: number) => client.solve(path, [{ tokens: sequences(1, seed)[0]!.tokens }], opts);
    // A loaded machine can deschedule the sender between two requests; a busy wait stands in for that.
    // Had the requests travelled one by one, the worker would have started a batch without the third.
    const stall = (ms: number) => {
      const end = performance.now() + ms;
      while (performance.now() < end);
    };
    const first = one(0);
    const second = one(1);
    stall(200);
    const third = one(2);
    const results = await Promise.all([first, second, third]);
    assert.deepEqual(results.map((r) => r.batchSize), [3, 3, 3]);
  });

  it('cancels a running solve', async () => {
    const path = join(dir, 'slow.onnx');
    await client.load(path, 'cpu');
    let cancel: () => void = () => undefined;
    const token = {
      isCancellationRequested: false,
      onCancellationRequested(listener: () => void) {
        cancel = () => {
          token.isCancellationRequested = true;
          listener();
        };
        return { dispose() {} };
      },
    };
    const solving = client.solve(path, sequences(8, 0).map((s) => ({ tokens: s.tokens })), { maxSteps: 64, haltEarly: true, perCycle: false }, token);
    setTimeout(() => cancel(), 50);
    await assert.rejects(solving, SolveCancelledError);
  });

  it('reports a corrupt or truncated model clearly and keeps serving good ones', async () => {
    const good = join(dir, 'random.onnx');
    const truncated = join(dir, 'truncated.onnx');
    writeFileSync(truncated, readFileSync(good).subarray(0, 2000));
    writeFileSync(join(dir, 'truncated.card.json'), readFileSync(join(dir, 'random.card.json')));
    await assert.rejects(client.load(truncated, 'cpu'), /truncated or corrupt/);
    await assert.rejects(client.load(join(dir, 'missing.onnx'), 'cpu'), /not found/);
    const fifo = join(dir, 'fifo.onnx');
    execFileSync('mkfifo', [fifo]);
    await assert.rejects(client.load(fifo, 'cpu'), /cannot read model file .*fifo\.onnx: is a named pipe/, 'a FIFO is refused, not waited on');
    await assert.rejects(client.load('/dev/zero', 'cpu'), /is a device/);
    const result = await client.solve(good, [{ tokens: sequences(1, 0)[0]!.tokens }], { maxSteps: 1, haltEarly: false, perCycle: false });
    assert.equal(result.traces.length, 1);
  });
});
