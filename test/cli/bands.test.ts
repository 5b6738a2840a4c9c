// Difficulty bands from the command line as a user runs it (dist/cli.js in a child process): `trm generate
// --band` writes graded sudokus whose grade the independent oracles confirm, `--loops` writes mazes with
// that many loops and one shortest path (the maze oracle's count), and `trm eval --bands` on the shipped
// maze model prints one table row per band with every puzzle counted once.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { tempDir } from '../trm/model-fixtures';
import { oracleLoops, oracleReadMaze, oracleShortestPaths } from '../oracles/maze-oracle';
import { oracleSolve } from '../oracles/sudoku-oracle';
import { oracleSinglesSolve } from '../oracles/sudoku-singles-oracle';

const ROOT = join(__dirname, '../..');
const CLI = join(ROOT, 'dist/cli.js');

function trm(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function sudokuGrid(text: string): number[][] {
  return text
    .split('\n')
    .filter((l) => !l.startsWith('#') && /[.\d]/.test(l) && !/^[-+]+$/.test(l))
    .map((l) => [...l.replace(/[ |]/g, '')].map((ch) => (ch === '.' ? 0 : Number(ch))));
}

describe('trm generate --band / --loops', () => {
  it('writes sudokus of the asked bands, graded as the oracles grade them', () => {
    const out = tempDir('trm-gen-band-');
    const r = trm('generate', '--kind', 'sudoku', '--band', 'medium,search', '--count', '12', '--seed', '3', '--out', out);
    assert.equal(r.code, 0, r.stderr);
    const bands = new Set<string>();
    for (const f of readdirSync(out)) {
      const text = readFileSync(join(out, f), 'utf8');
      const m = /# band (\w+), (\d+) givens, hardest technique ([\w-]+), (\d+) guesses/.exec(text);
      assert.ok(m, text);
      const grid = sudokuGrid(text);
      assert.equal(grid.flat().filter((d) => d !== 0).length, Number(m[2]));
      assert.equal(oracleSolve(grid, 2).count, 1);
      const expected = !oracleSinglesSolve(grid) ? 'search' : oracleSinglesSolve(grid, true) ? 'naked-single' : 'hidden-single';
      assert.equal(m[3], expected);
      if (m[1] === 'search') assert.equal(m[3], 'search');
      bands.add(m[1]!);
    }
    assert.deepEqual(bands, new Set(['medium', 'search']));
  });

  it('writes mazes with the asked loops and a unique shortest path', () => {
    const out = tempDir('trm-gen-loops-');
    const r = trm('generate', '--kind', 'maze', '--size', '15', '--loops', '2-4', '--count', '20', '--out', out);
    assert.equal(r.code, 0, r.stderr);
    for (const f of readdirSync(out)) {
      const lines = readFileSync(join(out, f), 'utf8').split('\n').filter((l) => l.startsWith('#'));
      const maze = oracleReadMaze(lines);
      assert.equal(oracleShortestPaths(maze).count, 1n);
      const loops = oracleLoops(maze);
      assert.ok(loops >= 2 && loops <= 4, `${loops} loops`);
    }
  });

  it('--min-path keeps only mazes with at least that share of the cells as shortest path (the oracle measures it)', () => {
    for (const [minPath, least] of [['0.2', 16], ['0', 1]] as const) {
      const out = tempDir('trm-gen-minpath-');
      const r = trm('generate', '--kind', 'maze', '--size', '9', '--loops', '0-3', '--min-path', minPath, '--count', '40', '--out', out);
      assert.equal(r.code, 0, r.stderr);
      const lengths = readdirSync(out).map((f) => oracleShortestPaths(oracleReadMaze(readFileSync(join(out, f), 'utf8').split('\n').filter((l) => l.startsWith('#')))).length);
      assert.equal(lengths.length, 40);
      for (const n of lengths) assert.ok(n >= least, `${n} steps at --min-path ${minPath}`);
      // Without the default's floor of 10 steps some shorter paths come out.
      if (minPath === '0') assert.ok(lengths.some((n) => n < 10), `${lengths}`);
    }
    assert.match(trm('generate', '--kind', 'maze', '--min-path', '2').stderr, /--min-path must be a fraction of the maze's cells from 0 to 1/);
    assert.match(trm('generate', '--kind', 'sudoku', '--min-path', '0.1').stderr, /--min-path is for --kind maze/);
  });

  it('refuses bands and loops it cannot make, in one line', () => {
    assert.match(trm('generate', '--kind', 'sudoku', '--band', 'easy,nope').stderr, /no sudoku band "nope"/);
    assert.match(trm('generate', '--kind', 'sudoku', '--size', '6', '--band', 'easy').stderr, /--band is for 9x9 sudoku/);
    assert.match(trm('generate', '--kind', 'maze', '--band', 'easy').stderr, /--band is for --kind sudoku/);
    assert.match(trm('generate', '--kind', 'maze', '--size', '9', '--loops', '12').stderr, /has 9 inner walls to open, not 12/);
    assert.match(trm('train', '--kind', 'maze', '--preset', 'tiny', '--bands', 'easy').stderr, /--bands is for --kind sudoku/);
    assert.match(trm('train', '--kind', 'sudoku', '--preset', 'tiny', '--bands', 'easy:x').stderr, /not a positive number/);
  });
});

describe('trm eval --bands', () => {
  it('splits the shipped maze model\'s figures by loops, by routes and by path steps, every puzzle counted once per table', () => {
    const r = trm('eval', 'models/maze-9x9.onnx', '--bands', '--per-band', '6');
    assert.equal(r.code, 0, r.stderr);
    const tables = r.stdout.split('\n\n').slice(1);
    assert.equal(tables.length, 3);
    for (const [table, firstColumn] of [[tables[0]!, 'loops'], [tables[1]!, 'routes'], [tables[2]!, 'path']] as const) {
      const rows = table.trim().split('\n');
      assert.equal(rows[0], `| ${firstColumn} | puzzles | exact | cell | mean steps |`);
      const counts = rows.slice(2).map((row) => Number(row.split('|')[2]));
      assert.equal(counts.reduce((a, b) => a + b, 0), 18);
    }
    assert.deepEqual(tables[0]!.trim().split('\n').slice(2).map((row) => row.split('|')[1]!.trim()), ['0', '1-3', '4-6']);
    assert.match(trm('eval', 'models/maze-9x9.onnx', '--bands', 'examples/maze').stderr, /give no DATA with it/);
  });
});
