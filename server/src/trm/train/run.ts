/**
 * One training run, as `trm train` and the "TRM: Train Model" task start it: build the dataset and the
 * training session, run the deep-supervision loop with ACT (each batch slot carries its puzzle and its
 * y/z from step to step; a slot whose sequence halts — q_halt > 0 after the exploration minimum, or
 * N_sup steps — gets a fresh puzzle), evaluate on the held-out set at intervals, checkpoint atomically,
 * and at the end export the served model and its card with the measured held-out accuracy.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { removeStaleTempFiles } from '../../util/atomic-file';
import { DEFAULT_MAX_SUPERVISION_STEPS, haltRuleText } from '../model/supervision';
import type { PuzzleKind } from '../../puzzles/types';
import { trmConfig, trmDims, type TrmConfig } from '../model/config';
import type { Batch, DatasetSource, Example, TrainingProgress } from '../data';
import { datasetSummary } from '../data';
import { loadModelFile, saveModel } from '../model/model-file';
import type { TrmWeights } from '../model/parameters';
import { parameterCount, parameterSpecs } from '../model/parameters';
import { cardPathFor, type ModelCard } from '../../contract/model-card';
import { Rng } from '../../puzzles/common/random';
import type { DevicePreference } from '../runtime/device';
import type { OptimizerName } from './adamw';
import { TrainingSession, type Carry, type StepResult, type TrainingState } from './session';
import { PUZZLE_EMBEDDING } from './step-graph';
import { checkpointBytesBound, readCheckpoint, writeCheckpoint, CheckpointError, type Blob, type BlobType } from './checkpoint';
import { makeOutputFolder } from '../../util/output-folder';
import { buildDataset, type DatasetSpec } from './datasets';
import { evaluateWeights, type Accuracy } from './evaluate';
import { learningRate, presetFor, type DataPlan, type PresetName, type TrainPlan } from './presets';
import { ProgressWindow, type ProgressSnapshot, type StepFigures } from './progress';
import { vocabularyNames } from '../model/vocabulary-names';
import { deviceName } from '../runtime/device-names';

export interface TrainOptions {
  kind: PuzzleKind;
  preset: PresetName;
  size?: number;
  steps?: number;
  batchSize?: number;
  lr?: number;
  optimizer?: OptimizerName;
  /**
   * Keep an EMA of the weights with this decay (the reference's ema_rate; 0 keeps none): evaluation and the
   * exported model use the EMA. Default the preset's (tiny: none, small 0.995, paper 0.999).
   */
  emaDecay?: number;
  seed?: number;
  out: string;
  /** Base name of the files in `out`: NAME.onnx, NAME.card.json, NAME.ckpt. */
  name?: string;
  resume?: boolean;
  device?: DevicePreference;
  intraOpThreads?: number;
  /** Held-out puzzles evaluated during training (the final evaluation uses the whole held-out set). */
  evalLimit?: number;
  /**
   * Held-out evaluation halts early (true, `haltsAt`) or runs all N_sup steps (false); default the
   * preset's (paper: all steps, as the reference evaluates). Not part of the run: it may change on --resume.
   */
  evalHaltEarly?: boolean;
  /** The command line, for the card. */
  command?: string;
  /**
   * A model file whose weights start the run instead of the seeded initialisation (a warm start, e.g. a
   * shipped model fine-tuned on harder data). Its config must be the run's; its SHA-256 joins the run spec,
   * so `--resume` continues only a run that started from the same file.
   */
  initFrom?: string;
  /**
   * End the run at this step (of the `steps` schedule, whose learning rate it keeps) and export the model as
   * if the run were done: for a run that cannot finish in the time at hand. Not part of the run spec, so it
   * can be given on `--resume`; the card says the run stopped early.
   */
  stopAt?: number;
  /** Changes to the preset beyond the options above (tests use them for very small runs). */
  overrides?: { model?: Partial<TrmConfig>; train?: Partial<TrainPlan>; data?: Partial<DataPlan> };
}

/** What fixes a run: resuming checks the checkpoint was made by the same. */
export interface RunSpec {
  kind: PuzzleKind;
  preset: PresetName;
  size: number;
  seed: number;
  config: TrmConfig;
  train: TrainPlan;
  dataset: DatasetSpec;
  /** Present when the run started from a model file's weights (TrainOptions.initFrom). */
  init?: { model: string; sha256: string };
}

export interface TrainEvents {
  progress(snapshot: ProgressSnapshot): void;
  log(message: string): void;
  /** Polled after every step: true stops the run after writing a checkpoint. */
  stopRequested(): boolean;
}

export interface TrainResult {
  status: 'finished' | 'interrupted';
  step: number;
  modelPath?: string;
  cardPath?: string;
  accuracy?: Accuracy;
  checkpointPath: string;
}

export function runSpec(options: TrainOptions): RunSpec {
  const preset = presetFor(options.kind, options.preset);
  const size = options.size ?? preset.defaultSize;
  const seed = options.seed ?? 0;
  const train: TrainPlan = {
    ...preset.train,
    ...(options.steps !== undefined ? { steps: options.steps } : {}),
    ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}),
    ...(options.lr !== undefined ? { lr: options.lr } : {}),
    ...(options.emaDecay !== undefined ? { emaDecay: options.emaDecay } : {}),
    ...options.overrides?.train,
  };
  if (train.emaDecay === 0) delete train.emaDecay;
  const optimizer = options.optimizer ?? train.optimizer;
  if (optimizer === 'adam-atan2') train.optimizer = optimizer;
  else delete train.optimizer;
  const vocabSize = vocabularyNames(options.kind, size).length;
  const dataset: DatasetSpec = { kind: options.kind, size, seed, plan: { ...preset.data, ...options.overrides?.data } as DataPlan };
  const source = options.kind === 'arc' ? buildDataset(dataset).source : undefined;
  const model = { ...preset.model, ...options.overrides?.model };
  const config = trmConfig({
    seqLen: size * size,
    vocabSize,
    ...model,
    // Sudoku and maze have the one blank identifier (0), as the reference's builders write them.
    numPuzzleIdentifiers: source ? source.description.numPuzzleIdentifiers : (model.puzzleEmbLen ?? 0) > 0 ? 1 : 0,
    haltMaxSteps: options.overrides?.model?.haltMaxSteps ?? preset.model.haltMaxSteps ?? 16,
  });
  if (config.puzzleEmbLen === 0) delete train.puzzleEmbSignSgd;
  return { kind: options.kind, preset: options.preset, size, seed, config, train, dataset };
}

/** The batch slots: which puzzle each works on and for how many supervision steps so far. */
export interface Slots {
  batch: Batch;
  steps: Int32Array;
}

function fillSlot(slots: Slots, row: number, example: Example, seqLen: number): void {
  slots.batch.inputs.set(example.inputs, row * seqLen);
  slots.batch.labels.set(example.labels, row * seqLen);
  slots.batch.puzzleIds[row] = example.puzzleId;
  slots.steps[row] = 0;
}

function refill(slots: Slots, carry: Carry, source: DatasetSource, seqLen: number, progress: TrainingProgress): void {
  const rows = [...carry.reset.keys()].filter((r) => carry.reset[r] === 1);
  if (rows.length === 0) return;
  const fresh = source.next(rows.length, progress);
  rows.forEach((row, i) => {
    fillSlot(
      slots,
      row,
      {
        inputs: fresh.inputs.subarray(i * seqLen, (i + 1) * seqLen),
        labels: fresh.labels.subarray(i * seqLen, (i + 1) * seqLen),
        puzzleId: fresh.puzzleIds[i]!,
      },
      seqLen,
    );
  });
}

/** The reference's halting rule in training, with exploration: returns the new reset flags. */
export function haltAndFigures(result: StepResult, slots: Slots, plan: Pick<TrainPlan, 'haltExploration'>, haltMax: number, rng: Rng, seconds: number): { reset: Uint8Array; figures: StepFigures } {
  const B = slots.steps.length;
  const reset = new Uint8Array(B);
  const halted: StepFigures['halted'] = [];
  for (let i = 0; i < B; i++) {
    const steps = ++slots.steps[i]!;
    let halt = steps >= haltMax;
    if (haltMax > 1) {
      halt ||= result.qHalt[i]! > 0;
      const minHalt = rng.uniform() < plan.haltExploration ? 2 + rng.int(haltMax - 1) : 0;
      halt &&= steps >= minHalt;
    }
    if (!halt) continue;
    reset[i] = 1;
    const valid = result.validCells[i]!;
    if (valid === 0) continue;
    const exact = result.exact[i] === 1;
    halted.push({ cellAccuracy: result.correctCells[i]! / valid, exact, steps, qHaltRight: result.qHalt[i]! > 0 === exact });
  }
  return { reset, figures: { loss: result.loss, lmLoss: result.lmLoss, qHaltLoss: result.qHaltLoss, halted, seconds } };
}

function checkpointBlobs(state: TrainingState, carry: Carry, slots: Slots): Map<string, Float32Array | Int32Array | Uint8Array> {
  const blobs = new Map<string, Float32Array | Int32Array | Uint8Array>();
  for (const [name, v] of state.params) blobs.set(`param/${name}`, v);
  for (const [name, v] of state.adamM) blobs.set(`adam_m/${name}`, v);
  for (const [name, v] of state.adamV) blobs.set(`adam_v/${name}`, v);
  for (const [name, v] of state.ema ?? []) blobs.set(`ema/${name}`, v);
  blobs.set('carry/y', carry.y);
  blobs.set('carry/z', carry.z);
  blobs.set('carry/reset', carry.reset);
  blobs.set('slots/inputs', slots.batch.inputs);
  blobs.set('slots/labels', slots.batch.labels);
  blobs.set('slots/puzzle_ids', slots.batch.puzzleIds);
  blobs.set('slots/steps', slots.steps);
  return blobs;
}

function group(blobs: Map<string, Float32Array | Int32Array | Uint8Array>, prefix: string): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  for (const [name, v] of blobs) if (name.startsWith(prefix)) out.set(name.slice(prefix.length), v as Float32Array);
  return out;
}

interface CheckpointMeta {
  format: 'trm-puzzles/checkpoint/1';
  spec: RunSpec;
  step: number;
  dataPosition: number;
  elapsedSeconds: number;
}

/** The arrays a checkpoint of this run holds: names, types and lengths (what checkpointBlobs writes). */
function checkpointLayout(config: TrmConfig, plan: TrainPlan): Map<string, { type: BlobType; length: number }> {
  const layout = new Map<string, { type: BlobType; length: number }>();
  const specs = parameterSpecs(config);
  const length = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
  for (const { name, shape } of specs) layout.set(`param/${name}`, { type: 'f32', length: length(shape) });
  // Moments and EMA exist for the parameters AdamW trains only (not the fixed initial states, nor a puzzle
  // embedding trained by SignSGD).
  const adamw = specs.filter((s) => s.trainable && !(plan.puzzleEmbSignSgd && s.name === PUZZLE_EMBEDDING));
  for (const group of ['adam_m/', 'adam_v/', ...(plan.emaDecay !== undefined ? ['ema/'] : [])]) {
    for (const { name, shape } of adamw) layout.set(`${group}${name}`, { type: 'f32', length: length(shape) });
  }
  const B = plan.batchSize;
  const state = B * trmDims(config).totalLen * config.hiddenSize;
  layout.set('carry/y', { type: 'f32', length: state });
  layout.set('carry/z', { type: 'f32', length: state });
  layout.set('carry/reset', { type: 'u8', length: B });
  layout.set('slots/inputs', { type: 'i32', length: B * config.seqLen });
  layout.set('slots/labels', { type: 'i32', length: B * config.seqLen });
  layout.set('slots/puzzle_ids', { type: 'i32', length: B });
  layout.set('slots/steps', { type: 'i32', length: B });
  return layout;
}

/** A verified checkpoint can still be one this version did not write: check every field it will use. */
function checkResumable(path: string, meta: unknown, blobs: ReadonlyMap<string, Blob>, spec: RunSpec): CheckpointMeta {
  const m = meta as Partial<Record<keyof CheckpointMeta, unknown>> | null;
  if (typeof m !== 'object' || m === null || Array.isArray(m)) throw new CheckpointError(`${path} has no run description (its meta is ${JSON.stringify(meta)})`);
  if (m.format !== 'trm-puzzles/checkpoint/1') throw new CheckpointError(`${path}: unknown checkpoint format ${JSON.stringify(m.format)}`);
  if (JSON.stringify(m.spec) !== JSON.stringify(spec)) {
    throw new CheckpointError(
      `${path} belongs to another run (kind, preset, size, seed, steps, batch, lr and model must match); start a new run with another --out or --name`,
    );
  }
  const integer = (v: unknown, max: number) => Number.isSafeInteger(v) && (v as number) >= 0 && (v as number) <= max;
  if (!integer(m.step, spec.train.steps)) throw new CheckpointError(`${path}: step ${JSON.stringify(m.step)} is not a step of this ${spec.train.steps}-step run`);
  if (!integer(m.dataPosition, Number.MAX_SAFE_INTEGER)) throw new CheckpointError(`${path}: data position ${JSON.stringify(m.dataPosition)} is not a count of puzzles`);
  if (typeof m.elapsedSeconds !== 'number' || !Number.isFinite(m.elapsedSeconds) || m.elapsedSeconds < 0) {
    throw new CheckpointError(`${path}: elapsed time ${JSON.stringify(m.elapsedSeconds)} is not a number of seconds`);
  }
  for (const [name, { type, length }] of checkpointLayout(spec.config, spec.train)) {
    const blob = blobs.get(name);
    if (!blob) throw new CheckpointError(`${path} lacks the array ${name}`);
    const actual = blob instanceof Float32Array ? 'f32' : blob instanceof Int32Array ? 'i32' : 'u8';
    if (actual !== type || blob.length !== length) throw new CheckpointError(`${path}: array ${name} is ${actual}[${blob.length}], this run needs ${type}[${length}]`);
  }
  return m as CheckpointMeta;
}

export async function train(options: TrainOptions, events: TrainEvents): Promise<TrainResult> {
  const start = options.initFrom !== undefined ? await initialWeights(options.initFrom, runSpec(options).config) : undefined;
  const spec: RunSpec = { ...runSpec(options), ...(start && { init: start.init }) };
  const { config, train: plan } = spec;
  const name = options.name ?? 'model';
  makeOutputFolder(options.out);
  const checkpointPath = join(options.out, `${name}.ckpt`);
  const modelPath = join(options.out, `${name}.onnx`);
  // A run killed while writing leaves temporaries of these files: remove them now.
  for (const path of [checkpointPath, modelPath, cardPathFor(modelPath)]) {
    for (const removed of await removeStaleTempFiles(path)) events.log(`removed ${removed}, left by an interrupted write`);
  }

  const built = buildDataset(spec.dataset);
  const source = built.source;
  const evalSet = source.evalSet();
  events.log(`data: ${datasetSummary(source.description)}`);

  let resumed: { meta: CheckpointMeta; blobs: Map<string, Float32Array | Int32Array | Uint8Array> } | undefined;
  if (options.resume) {
    if (!existsSync(checkpointPath)) {
      events.log(`no checkpoint at ${checkpointPath}: starting a new run`);
    } else {
      const read = await readCheckpoint(checkpointPath, checkpointBytesBound(checkpointLayout(config, plan)));
      resumed = { meta: checkResumable(checkpointPath, read.meta, read.blobs, spec), blobs: read.blobs };
    }
  }

  const params = resumed ? group(resumed.blobs, 'param/') : start?.weights;
  if (start && !resumed) events.log(`starting from the weights of ${start.init.model} (sha256 ${start.init.sha256.slice(0, 12)}…)`);
  const session = await TrainingSession.create(config, {
    batchSize: plan.batchSize,
    crossEntropy: plan.crossEntropy,
    adamw: { weightDecay: plan.weightDecay, variant: plan.optimizer ?? 'adamw' },
    ...(plan.puzzleEmbSignSgd ? { puzzleEmbSignSgd: { weightDecay: plan.puzzleEmbSignSgd.weightDecay } } : {}),
    ...(plan.emaDecay !== undefined ? { emaDecay: plan.emaDecay } : {}),
    device: options.device ?? 'auto',
    ...(options.intraOpThreads !== undefined ? { intraOpThreads: options.intraOpThreads } : {}),
    seed: spec.seed,
    ...(params ? { weights: params } : {}),
  });
  if (session.fallbackReason) events.log(`training on the CPU: ${session.fallbackReason}`);
  events.log(
    `model: ${config.mixer} TRM, D=${config.hiddenSize}, T=${config.hCycles}, n=${config.lCycles}, N_sup=${config.haltMaxSteps}, ` +
      `${(parameterCount(config) / 1e6).toFixed(2)}M parameters, batch ${plan.batchSize}, ${plan.steps} steps on ${deviceName(session.device)}${session.fallbackReason ? ` (${session.fallbackReason})` : ''}`,
  );

  const S = config.seqLen;
  const B = plan.batchSize;
  const slots: Slots = {
    batch: { size: B, seqLen: S, inputs: new Int32Array(B * S), labels: new Int32Array(B * S), puzzleIds: new Int32Array(B) },
    steps: new Int32Array(B),
  };
  let carry = session.initialCarry();
  let step = 0;
  let elapsed = 0;
  if (resumed) {
    const state: TrainingState = {
      step: resumed.meta.step,
      params: group(resumed.blobs, 'param/'),
      adamM: group(resumed.blobs, 'adam_m/'),
      adamV: group(resumed.blobs, 'adam_v/'),
      ...(plan.emaDecay !== undefined ? { ema: group(resumed.blobs, 'ema/') } : {}),
    };
    session.restore(state);
    carry = {
      y: resumed.blobs.get('carry/y') as Float32Array,
      z: resumed.blobs.get('carry/z') as Float32Array,
      reset: resumed.blobs.get('carry/reset') as Uint8Array,
    };
    slots.batch.inputs.set(resumed.blobs.get('slots/inputs') as Int32Array);
    slots.batch.labels.set(resumed.blobs.get('slots/labels') as Int32Array);
    slots.batch.puzzleIds.set(resumed.blobs.get('slots/puzzle_ids') as Int32Array);
    slots.steps.set(resumed.blobs.get('slots/steps') as Int32Array);
    source.seek(resumed.meta.dataPosition);
    step = resumed.meta.step;
    elapsed = resumed.meta.elapsedSeconds;
    events.log(`resumed from ${checkpointPath} at step ${step}`);
  }

  const saveCheckpoint = async () => {
    const meta: CheckpointMeta = { format: 'trm-puzzles/checkpoint/1', spec, step, dataPosition: source.position, elapsedSeconds: elapsed };
    await writeCheckpoint(checkpointPath, meta, checkpointBlobs(session.state(), carry, slots));
  };
  const weightsForEval = () => session.weights(plan.emaDecay !== undefined ? 'ema' : 'current');
  const evalOptions = evaluationOptions(options, config);
  const window = new ProgressWindow();
  const stateSize = trmDims(config).totalLen * config.hiddenSize;

  try {
    // A signal that came while the data and the session were being built stops the run before any step.
    const end = Math.min(plan.steps, options.stopAt ?? plan.steps);
    if (events.stopRequested() && step < end) {
      if (!resumed) await saveCheckpoint();
      events.log(`interrupted at step ${step}; checkpoint ${resumed ? 'kept at' : 'written to'} ${checkpointPath} — continue with --resume`);
      return { status: 'interrupted', step, checkpointPath };
    }
    while (step < end) {
      refill(slots, carry, source, S, { step, steps: plan.steps });
      const lr = learningRate(plan, step + 1);
      const puzzleEmbLr = plan.puzzleEmbSignSgd ? learningRate({ ...plan, lr: plan.puzzleEmbSignSgd.lr }, step + 1) : undefined;
      const started = performance.now();
      const result = await session.step(slots.batch, carry, lr, puzzleEmbLr);
      step++;
      const seconds = (performance.now() - started) / 1000;
      elapsed += seconds;
      const { reset, figures } = haltAndFigures(result, slots, plan, config.haltMaxSteps, new Rng(spec.seed, `halt-exploration/${step}`), seconds);
      carry = { y: result.carry.y, z: result.carry.z, reset };
      if (carry.y.length !== B * stateSize) throw new Error('the training step returned a carry of the wrong size');
      window.add(figures);
      events.progress(window.snapshot(step, plan.steps, lr));

      const last = step === end;
      if (!last && step % plan.evalEvery === 0) {
        const limit = options.evalLimit ?? 256;
        const acc = await evaluateWeights(config, weightsForEval(), evalSet.slice(0, limit), evalOptions);
        events.log(`eval @ step ${step}: ${describeAccuracy(acc)} (first ${Math.min(limit, evalSet.length)} held-out puzzles)`);
        window.reset();
      }
      if (last || step % plan.checkpointEvery === 0 || events.stopRequested()) await saveCheckpoint();
      if (!last && events.stopRequested()) {
        events.log(`interrupted at step ${step}; checkpoint written to ${checkpointPath} — continue with --resume`);
        return { status: 'interrupted', step, checkpointPath };
      }
    }

    const accuracy = await evaluateWeights(config, weightsForEval(), evalSet, evalOptions);
    events.log(`final held-out accuracy: ${describeAccuracy(accuracy)}`);
    const card: Omit<ModelCard, 'format' | 'config' | 'parameterCount' | 'created'> = {
      name: `${spec.kind}-${spec.size}x${spec.size}-${spec.preset}`,
      kind: spec.kind,
      canvas: { rows: spec.size, cols: spec.size },
      vocabulary: vocabularyNames(spec.kind, spec.size),
      data: datasetSummary(source.description),
      dataset: spec.dataset,
      ...(built.puzzleIds ? { puzzleIds: built.puzzleIds } : {}),
      ...(built.arcTasks ? { arcTasks: built.arcTasks } : {}),
      training: {
        description: trainingDescription(spec, evalOptions, step),
        ...(options.command ? { command: options.command } : {}),
        steps: step,
        batchSize: plan.batchSize,
        seed: spec.seed,
        durationSeconds: Math.round(elapsed),
        device: session.device,
      },
      accuracy: {
        dataset: `${source.description.name} held-out set (${source.description.eval.source})`,
        puzzles: accuracy.puzzles,
        exact: accuracy.exact,
        cell: accuracy.cell,
        supervisionSteps: accuracy.meanSteps,
        maxSupervisionSteps: evalOptions.maxSteps,
        haltRule: haltRuleText(evalOptions.haltEarly),
        command: `npm run --silent trm -- eval ${modelPath}`,
        measured: new Date().toISOString(),
      },
    };
    await saveModel(modelPath, config, weightsForEval(), card);
    return { status: 'finished', step, modelPath, cardPath: cardPathFor(modelPath), accuracy, checkpointPath };
  } finally {
    await session.release();
  }
}

/**
 * The held-out evaluation of a run: the preset's halting rule unless the options say otherwise; all steps
 * means N_sup (the reference's halt_max_steps), halting early the editor's default limit and rule.
 */
export function evaluationOptions(options: Pick<TrainOptions, 'kind' | 'preset' | 'evalHaltEarly'>, config: TrmConfig): { maxSteps: number; haltEarly: boolean; device: 'cpu' } {
  const haltEarly = options.evalHaltEarly ?? presetFor(options.kind, options.preset).evalHaltEarly;
  return { maxSteps: haltEarly ? DEFAULT_MAX_SUPERVISION_STEPS : config.haltMaxSteps, haltEarly, device: 'cpu' };
}

/** The card's sentence for how a run trained and is measured: every choice that differs between presets. */
export function trainingDescription(spec: RunSpec, evaluation: { maxSteps: number; haltEarly: boolean }, stepsDone = spec.train.steps): string {
  const { train: plan, config } = spec;
  const parts = [
    `${plan.crossEntropy} cross-entropy`,
    `${plan.optimizer === 'adam-atan2' ? 'Adam-atan2' : 'AdamW'} lr ${plan.lr} (warm-up ${plan.warmupSteps} steps, lr_min_ratio ${plan.minLrRatio}), weight decay ${plan.weightDecay}`,
    config.puzzleEmbLen === 0
      ? 'no puzzle embedding'
      : `puzzle-embedding prefix ${config.puzzleEmbLen} x ${config.puzzleEmbNdim} wide, ${config.numPuzzleIdentifiers} row${config.numPuzzleIdentifiers === 1 ? '' : 's'}, ` +
        (plan.puzzleEmbSignSgd
          ? `trained by sparse SignSGD lr ${plan.puzzleEmbSignSgd.lr}, weight decay ${plan.puzzleEmbSignSgd.weightDecay}`
          : 'trained by the main optimiser over the whole table'),
    plan.emaDecay !== undefined ? `EMA ${plan.emaDecay}` : 'no EMA',
    `halt exploration ${plan.haltExploration}`,
    `held-out accuracy ${evaluation.haltEarly ? `halting early, at most ${evaluation.maxSteps} steps` : `over all ${evaluation.maxSteps} supervision steps`}`,
  ];
  const length = stepsDone < plan.steps ? `${stepsDone} steps (stopped early, of a ${plan.steps}-step schedule)` : `${plan.steps} steps`;
  const start = spec.init ? `, starting from ${spec.init.model} (sha256 ${spec.init.sha256})` : '';
  return `${length} of the ${spec.preset} preset${start} (${parts.join('; ')})`;
}

/** The weights of a model file to start from, refused unless the file's config is the run's. */
async function initialWeights(path: string, config: TrmConfig): Promise<{ weights: TrmWeights; init: { model: string; sha256: string } }> {
  const loaded = await loadModelFile(path);
  const differ = (Object.keys(config) as Array<keyof TrmConfig>).filter((k) => JSON.stringify(loaded.config[k]) !== JSON.stringify(config[k]));
  if (differ.length) {
    throw new Error(`cannot start from ${path}: its ${differ.map((k) => `${k} is ${JSON.stringify(loaded.config[k])}`).join(', ')} where this run has ${differ.map((k) => JSON.stringify(config[k])).join(', ')}`);
  }
  return { weights: loaded.weights, init: { model: path, sha256: createHash('sha256').update(loaded.bytes).digest('hex') } };
}

export function describeAccuracy(a: Accuracy): string {
  return `${(a.exact * 100).toFixed(1)}% exact, ${(a.cell * 100).toFixed(1)}% of cells, ${a.meanSteps.toFixed(2)} supervision steps on average, ${a.puzzles} puzzles`;
}

