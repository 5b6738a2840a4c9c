/** `trm eval` as a user runs it: every puzzle is either in the figures or counted as skipped, with the reason. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { tempDir, writeFixtureModel } from '../trm/model-fixtures';

const ROOT = join(__dirname, '../..');

function trm(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'dist/cli.js'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('trm eval', () => {
  let dir = '';
  let model = '';
  before(async () => {
    dir = tempDir('trm-eval-');
    model = await writeFixtureModel(dir, 'random-4x4.onnx', { random: true, seed: 21, name: 'random-4x4' });
  });

  it('counts and names the puzzles it leaves out, and prints its step limit and halting rule', () => {
    mkdirSync(join(dir, 'puzzles'));
    writeFileSync(join(dir, 'puzzles/a-unique.sudoku'), '.2.. ...1 4... ..3.\n');
    // No solution, though no two givens clash: the exact solver knows no answer.
    writeFileSync(join(dir, 'puzzles/b-no-solution.sudoku'), '32.. ...1 4... ..3.\n');
    writeFileSync(join(dir, 'puzzles/c-six.sudoku'), '.234.. ...... ..1.6. 56..3. ..2... 6...12\n');
    const r = trm('eval', model, join(dir, 'puzzles'));
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^puzzles 1$/m);
    assert.match(r.stdout, /^skipped 2 \(no known answer: 1; does not fit the model: 1\), not in the figures$/m);
    assert.match(r.stdout, /^supervision: at most 16 steps, stop at the first step with q_halt > 0 whose answer repeats the step before$/m);
    assert.match(r.stderr, /skipped .*b-no-solution\.sudoku.*no known answer/);
    const all = trm('eval', model, join(dir, 'puzzles/a-unique.sudoku'), '--steps', '3', '--all-steps');
    assert.match(all.stdout, /^skipped none$/m);
    assert.match(all.stdout, /^supervision: at most 3 steps, run every step$/m);
  });

  it('says what it skipped when nothing is left to evaluate', () => {
    const r = trm('eval', model, join(dir, 'puzzles/b-no-solution.sudoku'));
    assert.equal(r.code, 1);
    assert.match(r.stderr, /no puzzles to evaluate on \(skipped: 1 \(no known answer: 1\), not in the figures\)/);
  });
});
