/**
 * Re-measures shipped models on the held-out set their card records, with the shared step limit and halting
 * rule (server/src/trm/model/supervision.ts), and writes the figures, the limit and the rule into each card; for
 * ARC cards it also names the training tasks by their ARC ids; a card with per-band figures gets them re-measured
 * by the command it records (`trm eval MODEL --bands --per-band N --seed S --write-card`). The same figures
 * `trm eval MODEL` prints.
 *   node --import tsx scripts/remeasure-cards.ts models/sudoku-9x9.onnx ...
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cardPathFor } from '../server/src/contract/model-card';
import { loadModelFile } from '../server/src/trm/model/model-file';
import { DEFAULT_HALT_EARLY, DEFAULT_MAX_SUPERVISION_STEPS, haltRuleText } from '../server/src/trm/model/supervision';
import { buildDataset, isDatasetSpec } from '../server/src/trm/train/datasets';
import { evaluateWeights } from '../server/src/trm/train/evaluate';
import { evalCommand } from '../server/src/cli/evaluate';

async function main(): Promise<void> {
  for (const modelPath of process.argv.slice(2)) {
    const model = await loadModelFile(modelPath);
    if (!isDatasetSpec(model.card.dataset)) throw new Error(`${modelPath}: the card records no dataset`);
    const built = buildDataset(model.card.dataset);
    const examples = built.source.evalSet();
    const accuracy = await evaluateWeights(model.config, model.weights, examples, { maxSteps: DEFAULT_MAX_SUPERVISION_STEPS, haltEarly: DEFAULT_HALT_EARLY, device: 'cpu' });
    const cardPath = cardPathFor(modelPath);
    const card = JSON.parse(readFileSync(cardPath, 'utf8')) as Record<string, unknown>;
    const old = card['accuracy'] as Record<string, unknown>;
    card['accuracy'] = {
      ...old,
      puzzles: accuracy.puzzles,
      exact: accuracy.exact,
      cell: accuracy.cell,
      supervisionSteps: accuracy.meanSteps,
      maxSupervisionSteps: DEFAULT_MAX_SUPERVISION_STEPS,
      haltRule: haltRuleText(DEFAULT_HALT_EARLY),
      measured: new Date().toISOString(),
    };
    if (built.arcTasks) {
      // Only the tasks whose keys the card already maps to puzzle ids: the same data, named.
      const ids = (card['puzzleIds'] ?? {}) as Record<string, number>;
      card['arcTasks'] = Object.fromEntries(Object.keys(ids).map((key) => [key, built.arcTasks![key] ?? 'unknown']));
    }
    writeFileSync(cardPath, `${JSON.stringify(card, null, 2)}\n`);
    if (card['bands'] !== undefined) {
      // The per-band figures: re-run the command the card records (same puzzles per band, same seed).
      const bands = card['bands'] as { perBand: number; seed: number };
      await evalCommand([modelPath, '--bands', '--per-band', String(bands.perBand), '--seed', String(bands.seed), '--write-card'], { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) });
    }
    console.log(`${modelPath}: exact ${(accuracy.exact * 100).toFixed(2)}%, cells ${(accuracy.cell * 100).toFixed(2)}%, ${accuracy.meanSteps.toFixed(2)} steps on ${accuracy.puzzles}`);
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
