// `trm train --curriculum`, `--init-from` and `--min-path` as a user mistypes them: each refused with one
// clear line before any data is generated; and `--min-path` reaching the data the card records.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
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
    for (const bad of ['1', '-0.1', 'fast', '', ' ']) {
      const r = trm('train', '--kind', 'sudoku', '--preset', 'tiny', '--size', '4', '--ema', bad, '--out', tempDir('trm-ema-'));
      assert.equal(r.status, 2, bad);
      assert.match(r.stderr, /--ema must be a decay from 0 \(no EMA\) up to but not including 1/, bad);
    }
  });

  it('refuses --min-path outside [0, 1] or for a sudoku', () => {
    for (const bad of ['1.5', '-0.1', 'long', '', '1e999', '\u0001\u00ff']) {
      const r = trm('train', '--kind', 'maze', '--preset', 'tiny', '--size', '9', '--min-path', bad, '--out', tempDir('trm-mp-'));
      assert.equal(r.status, 2, bad);
      assert.match(r.stderr, /--min-path must be a fraction of the maze's cells from 0 to 1/, bad);
    }
    const r = trm('train', '--kind', 'sudoku', '--preset', 'tiny', '--size', '4', '--min-path', '0', '--out', tempDir('trm-mp-'));
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--min-path is for --kind maze/);
    const blankSeed = trm('train', '--kind', 'maze', '--preset', 'tiny', '--seed', '', '--out', tempDir('trm-mp-'));
    assert.equal(blankSeed.status, 2);
    assert.match(blankSeed.stderr, /--seed must be an integer from 0/);
  });

  it('--min-path sets the mazes the run trains on, as its card records', () => {
    const out = tempDir('trm-mp-');
    const r = trm('train', '--kind', 'maze', '--preset', 'tiny', '--size', '9', '--loops', '0-2', '--min-path', '0', '--steps', '1', '--threads', '1', '--out', out, '--name', 'm');
    assert.equal(r.status, 0, r.stderr);
    const card = JSON.parse(readFileSync(join(out, 'm.card.json'), 'utf8')) as { dataset: { plan: { minPathFraction: number; loops: number[] } }; data: string };
    assert.equal(card.dataset.plan.minPathFraction, 0);
    assert.deepEqual(card.dataset.plan.loops, [0, 2]);
    assert.match(card.data, /shortest path >= 0 \* rows\*cols steps/);
  });

  it('lists the options in its usage', () => {
    const r = trm('train');
    assert.match(r.stderr, /--curriculum {4}with --bands or --loops/);
    assert.match(r.stderr, /--init-from M/);
    assert.match(r.stderr, /--stop-at S/);
    assert.match(r.stderr, /--ema X/);
    assert.match(r.stderr, /--min-path F/);
  });
});
