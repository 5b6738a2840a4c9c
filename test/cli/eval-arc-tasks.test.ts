/**
 * `trm eval-arc MODEL --tasks FILE` as a user runs it, on the shipped 8x8 ARC model and the real task files:
 * the figures it prints agree with its attempts scored here against the raw solutions file, a task too large
 * for the canvas counts as failed, and a task the model was trained on is named.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { tempDir } from '../trm/model-fixtures';

const ROOT = join(__dirname, '../..');
const ARC_DIR = join(ROOT, '../shared/data/arc');

function trm(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'dist/cli.js'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

type Grid = number[][];
interface Report {
  tasks: number;
  pass1: number;
  pass2: number;
  testInputs: number;
  shapeRight: number;
  cellsRightWhereShapeRight: number;
  versions: number;
  trainedOn: string[];
  results: { task: string; fits: boolean; tests: number; pass1: boolean; pass2: boolean; attempts?: Grid[][] }[];
}

describe('trm eval-arc --tasks', () => {
  const dir = tempDir('trm-eval-arc-tasks-');
  // 0d3d703e and 3c9b0459: two of the 8x8 model's training tasks (its card); 6e02f1e3 is not; all three 3x3; af902bf9 is 10x10.
  const tasks = ['0d3d703e', '3c9b0459', '6e02f1e3', 'af902bf9'];
  const list = join(dir, 'held-out.json');
  writeFileSync(list, JSON.stringify({ format: 'trm-puzzles/arc-held-out/1', collection: 'arc-agi_training', maxSide: 10, count: tasks.length, seed: 0, rule: 'by hand', excludedIdsOf: [], tasks }));

  it('prints pass@1 and pass@2 that agree with its attempts scored against the solutions file', () => {
    const json = join(dir, 'report.json');
    const r = trm('eval-arc', 'models/arc-8x8.onnx', '--tasks', list, '--versions', '4', '--device', 'cpu', '--json', json);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(readFileSync(json, 'utf8')) as Report;
    const solutions = JSON.parse(readFileSync(join(ARC_DIR, 'arc-agi_training_solutions.json'), 'utf8')) as Record<string, Grid[]>;
    assert.deepEqual(report.results.map((t) => t.task), tasks);
    const same = (a: Grid | undefined, b: Grid): boolean => a !== undefined && JSON.stringify(a) === JSON.stringify(b);
    let pass1 = 0;
    let pass2 = 0;
    let inputs = 0;
    let shaped = 0;
    let cells = 0;
    let right = 0;
    for (const t of report.results) {
      const answers = solutions[t.task]!;
      assert.equal(t.tests, answers.length);
      if (!t.fits) {
        assert.equal(t.task, 'af902bf9');
        assert.equal(t.pass2, false);
        continue;
      }
      assert.equal(t.attempts!.length, answers.length);
      for (const attempts of t.attempts!) {
        assert.ok(attempts.length >= 1 && attempts.length <= 2);
        for (const g of attempts) assert.ok(g.every((row) => row.length === g[0]!.length && row.every((c) => Number.isInteger(c) && c >= 0 && c <= 9)));
      }
      answers.forEach((a, i) => {
        inputs++;
        const first = t.attempts![i]![0]!;
        if (first.length !== a.length || first[0]!.length !== a[0]!.length) return;
        shaped++;
        a.forEach((row, y) => row.forEach((c, x) => ((cells += 1), (right += first[y]![x] === c ? 1 : 0))));
      });
      const p1 = answers.every((a, i) => same(t.attempts![i]![0], a));
      const p2 = answers.every((a, i) => t.attempts![i]!.some((g) => same(g, a)));
      assert.equal(t.pass1, p1, t.task);
      assert.equal(t.pass2, p2, t.task);
      pass1 += p1 ? 1 : 0;
      pass2 += p2 ? 1 : 0;
    }
    assert.equal(report.testInputs, inputs);
    assert.equal(report.shapeRight, shaped);
    assert.equal(report.cellsRightWhereShapeRight, cells ? right / cells : 0);
    assert.equal(report.pass1, pass1);
    assert.equal(report.pass2, pass2);
    const card = JSON.parse(readFileSync(join(ROOT, 'models/arc-8x8.card.json'), 'utf8')) as { arcTasks: Record<string, string> };
    const cardTasks = new Set(Object.values(card.arcTasks).map((t) => t.split('/')[1]));
    assert.deepEqual(report.trainedOn, tasks.filter((t) => cardTasks.has(t)));
    assert.deepEqual(report.trainedOn, ['0d3d703e', '3c9b0459']);
    assert.match(r.stdout, new RegExp(`^pass@2: ${pass2}/4 `, 'm'));
    assert.match(r.stdout, /^af902bf9 {2}does not fit the 8x8 canvas: failed$/m);
    assert.match(r.stdout, /warning: the model was trained on 2 of these tasks \(0d3d703e, 3c9b0459\)/);
  });

  it('writes its figures into the model card with the command that re-creates them (--write-card)', () => {
    const model = join(dir, 'arc-8x8.onnx');
    copyFileSync(join(ROOT, 'models/arc-8x8.onnx'), model);
    copyFileSync(join(ROOT, 'models/arc-8x8.card.json'), join(dir, 'arc-8x8.card.json'));
    const json = join(dir, 'card-report.json');
    const r = trm('eval-arc', model, '--tasks', list, '--versions', '2', '--device', 'cpu', '--json', json, '--write-card');
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(readFileSync(json, 'utf8')) as Report;
    const card = JSON.parse(readFileSync(join(dir, 'arc-8x8.card.json'), 'utf8')) as { arcHeldOut: Record<string, unknown>; arcTasks: Record<string, string> };
    assert.equal(card.arcHeldOut['pass2'], report.pass2);
    assert.equal(card.arcHeldOut['pass1'], report.pass1);
    assert.deepEqual(card.arcHeldOut['tasks'], tasks);
    assert.equal(card.arcHeldOut['command'], `npm run --silent trm -- eval-arc ${model} --tasks ${list} --versions 2 --device cpu`);
    assert.match(String(card.arcHeldOut['attempts']), /blank task embedding \(no adaptation\), 2 augmented versions/);
    assert.equal(Object.keys(card.arcTasks).length, 8, 'the rest of the card is kept');
  });

  it('--adapt learns each task first, scores the adapted attempts, caches the rows per budget and writes arcHeldOutAdapted', () => {
    const model = join(dir, 'adapt-8x8.onnx');
    copyFileSync(join(ROOT, 'models/arc-8x8.onnx'), model);
    copyFileSync(join(ROOT, 'models/arc-8x8.card.json'), join(dir, 'adapt-8x8.card.json'));
    const small = join(dir, 'adapt-list.json');
    writeFileSync(small, JSON.stringify({ format: 'trm-puzzles/arc-held-out/1', collection: 'arc-agi_training', excludedIdsOf: [], tasks: ['6e02f1e3', 'af902bf9'] }));
    const cache = join(dir, 'adapt-cache');
    const json = join(dir, 'adapt-report.json');
    const run = (...extra: string[]) => trm('eval-arc', model, '--tasks', small, '--adapt', '--versions', '2', '--threads', '1', '--cache', cache, '--json', json, ...extra);
    const first = run('--adapt-steps', '3', '--write-card');
    assert.equal(first.code, 0, first.stderr);
    const report = JSON.parse(readFileSync(json, 'utf8')) as Report & { adapt: { steps: number; adapted: number; cached: number }; results: { demosReproduced?: string; fromCache?: boolean }[] };
    assert.deepEqual(report.adapt && { steps: report.adapt.steps, adapted: report.adapt.adapted, cached: report.adapt.cached }, { steps: 3, adapted: 1, cached: 0 });
    const [fits, tooBig] = report.results;
    assert.equal(tooBig!.fits, false);
    const solutions = JSON.parse(readFileSync(join(ARC_DIR, 'arc-agi_training_solutions.json'), 'utf8')) as Record<string, Grid[]>;
    const answers = solutions['6e02f1e3']!;
    const same = (a: Grid | undefined, b: Grid): boolean => a !== undefined && JSON.stringify(a) === JSON.stringify(b);
    assert.equal(fits!.pass2, answers.every((a, i) => fits!.attempts![i]!.some((g) => same(g, a))));
    assert.match(fits!.demosReproduced ?? '', /^\d+\/5$/);
    assert.match(first.stderr, /^6e02f1e3: pass@2 (yes|no), demonstrations reproduced \d+\/5, demonstration loss \d+\.\d{3} -> \d+\.\d{3}, held-out demonstration \d\/8 versions, loss \d+\.\d{3}, adapted in [\d.]+ s$/m);
    assert.match(first.stdout, /test-time adaptation, at most 3 steps, network frozen\), 2 augmented versions/);
    const card = JSON.parse(readFileSync(join(dir, 'adapt-8x8.card.json'), 'utf8')) as { arcHeldOut: Record<string, unknown>; arcHeldOutAdapted: Record<string, unknown> };
    assert.equal(card.arcHeldOutAdapted['pass2'], report.pass2);
    assert.equal(card.arcHeldOutAdapted['adaptSteps'], 3);
    assert.equal(card.arcHeldOutAdapted['command'], `npm run --silent trm -- eval-arc ${model} --tasks ${small} --adapt --versions 2 --adapt-steps 3 --threads 1`);
    const shipped = JSON.parse(readFileSync(join(ROOT, 'models/arc-8x8.card.json'), 'utf8')) as { arcHeldOut?: unknown };
    assert.deepEqual(card.arcHeldOut, shipped.arcHeldOut, 'the no-adaptation figures stay as they were');
    // The same budget again: the row comes from the cache, the attempts are the same; another budget adapts anew.
    const again = run('--adapt-steps', '3');
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stderr, /^6e02f1e3: .*row from the cache \(adapted in [\d.]+ s\)$/m);
    const cached = JSON.parse(readFileSync(json, 'utf8')) as typeof report;
    assert.deepEqual(cached.results[0]!.attempts, fits!.attempts);
    const other = run('--adapt-steps', '4');
    assert.equal(other.code, 0, other.stderr);
    assert.match(other.stderr, /^6e02f1e3: .*adapted in [\d.]+ s$/m);
  });

  it('refuses the adaptation options without --adapt, and --device with it', () => {
    const r = trm('eval-arc', 'models/arc-8x8.onnx', '--tasks', list, '--cache', dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--adapt-steps, --cache and --threads go with --adapt/);
    const d = trm('eval-arc', 'models/arc-8x8.onnx', '--tasks', list, '--adapt', '--device', 'cpu');
    assert.equal(d.code, 2);
    assert.match(d.stderr, /--adapt runs on the CPU/);
  });

  it('says what is wrong with a file that is not a held-out list, or names an unknown task', () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '["0d3d703e"]');
    const r = trm('eval-arc', 'models/arc-8x8.onnx', '--tasks', bad);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /--tasks: .*bad\.json is not an ARC held-out list/);
    const unknown = join(dir, 'unknown.json');
    writeFileSync(unknown, JSON.stringify({ format: 'trm-puzzles/arc-held-out/1', collection: 'arc-agi_training', excludedIdsOf: [], tasks: ['nope1234'] }));
    const u = trm('eval-arc', 'models/arc-8x8.onnx', '--tasks', unknown);
    assert.equal(u.code, 1);
    assert.match(u.stderr, /names tasks arc-agi_training does not hold: nope1234/);
  });

  it('refuses an empty, a binary and a sparse giant --tasks file in one line, reading none of the giant', () => {
    const empty = join(dir, 'empty.json');
    writeFileSync(empty, '');
    const binary = join(dir, 'binary.json');
    writeFileSync(binary, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 197 + 13) % 256)));
    const giant = join(dir, 'giant.json');
    writeFileSync(giant, '');
    truncateSync(giant, 3 * 1024 ** 3);
    for (const [file, why] of [[empty, /JSON/], [binary, /JSON/], [giant, /3072 MB is larger than the 16 MB/]] as const) {
      const r = trm('eval-arc', 'models/arc-8x8.onnx', '--tasks', file);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /^--tasks: /);
      assert.match(r.stderr, why);
      assert.doesNotMatch(r.stderr, /internal error|\n\s+at /);
    }
  });
});
