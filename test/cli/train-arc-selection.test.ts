/**
 * `trm train --kind arc` task selection from the command line: several collections, a held-out list whose
 * tasks (and the ids of the collections it names) never reach the run, the choice written into the card;
 * wrong options fail before training with a clear message.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { tempDir } from '../trm/model-fixtures';

const ROOT = join(__dirname, '../..');

function trm(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'dist/cli.js'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 300_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('trm train --kind arc task selection', () => {
  const dir = tempDir('trm-train-arc-selection-');
  // 0d3d703e and 25ff71a9 would be among the first training tasks of at most 3x3 (the 8x8 model's own).
  const heldOutTasks = ['0d3d703e', '25ff71a9'];
  const list = join(dir, 'held-out.json');
  writeFileSync(list, JSON.stringify({ format: 'trm-puzzles/arc-held-out/1', collection: 'arc-agi_training', maxSide: 3, count: 2, seed: 0, rule: 'by hand', excludedIdsOf: ['arc-agi_evaluation'], tasks: heldOutTasks }));

  it('trains on the tasks left after the held-out list, and records the list in the card', () => {
    const out = join(dir, 'run');
    const r = trm('train', '--kind', 'arc', '--preset', 'tiny', '--size', '6', '--steps', '2', '--threads', '1', '--device', 'cpu',
      '--collections', 'arc-agi_training,arc-agi_training2', '--held-out', list, '--max-side', '3', '--task-count', '6', '--augmentation-ids', '2', '--out', out, '--name', 'm');
    assert.equal(r.code, 0, r.stderr);
    const card = JSON.parse(readFileSync(join(out, 'm.card.json'), 'utf8')) as {
      arcTasks: Record<string, string>;
      dataset: { plan: { heldOutTasks: string[]; excludeIdsOf: string[]; firstOfEachName: boolean; augmentationIds: number; collections: string[] } };
      training: { command: string };
    };
    const trained = Object.values(card.arcTasks);
    assert.equal(trained.length, 6);
    for (const t of trained) assert.ok(!heldOutTasks.includes(t.split('/')[1]!), `${t} is held out`);
    assert.equal(new Set(trained.map((t) => t.split('/')[1])).size, 6, 'each id once');
    assert.deepEqual(card.dataset.plan.heldOutTasks, heldOutTasks);
    assert.deepEqual(card.dataset.plan.excludeIdsOf, ['arc-agi_evaluation']);
    assert.equal(card.dataset.plan.firstOfEachName, true);
    assert.equal(card.dataset.plan.augmentationIds, 2);
    assert.match(card.training.command, /--held-out .*held-out\.json/);
  });

  it('refuses unknown collections, ARC options for other kinds and a file that is not a held-out list', () => {
    const unknown = trm('train', '--kind', 'arc', '--preset', 'tiny', '--collections', 'arc-agi_training,nope');
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /--collections takes arc-agi_training, .*; not nope/);
    const other = trm('train', '--kind', 'sudoku', '--preset', 'tiny', '--held-out', list);
    assert.equal(other.code, 2);
    assert.match(other.stderr, /--held-out is for --kind arc/);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"tasks": 3}');
    const notList = trm('train', '--kind', 'arc', '--preset', 'tiny', '--held-out', bad);
    assert.equal(notList.code, 2);
    assert.match(notList.stderr, /--held-out: .*bad\.json is not an ARC held-out list/);
  });
});
