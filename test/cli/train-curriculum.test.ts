// `trm train --curriculum` and `--init-from` as a user mistypes them: each refused with one clear line
// before any data is generated.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { tempDir } from '../trm/model-fixtures';

const ROOT = join(__dirname, '../..');
const trm = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, 'dist/cli.js'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });

describe('trm train --curriculum / --init-from', () => {
  it('refuses a curriculum without bands or loops to order', () => {
    const r = trm('train', '--kind', 'sudoku', '--preset', 'tiny', '--size', '9', '--curriculum', '--out', tempDir('trm-cur-'));
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--curriculum orders difficulty bands: give it with --bands \(sudoku\) or --loops \(maze\)/);
  });

  it('refuses a start model of another shape, naming what differs', () => {
    const r = trm('train', '--kind', 'maze', '--preset', 'tiny', '--size', '9', '--init-from', 'models/sudoku-9x9.onnx', '--steps', '1', '--out', tempDir('trm-init-'));
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^trm train: cannot start from models\/sudoku-9x9\.onnx: its .*mixer is "mlp_t"/m);
  });

  it('refuses an EMA decay outside [0, 1)', () => {
    for (const bad of ['1', '-0.1', 'fast']) {
      const r = trm('train', '--kind', 'sudoku', '--preset', 'tiny', '--size', '4', '--ema', bad, '--out', tempDir('trm-ema-'));
      assert.equal(r.status, 2, bad);
      assert.match(r.stderr, /--ema must be a decay from 0 \(no EMA\) up to but not including 1/, bad);
    }
  });

  it('lists the options in its usage', () => {
    const r = trm('train');
    assert.match(r.stderr, /--curriculum {4}with --bands or --loops/);
    assert.match(r.stderr, /--init-from M/);
    assert.match(r.stderr, /--stop-at S/);
    assert.match(r.stderr, /--ema X/);
  });
});
