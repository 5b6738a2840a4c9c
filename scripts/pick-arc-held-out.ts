/**
 * Picks the ARC tasks a base model is measured on and never trained on (server/src/trm/data/arc/held-out.ts)
 * and writes the list, before training, to the file the training run and `trm eval-arc --tasks` read.
 *   node --import tsx scripts/pick-arc-held-out.ts --max-side 12 --count 30 --seed 13 --out models/arc-heldout.json
 */
import { writeFileSync } from 'node:fs';
import { parseArgs, intOption, stringOption } from '../server/src/cli/args';
import { loadArcCollection } from '../server/src/trm/data/arc/load';
import { pickArcHeldOut } from '../server/src/trm/data/arc/held-out';
import { arcDataDir } from '../server/src/trm/train/datasets';

const args = parseArgs(process.argv.slice(2), ['max-side', 'count', 'seed', 'out', 'collection', 'exclude-ids-of'], []);
const out = stringOption(args, 'out');
if (!out) throw new Error('usage: pick-arc-held-out.ts --out FILE [--max-side 12] [--count 30] [--seed 13] [--collection arc-agi_training] [--exclude-ids-of arc-agi_evaluation]');
const dir = arcDataDir();
const collection = stringOption(args, 'collection') ?? 'arc-agi_training';
const excludedIdsOf = (stringOption(args, 'exclude-ids-of') ?? 'arc-agi_evaluation').split(',').filter((c) => c);
const excludedIds = new Set(excludedIdsOf.flatMap((c) => loadArcCollection(dir, c).map((t) => t.name)));
const list = pickArcHeldOut(
  loadArcCollection(dir, collection),
  { collection, maxSide: intOption(args, 'max-side', 12, 1, 30), count: intOption(args, 'count', 30, 1), seed: intOption(args, 'seed', 13, 0) },
  excludedIds,
  excludedIdsOf,
);
writeFileSync(out, `${JSON.stringify(list, null, 2)}\n`);
process.stdout.write(`${out}: ${list.tasks.length} held-out tasks of ${collection} (${list.rule})\n`);
