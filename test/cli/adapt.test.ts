/**
 * `trm adapt` and `trm solve --adapt` as a user runs them (dist/cli.js in a child process) on a real ARC-AGI-1
 * training task the shipped model was not trained on, with a step budget of a few steps: progress, the cache
 * written then reused, attempt 1 written into the task, attempt 2 on stderr, and bad input refused clearly.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { arcDataDir } from '../../server/src/trm/train/datasets';

const ROOT = join(__dirname, '../..');
const CLI = join(ROOT, 'dist/cli.js');

function trm(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('trm adapt and trm solve --adapt', () => {
  const dir = mkdtempSync(join(tmpdir(), 'trm-cli-adapt-'));
  const cache = join(dir, 'cache');
  const taskPath = join(dir, '62c24649.json');
  before(() => {
    const challenges = JSON.parse(readFileSync(join(arcDataDir(), 'arc-agi_training_challenges.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(taskPath, JSON.stringify(challenges['62c24649'], null, 2));
  });

  it('adapts with progress lines, caches the row, prints two attempts; a second run reuses the cache', () => {
    const r = trm('adapt', taskPath, '--cache', cache, '--steps', '4', '--threads', '1');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /^step 1\/4 {2}loss \d+\.\d{4} {2}held-out demo not checked yet {2}ETA \d+ s$/m);
    assert.match(r.stderr, /^step 4\/4 {2}loss \d+\.\d{4} {2}held-out demo (right|wrong) \(\d\/8 versions\) {2}ETA 0 s$/m);
    assert.match(r.stderr, /adapted in \d+\.\d s; cached as .*\.json/);
    assert.equal(readdirSync(cache).length, 1);
    assert.match(r.stdout, /demonstrations reproduced: \d of 3/);
    assert.match(r.stdout, /^test 1: 16 versions, \d+ distinct answers \(UNVERIFIED/m);
    assert.match(r.stdout, /^attempt 1 \(\d+ of 16 votes, mean halt \d\.\d\d\), \d+x\d+:$/m);

    const again = trm('adapt', taskPath, '--cache', cache, '--steps', '4');
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stderr, /^reusing the cached adaptation .*\.json \(fitted .*; --force to learn again\)$/m);
    assert.doesNotMatch(again.stderr, /^step /m);
    assert.equal(again.stdout, r.stdout, 'the same row gives the same attempts');
  });

  it('solve --adapt prints the task with attempt 1 as the test output and attempt 2 on stderr', () => {
    const r = trm('solve', taskPath, '--adapt', '--cache', cache, '--adapt-steps', '4');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /reusing the cached adaptation/);
    const solved = JSON.parse(r.stdout) as { train: unknown[]; test: { input: number[][]; output: number[][] }[] };
    const original = JSON.parse(readFileSync(taskPath, 'utf8')) as { train: unknown[]; test: { input: number[][] }[] };
    assert.deepEqual(solved.train, original.train);
    assert.deepEqual(solved.test[0]!.input, original.test[0]!.input);
    const out = solved.test[0]!.output;
    assert.ok(out.length > 0 && out.every((row) => row.length === out[0]!.length && row.every((c) => Number.isInteger(c) && c >= 0 && c <= 9)), 'a grid of colours');
    // The grid written is the one `trm adapt` calls attempt 1.
    // The same budget, so the same cached row (a row of another budget is not reused).
    const listed = trm('adapt', taskPath, '--cache', cache, '--steps', '4').stdout;
    const attempt1 = listed.split('\n').slice(listed.split('\n').findIndex((l) => l.startsWith('attempt 1')) + 1).slice(0, out.length).map((l) => l.trim().split(' ').map(Number));
    assert.deepEqual(out, attempt1);
    assert.match(r.stderr, /^test 1: attempt 1 of .* written in, UNVERIFIED; \d+ of 16 votes$/m);
    assert.match(r.stderr, /^test 1: attempt 2 (\(\d+ of 16 votes|: none)/m);
  });

  it('refuses what it cannot learn, in one line', () => {
    const sudoku = trm('adapt', 'examples/sudoku/easy-9x9.sudoku', '--cache', cache);
    assert.equal(sudoku.code, 1);
    assert.match(sudoku.stderr, /not an ARC task \(a sudoku puzzle\)/);
    const big = join(dir, 'big.json');
    const grid = Array.from({ length: 14 }, () => Array.from({ length: 14 }, () => 1));
    writeFileSync(big, JSON.stringify({ train: [{ input: grid, output: grid }], test: [{ input: grid }] }));
    const tooBig = trm('adapt', big, '--cache', cache);
    assert.equal(tooBig.code, 1);
    assert.match(tooBig.stderr, /no ARC model fits this task \(its grids need a 14x14 canvas; shipped: 12x12, 8x8\)/);
    const missing = trm('adapt', taskPath, '--model', join(dir, 'none.onnx'), '--cache', cache);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /cannot read model file .*none\.onnx/);
    const sudokuModel = trm('adapt', taskPath, '--model', 'models/sudoku-4x4.onnx', '--cache', cache);
    assert.equal(sudokuModel.code, 1);
    assert.match(sudokuModel.stderr, /is a sudoku model, not an ARC model/);
    // A task a shipped model was trained on (46442a0e: arc-12x12's, and it fits 8x8): that model answers it.
    const knownPath = join(dir, '46442a0e.json');
    const challenges = JSON.parse(readFileSync(join(arcDataDir(), 'arc-agi_training_challenges.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(knownPath, JSON.stringify(challenges['46442a0e']));
    const known = trm('adapt', knownPath, '--cache', cache);
    assert.equal(known.code, 1);
    assert.match(known.stderr, /arc-12x12-tiny was trained on this task: `trm solve` answers it with the task's own row, so there is nothing to learn \(name a model with --model to adapt that one anyway\)/);
    for (const r of [sudoku, tooBig, missing, sudokuModel, known]) assert.doesNotMatch(r.stderr, /internal error|\n\s+at /);
  });
});
