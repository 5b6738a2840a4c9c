/**
 * The reference ARC evaluation: on the fixture, `trm eval-arc` gives the submission (both attempts of every
 * test input, after mapping back and voting) and pass@K that the official evaluators/arc.py gave for the
 * official model (arc-evaluation.json); on made-up answers, the voting and pass@K follow the reference's rules
 * (computed here by hand).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evalArcCommand } from '../../../server/src/cli/eval-arc';
import { cropArc, evaluateArc, inverseAugmentation } from '../../../server/src/trm/import/arc-evaluation';
import { importReferenceCheckpoint } from '../../../server/src/trm/import/import-checkpoint';
import { FIXTURE } from './fixture';

describe('the reference ARC evaluation', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'trm-eval-arc-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('trm eval-arc on an imported official model: the official evaluator\'s submission and pass@K', async () => {
    const data = join(FIXTURE, 'arc1concept-aug-fixture');
    const { modelPath } = await importReferenceCheckpoint({ checkpoint: join(FIXTURE, 'arc30-attention-prefix16', 'step_3'), dataDir: data, out: dir, name: 'arc' });
    let said = '';
    const submission = join(dir, 'submission.json');
    await evalArcCommand([modelPath, '--data', data, '--device', 'cpu', '--submission', submission], { out: (t) => (said += t), err: () => undefined });
    const official = JSON.parse(readFileSync(join(FIXTURE, 'arc-evaluation.json'), 'utf8')) as { results: Record<string, number>; submission: unknown; steps: number };
    assert.match(said, new RegExp(`3 augmented test inputs, ${official.steps} supervision steps each`));
    assert.deepEqual(JSON.parse(readFileSync(submission, 'utf8')), official.submission);
    for (const [name, value] of Object.entries(official.results)) {
      assert.match(said, new RegExp(`${name.replace('/', '\\/')}: ${(value * 100).toFixed(2)}%`));
    }
  });

  // One task "T" with one test pair; id 1 is T itself, id 2 is T rotated (numpy rot90, k=1) with colours 1 and 2 swapped.
  const side = 4;
  const input = [[1, 0], [0, 0]];
  const output = [[1, 1], [0, 3]];
  const wrong = [[3]];
  /** numpy's rot90 k=1 (counter-clockwise), written out. */
  const rot90 = (g: number[][]): number[][] => g[0]!.map((_, j) => g.map((row) => row[row.length - 1 - j]!));
  const swap12 = (g: number[][]): number[][] => g.map((row) => row.map((c) => (c === 1 ? 2 : c === 2 ? 1 : c)));
  const encode = (g: number[][]): number[] => {
    const seq = new Array<number>(side * side).fill(0);
    g.forEach((row, r) => row.forEach((c, k) => (seq[r * side + k] = c + 2)));
    for (let k = 0; k < g[0]!.length; k++) if (g.length < side) seq[g.length * side + k] = 1;
    for (let r = 0; r < g.length; r++) if (g[0]!.length < side) seq[r * side + g[0]!.length] = 1;
    return seq;
  };
  const identifiers = ['<blank>', 'T', 'T|||t1|||0213456789'];
  const tasks = { T: { test: [{ input, output }] } };
  const aug = (g: number[][]): number[][] => rot90(swap12(g));

  it('maps augmented answers back and votes: the answer given most often is attempt 1', () => {
    assert.deepEqual(inverseAugmentation('T|||t1|||0213456789').restore(aug(output)), output);
    assert.deepEqual(cropArc(encode(output), side), output);
    const result = evaluateArc(
      [
        { puzzleId: 1, input: encode(input), answer: encode(wrong), qHalt: 5 },
        { puzzleId: 2, input: encode(aug(input)), answer: encode(aug(output)), qHalt: -5 },
        { puzzleId: 1, input: encode(input), answer: encode(output), qHalt: -5 },
        { puzzleId: 0, input: encode(input), answer: encode(wrong), qHalt: 9 }, // blank rows pad batches: ignored
      ],
      identifiers,
      tasks,
      side,
    );
    assert.deepEqual(result.submission['T'], [{ attempt_1: output, attempt_2: wrong }]);
    assert.equal(result.passAt[1], 1);
    assert.equal(result.passAt[2], 1);
  });

  it('breaks a tie in votes by the mean halting confidence; a right second attempt counts for pass@2 only', () => {
    const result = evaluateArc(
      [
        { puzzleId: 1, input: encode(input), answer: encode(output), qHalt: -2 },
        { puzzleId: 2, input: encode(aug(input)), answer: encode(aug(wrong)), qHalt: 3 },
      ],
      identifiers,
      tasks,
      side,
    );
    assert.deepEqual(result.submission['T'], [{ attempt_1: wrong, attempt_2: output }]);
    assert.equal(result.passAt[1], 0);
    assert.equal(result.passAt[2], 1);
  });

  it('a task with no answers scores 0 and gets no submission entry', () => {
    const result = evaluateArc([], identifiers, tasks, side);
    assert.deepEqual(result.submission['T'], []);
    assert.equal(result.passAt[1], 0);
    assert.equal(result.unanswered, 1);
  });
});
