// The contract's one card reader, as the extension and the shipped-models scan use it: every shipped card reads,
// and every way a card file can be wrong is one ModelCardError naming the file (never a hang on a FIFO).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { ModelCardError, cardPathFor, modelPathForCard, readModelCardFile } from '../../../server/src/contract/model-card';

const MODELS = resolve(import.meta.dirname, '..', '..', '..', 'models');
const dir = mkdtempSync(join(tmpdir(), 'contract-card-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const refused = (path: string, message: RegExp) =>
  assert.throws(() => readModelCardFile(path), (e: unknown) => e instanceof ModelCardError && message.test(e.message) && e.message.includes(path));

describe('the contract model card', () => {
  it('names the card of a model and the model of a card, both ways', () => {
    assert.equal(cardPathFor('/m/sudoku-9x9.onnx'), '/m/sudoku-9x9.card.json');
    assert.equal(cardPathFor('/m/Model.ONNX'), '/m/Model.card.json');
    assert.equal(modelPathForCard('/m/sudoku-9x9.card.json'), '/m/sudoku-9x9.onnx');
    assert.equal(modelPathForCard('/m/sudoku-9x9.json'), undefined);
  });

  it('reads every shipped card, without the copy of the config the old cards carry', () => {
    const cards = readdirSync(MODELS).filter((f) => f.endsWith('.card.json'));
    assert.ok(cards.length >= 5);
    for (const file of cards) {
      const card = readModelCardFile(join(MODELS, file));
      assert.ok(['sudoku', 'maze', 'arc'].includes(card.kind), file);
      assert.equal('config' in card, false, file);
    }
  });

  it('refuses a missing card, a FIFO, bad JSON and a card without a kind, naming the file', () => {
    refused(join(dir, 'none.card.json'), /not found/);
    const fifo = join(dir, 'fifo.card.json');
    execFileSync('mkfifo', [fifo]);
    refused(fifo, /not a regular file/);
    const bad = join(dir, 'bad.card.json');
    writeFileSync(bad, '{ "format": ');
    refused(bad, /not valid JSON/);
    const kindless = join(dir, 'kindless.card.json');
    const shipped = JSON.parse(readFileSync(join(MODELS, 'sudoku-4x4.card.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(kindless, JSON.stringify({ ...shipped, kind: 'chess' }));
    refused(kindless, /missing or mistypes: kind \(one of sudoku, maze, arc\)/);
    const badIds = join(dir, 'bad-ids.card.json');
    writeFileSync(badIds, JSON.stringify({ ...shipped, puzzleIds: { task: 'seven' } }));
    refused(badIds, /missing or mistypes: puzzleIds/);
  });
});
