/**
 * `trm export-dataset` writes the reference layout; read back through the reference reader
 * (server/src/trm/data/reference/), every array agrees with the metadata, every example is a real puzzle
 * with its answer (checked by rules written here, not by the generators), and the splits are disjoint.
 * (scripts/reference/check-exported-dataset.py checks the same files with the official loader.)
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportDatasetCommand } from '../../../server/src/cli/export-dataset';
import { loadReferenceSplit, type LoadedSplit } from '../../../server/src/trm/data/reference/load';
import { readNpy } from '../../../server/src/trm/data/reference/npy';
import { encodeNpyInt32 } from '../../../server/src/trm/data/reference/write';
import { arcDataDir } from '../../../server/src/trm/train/datasets';

function rowsOf(split: LoadedSplit): { inputs: Int32Array[]; labels: Int32Array[] } {
  const set = split.sets.get('all')!;
  const read = (src: typeof set.inputs): Int32Array[] =>
    Array.from({ length: src.rows }, (_, r) => {
      const out = new Int32Array(src.rowLength);
      src.read(r, out);
      return out;
    });
  return { inputs: read(set.inputs), labels: read(set.labels) };
}

/** A solved N x N sudoku (tokens digit + 1) that keeps the givens of `input` (blank token 1). */
function isSolvedSudoku(input: Int32Array, label: Int32Array, n: number): boolean {
  const [br, bc] = n === 6 ? [2, 3] : [Math.sqrt(n), Math.sqrt(n)];
  const units: number[][] = [];
  for (let i = 0; i < n; i++) {
    units.push(Array.from({ length: n }, (_, j) => i * n + j), Array.from({ length: n }, (_, j) => j * n + i));
    const r0 = Math.floor(i / (n / bc)) * br;
    const c0 = (i % (n / bc)) * bc;
    units.push(Array.from({ length: n }, (_, j) => (r0 + Math.floor(j / bc)) * n + c0 + (j % bc)));
  }
  const digits = (cells: number[]) => cells.map((c) => label[c]! - 1).sort((a, b) => a - b).join(',');
  const all = Array.from({ length: n }, (_, d) => d + 1).join(',');
  return units.every((u) => digits(u) === all) && input.every((t, i) => t === 1 || t === label[i]);
}

describe('trm export-dataset', () => {
  it('sudoku 4x4 with augmentations: the reference layout, read back; every puzzle solved by its labels', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trm-export-'));
    try {
      let said = '';
      exportDatasetCommand(['--kind', 'sudoku', '--size', '4', '--train', '40', '--test', '12', '--aug', '3', '--out', dir], { out: (t) => (said += t) });
      assert.match(said, /train 40 groups \(160 puzzles\), test 12 puzzles/);
      assert.deepEqual(JSON.parse(readFileSync(join(dir, 'identifiers.json'), 'utf8')), ['<blank>']);
      const train = loadReferenceSplit(dir, 'train');
      const test = loadReferenceSplit(dir, 'test');
      try {
        for (const [split, puzzles, groups] of [[train, 160, 40], [test, 12, 12]] as const) {
          assert.deepEqual(
            { ...split.metadata },
            { pad_id: 0, ignore_label_id: 0, blank_identifier_id: 0, vocab_size: 6, seq_len: 16, num_puzzle_identifiers: 1, total_groups: groups, mean_puzzle_examples: 1, total_puzzles: puzzles, sets: ['all'] },
          );
          const set = split.sets.get('all')!;
          assert.deepEqual([...set.groupIndices], Array.from({ length: groups + 1 }, (_, g) => (g * puzzles) / groups));
          assert.deepEqual([...set.puzzleIndices], Array.from({ length: puzzles + 1 }, (_, p) => p));
          assert.ok(set.puzzleIdentifiers.every((id) => id === 0));
          const { inputs, labels } = rowsOf(split);
          inputs.forEach((inp, i) => assert.ok(isSolvedSudoku(inp, labels[i]!, 4), `example ${i}`));
        }
        // Each group holds its puzzle and 3 augmented copies with the same number of givens.
        const { inputs } = rowsOf(train);
        for (let g = 0; g < 40; g++) {
          const givens = inputs.slice(4 * g, 4 * g + 4).map((r) => r.filter((t) => t !== 1).length);
          assert.ok(givens.every((x) => x === givens[0]), `group ${g}`);
        }
        const key = (r: Int32Array) => r.join(',');
        const trainKeys = new Set(inputs.map(key));
        assert.ok(rowsOf(test).inputs.every((r) => !trainKeys.has(key(r))), 'no test puzzle is a training puzzle');
      } finally {
        train.close();
        test.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('maze 9x9: labels mark a path from S to G through open cells only', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trm-export-'));
    try {
      exportDatasetCommand(['--kind', 'maze', '--size', '9', '--train', '12', '--test', '4', '--aug', '2', '--out', dir], { out: () => undefined });
      for (const name of ['train', 'test']) {
        const split = loadReferenceSplit(dir, name);
        try {
          assert.equal(split.metadata.seq_len, 81);
          assert.equal(split.metadata.vocab_size, 6);
          const { inputs, labels } = rowsOf(split);
          inputs.forEach((inp, i) => {
            const lab = labels[i]!;
            // Same maze; 'o' (5) only on open cells (2); S (3) and G (4) once each.
            assert.ok(inp.every((t, c) => (lab[c] === 5 ? t === 2 : lab[c] === t)), `${name} ${i}`);
            assert.equal(inp.filter((t) => t === 3).length, 1);
            assert.equal(inp.filter((t) => t === 4).length, 1);
            // The marked cells with S and G form one connected chain (BFS over them reaches G from S).
            const onPath = (c: number) => lab[c] === 5 || lab[c] === 3 || lab[c] === 4;
            const seen = new Set([inp.indexOf(3)]);
            const queue = [inp.indexOf(3)];
            while (queue.length) {
              const c = queue.shift()!;
              for (const d of [c - 9, c + 9, c % 9 ? c - 1 : -1, c % 9 < 8 ? c + 1 : -1]) {
                if (d >= 0 && d < 81 && !seen.has(d) && onPath(d)) (seen.add(d), queue.push(d));
              }
            }
            assert.ok(seen.has(inp.indexOf(4)), `${name} ${i}: the path does not reach G`);
          });
        } finally {
          split.close();
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('.npy arrays round-trip through the reader, with NumPy\'s 64-byte header alignment', () => {
    for (const shape of [[0], [1], [7], [3, 5], [2, 81]]) {
      const n = shape.reduce((a, b) => a * b, 1);
      const data = Int32Array.from({ length: n }, (_, i) => (i * 2654435761) | 0);
      const bytes = encodeNpyInt32(data, shape);
      const back = readNpy(bytes);
      assert.deepEqual(back.header.shape, shape);
      assert.equal(back.header.dataOffset % 64, 0);
      assert.deepEqual([...back.data], [...data]);
    }
  });

  it('ARC: one group per task, one puzzle id per augmentation named as the reference does, the grids of its pairs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trm-export-'));
    try {
      exportDatasetCommand(
        ['--kind', 'arc', '--collections', 'arc-agi_training', '--test-collections', 'arc-agi_training', '--max-side', '6', '--count', '8', '--aug', '2', '--size', '10', '--out', dir],
        { out: () => undefined },
      );
      const identifiers = JSON.parse(readFileSync(join(dir, 'identifiers.json'), 'utf8')) as string[];
      assert.equal(identifiers.length, 1 + 8 * 3);
      assert.equal(identifiers[0], '<blank>');
      // The tasks as the ARC files hold them, read here directly.
      const arcDir = arcDataDir();
      const challenges = JSON.parse(readFileSync(join(arcDir, 'arc-agi_training_challenges.json'), 'utf8')) as Record<string, { train: { input: number[][]; output: number[][] }[]; test: { input: number[][] }[] }>;
      const solutions = JSON.parse(readFileSync(join(arcDir, 'arc-agi_training_solutions.json'), 'utf8')) as Record<string, number[][][]>;
      /** Colour counts of a grid after the identifier's colour map (dihedral moves do not change them). */
      const histogram = (cells: number[]): string => {
        const h = new Array<number>(10).fill(0);
        for (const c of cells) h[c]!++;
        return h.join(',');
      };
      for (const [name, pairsOf] of [
        ['train', (t: string) => challenges[t]!.train],
        ['test', (t: string) => challenges[t]!.test.map((p, i) => ({ input: p.input, output: solutions[t]![i]! }))],
      ] as const) {
        const split = loadReferenceSplit(dir, name);
        try {
          assert.equal(split.metadata.vocab_size, 12);
          assert.equal(split.metadata.seq_len, 100);
          assert.equal(split.metadata.num_puzzle_identifiers, 25);
          const set = split.sets.get('all')!;
          const { inputs, labels } = rowsOf(split);
          assert.equal(set.groupIndices.length - 1, 8);
          for (let g = 0; g < 8; g++) {
            const puzzles = Array.from({ length: set.groupIndices[g + 1]! - set.groupIndices[g]! }, (_, i) => set.groupIndices[g]! + i);
            assert.equal(puzzles.length, 3);
            const names = puzzles.map((p) => identifiers[set.puzzleIdentifiers[p]!]!);
            const task = names[0]!;
            assert.ok(challenges[task], `${task} is an ARC training task`);
            assert.ok(names.slice(1).every((n) => new RegExp(`^${task}\\|\\|\\|t[0-7]\\|\\|\\|0[1-9]{9}$`).test(n)), names.join(' '));
            for (const [k, p] of puzzles.entries()) {
              const colours = k === 0 ? [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] : [...names[k]!.split('|||')[2]!].map(Number);
              const pairs = pairsOf(task);
              const rows = Array.from({ length: set.puzzleIndices[p + 1]! - set.puzzleIndices[p]! }, (_, i) => set.puzzleIndices[p]! + i);
              assert.equal(rows.length, pairs.length);
              rows.forEach((row, i) => {
                for (const [seq, grid] of [[inputs[row]!, pairs[i]!.input], [labels[row]!, pairs[i]!.output]] as const) {
                  const got = histogram([...seq].filter((t) => t >= 2).map((t) => t - 2));
                  assert.equal(got, histogram(grid.flat().map((c) => colours[c]!)), `${names[k]} ${name} pair ${i}`);
                }
              });
              // At least one example of each puzzle sits at the top left (the reference translates the others).
              assert.ok(rows.some((row) => inputs[row]![0]! >= 2), `${names[k]}: every example translated`);
            }
          }
        } finally {
          split.close();
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses bad sizes and unknown ARC collections with a message', () => {
    assert.throws(() => exportDatasetCommand(['--kind', 'arc', '--collections', 'nope', '--out', tmpdir()], { out: () => undefined }), /unknown ARC collection nope/);
    assert.throws(() => exportDatasetCommand(['--kind', 'sudoku', '--size', '5', '--out', tmpdir()], { out: () => undefined }), /4, 6 or 9/);
  });
});
