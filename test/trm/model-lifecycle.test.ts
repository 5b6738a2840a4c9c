/**
 * What a loaded model's life looks like through the real worker thread: a model the settings no longer name
 * is unloaded (its session freed in the worker, so the worker refuses to run it) while the new one answers,
 * and a model whose card gives token ids other meanings than the puzzle language's is refused on load.
 */
import assert from 'node:assert/strict';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { languageFor } from '../../server/src/puzzles';
import { ModelRegistry } from '../../server/src/trm/runtime/model-registry';
import { PuzzleSolver, type SolveSettings } from '../../server/src/trm/runtime/puzzle-solver';
import { ModelWorkerClient } from '../../server/src/trm/runtime/worker-client';
import { tempDir, writeFixtureModel } from './model-fixtures';

const WORKER = join(__dirname, '../../dist/trm-worker.js');
const sudoku = languageFor('sudoku');
const puzzle = sudoku.parse('1 . . .\n. . 1 .\n. 1 . .\n. . . 1\n');
const instances = sudoku.instances(puzzle);
const settings = (modelPath: string): SolveSettings => ({ device: 'cpu', modelPath, maxSteps: 2, haltEarly: false, perCycle: false });

describe('model lifecycle in the worker', () => {
  let dir: string;
  let worker: ModelWorkerClient;
  let registry: ModelRegistry;
  let solver: PuzzleSolver;
  before(async () => {
    dir = tempDir('trm-lifecycle-');
    await writeFixtureModel(dir, 'first.onnx', { random: true, seed: 1 });
    await writeFixtureModel(dir, 'second.onnx', { random: true, seed: 2 });
    await writeFixtureModel(dir, 'renamed-tokens.onnx', { vocabulary: ['pad', 'blank', 'one', 'two', 'three', 'four'] });
    const shipped = join(dir, 'shipped-none');
    mkdirSync(shipped);
    worker = new ModelWorkerClient(WORKER);
    registry = new ModelRegistry(worker);
    solver = new PuzzleSolver(registry, worker, shipped);
  });
  after(async () => {
    registry.dispose();
    await worker.dispose();
  });

  it('unloads a model the settings replaced: the worker frees its session, the new model answers', async () => {
    const first = join(dir, 'first.onnx');
    const second = join(dir, 'second.onnx');
    const [byFirst] = await solver.solve(sudoku, instances, settings(first));
    assert.equal(byFirst?.status === 'solved' && byFirst.solution.model.name, 'first');
    const [bySecond] = await solver.solve(sudoku, instances, settings(second));
    assert.equal(bySecond?.status === 'solved' && bySecond.solution.model.name, 'second');
    // Both are held now; the settings name only the second.
    const sequence = [{ tokens: new Int32Array(16).fill(1) }];
    await worker.solve(first, sequence, { maxSteps: 1, haltEarly: false, perCycle: false });

    assert.deepEqual(await solver.releaseUnused([second]), [first]);
    assert.deepEqual(registry.paths(), [second]);
    await assert.rejects(worker.solve(first, sequence, { maxSteps: 1, haltEarly: false, perCycle: false }), /no model loaded from .*first\.onnx/);
    const [again] = await solver.solve(sudoku, instances, settings(second));
    assert.equal(again?.status === 'solved' && again.solution.model.name, 'second');
    assert.deepEqual(await solver.releaseUnused([second]), [], 'the model in use stays');
  });

  it('unloads a model whose file is removed: the reload fails, and the worker frees the old session', async () => {
    const path = await writeFixtureModel(dir, 'removed.onnx', { random: true, seed: 3 });
    const sequence = [{ tokens: new Int32Array(16).fill(1) }];
    await registry.get(path, 'cpu');
    await worker.solve(path, sequence, { maxSteps: 1, haltEarly: false, perCycle: false });
    const failed = new Promise<string>((resolve) => registry.onDidChange((event) => event.path === path && event.error && resolve(event.error)));
    // The registry's watcher and reload timer do not hold the process open (unref'd): this wait does.
    const keepAlive = setInterval(() => undefined, 50);
    rmSync(path);
    try {
      assert.match(await failed, /cannot read model file .*removed\.onnx: not found/);
    } finally {
      clearInterval(keepAlive);
    }
    await assert.rejects(worker.solve(path, sequence, { maxSteps: 1, haltEarly: false, perCycle: false }), /no model loaded from .*removed\.onnx/);
  });

  it('refuses a model whose card vocabulary is not the puzzle tokens, saying so', async () => {
    const path = join(dir, 'renamed-tokens.onnx');
    await assert.rejects(worker.load(path, 'cpu'), /its card's vocabulary \["pad","blank","one",.*\] is not the sudoku tokens this version encodes puzzles with \(\["pad","blank","1","2","3","4"\]\)/);
    const [outcome] = await solver.solve(sudoku, instances, settings(path));
    assert.equal(outcome?.status, 'failed');
    assert.match(outcome?.status === 'failed' ? outcome.message : '', /misread every puzzle/);
  });
});
