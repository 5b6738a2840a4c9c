/** The `trm` CLI as a user runs it: the bundled dist/cli.js in a child process, on the files in examples/. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { tempDir, writeFixtureModel } from '../trm/model-fixtures';

const ROOT = join(__dirname, '../..');
const CLI = join(ROOT, 'dist/cli.js');

function trm(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function examples(dir: string): string[] {
  return readdirSync(join(ROOT, 'examples', dir)).map((f) => join('examples', dir, f));
}

/** Where each broken example must be flagged: `line:col: severity` of its first problem, and its code. */
const BROKEN: Record<string, [string, string][]> = {
  'bad-char.sudoku': [['4:11: error', 'sudoku/invalid-character']],
  'duplicate.sudoku': [['2:1: error', 'sudoku/duplicate-in-row'], ['2:19: error', 'sudoku/duplicate-in-row']],
  'ragged.sudoku': [['7:1: error', 'sudoku/row-length']],
  'no-solution.sudoku': [['2:1: error', 'sudoku/no-solution']],
  'two-solutions.sudoku': [['3:1: warning', 'sudoku/multiple-solutions']],
  'broken-path.maze': [['6:3: error', 'maze/path-broken'], ['6:5: error', 'maze/path-broken']],
  'two-starts.maze': [['10:6: error', 'maze/extra-start']],
  'unreachable.maze': [['2:2: error', 'maze/unreachable-goal']],
  'long-path.maze': [['2:3: warning', 'maze/path-not-shortest']],
  'ragged.arc.json': [['7:9: error', 'arc/ragged-grid']],
  'bad-colour.arc.json': [['12:16: error', 'arc/invalid-colour'], ['20:13: error', 'arc/invalid-colour']],
  'syntax-error.arc.json': [['7:9: error', 'arc/syntax-error']],
};

describe('trm check', () => {
  it('reports nothing for the valid examples and exits 0', () => {
    const files = ['sudoku', 'maze', 'arc'].flatMap(examples);
    assert.ok(files.length >= 10);
    const r = trm('check', ...files);
    assert.equal(r.stdout, '');
    assert.equal(r.code, 0, r.stderr);
  });

  it('flags every broken example at its line and column', () => {
    const files = examples('broken').filter((f) => !f.endsWith('.md'));
    assert.deepEqual(files.map((f) => f.split('/').pop()).sort(), Object.keys(BROKEN).sort(), 'every broken example has expectations');
    for (const file of files) {
      const r = trm('check', file);
      const expected = BROKEN[file.split('/').pop()!]!;
      const lines = r.stdout.trim().split('\n');
      assert.equal(lines.length, expected.length, `${file}:\n${r.stdout}`);
      expected.forEach(([where, code], i) => {
        assert.ok(lines[i]!.startsWith(`${file}:${where}: `), `${file}: expected ${where}, got ${lines[i]}`);
        assert.ok(lines[i]!.endsWith(`[${code}]`), `${file}: expected ${code}, got ${lines[i]}`);
      });
      const hasError = expected.some(([where]) => where.endsWith('error'));
      assert.equal(r.code, hasError ? 1 : 0, `${file} exit code`);
    }
  });

  it('says clearly when a file cannot be read or is not a puzzle, and exits non-zero', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trm-cli-'));
    writeFileSync(join(dir, 'notes.txt'), 'hello');
    const missing = trm('check', join(dir, 'nope.sudoku'));
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /nope\.sudoku: cannot read \(ENOENT\)/);
    const other = trm('check', join(dir, 'notes.txt'));
    assert.match(other.stderr, /not a puzzle file/);
    assert.equal(trm('frobnicate').code, 2);
  });
});

describe('trm solve', () => {
  it('prints a solved sudoku in the file own layout, keeping the original puzzle recoverable', () => {
    const r = trm('solve', 'examples/sudoku/hard-9x9.sudoku');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^# puzzle: 8\.{10}36\.{6}7\.\.9\.2\.\.\.5\.\.\.7\.{7}457\.{5}1\.\.\.3\.\.\.1\.{4}68\.\.85\.\.\.1\.\.9\.{4}4\.\.$/m);
    assert.match(r.stdout, /^812753649\n943682175\n675491283\n154237896\n369845721\n287169534\n521974368\n438526917\n796318452$/m);
  });

  it('prints a maze with the shortest path drawn', () => {
    const r = trm('solve', 'examples/maze/small.maze');
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.stdout.includes('o'));
    const dir = mkdtempSync(join(tmpdir(), 'trm-cli-'));
    writeFileSync(join(dir, 'solved.maze'), r.stdout);
    const recheck = trm('check', join(dir, 'solved.maze'));
    assert.equal(recheck.stdout, '', 'the printed solution is a valid, shortest drawn path');
  });

  it('refuses a broken puzzle with its diagnostics', () => {
    const r = trm('solve', 'examples/broken/duplicate.sudoku');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /cannot solve: the file has errors/);
    assert.match(r.stderr, /duplicate\.sudoku:2:1: error/);
  });
});

describe('trm solve with a model', () => {
  let dir: string;
  let model: string;
  before(async () => {
    dir = tempDir('trm-cli-model-');
    model = await writeFixtureModel(dir, 'random-4x4.onnx', { random: true, seed: 21, name: 'random-4x4' });
  });

  it('reports a wrong model answer as such and prints the exact answer instead', () => {
    const r = trm('solve', 'examples/sudoku/small-4x4.sudoku', '--model', model, '--steps', '2');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /sudoku: TRM random-4x4's answer fails verification \(.*\): .* Wrong: row \d, column \d/);
    assert.match(r.stderr, /printing the exact solver's answer instead/);
    assert.match(r.stdout, /1 2 \| 4 3\n3 4 \| 2 1\n----\+----\n4 3 \| 1 2\n2 1 \| 3 4/);
  });

  it('prints the model own answer with --no-verify, and every step with --trace', () => {
    const r = trm('solve', 'examples/sudoku/small-4x4.sudoku', '--model', model, '--steps', '3', '--all-steps', '--no-verify', '--trace');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /random-4x4 on CPU, [\d.]+ ms, 3 supervision steps/);
    assert.equal(r.stderr.match(/^-- step \d: q_halt -?[\d.]+ \(halt \d+%\), \d+ cells changed$/gm)?.length, 3);
    assert.match(r.stderr, /fails verification .* Printing the model's own answer \(--no-verify\)/);
    const out = join(dir, 'model-answer.sudoku');
    writeFileSync(out, r.stdout);
    assert.equal(trm('check', out).code, 1, 'the unverified answer is what the model said, errors and all');
  });

  it('refuses a model of another kind or board size with a clear message', async () => {
    const maze = await writeFixtureModel(dir, 'maze.onnx', { kind: 'maze', canvas: { rows: 4, cols: 4 }, vocabulary: ['pad', '#', ' ', 'S', 'G', 'o'] });
    const wrongKind = trm('solve', 'examples/sudoku/small-4x4.sudoku', '--model', maze);
    assert.equal(wrongKind.code, 1);
    assert.match(wrongKind.stderr, /is a maze model, not a sudoku model/);
    const wrongSize = trm('solve', 'examples/sudoku/six-6x6.sudoku', '--model', model);
    assert.equal(wrongSize.code, 1);
    assert.match(wrongSize.stderr, /reads 4x4 boards; this one is 6x6/);
    const missing = trm('solve', 'examples/sudoku/small-4x4.sudoku', '--model', join(dir, 'nope.onnx'));
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /cannot read model file .*nope\.onnx: not found/);
  });
});

describe('trm generate', () => {
  it('writes seeded puzzle files that check clean, the same ones for the same seed', () => {
    const a = tempDir('trm-gen-a-');
    const b = tempDir('trm-gen-b-');
    for (const out of [a, b]) {
      const r = trm('generate', '--kind', 'sudoku', '--size', '6', '--count', '2', '--seed', '7', '--out', out);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /wrote 2 files/);
    }
    const files = readdirSync(a).sort();
    assert.equal(files.length, 2);
    for (const f of files) assert.equal(readFileSync(join(a, f), 'utf8'), readFileSync(join(b, f), 'utf8'));
    const maze = tempDir('trm-gen-maze-');
    assert.equal(trm('generate', '--kind', 'maze', '--size', '11', '--count', '1', '--out', maze).code, 0);
    const check = trm('check', ...readdirSync(a).map((f) => join(a, f)), ...readdirSync(maze).map((f) => join(maze, f)));
    assert.equal(check.stdout, '');
    assert.equal(check.code, 0);
  });
});
