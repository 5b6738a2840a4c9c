/**
 * `trm import` as a user runs it (the bundled dist/cli.js): checkpoints of the official TRM become models
 * that `trm solve --model` serves, answering after each supervision step what the official model answered
 * (test/fixtures/reference-checkpoint/reference-outputs.json, computed by PyTorch); hostile and incomplete
 * checkpoints are refused with a message that says why.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { FIXTURE } from '../trm/import/fixture';

const ROOT = join(__dirname, '../..');
const CLI = join(ROOT, 'dist/cli.js');

function trm(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface ReferenceRun {
  tokens: number[][];
  steps: { q_halt: number[]; answers: number[][] }[];
}
const reference = JSON.parse(readFileSync(join(FIXTURE, 'reference-outputs.json'), 'utf8')) as { models: Record<string, ReferenceRun> };

/** The official model's answer tokens as `trm solve --trace` draws a board: unknown tokens as '?'. */
function drawn(kind: 'sudoku' | 'maze', tokens: number[], side: number): string {
  const cell = (t: number): string => (t === 0 ? '?' : kind === 'maze' ? ('# SGo'[t - 1] ?? '?') : t === 1 ? '.' : String(t - 1));
  const rows: string[] = [];
  for (let r = 0; r < side; r++) rows.push(tokens.slice(r * side, (r + 1) * side).map(cell).join(kind === 'maze' ? '' : ' '));
  return rows.join('\n');
}

/** The puzzle the official model saw in its first batch row, as a file. */
function puzzleFile(kind: 'sudoku' | 'maze', tokens: number[], side: number): string {
  const rows: string[] = [];
  for (let r = 0; r < side; r++) {
    const row = tokens.slice(r * side, (r + 1) * side);
    rows.push(kind === 'maze' ? row.map((t) => '# SGo'[t - 1]).join('') : row.map((t) => (t === 1 ? '.' : String(t - 1))).join(' '));
  }
  return `${rows.join('\n')}\n`;
}

/** The reference evaluator's crop of a 30x30 answer: the largest top-left rectangle of colours, as colours. */
function crop(tokens: number[]): number[][] {
  let best = { area: 0, rows: 0, cols: 0 };
  let width = 30;
  for (let r = 0; r < 30; r++) {
    const firstNonColour = tokens.slice(r * 30, r * 30 + width).findIndex((t) => t < 2 || t > 11);
    if (firstNonColour >= 0) width = firstNonColour;
    if ((r + 1) * width > best.area) best = { area: (r + 1) * width, rows: r + 1, cols: width };
  }
  return Array.from({ length: best.rows }, (_, r) => tokens.slice(r * 30, r * 30 + best.cols).map((t) => t - 2));
}

describe('trm import, then trm solve --model', () => {
  const dir = mkdtempSync(join(tmpdir(), 'trm-import-cli-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  const cases = [
    { model: 'sudoku4-attention', kind: 'sudoku' as const, side: 4, extra: [] as string[] },
    { model: 'sudoku4-mlpt-prefix', kind: 'sudoku' as const, side: 4, extra: [] as string[] },
    { model: 'maze5-attention-prefix16', kind: 'maze' as const, side: 5, extra: ['--seq-len', '25'] },
  ];
  for (const c of cases) {
    it(`${c.model}: imported, served, and its answer and q_halt after each step are the official model's`, () => {
      const ref = reference.models[c.model]!;
      const imported = trm(dir, 'import', join(FIXTURE, c.model, 'step_3'), '--out', dir, '--name', c.model, ...c.extra);
      assert.equal(imported.code, 0, imported.stderr);
      assert.match(imported.stdout, new RegExp(`${c.kind} ${c.side}x${c.side}`));
      const card = JSON.parse(readFileSync(join(dir, `${c.model}.card.json`), 'utf8')) as { kind: string; training: { description: string } };
      assert.equal(card.kind, c.kind);
      assert.match(card.training.description, /imported from the reference PyTorch checkpoint step_3/);

      const puzzle = join(dir, `${c.model}.${c.kind}`);
      writeFileSync(puzzle, puzzleFile(c.kind, ref.tokens[0]!, c.side));
      const solved = trm(dir, 'solve', puzzle, '--model', join(dir, `${c.model}.onnx`), '--steps', '3', '--all-steps', '--no-verify', '--trace');
      assert.equal(solved.code, 0, solved.stderr);
      const blocks = solved.stderr.split(/^-- step /m).slice(1);
      assert.equal(blocks.length, 3, solved.stderr);
      blocks.forEach((block, s) => {
        const step = ref.steps[s]!;
        const q = Number(/q_halt (-?[\d.]+)/.exec(block)?.[1]);
        assert.ok(Math.abs(q - step.q_halt[0]!) <= 0.0051, `step ${s + 1}: q_halt ${q}, official ${step.q_halt[0]}`);
        const board = block.split('\n').slice(1, 1 + c.side).join('\n');
        assert.equal(board, drawn(c.kind, step.answers[0]!, c.side), `step ${s + 1}`);
      });
    });
  }

  it('an ARC checkpoint with its dataset folder knows its tasks: each is answered with its own embedding row', () => {
    const ref = reference.models['arc30-attention-prefix16']!;
    const data = join(FIXTURE, 'arc1concept-aug-fixture');
    const imported = trm(dir, 'import', join(FIXTURE, 'arc30-attention-prefix16', 'step_3'), '--data', data, '--out', dir, '--name', 'arc');
    assert.equal(imported.code, 0, imported.stderr);
    assert.match(imported.stdout, /ARC tasks: 2 of 2 named in identifiers.json found/);
    assert.match(imported.stderr, /1 augmented-task rows are not used/);
    const card = JSON.parse(readFileSync(join(dir, 'arc.card.json'), 'utf8')) as { puzzleIds: Record<string, number> };
    assert.deepEqual(Object.values(card.puzzleIds).sort(), [1, 3]);
    const tasks = JSON.parse(readFileSync(join(data, 'test_puzzles.json'), 'utf8')) as Record<string, { train: unknown[]; test: { input: number[][] }[] }>;
    // Batch rows of the official run: task 0d3d703e with its row 1, and task 25d8a9c8 with its row 3.
    for (const [name, row] of [['0d3d703e', 0], ['25d8a9c8', 2]] as const) {
      const file = join(dir, `${name}.arc.json`);
      writeFileSync(file, JSON.stringify({ train: tasks[name]!.train, test: [{ input: tasks[name]!.test[0]!.input }] }));
      const solved = trm(dir, 'solve', file, '--model', join(dir, 'arc.onnx'), '--steps', '3', '--all-steps', '--no-verify', '--trace');
      assert.equal(solved.code, 0, solved.stderr);
      assert.doesNotMatch(solved.stderr, /not trained on this task/);
      const qs = [...solved.stderr.matchAll(/^-- step \d+: q_halt (-?[\d.]+)/gm)].map((m) => Number(m[1]));
      assert.equal(qs.length, 3, solved.stderr);
      qs.forEach((q, s) => assert.ok(Math.abs(q - ref.steps[s]!.q_halt[row]!) <= 0.0051, `${name} step ${s + 1}: q_halt ${q}, official ${ref.steps[s]!.q_halt[row]}`));
      const output = (JSON.parse(solved.stdout) as { test: { output: number[][] }[] }).test[0]!.output;
      assert.deepEqual(output, crop(ref.steps[2]!.answers[row]!), name);
    }
  });

  it('--config may be an arch file in the style of config/arch/trm.yaml, with its ${.hidden_size} reference', () => {
    const arch = join(dir, 'arch.yaml');
    writeFileSync(
      arch,
      [
        'name: recursive_reasoning.trm@TinyRecursiveReasoningModel_ACTV1',
        'loss:',
        '  name: losses@ACTLossHead',
        'halt_max_steps: 16',
        'H_cycles: 3',
        'L_cycles: 2',
        'L_layers: 2',
        'hidden_size: 16',
        'num_heads: 2',
        'expansion: 4',
        'puzzle_emb_ndim: ${.hidden_size}',
        'pos_encodings: rope',
        'puzzle_emb_len: 16',
        '',
      ].join('\n'),
    );
    const ok = trm(dir, 'import', join(FIXTURE, 'maze5-attention-prefix16', 'step_3'), '--config', arch, '--kind', 'maze', '--seq-len', '25', '--out', dir, '--name', 'maze-arch');
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /maze 5x5, attention \(rope\), D=16, 2 layers, T=3, n=2, N_sup=16, puzzle-embedding prefix 16/);
    writeFileSync(arch, readFileSync(arch, 'utf8').replace('L_cycles: 2', 'L_cycles: 6').replace('hidden_size: 16', 'hidden_size: 512'));
    const clash = trm(dir, 'import', join(FIXTURE, 'maze5-attention-prefix16', 'step_3'), '--config', arch, '--kind', 'maze', '--seq-len', '25', '--out', dir, '--name', 'maze-arch2');
    assert.equal(clash.code, 1);
    assert.match(clash.stderr, /hidden_size is 16 by the tensor shapes but 512 by the all_config.yaml/);
  });

  it('refuses a checkpoint whose pickle would run a command, naming the global; the command never runs', () => {
    for (const file of ['malicious.pt', 'malicious-protocol4.pkl']) {
      const cwd = mkdtempSync(join(tmpdir(), 'trm-pwned-'));
      try {
        // The pickle's command would leave trm-import-pwned in the working directory.
        const r = trm(cwd, 'import', join(FIXTURE, file), '--out', cwd, '--name', 'x');
        assert.equal(r.code, 1, r.stderr);
        assert.match(r.stderr, /refusing to load: the pickle asks for the Python global posix\.system/);
        assert.equal(existsSync(join(cwd, 'trm-import-pwned')), false);
        assert.equal(existsSync(join(cwd, 'x.onnx')), false);
      } finally {
        rmSync(cwd, { recursive: true, force: true });
      }
    }
  });

  it('without its config, a checkpoint imports only when the kind and sequence length are given, with the defaults named', () => {
    const bare = mkdtempSync(join(tmpdir(), 'trm-bare-'));
    try {
      copyFileSync(join(FIXTURE, 'sudoku4-attention', 'step_3'), join(bare, 'step_3'));
      const noKind = trm(bare, 'import', 'step_3', '--out', bare, '--name', 'x', '--seq-len', '16');
      assert.equal(noKind.code, 1);
      assert.match(noKind.stderr, /cannot tell the puzzle kind.*vocab_size 6 with seq_len 16 fits sudoku or maze: pass --kind/);
      const maze = trm(bare, 'import', 'step_3', '--out', bare, '--name', 'x', '--kind', 'maze');
      assert.equal(maze.code, 1);
      assert.match(maze.stderr, /the sequence length is not in the checkpoint.*--seq-len N/);
      const ok = trm(bare, 'import', 'step_3', '--out', bare, '--name', 'x', '--kind', 'sudoku', '--h-cycles', '2', '--l-cycles', '2', '--num-heads', '2');
      assert.equal(ok.code, 0, ok.stderr);
      assert.match(ok.stderr, /reference defaults were used: .*halt_max_steps=16/);
      assert.doesNotMatch(ok.stderr, /H_cycles|L_cycles|num_heads/);
      // The config the run really had says otherwise for one field: refused, not overridden.
      const clash = trm(bare, 'import', 'step_3', '--config', join(FIXTURE, 'sudoku4-attention', 'all_config.yaml'), '--out', bare, '--name', 'y', '--h-cycles', '3');
      assert.equal(clash.code, 1);
      assert.match(clash.stderr, /H_cycles is 2 by the all_config.yaml but 3 by the flag/);
    } finally {
      rmSync(bare, { recursive: true, force: true });
    }
  });
});
