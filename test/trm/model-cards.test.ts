/** The shipped model cards: each records how its figures were measured, and the ARC card names its tasks by ARC id. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseModelCard } from '../../server/src/contract/model-card';
import { DEFAULT_HALT_EARLY, haltRuleText } from '../../server/src/trm/model/supervision';
import { parseTrainingBand } from '../../server/src/trm/model/training-band';
import { loadArcCollection } from '../../server/src/trm/data';
import { arcDataDir } from '../../server/src/trm/train/datasets';

const MODELS = join(__dirname, '../../models');
const cards = readdirSync(MODELS)
  .filter((f) => f.endsWith('.card.json'))
  .map((f) => ({ file: f, card: parseModelCard(JSON.parse(readFileSync(join(MODELS, f), 'utf8'))) }));

describe('shipped model cards', () => {
  it('record the step limit and halting rule their figures were measured with', () => {
    assert.ok(cards.length >= 5);
    for (const { file, card } of cards) {
      assert.equal(card.accuracy?.maxSupervisionSteps, 16, file);
      assert.equal(card.accuracy?.haltRule, haltRuleText(DEFAULT_HALT_EARLY), file);
    }
  });

  it('of the 9x9 sudoku and maze models report held-out figures per band, the command behind them and the training band', () => {
    for (const name of ['sudoku-9x9', 'maze-9x9']) {
      const { card } = cards.find((c) => c.file === `${name}.card.json`)!;
      const bands = card.bands!;
      assert.equal(bands.command, `npm run --silent trm -- eval models/${name}.onnx --bands --per-band ${bands.perBand} --seed ${bands.seed} --write-card`);
      assert.equal(bands.maxSupervisionSteps, 16);
      const byBand = bands.tables[card.kind === 'sudoku' ? 'band' : 'loops']!;
      assert.deepEqual(byBand.map((r) => r.value), bands.bands.map((b) => b.name), name);
      // Every other split regroups the same puzzles.
      for (const [tag, rows] of Object.entries(bands.tables)) {
        assert.equal(rows.reduce((s, r) => s + r.puzzles, 0), bands.perBand * bands.bands.length, `${name} by ${tag}`);
        for (const r of rows) assert.ok(r.exact >= 0 && r.exact <= 1 && r.cell >= r.exact - 1e-9, `${name} ${tag} ${r.value}`);
      }
      const band = parseTrainingBand(card.trainingBand);
      assert.equal(band?.kind, card.kind, name);
    }
  });

  it('name every ARC training task by an ARC id whose demonstrations give the recorded key', () => {
    for (const { file, card } of cards.filter((c) => c.card.kind === 'arc')) {
      assert.deepEqual(Object.keys(card.arcTasks ?? {}).sort(), Object.keys(card.puzzleIds ?? {}).sort(), file);
      let dir: string;
      try {
        dir = arcDataDir();
      } catch {
        continue; // No ARC files beside this clone: the names cannot be checked against them here.
      }
      const byId = new Map<string, string>();
      for (const id of new Set(Object.values(card.arcTasks!).map((t) => t.split('/')[0]!))) {
        for (const task of loadArcCollection(dir, id)) byId.set(`${task.collection}/${task.name}`, task.key);
      }
      for (const [key, task] of Object.entries(card.arcTasks!)) assert.equal(byId.get(task), key, `${file}: ${task}`);
    }
  });

  it('ARC cards with held-out figures were never trained on those tasks, and their plan kept them out', () => {
    for (const { file, card } of cards.filter((c) => c.card.arcHeldOut)) {
      const trained = new Set(Object.values(card.arcTasks ?? {}).map((t) => t.split('/')[1]));
      const heldOut = card.arcHeldOut!;
      assert.ok(heldOut.tasks.length > 0, file);
      for (const t of heldOut.tasks) assert.ok(!trained.has(t), `${file}: held-out ${t} is among the training tasks`);
      assert.deepEqual((card.dataset as { plan: { heldOutTasks?: string[] } }).plan.heldOutTasks, heldOut.tasks, file);
      assert.ok(heldOut.pass2 >= heldOut.pass1 && heldOut.pass2 <= heldOut.tasks.length, file);
    }
  });
});
