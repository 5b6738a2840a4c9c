/**
 * The model worker comes back after it dies: in-flight requests fail with the reason, a fresh worker is
 * started after a back-off with the models the old one held, later solves work again, and after too many
 * deaths the client gives up with a clear message instead of restarting forever.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ModelWorkerClient, type WorkerEvent } from '../../server/src/trm/runtime/worker-client';
import { tempDir, writeFixtureModel } from './model-fixtures';
import { writeMortalWorker } from './mortal-worker';

const tokens = Int32Array.from({ length: 16 }, (_, s) => (s % 5) + 1);
const opts = { maxSteps: 2, haltEarly: false, perCycle: false };

describe('a model worker that dies', () => {
  let dir: string;
  let client: ModelWorkerClient;
  const events: WorkerEvent[] = [];
  before(async () => {
    dir = tempDir('trm-worker-restart-');
    await writeFixtureModel(dir, 'a.onnx', { random: true, seed: 5 });
    await writeFixtureModel(dir, 'b.onnx', { random: true, seed: 6 });
    await writeFixtureModel(dir, 'gone.onnx', { random: true, seed: 7 });
    client = new ModelWorkerClient(writeMortalWorker(dir), () => undefined, { restart: { firstDelayMs: 20, maxDelayMs: 100, maxDeaths: 3, windowMs: 60_000 } });
    client.onDidChangeWorker((e) => events.push(e));
  });
  after(async () => {
    await client.dispose();
  });

  it('fails the request in flight, restarts, reloads every model it held and solves again', async () => {
    const a = join(dir, 'a.onnx');
    const b = join(dir, 'b.onnx');
    const gone = join(dir, 'gone.onnx');
    await client.load(a, 'cpu');
    await client.load(b, 'cpu');
    await client.load(gone, 'cpu');
    const before = await client.solve(a, [{ tokens }], opts);
    const beforeB = await client.solve(b, [{ tokens }], opts);
    rmSync(gone);

    await assert.rejects(client.solve(join(dir, 'die.onnx'), [{ tokens }], opts), /the model worker stopped \(exit code 3\)/);
    // Made while the worker is down: waits for the restart and the reloads instead of "no model loaded".
    const again = await client.solve(a, [{ tokens }], opts);
    assert.deepEqual(again.traces[0]!.answer, before.traces[0]!.answer);
    const againB = await client.solve(b, [{ tokens }], opts);
    assert.deepEqual(againB.traces[0]!.answer, beforeB.traces[0]!.answer);
    await assert.rejects(client.solve(gone, [{ tokens }], opts), /no model loaded/);

    const stopped = events.find((e) => e.type === 'stopped');
    assert.ok(stopped?.type === 'stopped');
    assert.equal(stopped.reason, 'exit code 3');
    assert.deepEqual(stopped.models.sort(), [a, b, gone].sort());
    const restarted = events.find((e) => e.type === 'restarted');
    assert.ok(restarted?.type === 'restarted');
    assert.deepEqual(restarted.reloaded.map((m) => m.path).sort(), [a, b].sort());
    assert.equal(restarted.failed.length, 1);
    assert.equal(restarted.failed[0]!.path, gone);
    assert.match(restarted.failed[0]!.message, /not found/);
  });

  it('backs off between restarts and gives up after too many deaths, saying so', async () => {
    const a = join(dir, 'a.onnx');
    // Deaths 2 and 3 are restarted (with a longer wait each time); the 4th exceeds maxDeaths.
    for (let death = 2; death <= 4; death++) {
      await assert.rejects(client.solve(join(dir, 'die.onnx'), [{ tokens }], opts), /model worker stopped/);
    }
    const waits = events.filter((e) => e.type === 'stopped').map((e) => (e.type === 'stopped' ? e.restartInMs : 0));
    assert.deepEqual(waits, [20, 40, 80]);
    const gaveUp = events.find((e) => e.type === 'gave-up');
    assert.ok(gaveUp?.type === 'gave-up');
    assert.equal(gaveUp.deaths, 4);
    await assert.rejects(client.solve(a, [{ tokens }], opts), /stopped 4 times within a minute \(last: exit code 3\); restart the language server/);
    await assert.rejects(client.load(a, 'cpu'), /stopped 4 times/);
  });
});

describe('a model load that never finishes', () => {
  it('is given up after the load timeout with a clear message, and the worker comes back without it', async () => {
    const dir = tempDir('trm-worker-hang-');
    const good = await writeFixtureModel(dir, 'good.onnx', { random: true, seed: 5 });
    const client = new ModelWorkerClient(writeMortalWorker(dir), () => undefined, {
      restart: { firstDelayMs: 20, maxDelayMs: 100, maxDeaths: 3, windowMs: 60_000 },
      // Long enough that a good model always loads in time on a loaded machine; the hanging one never does.
      loadTimeoutMs: 15_000,
    });
    try {
      await client.load(good, 'cpu');
      const hanging = join(dir, 'hang.onnx');
      await assert.rejects(client.load(hanging, 'cpu'), /cannot load model .*hang\.onnx: loading did not finish within 15 s, so it was given up/);
      const result = await client.solve(good, [{ tokens }], opts);
      assert.equal(result.traces.length, 1, 'the other model serves again');
    } finally {
      await client.dispose();
    }
  });
});
