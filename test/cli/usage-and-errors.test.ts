/** `trm COMMAND --help` prints that command's usage; a path that is not there is one clear line, not a stack. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { tempDir, writeFixtureModel } from '../trm/model-fixtures';

const ROOT = join(__dirname, '../..');
const CLI = join(ROOT, 'dist/cli.js');

function trm(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('trm COMMAND --help', () => {
  for (const command of ['solve', 'check', 'train', 'eval', 'generate', 'adapt']) {
    it(`prints the usage of ${command} and exits 0`, () => {
      for (const flag of ['--help', '-h']) {
        const r = trm(command, flag);
        assert.equal(r.code, 0, r.stderr);
        assert.equal(r.stderr, '');
        assert.match(r.stdout, new RegExp(`^usage: trm ${command} `));
      }
      // Also after other arguments, which are not acted on.
      const late = trm(command, 'some-file', '--help');
      assert.equal(late.code, 0);
      assert.match(late.stdout, new RegExp(`^usage: trm ${command} `));
    });
  }
});

describe('trm eval with data that is not there', () => {
  it('says which path is missing in one line and exits 1', async () => {
    const model = await writeFixtureModel(tempDir('trm-cli-eval-'), 'm.onnx');
    const r = trm('eval', model, '/missing/path');
    assert.equal(r.code, 1);
    assert.equal(r.stderr, '/missing/path: not found\n');
    assert.doesNotMatch(r.stderr, /internal error|\n\s+at /);
  });
});

describe('trm train with contradictory evaluation flags', () => {
  it('refuses --eval-all-steps with --eval-halt-early before building any data', () => {
    const r = trm('train', '--kind', 'sudoku', '--preset', 'paper', '--eval-all-steps', '--eval-halt-early', '--out', tempDir('trm-cli-train-'));
    assert.equal(r.code, 2, r.stderr); // a usage error, as for any other bad option
    assert.match(r.stderr, /--eval-all-steps and --eval-halt-early exclude each other/);
    assert.match(trm('train', '--help').stdout, /--eval-all-steps, --eval-halt-early/);
  });
});
