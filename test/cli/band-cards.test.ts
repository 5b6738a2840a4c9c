// Per-band figures in a model card, as a user writes and re-creates them: `trm eval MODEL --bands
// --write-card` stores the tables, the command and the training band in the card; running the command the
// card records (through scripts/remeasure-cards.ts) gives the same tables again; `--held-out-of` measures a
// model on another model's held-out set.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { tempDir } from '../trm/model-fixtures';

const ROOT = join(__dirname, '../..');
const run = (args: string[]) => spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', timeout: 300_000 });

describe('per-band figures in a model card', () => {
  const dir = tempDir('trm-band-card-');
  const model = join(dir, 'maze.onnx');
  copyFileSync(join(ROOT, 'models/maze-9x9.onnx'), model);
  // The shipped model under a card whose dataset is small, so rebuilding it (to keep the bands apart from it)
  // takes moments: what is tested is the card's bookkeeping, not the figures.
  const shipped = JSON.parse(readFileSync(join(ROOT, 'models/maze-9x9.card.json'), 'utf8'));
  shipped.dataset.plan = { ...shipped.dataset.plan, trainSize: 200, evalSize: 16 };
  writeFileSync(join(dir, 'maze.card.json'), JSON.stringify(shipped));
  const card = () => JSON.parse(readFileSync(join(dir, 'maze.card.json'), 'utf8'));

  it('trm eval --bands --write-card records the tables, the command and the training band; the command re-creates them', () => {
    const r = run([join(ROOT, 'dist/cli.js'), 'eval', model, '--bands', '--per-band', '3', '--write-card']);
    assert.equal(r.status, 0, r.stderr);
    const written = card();
    assert.equal(written.bands.command, `npm run --silent trm -- eval ${model} --bands --per-band 3 --seed 0 --write-card`);
    assert.deepEqual(written.bands.tables.loops.map((row: { value: string }) => row.value), ['0', '1-3', '4-6']);
    assert.deepEqual(written.bands.tables.loops.map((row: { puzzles: number }) => row.puzzles), [3, 3, 3]);
    assert.equal(written.bands.tables.routes.reduce((s: number, row: { puzzles: number }) => s + row.puzzles, 0), 9);
    for (const row of written.bands.tables.loops) assert.match(r.stdout, new RegExp(`\\| ${row.value} \\| 3 \\| ${(row.exact * 100).toFixed(1)}% \\|`));
    assert.equal(written.trainingBand.kind, 'maze');
    assert.deepEqual(written.trainingBand.side, [9, 9]);
    assert.match(r.stdout, /wrote the figures and the training band \(9x9 mazes, /);

    const again = run(['--import', 'tsx', join(ROOT, 'scripts/remeasure-cards.ts'), model]);
    assert.equal(again.status, 0, again.stderr);
    const remeasured = card();
    assert.deepEqual(remeasured.bands.tables, written.bands.tables);
    assert.deepEqual(remeasured.trainingBand, written.trainingBand);
    assert.notEqual(remeasured.bands.measured, written.bands.measured);
  });

  it('trm eval --held-out-of measures on another card held-out set, and refuses DATA with it', () => {
    const r = run([join(ROOT, 'dist/cli.js'), 'eval', model, '--held-out-of', join(ROOT, 'models/maze-9x9.onnx'), '--limit', '4']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /on the held-out set of .*models\/maze-9x9\.onnx \(maze-9x9-hard/);
    assert.match(r.stdout, /puzzles 4 \(the first 4 of 256/);
    const bad = run([join(ROOT, 'dist/cli.js'), 'eval', model, '--held-out-of', model, 'examples/maze']);
    assert.notEqual(bad.status, 0);
    assert.match(bad.stderr, /--held-out-of names the data: give no DATA with it/);
  });
});
