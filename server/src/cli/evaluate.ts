/**
 * `trm eval MODEL [DATA...]`: cell accuracy, exact accuracy and mean supervision steps of a model. Without
 * DATA, on the held-out set the model card records (rebuilt from its seed); with DATA, on puzzle files or
 * folders of them (labels from the exact solver, or the test outputs of ARC tasks), or on a dataset folder
 * in the reference TinyRecursiveModels .npy layout.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { exactAnswer } from '../solving/exact-answers';
import type { Example } from '../trm/data';
import { loadReferenceSplit, referenceSource } from '../trm/data';
import { loadModelFile } from '../trm/model/model-file';
import { heldOutExamples, isDatasetSpec } from '../trm/train/datasets';
import { evaluateWeights, type ExampleResult } from '../trm/train/evaluate';
import { bandedHeldOut, bandTables } from '../trm/train/band-eval';
import { trainingBandOfData } from '../trm/train/training-band-of-data';
import { writeCardFields } from '../trm/model/card-fields';
import type { BandFigures } from '../contract/model-card';
import { choiceOption, intOption, parseArgs, stringOption } from './args';
import { CliError, readPuzzleFile, type PuzzleFile } from './io';
import type { ArcDocument } from '../puzzles/arc/parse';
import type { TokenGrid } from '../puzzles/types';
import { arcVocabulary } from '../puzzles/vocabulary';
import { DEFAULT_HALT_EARLY, DEFAULT_MAX_SUPERVISION_STEPS, haltRuleText } from '../trm/model/supervision';
import { DEVICE_PREFERENCES } from '../trm/runtime/device-names';

export const EVAL_USAGE = `usage: trm eval MODEL [DATA...] [options]
  DATA            puzzle files or folders of them, or a reference .npy dataset folder;
                  default: the held-out set recorded in the model card
  --steps N       most supervision steps (default ${DEFAULT_MAX_SUPERVISION_STEPS}, as in the editor and trm solve)
  --all-steps     run every step instead of stopping when the model halts (q_halt > 0 on an answer
                  that repeats the step before)
  --limit N       evaluate at most N puzzles
  --device D      auto, cuda, webgpu or cpu (default cpu)
  --bands         instead of DATA: fresh held-out puzzles per difficulty band (9x9 sudoku: easy, medium,
                  hard, search, minimal; maze: 0, 1-3, 4-8 extra openings at the model's side), none
                  equal to one of the model's dataset, figures split by band and by what each puzzle needs
  --per-band N    puzzles per band (default 200)
  --seed N        seed of the banded sets (default 0)
  --write-card    with --bands: write the figures, this command and the model's training band into its card
  --held-out-of M instead of DATA: the held-out set of model M's card (to compare a new model with M)`;

function puzzleFiles(path: string): string[] {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(`${path}: ${code === 'ENOENT' ? 'not found' : code === 'EACCES' ? 'permission denied' : (e as Error).message}`, 1);
  }
  if (!isDirectory) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((f) => (/\.(sudoku|maze|json)$/.test(f) ? puzzleFiles(join(path, f)) : []));
}

function exactTokens(file: PuzzleFile, instance: number): TokenGrid | undefined {
  const exact = exactAnswer(file, instance);
  return exact.ok ? exact.tokens : undefined;
}

/** The test pair's own "output" (any shape), as tokens: ARC's only known answer. */
function arcTestOutput(doc: ArcDocument, testIndex: number): TokenGrid | undefined {
  return doc.test[testIndex]?.output?.values?.map((row) => row.map((c) => arcVocabulary.colourToken(c)));
}

/** Puzzles found in the files but left out, counted by reason, so no figure leaves a puzzle out quietly. */
type Skipped = Map<string, number>;

function examplesFromFiles(paths: string[], model: Awaited<ReturnType<typeof loadModelFile>>, err: (t: string) => void, skipped: Skipped): Example[] {
  const { card } = model;
  const examples: Example[] = [];
  const skip = (reason: string, message: string): void => {
    skipped.set(reason, (skipped.get(reason) ?? 0) + 1);
    err(message);
  };
  for (const path of paths.flatMap(puzzleFiles)) {
    let file;
    try {
      file = readPuzzleFile(path);
    } catch (e) {
      skip('unreadable file', `skipped ${path}: ${(e as Error).message}`);
      continue;
    }
    if (file.kind !== card.kind) {
      skip(`not a ${card.kind}`, `skipped ${path}: a ${file.kind}, the model solves ${card.kind}`);
      continue;
    }
    for (const instance of file.language.instances(file.parsed)) {
      const input = file.language.toModelInput(instance, card.canvas);
      if (!(input instanceof Int32Array)) {
        skip('does not fit the model', `skipped ${path} (${instance.label}): ${input.error}`);
        continue;
      }
      const answer = file.kind === 'arc' ? arcTestOutput(file.parsed as ArcDocument, instance.index) : exactTokens(file, instance.index);
      if (!answer) {
        skip('no known answer', `skipped ${path} (${instance.label}): no known answer (${file.kind === 'arc' ? 'the test pair has no "output"' : 'the exact solver finds no unique solution'})`);
        continue;
      }
      // The answer goes onto the canvas exactly like an input would.
      const labels = file.language.toModelInput({ ...instance, input: answer, rows: answer.length, cols: answer[0]?.length ?? 0 }, card.canvas);
      if (!(labels instanceof Int32Array)) {
        skip('answer does not fit the canvas', `skipped ${path} (${instance.label}): its answer does not fit the model's canvas: ${labels.error}`);
        continue;
      }
      const puzzleId = instance.taskKey !== undefined ? (card.puzzleIds?.[instance.taskKey] ?? 0) : 0;
      examples.push({ inputs: input, labels, puzzleId });
    }
  }
  return examples;
}

export async function evalCommand(argv: string[], io: { out: (t: string) => void; err: (t: string) => void }): Promise<number> {
  const args = parseArgs(argv, ['steps', 'limit', 'device', 'per-band', 'seed', 'held-out-of'], ['all-steps', 'bands', 'write-card']);
  const [modelPath, ...data] = args.positional;
  if (!modelPath) throw new CliError(EVAL_USAGE);
  let model;
  try {
    model = await loadModelFile(modelPath);
  } catch (e) {
    throw new CliError((e as Error).message, 1);
  }
  if (args.options.has('bands')) {
    if (data.length > 0) throw new CliError('--bands generates its own puzzles: give no DATA with it');
    return await evalByBands(modelPath, model, args, io);
  }
  let examples: readonly Example[];
  let what: string;
  const skipped: Skipped = new Map();
  const heldOutOf = stringOption(args, 'held-out-of');
  if (heldOutOf !== undefined) {
    if (data.length > 0) throw new CliError('--held-out-of names the data: give no DATA with it');
    let other;
    try {
      other = await loadModelFile(heldOutOf);
    } catch (e) {
      throw new CliError((e as Error).message, 1);
    }
    if (!isDatasetSpec(other.card.dataset)) throw new CliError(`${heldOutOf}: its model card records no dataset`, 1);
    examples = heldOutExamples(other.card.dataset);
    what = `the held-out set of ${heldOutOf} (${other.card.data})`;
  } else if (data.length === 0) {
    if (!isDatasetSpec(model.card.dataset)) throw new CliError(`${modelPath}: the model card records no dataset; give puzzle files or a dataset folder to evaluate on`, 1);
    examples = heldOutExamples(model.card.dataset);
    what = `the held-out set of ${model.card.data}`;
  } else if (data.length === 1 && existsSync(join(data[0]!, 'test', 'dataset.json'))) {
    const source = referenceSource({ train: loadReferenceSplit(data[0]!, 'test'), test: loadReferenceSplit(data[0]!, 'test'), seed: 0, name: data[0]! });
    examples = source.evalSet();
    what = `the test split of ${data[0]}`;
  } else {
    examples = examplesFromFiles(data, model, io.err, skipped);
    what = `${examples.length} puzzles from ${data.join(', ')}`;
  }
  const skippedCount = [...skipped.values()].reduce((a, b) => a + b, 0);
  const skippedText = skippedCount === 0 ? 'none' : `${skippedCount} (${[...skipped].map(([reason, n]) => `${reason}: ${n}`).join('; ')}), not in the figures`;
  if (examples.length === 0) throw new CliError(`no puzzles to evaluate on (skipped: ${skippedText})`, 1);
  const limit = intOption(args, 'limit', examples.length, 1);
  const maxSteps = intOption(args, 'steps', DEFAULT_MAX_SUPERVISION_STEPS, 1, 64);
  const haltEarly = args.options.has('all-steps') ? false : DEFAULT_HALT_EARLY;
  const accuracy = await evaluateWeights(model.config, model.weights, examples.slice(0, limit), {
    maxSteps,
    haltEarly,
    device: choiceOption(args, 'device', DEVICE_PREFERENCES, 'cpu'),
  });
  const measured = model.card.accuracy;
  const cardRule =
    measured?.maxSupervisionSteps !== undefined && measured.haltRule !== undefined
      ? `at most ${measured.maxSupervisionSteps} steps, ${measured.haltRule}`
      : 'not recorded (the card predates these fields)';
  io.out(`${model.card.name} on ${what}:\n`);
  io.out(
    `cell accuracy ${(accuracy.cell * 100).toFixed(2)}%\nexact accuracy ${(accuracy.exact * 100).toFixed(2)}%\nmean supervision steps ${accuracy.meanSteps.toFixed(2)}\n` +
      `puzzles ${accuracy.puzzles}${accuracy.puzzles < examples.length ? ` (the first ${accuracy.puzzles} of ${examples.length}: --limit)` : ''}\n` +
      `skipped ${skippedText}\n` +
      `supervision: at most ${maxSteps} steps, ${haltRuleText(haltEarly)}\n` +
      (measured ? `the card's figures were measured with: ${cardRule}\n` : ''),
  );
  return 0;
}

async function evalByBands(
  modelPath: string,
  model: Awaited<ReturnType<typeof loadModelFile>>,
  args: ReturnType<typeof parseArgs>,
  io: { out: (t: string) => void; err: (t: string) => void },
): Promise<number> {
  if (!isDatasetSpec(model.card.dataset)) throw new CliError(`${modelPath}: the model card records no dataset, so the bands cannot be kept apart from its training data`, 1);
  const perBand = intOption(args, 'per-band', 200, 1, 100000);
  const seed = intOption(args, 'seed', 0, 0);
  const maxSteps = intOption(args, 'steps', DEFAULT_MAX_SUPERVISION_STEPS, 1, 64);
  const haltEarly = args.options.has('all-steps') ? false : DEFAULT_HALT_EARLY;
  let set;
  try {
    set = bandedHeldOut(model.card.dataset, perBand, seed);
  } catch (e) {
    throw new CliError((e as Error).message, 1);
  }
  const results: ExampleResult[] = [];
  await evaluateWeights(
    model.config,
    model.weights,
    set.examples.map((t) => t.example),
    { maxSteps, haltEarly, device: choiceOption(args, 'device', DEVICE_PREFERENCES, 'cpu'), onExample: (i, r) => (results[i] = r) },
  );
  io.out(`${model.card.name} by difficulty band: ${perBand} puzzles per band, seed ${seed}; ${set.dropped} candidates equal to one of the model's dataset dropped\n`);
  io.out(`supervision: at most ${maxSteps} steps, ${haltRuleText(haltEarly)}\n`);
  for (const band of set.bands) io.out(`  ${band.name}: ${band.description}\n`);
  const tables = bandTables(set, results);
  for (const [tag, rows] of Object.entries(tables)) {
    io.out(`\n| ${tag} | puzzles | exact | cell | mean steps |\n| --- | ---: | ---: | ---: | ---: |\n`);
    for (const r of rows) io.out(`| ${r.value} | ${r.puzzles} | ${(r.exact * 100).toFixed(1)}% | ${(r.cell * 100).toFixed(2)}% | ${r.supervisionSteps.toFixed(2)} |\n`);
  }
  if (args.options.has('write-card')) {
    const band = trainingBandOfData(model.card.dataset);
    const figures: BandFigures = {
      command: `npm run --silent trm -- eval ${modelPath} --bands --per-band ${perBand} --seed ${seed} --write-card`,
      measured: new Date().toISOString(),
      perBand,
      seed,
      maxSupervisionSteps: maxSteps,
      haltRule: haltRuleText(haltEarly),
      dropped: set.dropped,
      bands: set.bands,
      tables,
    };
    writeCardFields(model.cardPath, { trainingBand: band, bands: figures });
    io.out(`\nwrote the figures and the training band (${band.description}) into ${model.cardPath}\n`);
  }
  return 0;
}
