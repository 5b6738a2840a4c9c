/**
 * What the halting rule costs: runs a model for all N supervision steps on the banded held-out sets of
 * `trm eval --bands` (the same puzzles, same seed) and scores, from the one run, the answer each halting rule
 * would have given. Rules:
 *   first-halt   the paper's ACT at test time: the first step with q_halt > 0 (else the last)
 *   two-steps    the first step after the first with q_halt > 0 (at least two steps)
 *   agreeing     the product's (`haltsAt`): the first step with q_halt > 0 whose answer equals the step before's
 *   all-steps    the last step
 * A measurement for docs/experiments.md, not a test.
 *
 *   node --import tsx scripts/halt-rules.ts models/sudoku-9x9.onnx [--per-band 300] [--seed 0] [--steps 16]
 */
import { parseArgs } from 'node:util';
import { IGNORE_LABEL } from '../server/src/trm/data';
import { encodeModel } from '../server/src/trm/model/model-format';
import { loadModelFile } from '../server/src/trm/model/model-file';
import { runAct, type ActTrace } from '../server/src/trm/runtime/act';
import { createDeviceSession } from '../server/src/trm/runtime/device';
import { bandedHeldOut } from '../server/src/trm/train/band-eval';
import { isDatasetSpec } from '../server/src/trm/train/datasets';

const RULES: Record<string, (t: ActTrace) => number> = {
  'first-halt': (t) => firstStep(t, (s) => t.qHalt[s]! > 0),
  'two-steps': (t) => firstStep(t, (s) => s >= 1 && t.qHalt[s]! > 0),
  agreeing: (t) => (t.haltStep ?? t.stepAnswers.length) - 1,
  'all-steps': (t) => t.stepAnswers.length - 1,
};

function firstStep(t: ActTrace, halts: (step: number) => boolean): number {
  for (let s = 0; s < t.stepAnswers.length; s++) if (halts(s)) return s;
  return t.stepAnswers.length - 1;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { 'per-band': { type: 'string', default: '300' }, seed: { type: 'string', default: '0' }, steps: { type: 'string', default: '16' } },
  });
  const modelPath = positionals[0];
  if (!modelPath) throw new Error('usage: halt-rules.ts MODEL [--per-band N] [--seed S] [--steps N]');
  const model = await loadModelFile(modelPath);
  if (!isDatasetSpec(model.card.dataset)) throw new Error(`${modelPath}: the card records no dataset`);
  const set = bandedHeldOut(model.card.dataset, Number(values['per-band']), Number(values.seed));
  const { session } = await createDeviceSession(encodeModel(model.config, model.weights, {}), 'cpu');
  const examples = set.examples.map((t) => t.example);
  const maxSteps = Number(values.steps);
  const traces: ActTrace[] = [];
  for (let start = 0; start < examples.length; start += 64) {
    const chunk = examples.slice(start, start + 64);
    const run = await runAct(session, model.config, chunk.map((e) => ({ tokens: e.inputs, puzzleId: e.puzzleId })), { maxSteps, haltEarly: false, perCycle: false });
    // null marks a cancelled sequence, and nothing here cancels one.
    for (const trace of run) traces.push(trace!);
  }
  await session.release();

  const bands = set.bands.map((b) => b.name);
  // The first tag is the band (sudoku: band; maze: loops).
  const bandTag = set.tagNames[0]!;
  console.log(`${model.card.name}: ${examples.length} puzzles (${values['per-band']} per band, seed ${values.seed}), all ${values.steps} steps run; exact (mean steps) by halting rule\n`);
  console.log(`| rule | ${bands.join(' | ')} |`);
  console.log(`| --- |${bands.map(() => ' ---: |').join('')}`);
  for (const [rule, stepOf] of Object.entries(RULES)) {
    const cells = bands.map((band) => {
      let exact = 0;
      let steps = 0;
      let n = 0;
      set.examples.forEach((tagged, i) => {
        if (tagged.tags[bandTag] !== band) return;
        const trace = traces[i]!;
        const s = stepOf(trace);
        const answer = trace.stepAnswers[s]!;
        const labels = tagged.example.labels;
        let right = true;
        for (let c = 0; c < labels.length; c++) if (labels[c] !== IGNORE_LABEL && answer[c] !== labels[c]) right = false;
        if (right) exact++;
        steps += s + 1;
        n++;
      });
      return `${((100 * exact) / n).toFixed(1)}% (${(steps / n).toFixed(2)})`;
    });
    console.log(`| ${rule} | ${cells.join(' | ')} |`);
  }
}

main().catch((e: unknown) => {
  console.error((e as Error).message);
  process.exit(1);
});
